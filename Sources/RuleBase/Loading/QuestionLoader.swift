import Facts
import Yams

/// Reads `Rules/questions/*.yaml`: each file is a list of questions.
///
/// A single-fact question names its `fact`; its `choices` (for `type: choice`) are plain values.
/// An observation question has no `fact`: each choice is a mapping
/// `{answer: TEXT, means: TEXT, sets: {FACT: VALUE, ...}}`, and `otherwise: {FACT: VALUE}` gives
/// the facts a choice leaves out.
enum QuestionLoader {
    static func load(_ file: YAMLFile) -> ([Question], [RuleBaseIssue]) {
        guard let seq = file.root?.sequence else {
            return ([], [RuleBaseIssue(file.location(file.root), "a questions file is a list of questions")])
        }
        var out: [Question] = [], issues: [RuleBaseIssue] = []
        for item in seq {
            var r = MappingReader(file: file, node: item)
            r.rejectUnknownKeys(allowed: ["id", "fact", "ask", "type", "choices", "otherwise", "help", "how", "cost"])
            let id = r.string("id") ?? ""
            let observation = r.value("fact") == nil && r.value("choices")?.sequence?.contains { $0.mapping != nil } == true
            let fact = observation ? "" : (r.string("fact") ?? "")
            let prompt = r.string("ask") ?? ""
            let kindText = r.string("type", required: false) ?? (observation ? "choice" : "yesno")
            let kind = Question.Kind(rawValue: kindText)
            if kind == nil { r.issues.append(RuleBaseIssue(r.location, "`type` is yesno, choice, number or text")) }
            if observation, kind != .choice {
                r.issues.append(RuleBaseIssue(r.location, "a question without `fact` is a `choice` whose answers say what they `sets`"))
            }
            let choices = loadChoices(file, r.value("choices"), observation: observation, issues: &r.issues)
            if kind == .choice, choices.isEmpty { r.issues.append(RuleBaseIssue(r.location, "a choice question needs `choices`")) }
            var otherwise: [Question.Assignment] = []
            if let node = r.value("otherwise") {
                if !observation { r.issues.append(RuleBaseIssue(file.location(node), "`otherwise` is for questions whose choices say what they `sets`")) }
                otherwise = assignments(file, node, key: "otherwise", issues: &r.issues)
            }
            let help = r.string("help") ?? ""
            var how: [String: String] = [:]
            if let h = r.value("how") {
                if let m = h.mapping {
                    for (k, v) in m { if let key = k.string, let s = v.string { how[key] = s } }
                } else if let s = h.string { how["any"] = s }
            }
            let cost = r.number("cost", required: false) ?? 1
            issues += r.issues
            out.append(Question(id: id, fact: fact, prompt: prompt, kind: kind ?? .text, choices: choices, otherwise: otherwise,
                                help: help, how: how, cost: cost, location: r.location))
        }
        return (out, issues)
    }

    /// Plain values (`[start, trap, none]`), or mappings with `answer`, `means` and `sets`.
    static func loadChoices(_ file: YAMLFile, _ node: Node?, observation: Bool, issues: inout [RuleBaseIssue]) -> [Question.Choice] {
        guard let node else { return [] }
        guard let seq = node.sequence else {
            issues.append(RuleBaseIssue(file.location(node), "`choices` must be a list"))
            return []
        }
        var out: [Question.Choice] = []
        for item in seq {
            if let s = item.scalar?.string {
                if observation {
                    issues.append(RuleBaseIssue(file.location(item), "choice `\(s)` must say what it `sets`, like the other choices"))
                }
                out.append(Question.Choice(answer: s, location: file.location(item)))
                continue
            }
            var r = MappingReader(file: file, node: item)
            r.rejectUnknownKeys(allowed: ["answer", "means", "sets"])
            let answer = r.string("answer") ?? ""
            if answer.contains(" ") { r.issues.append(RuleBaseIssue(r.location, "answer `\(answer)` must be one word, so it can be typed and completed")) }
            let means = r.string("means", required: false) ?? ""
            var sets: [Question.Assignment] = []
            if let s = r.value("sets") {
                sets = assignments(file, s, key: "sets", issues: &r.issues)
            } else {
                r.issues.append(RuleBaseIssue(r.location, "choice `\(answer)` needs `sets: {FACT: VALUE}`"))
            }
            issues += r.issues
            out.append(Question.Choice(answer: answer, meaning: means, sets: sets, location: r.location))
        }
        return out
    }

    /// `sets:` and `otherwise:`, read like a rule example's `facts`.
    static func assignments(_ file: YAMLFile, _ node: Node, key: String, issues: inout [RuleBaseIssue]) -> [Question.Assignment] {
        file.factMapping(node, key: key, issues: &issues).map { Question.Assignment($0.0, $0.1) }
    }
}
