import ArgumentParser
import Compare
import Facts
import Foundation
import Probes

/// `ipsec-doctor compare A B`: both ends of the tunnels at once.
struct CompareCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Compare two gateways' snapshots (`-` = this host) and name the items on which they disagree.",
        discussion: """
        Pairs each tunnel of A with its counterpart in B (addresses, identities, names) and checks, item \
        by item: IKE version and mode, authentication, the identity sent against the one expected, the \
        IKE and ESP proposals (each daemon's default set where a side leaves them unset), traffic \
        selectors per subnet pair, PFS group, DPD, encapsulation, MOBIKE; then the SAs: an outbound \
        SPI the peer has no inbound SA for (stale), counters out at one end against in at the other. \
        Pre-shared keys are compared only through `collect --psk-fingerprint` (same KEYFILE on both). \
        The single most likely difference comes first, with both sides' lines and the fix on the \
        side that is wrong; the diagnosis catalogue is then ranked with each side's facts plus what \
        the other side showed. Exit 0 healthy, 1 problem, 2 inconclusive (no tunnel pairs), \
        64 usage, 65 unreadable snapshot.
        """)

    @Argument(help: ArgumentHelp("Snapshot of the first gateway (a folder made by `collect`), or `-` for this host.", valueName: "A"))
    var first: String
    @Argument(help: ArgumentHelp("Snapshot of the second gateway, or `-` for this host.", valueName: "B"))
    var second: String

    /// Compare's own formats: diagnose's monitoring formats describe one host's verdict.
    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Option(help: "Report format: text (for people) or json (for programs).")
    var format: Format = .text

    @Flag(help: "Also list minor differences and more of the catalogue.")
    var verbose = false

    @Option(help: ArgumentHelp("Overall deadline for live probes (`-`), in seconds.", valueName: "SECONDS"))
    var deadline: Double = 20

    @OptionGroup var data: DataOptions

    func validate() throws {
        if first == "-" && second == "-" { throw ValidationError("A and B cannot both be `-` (this host)") }
        try DeadlineOption.validate(deadline)
    }

    func run() async throws {
        let base = try data.loadRuleBase()
        if first != "-", second != "-", Self.samePath(first, second) {
            throw DoctorError.usage("A and B are the same snapshot (\(first))", hint: "give each end's own snapshot: compare needs both gateways of a tunnel")
        }
        var a = try await load(first), b = try await load(second)
        // Two folders of the same name (gw1/snap, gw2/snap) without a manifest's host name:
        // name each by the path that tells them apart, so the report says which end is which.
        if a.name == b.name, first != "-", second != "-" {
            (a.name, b.name) = Self.distinctNames(first, second)
        }
        let comparison = Comparison.run(a, b, base: base)
        switch format {
        case .json: Output.printDocument(CompareReport.json(comparison).serialized(pretty: true) + "\n")
        case .text: Output.print(CompareReport.text(comparison, verbose: verbose))
        }
        throw ExitCode(comparison.verdict.exitCode)
    }

    static func samePath(_ x: String, _ y: String) -> Bool {
        let rx = URL(fileURLWithPath: x).resolvingSymlinksInPath().standardizedFileURL.path
        let ry = URL(fileURLWithPath: y).resolvingSymlinksInPath().standardizedFileURL.path
        return rx == ry
    }

    /// The shortest trailing paths that differ: `gw1/snap` and `gw2/snap`.
    static func distinctNames(_ x: String, _ y: String) -> (String, String) {
        let px = URL(fileURLWithPath: x).standardizedFileURL.pathComponents.filter { $0 != "/" }
        let py = URL(fileURLWithPath: y).standardizedFileURL.pathComponents.filter { $0 != "/" }
        for n in 1...max(1, max(px.count, py.count)) {
            let tx = px.suffix(n).joined(separator: "/"), ty = py.suffix(n).joined(separator: "/")
            if tx != ty { return (tx, ty) }
        }
        return ("A", "B")
    }

    func load(_ arg: String) async throws -> Gateway {
        // An unreadable snapshot is a DoctorError (65), reported by IPsecDoctor.main.
        if arg == "-" { return try await SnapshotAdapter.liveGateway(deadline: deadline) }
        return try SnapshotAdapter.gateway(snapshot: arg)
    }
}
