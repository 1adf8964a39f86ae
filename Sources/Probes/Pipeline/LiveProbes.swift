import Facts
import Foundation
import Parsers

/// Runs the read-only probes on this host (ProbeCatalog, ProbeRunner) and chooses the parser of
/// each output.
public enum LiveProbes {
    /// The raw outputs, for EvidencePipeline: `collect` saves them, `gather` parses them.
    public static func run(deadline seconds: Double, extraLogs: [String] = [], host: HostInfo = .current()) async -> [ProbeOutput] {
        let specs = ProbeCatalog.specs(for: host.os, extraLogs: extraLogs)
        var outputs = await ProbeRunner(deadline: seconds, host: host).run(specs).map(withParseSource)
        let ok = outputs.filter { $0.state == .ok }.map(\.name)
        let ps = outputs.first(where: { $0.source == "processes" })?.text
        // Read where Libreswan runs, or where strongSwan's starter answered `ipsec statusall` (then
        // StrokeConfExtractor reads the file as strongSwan's, IpsecConfOwner.strongswanEvidence).
        if !IpsecConfOwner.libreswanRuns(okProbes: ok, processes: ps), !ok.contains("stroke-status") {
            for i in outputs.indices where outputs[i].source.map(IpsecConfOwner.libreswanSources.contains) == true {
                outputs[i].source = nil
                if outputs[i].state == .ok { outputs[i].reason = "not parsed: neither Libreswan nor strongSwan's starter runs here" }
            }
        }
        return outputs
    }

    /// The output with the parser it goes to: the spec's, or for a log the one content detection
    /// (LogSniffer) recognises, falling back to the spec's (a dedicated charon.log is a charon log
    /// even before its first IKE line). nil when no registered parser reads it (it is still saved
    /// by `collect`; a log's status then says nothing was recognised).
    /// A log's text is recognised once: the same reading names the road-warrior clients whose
    /// errors it also holds (`clientSources`).
    public static func withParseSource(_ output: ProbeOutput) -> ProbeOutput {
        var o = output
        let sources = parseSources(of: o)
        o.source = sources.first
        o.clientSources = Array(sources.dropFirst())
        return o
    }

    static func parseSources(of o: ProbeOutput) -> [String] {
        var sources = o.source.map { [$0] } ?? []
        if o.kind == .log {
            guard let text = o.text, !text.isEmpty else { return [] }
            let found = LogSniffer.sources(of: text)
            if !found.isEmpty { sources = found }
        }
        guard let s = sources.first, ParserRegistry.parser(named: s) != nil else { return [] }
        return sources
    }
}

extension Gathered {
    /// Parses live outputs exactly as SnapshotReader parses their saved copies.
    public init(outputs: [ProbeOutput], host: HostInfo, userLogs: [String] = []) {
        self.init(os: host.os)
        self.isRoot = host.isRoot
        add(outputs, userLogs: userLogs)
    }
}
