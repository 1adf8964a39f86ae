import Facts
/// The cross-checks `rules check` runs over a loaded rule base (loading already caught syntax):
/// names are unique, every fact a rule mentions is in the vocabulary, every diagnosis has an
/// article, every rule has examples both ways, nothing is unreachable, links resolve.
public enum RuleLinter {
    public static func lint(_ base: RuleBase) -> [RuleBaseIssue] {
        crossChecks(base) + TextLinter.lint(base)
    }

    /// `lint` without the text checks (TextLinter), so that `rules check` can run the two on
    /// different cores; `lint` is the one followed by the other.
    public static func crossChecks(_ base: RuleBase) -> [RuleBaseIssue] {
        var issues: [RuleBaseIssue] = StackLint.lint(base) + EvidenceLint.lint(base)
        // The vocabulary by name, made once: every fact of every condition and example is looked
        // up (`definition(of:)` walks the list); a name it lacks still goes to `definition(of:)`
        // (a `prefix.*` entry may cover it), which also takes the first of a repeated name.
        let byName = Dictionary(base.vocabulary.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        func definition(of fact: String) -> FactDefinition? { byName[fact] ?? base.definition(of: fact) }
        let articleIDs = Set(base.articles.map(\.id))
        let concludedFacts = Set(base.factRules.compactMap { rule -> String? in
            if case let .fact(name, _) = rule.conclusion { return name }
            return nil
        })
        let diagnosisIDs = Set(base.diagnosisRules.compactMap(\.diagnosisID))

        var seenRules: [String: SourceLocation] = [:]
        for rule in base.rules {
            if let first = seenRules[rule.name] {
                issues.append(RuleBaseIssue(rule.location, "rule name `\(rule.name)` is also used by \(first)"))
            }
            seenRules[rule.name] = rule.location
            if let id = rule.diagnosisID {
                if !isDotted(id) {
                    issues.append(RuleBaseIssue(rule.location, "diagnosis ID `\(id)` must be dotted lower-case, like `ike.auth-failed-psk`"))
                }
                if let article = rule.article, !articleIDs.contains(article) {
                    issues.append(RuleBaseIssue(rule.location, "no knowledge article `\(article)` (write Knowledge/diagnoses/\(article).md)"))
                }
                if rule.remedies.values.allSatisfy(\.isEmpty), rule.severity != .info {
                    issues.append(RuleBaseIssue(rule.location, "a \(rule.severity.rawValue) needs `remedies`"))
                }
            } else if case let .fact(name, _) = rule.conclusion, definition(of: name) == nil {
                issues.append(RuleBaseIssue(rule.location, "concludes `\(name)`, which is not in Rules/facts.yaml"))
            }
            for fact in rule.condition.factNames.sorted() {
                guard let def = definition(of: fact) else {
                    issues.append(RuleBaseIssue(rule.conditionLocation, "unknown fact `\(fact)`\(suggestion(fact, base))"))
                    continue
                }
                // A fact only rules can conclude, and no rule concludes, can never be known.
                if def.from == ["rule"], !concludedFacts.contains(fact),
                   !isNegatedOnly(fact, in: rule.condition) {
                    issues.append(RuleBaseIssue(rule.conditionLocation, "unreachable: `\(fact)` is concluded by no rule"))
                }
            }
            if case .constant(false) = rule.condition {
                issues.append(RuleBaseIssue(rule.conditionLocation, "unreachable: the condition is always false"))
            }
            if !rule.examples.contains(where: \.fires) {
                issues.append(RuleBaseIssue(rule.location, "needs an example that fires (examples: - {facts: ..., fires: true})"))
            }
            if !rule.examples.contains(where: { !$0.fires }) {
                issues.append(RuleBaseIssue(rule.location, "needs an example that does not fire (fires: false)"))
            }
            for example in rule.examples {
                for fact in example.facts.keys.sorted() where definition(of: fact) == nil {
                    issues.append(RuleBaseIssue(example.location, "example `\(example.name)`: unknown fact `\(fact)`\(suggestion(fact, base))"))
                }
            }
            for id in rule.explains where !diagnosisIDs.contains(id) && !Catalogue.contractIDs.contains(id) {
                issues.append(RuleBaseIssue(rule.location, "`explains` names `\(id)`, which no rule concludes"))
            }
        }
        for id in Catalogue.contractIDs where !articleIDs.contains(id) {
            issues.append(RuleBaseIssue(SourceLocation(file: "Knowledge/diagnoses/\(id).md", line: 1),
                                        "the contract's diagnosis `\(id)` has no article"))
        }
        for id in Catalogue.contractIDs where !diagnosisIDs.contains(id) {
            issues.append(RuleBaseIssue(SourceLocation(file: "Rules", line: 1),
                                        "the contract's diagnosis `\(id)` has no rule", severity: .warning))
        }
        var seenQuestions: [String: SourceLocation] = [:]
        for q in base.questions {
            if let first = seenQuestions[q.id] {
                issues.append(RuleBaseIssue(q.location, "question id `\(q.id)` is also used by \(first)"))
            }
            seenQuestions[q.id] = q.location
            if !q.isObservation, definition(of: q.fact) == nil {
                issues.append(RuleBaseIssue(q.location, "question `\(q.id)` sets unknown fact `\(q.fact)`"))
            }
            issues += lintChoices(q, base)
            if q.how.isEmpty, q.cost > 1 {
                issues.append(RuleBaseIssue(q.location, "question `\(q.id)` costs effort, so say `how` to find out"))
            }
        }
        var seenArticles: [String: SourceLocation] = [:]
        for a in base.articles {
            if let first = seenArticles[a.id] {
                issues.append(RuleBaseIssue(a.location, "article id `\(a.id)` is also used by \(first)"))
            }
            seenArticles[a.id] = a.location
            let stem = ((a.location.file as NSString).lastPathComponent as NSString).deletingPathExtension
            if stem != a.id {
                issues.append(RuleBaseIssue(a.location, "article id `\(a.id)` differs from its file name `\(stem)`"))
            }
            for target in a.seeAlso where !articleIDs.contains(target) {
                issues.append(RuleBaseIssue(a.location, "see_also names `\(target)`, which is no article"))
            }
        }
        return issues
    }

    /// Choices are distinct; what an observation question sets is in the vocabulary, of the
    /// right type, and its answers really differ (two answers that set the same facts alike
    /// would teach nothing).
    static func lintChoices(_ q: Question, _ base: RuleBase) -> [RuleBaseIssue] {
        var issues: [RuleBaseIssue] = []
        var seen = Set<String>()
        for c in q.choices where !seen.insert(c.answer.lowercased()).inserted {
            issues.append(RuleBaseIssue(c.location, "question `\(q.id)` offers `\(c.answer)` twice"))
        }
        guard q.isObservation else { return issues }
        if q.choices.count < 2 { issues.append(RuleBaseIssue(q.location, "question `\(q.id)` needs at least two choices")) }
        let placed = q.choices.flatMap { c in c.sets.map { ($0, c.location) } } + q.otherwise.map { ($0, q.location) }
        for (a, location) in placed {
            guard let def = base.definition(of: a.fact) else {
                issues.append(RuleBaseIssue(location, "question `\(q.id)` sets unknown fact `\(a.fact)`\(suggestion(a.fact, base))"))
                continue
            }
            if !fits(a.value, def.kind) {
                issues.append(RuleBaseIssue(location, "question `\(q.id)` sets \(def.kind.rawValue) fact `\(a.fact)` to \(a.value)"))
            }
        }
        var outcomes: [String: String] = [:]
        for c in q.choices {
            let key = q.assignments(for: c).map { "\($0.fact)=\($0.value)" }.sorted().joined(separator: ",")
            if let other = outcomes[key] {
                issues.append(RuleBaseIssue(c.location, "answers `\(other)` and `\(c.answer)` of `\(q.id)` set the same facts"))
            }
            outcomes[key] = c.answer
        }
        return issues
    }

    static func fits(_ v: FactValue, _ kind: FactDefinition.Kind) -> Bool {
        switch (v, kind) {
        case (.bool, .bool), (.number, .number), (.string, .string), (.list, .list): return true
        default: return false
        }
    }

    static func isDotted(_ id: String) -> Bool {
        let parts = id.split(separator: ".", omittingEmptySubsequences: false)
        return parts.count >= 2 && parts.allSatisfy { part in
            !part.isEmpty && part.allSatisfy { $0.isLowercase || $0.isNumber || $0 == "-" }
        }
    }

    /// `not verdict.x` or `unknown(x)` are fine on a fact no rule concludes: they are simply true.
    static func isNegatedOnly(_ fact: String, in condition: Condition) -> Bool {
        switch condition {
        case let .not(inner): return inner.factNames.contains(fact)
        case let .unknown(name): return name == fact
        case let .and(items), let .or(items): return items.allSatisfy { !$0.factNames.contains(fact) || isNegatedOnly(fact, in: $0) }
        default: return false
        }
    }

    public static func suggestion(_ fact: String, _ base: RuleBase) -> String {
        let close = base.vocabulary.map(\.name).min { distance($0, fact) < distance($1, fact) }
        guard let close, distance(close, fact) <= max(3, fact.count / 4) else { return "" }
        return " (did you mean `\(close)`?)"
    }

    static func distance(_ a: String, _ b: String) -> Int {
        let a = Array(a), b = Array(b)
        var row = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var prev = row[0]
            row[0] = i
            for j in 1...max(b.count, 1) where !b.isEmpty {
                let tmp = row[j]
                row[j] = min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] == b[j - 1] ? 0 : 1))
                prev = tmp
            }
        }
        return row[b.count]
    }
}

import Foundation
