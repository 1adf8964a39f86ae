import Engine
import Facts
import Operator
import Foundation
import Report
import RuleBase

/// The texts that make each step explain itself: the question, how to find out, `why`, `how`,
/// `facts` and `explain`.
public struct Explainer: Sendable {
    public let base: RuleBase
    public let style: Style

    public init(base: RuleBase, style: Style) {
        self.base = base
        self.style = style
    }

    // MARK: the question

    static let commandsHint = "   (or: unknown, why, how, explain, back, help)"

    /// The question as shown before the prompt.
    public func question(_ q: Question, number: Int, facts: FactStore) -> String {
        var out = "\n" + style.bold("Question \(number): \(q.prompt)") + style.dim("  [\(q.subject)]") + "\n"
        if !q.help.isEmpty { out += wrap(q.help, indent: "  ") + "\n" }
        let (label, how) = howToFindOut(q, facts: facts)
        if let how = how.map({ TemplateRenderer.withHints($0, facts) }) {
            out += "  " + style.cyan("How to find out" + (label.map { " (\($0))" } ?? "") + ":") + " " + how + "\n"
        }
        if q.isObservation {
            // Numbered, with what each answer means: the operator picks the first line that fits.
            let width = q.answers.map(\.count).max() ?? 0
            for (i, c) in q.choices.enumerated() {
                let number = String(repeating: " ", count: i < 9 ? 1 : 0) + "\(i + 1)."
                out += "   \(number) \(style.bold(c.answer.padding(toLength: width, withPad: " ", startingAt: 0)))  \(c.meaning)\n"
            }
            out += "  Answer with a number or a name" + style.dim(Explainer.commandsHint) + "\n"
            return out
        }
        out += "  Answers: " + acceptedAnswers(q).joined(separator: " / ") + style.dim(Explainer.commandsHint) + "\n"
        return out
    }

    /// The `how` text for the platform and implementation in use: the implementation's, then the
    /// OS's, then `any`; with neither known, Linux and strongSwan (the common case), the rest on `how`.
    public func howToFindOut(_ q: Question, facts: FactStore) -> (String?, String?) {
        let impl = facts.value("ike.implementation")?.description.lowercased()
        let os = facts.value("host.os")?.description.lowercased()
        // strongSwan run by starter: its commands and files (ipsec statusall, ipsec.conf)
        if StrokeCommands.isStrokeHost(facts), let h = q.how[Implementation.strongswan.rawValue] { return ("strongSwan ipsec.conf", StrokeCommands.translateHow(h)) }
        for key in [impl, os].compactMap({ $0 }) {
            if let h = q.how[key] { return (key, h) }
        }
        if let h = q.how["any"] { return (nil, h) }
        // Nothing known, or Linux with the daemon unknown: the common case first.
        if os == nil || Platform.otherValues.contains(os ?? "") || os == Platform.linux.rawValue {
            let common = [Platform.linux.rawValue, Implementation.strongswan.rawValue, Implementation.libreswan.rawValue]
            for key in common { if let h = q.how[key] { return (key, h) } }
        }
        return (q.how.keys.sorted().first, q.how.keys.sorted().first.flatMap { q.how[$0] })
    }

    /// Every platform's way of finding out (`how` with no ID).
    public func allWays(_ q: Question) -> String {
        guard !q.how.isEmpty else { return "No command is recorded for this question; \(q.help)\n" }
        var out = "How to find out \(q.subject):\n"
        for key in q.how.keys.sorted() { out += "  \(key): \(q.how[key]!)\n" }
        return out
    }

    public func acceptedAnswers(_ q: Question) -> [String] {
        switch q.kind {
        case .yesno: return ["yes", "no"]
        case .choice: return q.answers
        case .number, .text:
            if let values = base.definition(of: q.fact)?.values, !values.isEmpty { return values }
            return [q.kind == .number ? "a number" : "text"]
        }
    }

