import Engine
import Facts
import Foundation
import RuleBase

/// Chooses what the wizard asks next: the question whose answer best separates the diagnoses
/// still open, for the least effort.
///
/// The method, in short (one step of a "twenty questions" search over the rule base):
///
/// 1. **Candidates.** Run the engine on the facts known. While no problem has fired, every
///    diagnosis (severity `problem` or `warning`) with a rule still undecided *that a question
///    can move* is a candidate, weighted by the strongest certainty factor of those rules and by
///    how plausible the rule's `phase` is given what is known of the tunnel (with phase 1 down a
///    phase 2 or data-plane cause weighs a tenth; with phase 2 up, a negotiation failure does).
///    One more candidate, *none of these* (weight `noneWeight`), stands for a cause the rule base
///    does not know: it keeps a lone remaining diagnosis from counting as certain before its
///    rule has actually fired. Rules that wait only on probe-only facts (a kernel counter) are
///    not candidates: asking cannot decide them.
///    Once a problem has fired (single-fault assumption), the candidates are that problem and
///    the open hypotheses whose rules `explain` it at least as strongly (a peer that restarted
///    explains ESP that no longer comes back).
/// 2. **Questions.** Only questions whose fact is unknown (to probes, answers and rules alike),
///    not skipped by the operator, relevant (named by a candidate rule's condition, directly or
///    through the fact rules that conclude something it needs), and meant for this platform
///    (a question whose `how` is only for illumos is not asked on Linux).
/// 3. **Outcomes.** Each possible answer is simulated: its facts are added and the engine re-run.
///    yes/no questions have two answers, choice questions (observations too) one per choice, number and text
///    questions one per value the rules compare the fact with (and its neighbours) plus one
///    value none of them mentions. Answers that lead to the same state are merged. A candidate
///    is *consistent* with an answer when it is still a candidate afterwards.
/// 4. **Information gain.** A Bayesian step under a single-fault assumption. The likelihood of
///    an answer given that candidate d is the cause: 0 if the answer rules d out; 1 if it speaks
///    for d (one of d's rules fires or needs fewer facts); `abnormal` (0.3) if it speaks only for
///    other causes (one fault rarely shows another's symptoms); 1 otherwise. Several answers in
///    one of the last two classes share its weight (an observation question's many "nothing of
///    the sort" lines count as one normal answer). Normalised over the answers. With the
///    candidates' weights as prior, that gives P(answer) and the posterior after each answer;
///    gain = H(prior) − Σ P(answer) · H(posterior | answer), in bits, an answer that settles
///    the diagnosis leaving entropy 0. The score is
///    gain / cost^`costExponent` (default gain / cost; cost 1: the operator knows, 2: runs a
///    command, 3: captures packets or asks the peer).
/// 5. **Stopping.** The questioning stops when a problem has fired and nothing the operator can
///    still answer could explain it away (`settled`), or when no question gains anything.
///    `confirmThreshold` (0.7) caps how strong an explanation must be to be pursued: a deeper
///    cause must be believed at least min(finding's confidence, 0.7) to keep asking.
public struct QuestionPlanner: Sendable {
    public let base: RuleBase
    public let engine: InferenceEngine
    /// The strongest belief an explanation needs to be pursued once a problem has fired (see 5. above).
    public var confirmThreshold: Double
    /// Weight of the "none of these" candidate, in the units of rule confidences.
    public var noneWeight: Double
    /// A question must gain at least this many bits (before dividing by cost) to be asked.
    public var minimumGain: Double
    /// How likely an answer that speaks only for other causes is under a candidate (single fault).
    public var abnormal: Double = 0.3
    /// score = gain / cost^costExponent: 1 divides by the cost, 0 ignores it.
    public var costExponent: Double

