import Facts
import RuleBase

/// Applies the rule base to the facts: first the rules that conclude intermediate facts, chained
/// forward until nothing changes, then the diagnosis rules. Findings are combined per diagnosis
/// with certainty factors, ranked, and explained away where one cause accounts for another.
public struct InferenceEngine: Sendable {
    public let base: RuleBase
    /// Split once: the planner runs the engine thousands of times per question.
    let diagnosisRules: [Rule]
    public let factRules: [Rule]

    public init(base: RuleBase) {
        self.base = base
        self.diagnosisRules = base.diagnosisRules
        self.factRules = base.factRules
    }

    /// `listUnanswered: false` skips ranking the questions that would help (the planner, which
    /// simulates answers, has its own way of choosing).
    public func run(_ given: FactStore, listUnanswered: Bool = true) -> Diagnosis {
        var facts = given
        chain(&facts)

        var byID: [String: [(Rule, FiredRule)]] = [:]
        var hypotheses: [Hypothesis] = []
        var decidedFalse: [String: Bool] = [:]
        for rule in diagnosisRules {
            let id = rule.diagnosisID!
            switch rule.condition.evaluate(facts) {
            case let .yes(premises, names):
                let fired = FiredRule(rule: rule.name, location: rule.location, condition: rule.conditionText,
                                      certainty: CertaintyFactors.fire(rule: rule.confidence, premises: premises),
                                      facts: names.sorted().compactMap { facts[$0] })
                byID[id, default: []].append((rule, fired))
                decidedFalse[id] = false
            case .no:
                if decidedFalse[id] == nil { decidedFalse[id] = true }
            case let .unknown(missing):
                hypotheses.append(Hypothesis(diagnosis: id, rule: rule.name, weight: rule.confidence, missing: missing))
                decidedFalse[id] = false
            }
        }

        var findings = byID.map { id, fired in finding(id, fired, facts) }
        findings = explainAway(findings)
        findings.sort(by: InferenceEngine.ranks)
        let firedIDs = Set(findings.map(\.id))
        hypotheses.removeAll { firedIDs.contains($0.diagnosis) }

        let verdict: Verdict
        if findings.contains(where: { $0.severity == .problem }) {
            verdict = .problem
        } else if case .yes = Condition.truthy("verdict.enough_facts").evaluate(facts) {
            verdict = .healthy
        } else {
            verdict = .inconclusive
        }
        return Diagnosis(verdict: verdict, findings: findings, facts: facts, hypotheses: hypotheses,
                         ruledOut: decidedFalse.filter(\.value).map(\.key).sorted(),
                         unanswered: listUnanswered ? unanswered(hypotheses, facts) : [])
    }

    /// Forward chaining over the fact rules. A concluded fact never overrides a fact that a probe
    /// or the operator gave; bounded by the number of rules, since each can add its fact once.
    /// `excerpts: false` leaves out the provenance excerpt of each concluded fact ("a = 1, b = 2"):
    /// a rule example only asks whether its rule fires, which no excerpt changes, and making
    /// them took a share of running the examples (PERFORMANCE.md, stop 25).
    /// `rules` (default: every fact rule, in the rule base's order) is for `ExampleRunner`: the
    /// fact rules one rule can depend on (`factRules(reaching:)`) conclude, for the facts that
    /// rule reads, exactly what all of them would.
    func chain(_ facts: inout FactStore, excerpts: Bool = true, rules: [Rule]? = nil) {
        let factRules = rules ?? self.factRules
        var concluded = Set<String>()
        for _ in 0...factRules.count {
            var changed = false
            for rule in factRules where !concluded.contains(rule.name) {
                guard case let .fact(name, value) = rule.conclusion,
                      case let .yes(premises, names) = rule.condition.evaluate(facts) else { continue }
                concluded.insert(rule.name)
                if let existing = facts[name], existing.provenance.first?.kind != .rule { continue }
                let excerpt = excerpts ? names.sorted().compactMap { n in facts[n].map { "\(n) = \($0.value)" } }.joined(separator: ", ") : nil
                facts.set(Fact(name, value, certainty: CertaintyFactors.fire(rule: rule.confidence, premises: premises),
                               from: Provenance(.rule, rule.name, excerpt: excerpt)))
                changed = true
            }
            if !changed { break }
        }
    }

