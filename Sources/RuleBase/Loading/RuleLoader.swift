import Facts
import Yams

/// Reads one rule file. The format, in short (Rules/README.md has the whole story):
///
///     diagnosis: ike.auth-failed-psk     # or: conclude: {fact: phase1.up, value: true}
///     title: The pre-shared keys differ
///     phase: phase1
///     severity: problem
///     confidence: 0.95
///     when: log.ike.auth_failed and not ike.sa.established
///     evidence: ["..."]
///     remedies: {strongswan: ["..."], any: ["..."]}
///     examples:
///       - {name: "...", facts: {log.ike.auth_failed: true}, fires: true}
enum RuleLoader {
    static let keys: Set<String> = ["diagnosis", "conclude", "title", "phase", "severity", "confidence", "when",
                                    "evidence", "remedies", "explains", "article", "examples", "rule"]
    static let phases: Set<String> = ["phase1", "phase2", "dataplane", "host", "meta"]

    static func load(_ file: YAMLFile, name: String) -> (Rule?, [RuleBaseIssue]) {
        guard let root = file.root, root.mapping != nil else {
            return (nil, [RuleBaseIssue(file.location(file.root), "a rule file holds one mapping (diagnosis:, when:, ...)")])
        }
        var r = MappingReader(file: file, node: root)
        r.rejectUnknownKeys(allowed: keys)

        var conclusion: Rule.Conclusion?
        if let id = r.string("diagnosis", required: false) {
            conclusion = .diagnosis(id)
        }
        if let c = r.value("conclude") {
            if conclusion != nil { r.issues.append(RuleBaseIssue(file.location(c), "a rule has `diagnosis` or `conclude`, not both")) }
            let fields = c.mapping == nil ? nil : MappingReader(file: file, node: c)
            if let fact = fields?.value("fact")?.string, let value = fields?.value("value")?.factValue {
                conclusion = .fact(fact, value)
            } else {
                r.issues.append(RuleBaseIssue(file.location(c), "`conclude` needs `fact:` and `value:`"))
            }
        }
        if conclusion == nil, r.value("conclude") == nil {
            r.issues.append(RuleBaseIssue(r.location, "missing `diagnosis` (or `conclude` for an intermediate fact)"))
        }
        let title = r.string("title") ?? ""
        let phase = r.string("phase") ?? "meta"
        if !phases.contains(phase) {
            r.issues.append(RuleBaseIssue(file.location(r.value("phase")), "`phase` is one of \(phases.sorted().joined(separator: ", "))"))
        }
        let severityText = r.string("severity", required: conclusion?.isDiagnosis ?? false) ?? "info"
        let severity = Rule.Severity(rawValue: severityText)
        if severity == nil {
            r.issues.append(RuleBaseIssue(file.location(r.value("severity")), "`severity` is problem, warning or info, not '\(severityText)'"))
        }
        let confidence = r.number("confidence") ?? 0
        if !(0...1).contains(confidence) {
            r.issues.append(RuleBaseIssue(file.location(r.value("confidence")), "`confidence` is between 0 and 1"))
        }
        let whenText = r.string("when") ?? "false"
        let whenLocation = file.location(r.value("when"))
        var condition = Condition.constant(false)
        do {
            condition = try ConditionParser.parse(whenText)
        } catch let e as ConditionError {
            r.issues.append(RuleBaseIssue(whenLocation, "condition: \(e.message) at column \(e.column) of `\(whenText)`"))
        } catch {
            r.issues.append(RuleBaseIssue(whenLocation, "condition: \(error)"))
        }
        let evidence = r.strings("evidence")
        var remedies: [String: [String]] = [:]
        if let rem = r.value("remedies") {
            if let m = rem.mapping {
                for (k, v) in m {
                    guard let impl = k.string else { continue }
                    remedies[impl] = remedySteps(v, file, issues: &r.issues)
                }
            } else if rem.sequence != nil {
                remedies["any"] = remedySteps(rem, file, issues: &r.issues)
            } else {
                r.issues.append(RuleBaseIssue(file.location(rem), "`remedies` maps an implementation (or `any`) to a list"))
            }
        }
        let explains = r.strings("explains")
        let article = r.string("article", required: false)
        _ = r.string("rule", required: false)
        let examples = loadExamples(file, r.value("examples"), issues: &r.issues)

        guard let conclusion, let severity else { return (nil, r.issues) }
        let rule = Rule(name: name, conclusion: conclusion, title: title, phase: phase, severity: severity,
                        confidence: confidence, condition: condition, conditionText: whenText, evidence: evidence,
                        remedies: remedies, explains: explains,
                        article: article ?? (conclusion.isDiagnosis ? conclusion.label : nil),
                        examples: examples, location: r.location, conditionLocation: whenLocation)
        return (rule, r.issues)
    }

