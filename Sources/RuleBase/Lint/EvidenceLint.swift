/// A finding's evidence must say something even when the values it quotes are unknown: the
/// engine drops an evidence line none of whose `{fact}` placeholders is known
/// (TemplateRenderer.renderEvidence), so a rule whose every line quotes a value its condition
/// does not need would show no evidence at all when it fires without them. The statement goes
/// in a line of its own, the values on another ("no route to the peer's address" / "the peer's
/// address: {conn.remote_addrs}").
enum EvidenceLint {
    static func lint(_ base: RuleBase) -> [RuleBaseIssue] {
        var issues: [RuleBaseIssue] = []
        for rule in base.rules where rule.diagnosisID != nil && !rule.evidence.isEmpty {
            let sure = rule.condition.knownWhenTrue
            let lines = rule.evidence.map { Set(Placeholders.names(in: $0)) }
            // a line is kept when the condition guarantees one of its values known
            guard lines.allSatisfy({ !$0.isEmpty }),
                  !lines.contains(where: { line in sure.contains { $0.isSubset(of: line) } }) else { continue }
            issues.append(RuleBaseIssue(rule.location, "every evidence line quotes a value the condition does not need known: when none is, the finding shows no evidence; say what was found in a line without `{...}` and put the values on another"))
        }
        return issues
    }

}

extension Condition {
    /// What the condition being true guarantees is known, as clauses: of each clause's facts
    /// at least one is known (three-valued logic: a test or comparison of an unknown fact is
    /// unknown; `unknown(x)` is true only when x is not known). `a and b` guarantees a and b;
    /// `a or b`, one of them.
    var knownWhenTrue: [Set<String>] {
        switch self {
        case let .and(items): return items.flatMap(\.knownWhenTrue)
        case let .or(items): return Self.eitherOf(items.map(\.knownWhenTrue))
        case let .not(inner): return inner.knownWhenFalse
        case let .truthy(name), let .known(name): return [[name]]
        case .compare: return factNames.map { [$0] }
        case .unknown, .constant: return []
        }
    }

    /// The same for the condition being false.
    var knownWhenFalse: [Set<String>] {
        switch self {
        case let .and(items): return Self.eitherOf(items.map(\.knownWhenFalse))
        case let .or(items): return items.flatMap(\.knownWhenFalse)
        case let .not(inner): return inner.knownWhenTrue
        case let .truthy(name), let .unknown(name): return [[name]]
        case .compare: return factNames.map { [$0] }
        case .known, .constant: return []
        }
    }

    /// One of several alternatives holds: each clause of the result takes a clause from every
    /// alternative (an alternative that guarantees nothing makes the whole guarantee nothing).
    static func eitherOf(_ alternatives: [[Set<String>]]) -> [Set<String>] {
        guard var out = alternatives.first else { return [] }
        for next in alternatives.dropFirst() {
            out = out.flatMap { c in next.map { c.union($0) } }
            if out.count > 64 { return [] }   // a guarantee too wide to tell anything
        }
        return out
    }
}