    /// The fact rules whose conclusions `condition` can read, directly or through other fact
    /// rules, in the rule base's order: a rule concluding a fact the condition names, a rule
    /// concluding a fact such a rule's condition names, and so on; with them every fact rule of
    /// the same name (`chain` counts a rule as concluded by its name). Any other fact rule only
    /// sets facts none of these read, so chaining these alone gives the condition the same
    /// facts, certainties included, as chaining all (ExampleRunnerTests checks it on every
    /// example of the rule base).
    public func factRules(reaching condition: Condition) -> [Rule] {
        factRules(reaching: [condition])[0]
    }

    /// `factRules(reaching:)` of each condition, the rules indexed once.
    public func factRules(reaching conditions: [Condition]) -> [[Rule]] {
        var byFact: [String: [Int]] = [:], byName: [String: [Int]] = [:]
        for (i, rule) in factRules.enumerated() {
            if case let .fact(name, _) = rule.conclusion { byFact[name, default: []].append(i) }
            byName[rule.name, default: []].append(i)
        }
        let reads = factRules.map { Array($0.condition.factNames) }
        return conditions.map { condition in
            var chosen = Set<Int>(), read = Set<String>(), pending = Array(condition.factNames)
            while let fact = pending.popLast() {
                guard read.insert(fact).inserted else { continue }
                for i in byFact[fact] ?? [] {
                    for j in byName[factRules[i].name] ?? [] where chosen.insert(j).inserted {
                        pending += reads[j]
                    }
                }
            }
            return chosen.sorted().map { factRules[$0] }
        }
    }

    func finding(_ id: String, _ fired: [(Rule, FiredRule)], _ facts: FactStore) -> Finding {
        let sorted = fired.sorted { $0.1.certainty > $1.1.certainty }
        let lead = sorted[0].0
        var evidence: [String] = [], seen = Set<String>()
        for (rule, firing) in sorted {
            for line in rule.evidence.compactMap({ TemplateRenderer.renderEvidence($0, facts) }) + firing.facts.map(TemplateRenderer.evidenceLine)
            where seen.insert(line).inserted {
                evidence.append(line)
            }
        }
        let remedies = RemedySelector.select(rules: sorted.map(\.0.remedies), facts: facts)
        return Finding(id: id, severity: sorted.map(\.0.severity).min(by: InferenceEngine.severityOrder) ?? lead.severity,
                       confidence: SharedEvidence.certainty(sorted.map(\.1)),
                       title: lead.title, phase: lead.phase, evidence: evidence, remedies: remedies,
                       article: lead.article, firedRules: sorted.map(\.1), explainedBy: nil)
    }

    /// A finding whose rule `explains` another that also fired marks that one as its consequence,
    /// so the operator fixes the cause first. Only the strongest explanation is kept.
    func explainAway(_ findings: [Finding]) -> [Finding] {
        let rulesByName = Dictionary(base.rules.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        var out = findings
        for cause in findings.sorted(by: InferenceEngine.ranks) {
            let explained = Set(cause.firedRules.flatMap { rulesByName[$0.rule]?.explains ?? [] })
            for i in out.indices where explained.contains(out[i].id) && out[i].explainedBy == nil && out[i].id != cause.id {
                if out.first(where: { $0.id == cause.id })?.explainedBy == out[i].id { continue }
                out[i].explainedBy = cause.id
                out[i].evidence.append("explained by \(cause.id): \(cause.title)")
            }
        }
        return out
    }

    /// Problems first, unexplained before explained, then by confidence, then by ID for stability.
    static func ranks(_ a: Finding, _ b: Finding) -> Bool {
        if a.severity != b.severity { return severityOrder(a.severity, b.severity) }
        if (a.explainedBy == nil) != (b.explainedBy == nil) { return a.explainedBy == nil }
        if a.confidence != b.confidence { return a.confidence > b.confidence }
        return a.id < b.id
    }

    static func severityOrder(_ a: Rule.Severity, _ b: Rule.Severity) -> Bool {
        let order: [Rule.Severity: Int] = [.problem: 0, .warning: 1, .info: 2]
        return order[a]! < order[b]!
    }

    /// The questions that would settle open hypotheses, weightiest first.
    func unanswered(_ hypotheses: [Hypothesis], _ facts: FactStore) -> [String] {
        var score: [String: Double] = [:]
        for h in hypotheses {
            for fact in h.missing {
                guard let q = base.question(setting: fact), !facts.isKnown(fact) else { continue }
                score[q.id, default: 0] += h.weight / Double(h.missing.count)
            }
        }
        return score.sorted { $0.value != $1.value ? $0.value > $1.value : $0.key < $1.key }.map(\.key)
    }
}
