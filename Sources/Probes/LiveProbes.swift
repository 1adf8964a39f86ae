import Facts
import Foundation
import Parsers

/// Runs the read-only probes on this host (ProbeCatalog, ProbeRunner) and parses their output.
public enum LiveProbes {
    public static func gather(deadline seconds: Double, extraLogs: [String] = []) async -> Gathered {
        let host = HostInfo.current()
        let outputs = await run(deadline: seconds, extraLogs: extraLogs, host: host)
        return Gathered(outputs: outputs, host: host)
    }

    /// The raw outputs, for `collect` (which saves them) and `gather` (which parses them).
    public static func run(deadline seconds: Double, extraLogs: [String] = [], host: HostInfo = .current()) async -> [ProbeOutput] {
        let specs = ProbeCatalog.specs(for: host.os, extraLogs: extraLogs)
        var outputs = await ProbeRunner(deadline: seconds, host: host).run(specs)
        for i in outputs.indices { outputs[i].source = parseSource(of: outputs[i]) }
        // /etc/ipsec.conf is also strongSwan's (starter/stroke) file, installed with it on Debian:
        // read it as Libreswan's only where Libreswan runs. It is still saved by `collect`.
        if !runsLibreswan(outputs) {
            for i in outputs.indices where outputs[i].source == "libreswan-conf" {
                outputs[i].source = nil
                if outputs[i].state == .ok { outputs[i].reason = "not parsed: Libreswan is not running here" }
            }
        }
        return outputs
    }

    /// `ipsec --version` said Libreswan (its status probes ran), or pluto is running.
    static func runsLibreswan(_ outputs: [ProbeOutput]) -> Bool {
        if outputs.contains(where: { $0.name.hasPrefix("libreswan-") && $0.state == .ok }) { return true }
        guard let ps = outputs.first(where: { $0.name == "processes" })?.text else { return false }
        return ps.split(separator: "\n").contains { line in
            line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.map { $0 == "pluto" || $0.hasSuffix("/pluto") } ?? false
        }
    }

    /// The parser an output goes to: the spec's, or for a log the one content detection
    /// (LogSniffer) recognises, falling back to the spec's (a dedicated charon.log is a charon log
    /// even before its first IKE line). nil when no registered parser reads it (it is still saved
    /// by `collect`).
    static func parseSource(of o: ProbeOutput) -> String? {
        var source = o.source
        if o.kind == .log {
            guard let text = o.text, !text.isEmpty else { return nil }
            source = LogSniffer.source(of: text) ?? o.source
        }
        guard let s = source, ParserRegistry.parser(named: s) != nil else { return nil }
        return s
    }
}

extension Gathered {
    /// Parses live outputs exactly as SnapshotReader parses their saved copies.
    public init(outputs: [ProbeOutput], host: HostInfo) {
        self.init(os: host.os)
        self.isRoot = host.isRoot
        for o in outputs {
            statuses.append(o.status)
            guard let text = o.text, let source = o.source else { continue }
            try? add(text: text, source: source, origin: o.name, kind: o.provenanceKind)
        }
    }
}
