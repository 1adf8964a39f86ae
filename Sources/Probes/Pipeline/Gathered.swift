import Facts
import Foundation
import Parsers

/// What gathering produced: parsed outputs, how each probe or file fared, and notices for the
/// user (a log in which no daemon was recognised).
public struct Gathered: Sendable {
    public var parsed = ParsedCollection()
    public var statuses: [ProbeStatus] = []
    public var os: String?
    /// Whether the probes ran as root (nil: not known, e.g. a folder of pasted outputs).
    public var isRoot: Bool?
    /// Things the user should know about the evidence that are no probe's status: printed to
    /// stderr by the CLI.
    public var notices: [String] = []

    /// Secrets learnt from the configs added so far (what `diagnose` quotes is redacted).
    var redactor = Redactor()

    public init(os: String?) { self.os = os }

    public mutating func add(text: String, source: String, origin: String, kind: Provenance.Kind) throws {
        guard let parser = ParserRegistry.parser(named: source) else {
            throw DoctorError.badInput("\(origin): unknown parser source `\(source)`")
        }
        let redacted = redactForEvidence(text, source: source, kind: kind)
        accept(parser.parse(redacted), source: source, origin: origin, kind: kind)
    }

    /// Step one of adding an output: a report quotes its evidence, so every recogniser runs
    /// before parsing (a file may be named for one source and hold another), as `collect` would
    /// have redacted it. A config's secrets are learnt first, so its literals are scrubbed from
    /// the outputs redacted after it.
    public mutating func redactForEvidence(_ text: String, source: String, kind: Provenance.Kind) -> String {
        learnForEvidence(text, source: source, kind: kind).redact(anything: text, source: source)
    }

    /// The first half of `redactForEvidence`: learns a config's secrets and returns the
    /// redactor this output is to be redacted with.
    mutating func learnForEvidence(_ text: String, source: String, kind: Provenance.Kind) -> Redactor {
        let redaction = ParserRegistry.source(named: source)?.redaction
        if redaction == .secretsFile {
            redactor.learn(secretsFile: text)
        } else if kind == .file || redaction == .config {
            redactor.learn(config: text)
        }
        return redactor
    }

    /// Step two: keeps a parse result as evidence. Input of which not one line reads as this
    /// source (random bytes, the wrong file) is no evidence at all: an absent record must not
    /// become "no daemon runs"; it is a failed status instead.
    public mutating func accept(_ result: ParseResult, source: String, origin: String, kind: Provenance.Kind) {
        if result.recordCount == 0, result.accounted.isEmpty, !result.unparsed.isEmpty {
            statuses.append(ProbeStatus(name: origin, state: .failed,
                                        reason: "not \(source) output: none of its \(result.unparsed.count) lines could be read"))
            return
        }
        // strongSwan's `ipsec status` beside its `ipsec statusall`: statusall prints every SA
        // line status does, so each SA would count twice; the fuller output is kept.
        if result.source == "stroke-status", let i = parsed.items.firstIndex(where: { $0.result.source == "stroke-status" }) {
            let kept = parsed.items[i]
            let newer = result.recordCount > kept.result.recordCount
            statuses.append(ProbeStatus(name: newer ? kept.origin : origin, state: .skipped,
                                        reason: "the SAs of \(newer ? origin : kept.origin) again (ipsec status beside ipsec statusall); read once"))
            if newer { parsed.items[i] = ParsedSource(result: result, origin: origin, kind: kind) }
            return
        }
        parsed.items.append(ParsedSource(result: result, origin: origin, kind: kind))
    }

    /// Adds live outputs (their `source` already chosen by LiveProbes.withParseSource), parsed
    /// exactly as SnapshotReader parses their saved copies. `userLogs`: the `--log` files.
    public mutating func add(_ outputs: [ProbeOutput], userLogs: [String] = []) {
        for o in outputs {
            var status = o.status
            // A file the user named that gave nothing (a read error after the checks at start,
            // or no bytes at all) is said, not left to the probe list: they expect it was read.
            if o.kind == .log, let path = o.path, userLogs.contains(path) {
                if o.state != .ok {
                    notices.append("--log \(path): not read (\(o.status.reason ?? o.state.rawValue))")
                } else if o.text?.isEmpty ?? true {
                    notices.append("--log \(path): the file is empty; nothing to read")
                }
            }
            if o.kind == .log, o.source == nil, o.state == .ok, let text = o.text, !text.isEmpty {
                // Read, but no daemon recognised: say so rather than guess whose log it is.
                status.reason = "no IPsec daemon recognised in it; not parsed"
                if let path = o.path, userLogs.contains(path) {
                    notices.append("--log \(path): no IPsec daemon's lines recognised (tried: \(LogRecognition.writerNames)); not read")
                }
            }
            if o.kind == .log, let source = o.source, let path = o.path, userLogs.contains(path) {
                let daemon = LogRecognition.daemon(of: source)
                // "an iOS/macOS ...", "an Android ...", "an OpenBSD ...": the article the name wants
                let article = daemon.first.map { "AEIOU".contains($0.uppercased()) } == true ? "an" : "a"
                notices.append("--log \(path): read as \(article) \(daemon) log")
            }
            statuses.append(status)
            guard let text = o.text, let source = o.source else { continue }
            try? add(text: text, source: source, origin: o.name, kind: o.provenanceKind)
            // A --log paste holding a client's own errors beside the gateway's log: the client's
            // lines are read too, as in a loose snapshot (LogRecognition.sources).
            if o.kind == .log, let path = o.path, userLogs.contains(path) {
                for client in o.clientSources where client != source {
                    notices.append("--log \(path): its \(LogRecognition.daemon(of: client)) lines are read as that client's too")
                    try? add(text: text, source: client, origin: o.name, kind: o.provenanceKind)
                }
            }
        }
    }

    /// The facts this gathering supports: extracted from outputs, plus the platform and the
    /// probes' statuses.
    public func facts() -> FactStore {
        var store = FactStore()
        for fact in FactExtraction.facts(from: parsed) { store.set(fact) }
        if let os, !store.isKnown("host.os") {
            store.set(Fact("host.os", .string(os), from: Provenance(.probe, "manifest")))
        }
        if let isRoot, !store.isKnown("host.is_root") {
            store.set(Fact("host.is_root", .bool(isRoot), from: Provenance(.probe, "manifest")))
        }
        for fact in ProbeStatusFacts.facts(statuses) where !store.isKnown(fact.name) { store.set(fact) }
        for s in statuses { store.record(s) }
        return store
    }
}
