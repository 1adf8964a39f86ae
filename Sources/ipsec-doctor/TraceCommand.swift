import ArgumentParser
import Facts
import Foundation
import Parsers
import Probes
import Trace

/// `ipsec-doctor trace SRC DST`: follows one packet through routing, netfilter, the SPD and the
/// SAD, on this host (read-only probes) or a snapshot. Exit 0 encrypted, 1 not (clear, dropped,
/// rewritten, waiting for an SA), 2 the outputs do not tell, 64 usage, 65 bad input.
struct TraceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Follow one packet through routing, the packet filter, the SPD and SAD; exit 0 when it would be encrypted.",
        discussion: """
        Each step names the output line it used. The verdict names a diagnosis (`ipsec-doctor explain ID`). \
        A packet whose SRC is an address of the host is traced as sent by it (OUTPUT); any other, or one \
        given --in, as forwarded (PREROUTING, FORWARD). Conntrack state is assumed NEW (a fresh packet) \
        unless --ct-state says otherwise.
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(help: "Source address of the packet.") var src: String
    @Argument(help: "Destination address of the packet.") var dst: String
    @Option(help: "Protocol: icmp (default), tcp, udp, or a name/number.") var proto: String = "icmp"
    @Option(help: "Source port (tcp/udp).") var sport: Int?
    @Option(help: "Destination port (tcp/udp).") var dport: Int?
    @Option(name: .customLong("in"), help: ArgumentHelp("The interface the packet arrives on (a forwarded packet).", valueName: "IFACE"))
    var inIface: String?
    @Option(help: "Firewall mark the packet carries (decimal or 0x hex), for marked/VTI policies.") var mark: String?
    @Option(help: "Size of the IP packet in bytes (default: as large as the route allows).") var size: Int?
    @Option(name: .customLong("ct-state"), help: "Conntrack state for netfilter matches (default NEW).") var ctState: String = "NEW"
    @Option(help: ArgumentHelp("Read a snapshot (made by `collect`, or a folder of saved outputs, or one packed by tar) instead of probing.", valueName: "DIR"))
    var snapshot: String?
    @Option(name: .customLong("peer-snapshot"), help: ArgumentHelp("The peer gateway's snapshot: continue there and follow the reply back.", valueName: "DIR"))
    var peerSnapshot: String?
    @Option(help: "Output format: text or json.") var format: Format = .text
    @Option(help: ArgumentHelp("Deadline for live probes, in seconds.", valueName: "SECONDS")) var deadline: Double = 15

    func validate() throws {
        guard let s = CIDR(src), s.prefix == s.bitCount else { throw ValidationError("SRC '\(src)' is not an IPv4 or IPv6 address") }
        guard let d = CIDR(dst), d.prefix == d.bitCount else { throw ValidationError("DST '\(dst)' is not an IPv4 or IPv6 address") }
        if s.isIPv6 != d.isIPv6 { throw ValidationError("SRC and DST must be of the same family") }
        for (name, port) in [("--sport", sport), ("--dport", dport)] {
            if let port, !(0...65535).contains(port) { throw ValidationError("\(name) \(port) is not a port number (0-65535)") }
        }
        guard Protocols.isKnown(proto) else {
            throw ValidationError("--proto '\(proto)' is not an IP protocol: give a name (icmp, tcp, udp, sctp, gre, esp, ...) or a number 0-255")
        }
        if (sport != nil || dport != nil), !["tcp", "udp", "sctp"].contains(Protocols.name(proto)) {
            throw ValidationError("--sport/--dport need --proto tcp, udp or sctp")
        }
        if let i = inIface, i.isEmpty || i.count > 15 || i.contains(where: { $0 == "/" || $0 == " " || !$0.isASCII }) {
            throw ValidationError("--in '\(i)' is not an interface name")
        }
        if let mark, parsedMark(mark) == nil { throw ValidationError("--mark '\(mark)' is not a 32-bit number") }
        if let size, !(28...65535).contains(size) { throw ValidationError("--size \(size) is not an IP packet size (28-65535)") }
        if deadline <= 0 { throw ValidationError("--deadline must be positive") }
    }

    func parsedMark(_ s: String) -> UInt32? { s.lowercased().hasPrefix("0x") ? UInt32(s.dropFirst(2), radix: 16) : UInt32(s) }

    func run() async throws {
        var packet = TracePacket(src: CIDR(src)!, dst: CIDR(dst)!, proto: Protocols.name(proto), sport: sport, dport: dport, inIface: inIface,
                                 mark: mark.flatMap(parsedMark) ?? 0, size: size, ctState: ctState.uppercased())
        if packet.isIPv6, packet.proto == "icmp" { packet.proto = "ipv6-icmp" }
        let home: HostModel
        var peer: HostModel?
        var notRun: [String] = []
        // A bad snapshot throws DoctorError (65), reported by IPsecDoctor.main like every error.
        if let snapshot { home = try TraceInputs.snapshot(snapshot) } else {
            let (h, statuses) = await LiveTrace.gather(deadline: deadline)
            home = h
            // Probes that could not run (not root, tool missing) limit what trace can see: say so.
            notRun = statuses.filter { $0.state != .ok }.map { "\($0.name) (\($0.reason ?? $0.state.rawValue))" }
        }
        if let peerSnapshot { peer = try TraceInputs.snapshot(peerSnapshot) }
        var result = TraceSession.run(home: home, peer: peer, packet: packet)
        if snapshot == nil, home.has("ip-route") {
            // The kernel's own route, right after trace's routing steps.
            let check = await LiveTrace.kernelRoute(packet, traced: result.outDev, deadline: min(deadline, 5))
            let at = (result.steps.lastIndex { $0.stage == .routing }).map { $0 + 1 } ?? result.steps.count
            result.steps.insert(check, at: at)
        }
        if !notRun.isEmpty {
            result.steps.insert(TraceStep(.input, "not read on this host: " + notRun.joined(separator: ", ")), at: 0)
        }
        switch format {
        case .json: Output.printDocument(TraceReport.json(result).serialized(pretty: true) + "\n")
        case .text: Output.print(TraceReport.text(result))
        }
        throw ExitCode(result.exitCode)
    }
}