    // MARK: why

    /// `why` in plain words: what is suspected now, and what each kind of answer would change,
    /// in two or three sentences. `why --detail` gives the rules behind it.
    public func plainWhy(_ plan: QuestionPlanner.Plan, diagnosis d: Diagnosis) -> String {
        let q = plan.question
        func title(_ id: String) -> String {
            let t = base.diagnosisRules.first { $0.diagnosisID == id }?.title ?? id
            return "\(t.prefix(1).lowercased())\(t.dropFirst()) (\(id))"
        }
        var sentences: [String] = []
        let suspected = d.findings.filter { $0.severity == .problem }
        let open = plan.separates.filter { id in !suspected.contains { $0.id == id } }
        if let top = suspected.first {
            var s = "I already suspect \(title(top.id)), at \(percent(top.confidence))"
            if let other = open.first { s += ", but \(title(other)) could also explain what I see" }
            sentences.append(s + ".")
        } else if !open.isEmpty {
            let names = open.prefix(2).map(title)
            sentences.append("I suspect \(names.joined(separator: " or "))" + (open.count > 2 ? ", among \(open.count) possible causes" : "") + ".")
        }
        let label = { (o: QuestionPlanner.Outcome) in q.isObservation ? "“\(o.label)”" : "\(o.label)" }
        let answer = q.isObservation ? "If your answer is" : "If \(q.fact) is"
        let confirming = plan.outcomes.first(where: { !$0.concludes.isEmpty })
        if let confirming {
            let ids = unique(confirming.concludes.map(\.diagnosis))
            sentences.append("\(answer) \(label(confirming)), that points to \(ids.prefix(2).map(title).joined(separator: " and "))" + (confirming.confirms ? " and we are done" : "") + ".")
        }
        // Another answer than the one above, so the two sentences show two sides.
        let ruling = plan.outcomes.filter { !$0.rulesOut.isEmpty && $0.label != confirming?.label }.max { $0.rulesOut.count < $1.rulesOut.count }
            ?? plan.outcomes.filter { !$0.rulesOut.isEmpty }.max { $0.rulesOut.count < $1.rulesOut.count }
        if let ruling {
            let n = ruling.rulesOut.count
            sentences.append("\(answer) \(label(ruling)), that rules out \(n == 1 ? title(ruling.rulesOut[0]) : "\(n) possible causes (\(ruling.rulesOut.prefix(3).joined(separator: ", "))\(n > 3 ? ", …" : ""))").")
        }
        if sentences.count < 2 { sentences.append("Its answer decides which checks still apply, so I can stop asking sooner.") }
        return sentences.prefix(3).joined(separator: " ") + " " + style.dim("(`why --detail`: the rules behind this)") + "\n"
    }

    func unique(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }

