import Yams

/// Reads `Rules/facts.yaml`, the list of facts rules may use.
enum VocabularyLoader {
    static func load(_ file: YAMLFile) -> ([FactDefinition], [RuleBaseIssue]) {
        guard let seq = file.root?.sequence else {
            return ([], [RuleBaseIssue(file.location(file.root), "facts.yaml is a list of {name, type, from, doc, values}")])
        }
        var out: [FactDefinition] = [], issues: [RuleBaseIssue] = []
        for item in seq {
            var r = MappingReader(file: file, node: item)
            r.rejectUnknownKeys(allowed: ["name", "type", "from", "doc", "values"])
            let name = r.string("name") ?? ""
            let typeText = r.string("type") ?? "bool"
            let kind = FactDefinition.Kind(rawValue: typeText)
            if kind == nil { r.issues.append(RuleBaseIssue(r.location, "`type` is bool, number, string or list")) }
            let from = r.strings("from")
            let doc = r.string("doc") ?? ""
            let values = r.strings("values")
            issues += r.issues
            out.append(FactDefinition(name: name, kind: kind ?? .string, from: from, doc: doc, values: values, location: r.location))
        }
        return (out, issues)
    }
}
