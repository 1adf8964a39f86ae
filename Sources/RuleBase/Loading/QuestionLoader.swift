import Yams

/// Reads `Rules/questions/*.yaml`: each file is a list of questions.
enum QuestionLoader {
    static func load(_ file: YAMLFile) -> ([Question], [RuleBaseIssue]) {
        guard let seq = file.root?.sequence else {
            return ([], [RuleBaseIssue(file.location(file.root), "a questions file is a list of questions")])
        }
        var out: [Question] = [], issues: [RuleBaseIssue] = []
        for item in seq {
            var r = MappingReader(file: file, node: item)
            r.rejectUnknownKeys(allowed: ["id", "fact", "ask", "type", "choices", "help", "how", "cost"])
            let id = r.string("id") ?? ""
            let fact = r.string("fact") ?? ""
            let prompt = r.string("ask") ?? ""
            let kindText = r.string("type", required: false) ?? "yesno"
            let kind = Question.Kind(rawValue: kindText)
            if kind == nil { r.issues.append(RuleBaseIssue(r.location, "`type` is yesno, choice, number or text")) }
            let choices = r.strings("choices")
            if kind == .choice, choices.isEmpty { r.issues.append(RuleBaseIssue(r.location, "a choice question needs `choices`")) }
            let help = r.string("help") ?? ""
            var how: [String: String] = [:]
            if let h = r.value("how") {
                r.note("how")
                if let m = h.mapping {
                    for (k, v) in m { if let key = k.string, let s = v.string { how[key] = s } }
                } else if let s = h.string { how["any"] = s }
            }
            let cost = r.number("cost", required: false) ?? 1
            issues += r.issues
            out.append(Question(id: id, fact: fact, prompt: prompt, kind: kind ?? .text, choices: choices, help: help,
                                how: how, cost: cost, location: r.location))
        }
        return (out, issues)
    }
}
