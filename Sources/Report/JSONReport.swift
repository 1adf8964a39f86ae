import Engine
import Facts

/// The JSON report of `diagnose --format json`, exactly as docs/CONTRACT.md fixes it, plus
/// fields scripts may ignore (`fact_sources`, `probes`, `explained_by`, `rules`, `article`).
public enum JSONReport {
    public static func render(_ d: Diagnosis) -> String {
        json(d).serialized(pretty: true)
    }

    public static func json(_ d: Diagnosis) -> JSONValue {
        let facts = d.facts.sortedFacts
        return .object([
            ("verdict", .string(d.verdict.rawValue)),
            ("findings", .array(d.findings.map(finding))),
            ("facts", .object(facts.map { ($0.name, $0.value.json) })),
            ("unanswered", .array(d.unanswered.map { .string($0) })),
            ("fact_sources", .object(facts.map { ($0.name, .array($0.provenance.map { .string($0.description) })) })),
            ("probes", .array(d.facts.probes.map { p in
                var pairs: [(String, JSONValue)] = [("name", .string(p.name)), ("status", .string(p.state.rawValue))]
                if let r = p.reason { pairs.append(("reason", .string(r))) }
                if let s = p.seconds { pairs.append(("seconds", .number((s * 1000).rounded() / 1000))) }
                return .object(pairs)
            })),
        ])
    }

    static func finding(_ f: Finding) -> JSONValue {
        var pairs: [(String, JSONValue)] = [
            ("id", .string(f.id)),
            ("severity", .string(f.severity.rawValue)),
            ("confidence", .number((f.confidence * 100).rounded() / 100)),
            ("title", .string(f.title)),
            ("evidence", .array(f.evidence.map { .string($0) })),
            ("remedies", .array(f.remedies.map { .string($0) })),
        ]
        if let a = f.article { pairs.append(("article", .string(a))) }
        if let e = f.explainedBy { pairs.append(("explained_by", .string(e))) }
        pairs.append(("rules", .array(f.firedRules.map { .string("\($0.rule) (\($0.location))") })))
        return .object(pairs)
    }
}
