import ArgumentParser
import Fleet
import Facts
import Foundation

/// `ipsec-doctor fleet DIR`: every gateway's snapshot in DIR, paired by their peers.
struct FleetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleet",
        abstract: "Read many gateways' snapshots (one folder each), diagnose each and compare each pair of peers.",
        discussion: """
        DIR holds one snapshot folder per gateway (as `collect` writes them, or as the Ansible \
        playbook in ansible/ fetches them). Gateways are paired through their tunnels' peer \
        addresses and identities; each gateway is diagnosed alone and each pair compared. The \
        HTML report is one self-contained page (inline CSS and SVG) with a map of gateways and \
        tunnels coloured by state, each tunnel linking to its findings. \
        Exit 0 all healthy, 1 any problem, 2 nothing conclusive, 64 usage, 65 unreadable DIR.
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, html }

    @Argument(help: ArgumentHelp("Folder with one snapshot folder per gateway.", valueName: "DIR"))
    var dir: String

    @Option(help: "Report format: text, json, or html (one self-contained page).")
    var format: Format = .text

    @Option(help: ArgumentHelp("Write the report to FILE instead of standard output.", valueName: "FILE"))
    var output: String?

    @OptionGroup var data: DataOptions

    func run() async throws {
        let base = try data.loadRuleBase()
        let report = try FleetRun.run(dir: dir, base: base)   // DoctorError 65 when DIR is unusable
        for w in report.unreadable { Output.error("\(w.folder): skipped, \(w.reason)") }
        let text: String
        switch format {
        case .text: text = FleetText.render(report)
        case .json: text = FleetJSON.render(report).serialized(pretty: true) + "\n"
        case .html: text = FleetHTML.render(report)
        }
        if let output {
            do { try text.write(toFile: output, atomically: true, encoding: .utf8) } catch {
                throw DoctorError(.io, "cannot write (\(error.localizedDescription))", subject: output)
            }
        } else if format == .json {
            Output.printDocument(text)
        } else {
            Output.print(text)
        }
        throw ExitCode(report.verdict.exitCode)
    }
}