    /// MYCIN's WHY: the hypotheses this question tells apart, in the rules' own words.
    public func why(_ plan: QuestionPlanner.Plan, facts: FactStore) -> String {
        let q = plan.question
        var out = "I ask about \(q.subject) because it tells apart "
        let shown = plan.separates.prefix(6)
        out += shown.isEmpty ? "the possible causes" : shown.joined(separator: ", ")
        if plan.separates.count > shown.count { out += " and \(plan.separates.count - shown.count) more" }
        out += ":\n"
        var lines = 0
        var rulesMentioned: [String] = []
        for o in plan.outcomes {
            let what = q.isObservation ? "if the answer is \(o.label)" : "if \(q.fact) is \(o.label)"
            for c in o.concludes {
                out += "  because \(what) then rule \(c.rule) concludes \(c.diagnosis) (cf \(fmt(c.confidence)))\n"
                rulesMentioned.append(c.rule); lines += 1
            }
            // Rules the operator can take further by answering come first.
            let askable = Set(base.questions.flatMap(\.facts))
            let open = o.stillOpen.sorted {
                let a = $0.missing.contains(where: askable.contains), b = $1.missing.contains(where: askable.contains)
                return a != b ? a : $0.weight > $1.weight
            }
            for s in open.prefix(3) {
                let rest = s.missing.isEmpty ? "" : ", once \(s.missing.joined(separator: ", ")) \(s.missing.count == 1 ? "is" : "are") known"
                out += "  because \(what) then rule \(s.rule) may conclude \(s.diagnosis) (cf \(fmt(s.weight)))\(rest)\n"
                rulesMentioned.append(s.rule); lines += 1
            }
            if !o.rulesOut.isEmpty {
                let list = o.rulesOut.prefix(5).joined(separator: ", ") + (o.rulesOut.count > 5 ? " and \(o.rulesOut.count - 5) more" : "")
                out += "  \(what), that rules out \(list)\n"
                lines += 1
            }
        }
        if lines == 0 { out += "  (its answer changes which rules can still apply)\n" }
        // What is already established, for the rules named above (MYCIN: "it has already been established that ...").
        var established: [String] = []
        var seen = Set<String>()
        for name in rulesMentioned {
            guard let rule = base.rules.first(where: { $0.name == name }) else { continue }
            for f in rule.condition.factNames.sorted() where !q.facts.contains(f) && seen.insert(f).inserted {
                if let fact = facts[f] { established.append("\(f) = \(fact.value) (\(source(fact)))") }
            }
        }
        if !established.isEmpty {
            out += "It has already been established that " + established.prefix(6).joined(separator: "; ") + ".\n"
        }
        out += style.dim("(expected information: \(fmt(plan.gain)) bits for an effort of \(fmt(plan.question.cost)))") + "\n"
        return out
    }

    // MARK: how

    /// MYCIN's HOW: how a diagnosis (or an intermediate fact) was reached, or why it was not.
    public func how(_ id: String, diagnosis d: Diagnosis) -> String {
        if let f = d.findings.first(where: { $0.id == id }) {
            var out = "\(f.id) — \(f.title) (\(f.severity.rawValue), confidence \(percent(f.confidence)))\n"
            if let by = f.explainedBy { out += "  probably a consequence of \(by)\n" }
            for r in f.firedRules {
                out += "  rule \(r.rule) (\(r.location)) fired with cf \(fmt(r.certainty))\n"
                out += "    when \(r.condition)\n"
                for fact in r.facts { out += "    · \(fact.name) = \(fact.value) — \(source(fact))\n" }
            }
            out += "  Certainty factors combine as cf1 + cf2 × (1 − cf1); `explain certainty-factors` tells more.\n"
            return out
        }
        if let fact = d.facts[id] {
            var out = "\(id) = \(fact.value) — \(source(fact))\n"
            for p in fact.provenance where p.kind == .rule {
                if let rule = base.rules.first(where: { $0.name == p.source }) {
                    out += "  rule \(rule.name) (\(rule.location)) when \(rule.conditionText)\n"
                }
            }
            return out
        }
        let rules = base.diagnosisRules.filter { $0.diagnosisID == id }
        guard !rules.isEmpty else {
            let known = Set(base.diagnosisRules.compactMap(\.diagnosisID)).sorted().filter { $0.contains(id) }
            return "No diagnosis or fact is called \(id)." + (known.isEmpty ? "" : " Did you mean: \(known.joined(separator: ", "))?") + "\n"
        }
        var out = "\(id) has not been concluded.\n"
        for rule in rules {
            switch rule.condition.evaluate(d.facts) {
            case let .no(names):
                let why = names.sorted().compactMap { n in d.facts[n].map { "\(n) = \($0.value)" } }.joined(separator: ", ")
                out += "  rule \(rule.name) does not apply: when \(rule.conditionText)" + (why.isEmpty ? "" : " — but \(why)") + "\n"
            case let .unknown(missing):
                out += "  rule \(rule.name) is still open: when \(rule.conditionText) — needs \(missing.sorted().joined(separator: ", "))\n"
            case .yes:
                out += "  rule \(rule.name) holds but its finding was set aside\n"
            }
        }
        return out
    }

