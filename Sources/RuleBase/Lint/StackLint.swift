import Facts

/// Checks that the rule base speaks of stacks and values as the code does: remedies and `how`
/// are keyed by the one list of implementations and platforms (`Facts/Stack.swift`), the
/// vocabulary's `values` of `host.os` and `ike.implementation` are exactly that list, and a
/// choice question offers only values its fact takes (answers are checked against them).
enum StackLint {
    static func lint(_ base: RuleBase) -> [RuleBaseIssue] {
        var issues: [RuleBaseIssue] = []
        let keys = Set(StackKey.all)
        let allowed = StackKey.all.joined(separator: ", ")
        for rule in base.rules {
            for key in rule.remedies.keys.sorted() where !keys.contains(key) {
                issues.append(RuleBaseIssue(rule.location, "remedies for `\(key)`: not an implementation or platform (allowed: \(allowed))"))
            }
        }
        for q in base.questions {
            for key in q.how.keys.sorted() where !keys.contains(key) {
                issues.append(RuleBaseIssue(q.location, "`how` for `\(key)`: not an implementation or platform (allowed: \(allowed))"))
            }
            if !q.isObservation, q.kind == .choice, let def = base.definition(of: q.fact), !def.values.isEmpty {
                for c in q.choices where !def.values.contains(c.answer) {
                    issues.append(RuleBaseIssue(c.location, "choice `\(c.answer)` is not a value of \(q.fact) (facts.yaml lists: \(def.values.joined(separator: ", ")))"))
                }
            }
        }
        let expected = ["host.os": Platform.allCases.map(\.rawValue) + Platform.otherValues,
                        "ike.implementation": Implementation.allCases.map(\.rawValue) + Implementation.otherValues]
        for (fact, values) in expected.sorted(by: { $0.key < $1.key }) {
            guard let def = base.vocabulary.first(where: { $0.name == fact }) else { continue }
            if Set(def.values) != Set(values) {
                issues.append(RuleBaseIssue(def.location, "`values` of \(fact) must be the stacks ipsec-doctor knows (Sources/Facts/Stack.swift): \(values.joined(separator: ", "))"))
            }
        }
        return issues
    }

    /// The Swift side of the same rule: a platform's name written as a literal (`"openbsd"`) or
    /// `host.os` set to a literal outside Sources/Facts/Stack.swift is a second list that will
    /// drift. Comment lines are skipped. The test suite runs this over Sources/.
    static func swiftLiterals(in text: String, file: String) -> [RuleBaseIssue] {
        let names = Platform.allCases.map { "\"\($0.rawValue)\"" }
        var issues: [RuleBaseIssue] = []
        for (i, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            if line.drop(while: { $0 == " " }).hasPrefix("//") { continue }
            let at = SourceLocation(file: file, line: i + 1)
            for name in names where line.contains(name) {
                issues.append(RuleBaseIssue(at, "the platform \(name) written as a literal: use Platform.\(name.dropFirst().dropLast()) (Sources/Facts/Stack.swift)"))
            }
            if line.contains("\"host.os\", .string(\"") {
                issues.append(RuleBaseIssue(at, "host.os set to a literal: use a Platform's rawValue (Sources/Facts/Stack.swift)"))
            }
        }
        return issues
    }
}