    /// One implementation's remedy steps: one text, or a list of texts. YAML reads an unquoted
    /// step with `: ` in it as a mapping, and splits a `[...]` list at every unquoted comma
    /// (`[fix the key, then renegotiate]` is two steps, the second "then renegotiate"): both
    /// are reported with their line instead of losing or cutting a step the operator needs.
    static func remedySteps(_ node: Node, _ file: YAMLFile, issues: inout [RuleBaseIssue]) -> [String] {
        if let s = node.scalar?.string { return [s] }
        guard let seq = node.sequence else {
            issues.append(RuleBaseIssue(file.location(node), "remedy steps are a text or a list of texts"))
            return []
        }
        var steps: [String] = []
        var previousLine: Int?
        for item in seq {
            guard let s = item.scalar?.string else {
                issues.append(RuleBaseIssue(file.location(item), "a remedy step is a text: quote it (an unquoted `: ` makes it a mapping)"))
                continue
            }
            // Yams keeps no flow/block style on composed nodes: two items on one line are a `[...]`.
            let line = item.mark?.line
            defer { previousLine = line }
            if line != nil, line == previousLine, item.scalar?.style == .plain {
                issues.append(RuleBaseIssue(file.location(item), "remedy step \"\(s)\" follows an unquoted comma on the same line: quote each step of a `[...]` list, or write one step per line"))
            }
            steps.append(s)
        }
        return steps
    }

    static func loadExamples(_ file: YAMLFile, _ node: Node?, issues: inout [RuleBaseIssue]) -> [RuleExample] {
        guard let node else { return [] }
        guard let seq = node.sequence else {
            issues.append(RuleBaseIssue(file.location(node), "`examples` is a list of {name, facts, fires}"))
            return []
        }
        var out: [RuleExample] = []
        for (i, item) in seq.enumerated() {
            var r = MappingReader(file: file, node: item)
            guard item.mapping != nil else {
                issues.append(RuleBaseIssue(file.location(item), "example \(i + 1) must be a mapping"))
                continue
            }
            r.rejectUnknownKeys(allowed: ["name", "facts", "fires"])
            let name = r.string("name", required: false) ?? "example \(i + 1)"
            let firesText = r.string("fires") ?? "true"
            guard let fires = Bool(firesText.lowercased()) else {
                issues.append(RuleBaseIssue(file.location(r.value("fires")), "`fires` is true or false"))
                continue
            }
            var facts: [String: FactValue] = [:]
            if let f = r.value("facts"), f.scalar?.string != "{}" {
                for (name, value) in file.factMapping(f, key: "facts", issues: &issues) { facts[name] = value }
            }
            issues.append(contentsOf: r.issues)
            out.append(RuleExample(name: name, facts: facts, fires: fires, location: r.location))
        }
        return out
    }
}

extension Rule.Conclusion {
    var isDiagnosis: Bool { if case .diagnosis = self { return true }; return false }
    /// The diagnosis ID or the concluded fact's name.
    public var label: String {
        switch self {
        case let .diagnosis(id): return id
        case let .fact(name, _): return name
        }
    }
}