    // MARK: facts

    public func facts(_ store: FactStore) -> String {
        guard !store.facts.isEmpty else { return "Nothing is known yet.\n" }
        var out = "Known facts (\(store.facts.count)):\n"
        let width = min(40, store.facts.keys.map(\.count).max() ?? 20)
        for f in store.sortedFacts {
            out += "  \(f.name.padding(toLength: width, withPad: " ", startingAt: 0)) = \(f.value)  " + style.dim("(\(source(f)))") + "\n"
        }
        let notRun = store.probes.filter { $0.state != .ok }
        if !notRun.isEmpty {
            out += "Not probed: " + notRun.map { "\($0.name) (\($0.reason ?? $0.state.rawValue))" }.joined(separator: "; ") + "\n"
        }
        return out
    }

    /// Where a fact came from, in a few words.
    public func source(_ fact: Fact) -> String {
        guard let p = fact.provenance.first else { return "unknown source" }
        switch p.kind {
        case .answer: return p.source == "wizard" ? "your answer" + (p.excerpt.map { " to \($0)" } ?? "") : "answer from \(p.source)"
        case _ where p.source == "you pasted": return "you pasted “\(p.excerpt ?? "")”"
        case .rule: return "concluded by rule \(p.source)" + (p.excerpt.map { " from \($0)" } ?? "")
        default: return p.description
        }
    }

    // MARK: explain

    /// `facts`: on a strongSwan host run by starter, the article's command lines (its indented
    /// blocks) are shown with ipsec(8)'s commands and /etc/ipsec.d folders (StrokeCommands), the
    /// prose as written (it names both worlds).
    public func explain(_ topic: String?, facts: FactStore? = nil) -> String {
        guard let topic, !topic.isEmpty else {
            let ids = base.articles.map(\.id).sorted()
            return "explain TOPIC, where TOPIC is one of:\n" + wrap(ids.joined(separator: ", "), indent: "  ") + "\n"
        }
        guard let a = base.article(for: topic) else {
            let near = base.articles.filter { $0.id.contains(topic.lowercased()) || $0.title.lowercased().contains(topic.lowercased()) }
            return "No article for '\(topic)'." + (near.isEmpty ? " `explain` lists them." : " Try: " + near.map(\.id).joined(separator: ", ")) + "\n"
        }
        var body = a.body
        if let facts, StrokeCommands.isStrokeHost(facts) {
            body = body.split(separator: "\n", omittingEmptySubsequences: false).map { line in
                line.hasPrefix("    ") || line.hasPrefix("\t") ? StrokeCommands.translate(String(line)) ?? String(line) : String(line)
            }.joined(separator: "\n")
        }
        var out = style.bold(a.title) + "\n" + String(repeating: "=", count: min(a.title.count, 100)) + "\n\n" + body
        if !out.hasSuffix("\n") { out += "\n" }
        if !a.seeAlso.isEmpty { out += "\nSee also: " + a.seeAlso.joined(separator: ", ") + "\n" }
        return out
    }

    // MARK: helpers

    func fmt(_ x: Double) -> String {
        let r = (x * 100).rounded() / 100
        return r == r.rounded() ? String(Int(r)) : String(r)
    }

    func percent(_ x: Double) -> String { "\(Int((x * 100).rounded()))%" }

    func wrap(_ text: String, indent: String, width: Int = 96) -> String {
        var lines: [String] = [], line = indent
        for word in text.split(whereSeparator: { $0 == " " || $0 == "\n" }) {
            if line.count + word.count + 1 > width, line != indent { lines.append(line); line = indent }
            line += (line == indent ? "" : " ") + word
        }
        if line != indent { lines.append(line) }
        return lines.joined(separator: "\n")
    }
}