    public init(base: RuleBase, confirmThreshold: Double = 0.7, noneWeight: Double = 0.5, minimumGain: Double = 1e-6,
                costExponent: Double = 1) {
        self.costExponent = costExponent
        self.base = base
        self.engine = InferenceEngine(base: base)
        self.confirmThreshold = confirmThreshold
        self.noneWeight = noneWeight
        self.minimumGain = minimumGain
        let conditions = base.rules.map(\.condition)
        var literals: [String: [FactValue]] = [:]
        for c in conditions { QuestionPlanner.collectLiterals(c, into: &literals) }
        self.literals = literals
        self.rulesByName = Dictionary(base.rules.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    let literals: [String: [FactValue]]
    let rulesByName: [String: Rule]

    /// What one answer to a question would do.
    public struct Outcome: Sendable {
        /// The facts the answer sets (one for most questions, several for an observation).
        public var assignments: [Question.Assignment]
        /// How the operator would type it.
        public var label: String
        /// Diagnoses that fire with this answer, with the rules that conclude them.
        public var concludes: [(diagnosis: String, rule: String, confidence: Double)]
        /// Diagnoses that were open and are ruled out by this answer.
        public var rulesOut: [String]
        /// Open rules that still need more facts after this answer, and which.
        public var stillOpen: [(diagnosis: String, rule: String, weight: Double, missing: [String])]
        /// A problem is confirmed: the questioning would stop.
        public var confirms: Bool
        public var probability: Double
    }

    /// The question chosen, with why.
    public struct Plan: Sendable {
        public var question: Question
        public var gain: Double
        public var score: Double
        public var outcomes: [Outcome]
        /// The open diagnoses this question bears on, weightiest first.
        public var separates: [String]
    }

    /// The finding that ends the questioning, if there is one.
    public func confirmed(_ d: Diagnosis) -> Finding? {
        d.findings.first { $0.severity == .problem && $0.explainedBy == nil && $0.confidence >= confirmThreshold }
            ?? d.findings.first { $0.severity == .problem && $0.confidence >= confirmThreshold }
    }

    /// True when questioning should stop for this diagnosis: a problem is confirmed and no open
    /// hypothesis the operator can still pursue would explain it away (a peer that restarted
    /// explains ESP that no longer comes back, so that is worth asking before stopping).
    public func settled(_ d: Diagnosis, skipped: Set<String> = []) -> Bool {
        let found = suspected(d)
        guard !found.isEmpty else { return false }
        return explainers(of: found, pursuableHypotheses(d, skipped: skipped)).isEmpty
    }

    /// Problems that fired, that nothing else that fired explains, and that are believed about
    /// as strongly as the leading one: a weak co-symptom (a stale SADB, 0.45, next to "ESP goes
    /// out, nothing comes back", 0.8) is not worth questions of its own.
    func suspected(_ d: Diagnosis) -> [Finding] {
        let open = d.findings.filter { $0.severity == .problem && $0.explainedBy == nil }
        guard let top = open.map(\.confidence).max() else { return [] }
        let bar = min(top, confirmThreshold)
        return open.filter { $0.confidence >= bar }
    }

    /// Open hypotheses that could explain a suspected problem away, at least as strongly as it
    /// is believed (a peer that restarted explains ESP that no longer comes back).
    func explainers(of found: [Finding], _ hypotheses: [Hypothesis]) -> [Hypothesis] {
        hypotheses.filter { h in
            guard let explains = rulesByName[h.rule]?.explains else { return false }
            return found.contains { f in explains.contains(f.id) && h.weight >= min(f.confidence, confirmThreshold) }
        }
    }

    /// The best question to ask next, or nil when a problem is settled or nothing more can be learned.
    public func next(_ facts: FactStore, skipped: Set<String> = [], now: Diagnosis? = nil) -> Plan? {
        let now = now ?? engine.run(facts)
        if settled(now, skipped: skipped) { return nil }
        return ranked(facts, now: now, skipped: skipped).first
    }

    /// Every question worth asking now, best first (for the benchmark and `why`).
    public func ranked(_ facts: FactStore, now: Diagnosis? = nil, skipped: Set<String> = []) -> [Plan] {
        let now = now ?? engine.run(facts)
        let pursuable = pursuableHypotheses(now, skipped: skipped)
        let prior = candidates(now, pursuable)
        guard prior.count > 1 else { return [] }
        let relevant = relevantFacts(pursuable)
        var plans: [Plan] = []
        var seenFacts = Set<String>()
        for q in base.questions where askable(q, now.facts, relevant: relevant, skipped: skipped)
            && (q.isObservation || seenFacts.insert(q.fact).inserted) {
            guard let plan = evaluate(q, facts, now: now, prior: prior, skipped: skipped), plan.gain > minimumGain else { continue }
            plans.append(plan)
        }
        return plans.sorted {
            if $0.score != $1.score { return $0.score > $1.score }
            if $0.question.cost != $1.question.cost { return $0.question.cost < $1.question.cost }
            // Equal now, but the question that settles more facts spares later ones.
            if $0.question.facts.count != $1.question.facts.count { return $0.question.facts.count > $1.question.facts.count }
            return $0.question.id < $1.question.id
        }
    }

    /// Simulates every answer to `question` and measures what it would teach.
    public func evaluate(_ question: Question, _ facts: FactStore, now: Diagnosis? = nil, skipped: Set<String> = []) -> Plan? {
        let now = now ?? engine.run(facts)
        return evaluate(question, facts, now: now, prior: candidates(now, pursuableHypotheses(now, skipped: skipped)), skipped: skipped)
    }

    func evaluate(_ question: Question, _ facts: FactStore, now: Diagnosis, prior: [String: Double], skipped: Set<String>) -> Plan? {
        let openRules = Dictionary(now.hypotheses.map { ($0.rule, $0) }, uniquingKeysWith: { a, _ in a })
        struct Simulated { var outcome: Outcome; var consistent: Set<String>; var advanced: Set<String>; var key: String }
        var sims: [Simulated] = []
        for (label, assignments) in answers(for: question) {
            var store = facts
            QuestionPlanner.apply(assignments, of: question, to: &store, source: "simulated")
            let d = engine.run(store, listUnanswered: false)
            let fired = Set(d.findings.map(\.id))
            let open = Set(d.hypotheses.map(\.diagnosis))
            // The candidates still possible after this answer: where it confirms a problem, only
            // that problem and the deeper causes that could explain it.
            let after = candidates(d, pursuableHypotheses(d, skipped: skipped))
            var consistent = Set(prior.keys.filter { after[$0] != nil })
            let confirms = settled(d, skipped: skipped)
            if confirms { consistent = consistent.filter { fired.contains($0) } }
            var concludes: [(String, String, Double)] = []
            for f in d.findings where prior[f.id] != nil || now.hypotheses.contains(where: { $0.diagnosis == f.id }) {
                for r in f.firedRules where openRules[r.rule] != nil { concludes.append((f.id, r.rule, r.certainty)) }
            }
            let rulesOut = prior.keys.filter { $0 != QuestionPlanner.none && !fired.contains($0) && !open.contains($0) }.sorted()
            var stillOpen: [(String, String, Double, [String])] = []
            for h in d.hypotheses where openRules[h.rule].map({ $0.missing != h.missing }) ?? false {
                stillOpen.append((h.diagnosis, h.rule, h.weight, h.missing.sorted()))
            }
            // Candidates this answer speaks for: one of their rules fires or needs fewer facts.
            var advanced = Set(concludes.map(\.0))
            for h in d.hypotheses where prior[h.diagnosis] != nil {
                if let before = openRules[h.rule], h.missing.isStrictSubset(of: before.missing) { advanced.insert(h.diagnosis) }
            }
            advanced.formIntersection(consistent)
            let key = (confirms ? "!" : "") + consistent.sorted().joined(separator: ",") + "|" + fired.sorted().joined(separator: ",")
                + "|" + advanced.sorted().joined(separator: ",")
            let outcome = Outcome(assignments: assignments, label: label, concludes: concludes, rulesOut: rulesOut,
                                  stillOpen: stillOpen, confirms: confirms, probability: 0)
            if let i = sims.firstIndex(where: { $0.key == key }) {
                sims[i].outcome.label += "/" + label
            } else {
                sims.append(Simulated(outcome: outcome, consistent: consistent, advanced: advanced, key: key))
            }
        }
        guard sims.count > 1 else { return nil }
        // How likely each answer is if a candidate is the cause (single fault): impossible where
        // the answer rules it out; likely where it speaks for it; where it speaks for another
        // cause only, unlikely (`abnormal`), since one fault rarely shows another's symptoms;
        // otherwise as likely as any normal answer.
        // An observation question has many answers that speak for nobody ("the filter drops
        // nothing of this"): together they weigh as one normal answer, and the answers that
        // speak only for other causes together as one abnormal answer, so that a question with
        // more lines does not dilute the answer that would confirm a candidate.
        var neutralCount: [String: Int] = [:], otherCount: [String: Int] = [:]
        for c in prior.keys {
            for s in sims where s.consistent.contains(c) && !s.advanced.contains(c) {
                if s.advanced.isEmpty { neutralCount[c, default: 0] += 1 } else { otherCount[c, default: 0] += 1 }
            }
        }
        func likelihood(_ c: String, _ s: Simulated) -> Double {
            guard s.consistent.contains(c) else { return 0 }
            if s.advanced.contains(c) { return 1 }
            return s.advanced.isEmpty ? 1 / Double(neutralCount[c]!) : abnormal / Double(otherCount[c]!)
        }
        var norm: [String: Double] = [:]
        for c in prior.keys { norm[c] = sims.map { likelihood(c, $0) }.reduce(0, +) }
        let total = prior.values.reduce(0, +)
        var expected = 0.0
        for i in sims.indices {
            let masses = prior.keys.map { c in norm[c]! > 0 ? prior[c]! * likelihood(c, sims[i]) / norm[c]! : 0 }
            let p = masses.reduce(0, +) / total
            sims[i].outcome.probability = p
            if !sims[i].outcome.confirms { expected += p * QuestionPlanner.entropy(masses) }
        }
        let gain = QuestionPlanner.entropy(Array(prior.values)) - expected
        // The diagnoses the question bears on directly: an answer concludes them, brings one of
        // their rules closer, or rules them out by the rules' own conditions.
        var bears = Set<String>()
        for s in sims { bears.formUnion(s.advanced); bears.formUnion(s.outcome.rulesOut); bears.formUnion(s.outcome.concludes.map(\.diagnosis)) }
        let separates = bears.subtracting([QuestionPlanner.none]).sorted { (prior[$0] ?? 0, $1) > (prior[$1] ?? 0, $0) }
        return Plan(question: question, gain: gain, score: gain / pow(max(question.cost, 0.1), costExponent),
                    outcomes: sims.map(\.outcome), separates: separates)
    }

    static let none = "(none of these)"

    /// A question whose ways of finding out are all for other platforms or daemons (snoop's
    /// drop counters on a Linux host, isakmpd's fifo next to strongSwan) is not asked once the
    /// platform or the daemon is known. The daemon tells the platform when no probe did.
    public func applies(_ q: Question, _ facts: FactStore) -> Bool {
        guard !q.how.isEmpty, q.how[StackKey.any] == nil else { return true }
        let keys = Set(q.how.keys)
        let daemons = Set(keys.compactMap(Implementation.init(rawValue:)))
        let knownImpl = facts.value("ike.implementation").flatMap { Implementation(rawValue: $0.description.lowercased()) }
        if let knownImpl, daemons.contains(knownImpl) { return true }
        let os = facts.value("host.os").flatMap { Platform(rawValue: $0.description.lowercased()) }
        guard let platform = os ?? knownImpl?.platform else { return true }
        if keys.contains(platform.rawValue) { return true }
        // With the daemon unknown, a way for any daemon of this platform will do.
        return knownImpl == nil && daemons.contains { $0.platform == platform }
    }

    /// Open hypotheses that a question can still move: at least one missing fact is asked by a
    /// question not skipped, or concluded by a fact rule that such a question feeds. Rules that
    /// wait on probe-only facts (a log line, a kernel counter) cannot be pursued by asking.
    public func pursuableHypotheses(_ d: Diagnosis, skipped: Set<String>) -> [Hypothesis] {
        var askable = Set(base.questions.flatMap(\.facts)).subtracting(skipped).filter { !d.facts.isKnown($0) }
        var changed = true
        while changed {
            changed = false
            for rule in engine.factRules {
                guard case let .fact(name, _) = rule.conclusion, !askable.contains(name), !d.facts.isKnown(name),
                      !rule.condition.factNames.isDisjoint(with: askable) else { continue }
                askable.insert(name); changed = true
            }
        }
        return d.hypotheses.filter { !$0.missing.isDisjoint(with: askable) }
    }

    /// Candidate diagnoses with their weights, plus "none of these".
    public func candidates(_ d: Diagnosis, _ hypotheses: [Hypothesis]) -> [String: Double] {
        var out: [String: Double] = [:]
        let found = suspected(d)
        if !found.isEmpty {
            // Single fault: a problem fired, so what is left to learn is whether a deeper cause explains it.
            for f in found { out[f.id] = max(f.confidence, 0.05) }
            for h in explainers(of: found, hypotheses) { out[h.diagnosis] = max(out[h.diagnosis] ?? 0, max(h.weight, 0.05)) }
            return out
        }
        let p1 = d.facts.value("phase1.up"), p2 = d.facts.value("phase2.up")
        for h in hypotheses {
            guard let rule = rulesByName[h.rule], rule.severity != .info else { continue }
            let w = max(h.weight, 0.05) * QuestionPlanner.phasePrior(rule.phase, phase1: p1, phase2: p2)
            out[h.diagnosis] = max(out[h.diagnosis] ?? 0, w)
        }
        for f in d.findings where f.severity != .info {
            out[f.id] = max(out[f.id] ?? 0, max(f.confidence, 0.05))
        }
        out[QuestionPlanner.none] = noneWeight
        return out
    }

    /// How plausible a rule's phase is given what is known of the tunnel's state: with phase 1
    /// down, a phase 2 or data-plane cause is unlikely (but not ruled out); with phase 2 up, a
    /// phase 1 or phase 2 negotiation failure is. This uses the rules' `phase` field, so a
    /// question about the tunnel's state separates whole groups of causes.
    static func phasePrior(_ phase: String, phase1: FactValue?, phase2: FactValue?) -> Double {
        let down1 = phase1 == .bool(false), up1 = phase1 == .bool(true)
        let down2 = phase2 == .bool(false), up2 = phase2 == .bool(true)
        switch phase {
        case "phase1": return up1 || up2 ? 0.1 : 1
        case "phase2": return down1 || up2 ? 0.1 : 1
        case "dataplane": return down1 || down2 ? 0.1 : 1
        case "host": return down1 ? 0.3 : 1   // forwarding, NAT and selectors matter once a tunnel is up
        default: return 1
        }
    }

    /// Facts that can still change a conclusion: missing in open rules, or feeding a fact rule
    /// whose conclusion an open rule (or another such fact rule) needs.
    func relevantFacts(_ hypotheses: [Hypothesis]) -> Set<String> {
        var relevant = Set(hypotheses.flatMap(\.missing))
        var changed = true
        while changed {
            changed = false
            for rule in engine.factRules {
                guard case let .fact(name, _) = rule.conclusion, relevant.contains(name) else { continue }
                for f in rule.condition.factNames where !relevant.contains(f) {
                    relevant.insert(f); changed = true
                }
            }
        }
        return relevant
    }

    /// A question is worth considering when it is meant for this platform and asks for at
    /// least one fact that is unknown, not skipped, and that a rule still open could use.
    func askable(_ q: Question, _ facts: FactStore, relevant: Set<String>, skipped: Set<String>) -> Bool {
        let open = q.facts.filter { !facts.isKnown($0) && !skipped.contains($0) }
        return !open.isEmpty && open.contains(where: relevant.contains) && applies(q, facts)
    }

    /// What an answer actually sets, given what is known: an observation question does not
    /// overwrite what probes or earlier answers already know, it fills the gaps.
    public static func effective(_ assignments: [Question.Assignment], of q: Question, given store: FactStore) -> [Question.Assignment] {
        q.isObservation ? assignments.filter { !store.isKnown($0.fact) } : assignments
    }

    /// Adds what an answer sets to `store` (see `effective`).
    public static func apply(_ assignments: [Question.Assignment], of q: Question, to store: inout FactStore, source: String) {
        for a in effective(assignments, of: q, given: store) {
            store.set(Fact(a.fact, a.value, from: Provenance(.answer, source, excerpt: q.id)))
        }
    }

    /// The answers to simulate, as the operator would type them, with the facts each sets.
    public func answers(for q: Question) -> [(String, [Question.Assignment])] {
        if q.isObservation { return q.choices.map { ($0.answer, q.assignments(for: $0)) } }
        return values(for: q).map { ($0.0, [Question.Assignment(q.fact, $0.1)]) }
    }

    /// The values of a single-fact question's fact to simulate.
    func values(for q: Question) -> [(String, FactValue)] {
        let kind = base.definition(of: q.fact)?.kind
        switch q.kind {
        case .yesno:
            return [("yes", .bool(true)), ("no", .bool(false))]
        case .choice:
            return q.choices.compactMap { c in AnswerCoercion.value(c.answer, kind: kind).map { (c.answer, $0) } }
        case .number:
            let numbers = Set((literals[q.fact] ?? []).compactMap { v -> Double? in
                if case let .number(n) = v { return n }
                return nil
            })
            var values = numbers
            for n in numbers { values.insert(n + 1); values.insert(n - 1) }
            if values.isEmpty { values = [0, 1] }
            return values.sorted().map { (JSONValue.format(number: $0), .number($0)) }
        case .text:
            var texts: [String] = []
            for v in literals[q.fact] ?? [] {
                switch v {
                case let .string(s): texts.append(s)
                case let .list(items): texts += items
                default: break
                }
            }
            var seen = Set<String>()
            texts = texts.filter { seen.insert($0).inserted }
            return (texts + ["something-else"]).compactMap { t in AnswerCoercion.value(t, kind: kind).map { (t, $0) } }
        }
    }

    static func entropy(_ masses: [Double]) -> Double {
        let total = masses.reduce(0, +)
        guard total > 0 else { return 0 }
        var h = 0.0
        for m in masses where m > 0 {
            let p = m / total
            h -= p * Foundation.log2(p)
        }
        return h
    }

    /// Literal values the rules compare each fact with: `peer.ike_version == 1` gives 1.
    static func collectLiterals(_ c: Condition, into out: inout [String: [FactValue]]) {
        switch c {
        case let .and(items), let .or(items): for i in items { collectLiterals(i, into: &out) }
        case let .not(inner): collectLiterals(inner, into: &out)
        case let .compare(.fact(name), _, .literal(v)), let .compare(.literal(v), _, .fact(name)):
            out[name, default: []].append(v)
        default: break
        }
    }
}
