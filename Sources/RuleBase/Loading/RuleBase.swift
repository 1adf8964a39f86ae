import Foundation

/// The whole declarative knowledge of the tool: the fact vocabulary, the rules, the questions
/// and the knowledge articles, as loaded from `Rules/` and `Knowledge/`.
public struct RuleBase: Sendable {
    public var vocabulary: [FactDefinition] = []
    public var rules: [Rule] = []
    public var questions: [Question] = []
    public var articles: [Article] = []
    /// Problems met while loading (syntax, missing fields). `RuleLinter` adds the cross-checks.
    public var issues: [RuleBaseIssue] = []
    public var rulesDirectory: String
    public var knowledgeDirectory: String

    public var diagnosisRules: [Rule] { rules.filter { $0.diagnosisID != nil } }
    public var factRules: [Rule] { rules.filter { $0.diagnosisID == nil } }

    public func definition(of fact: String) -> FactDefinition? {
        vocabulary.first { $0.name == fact } ?? vocabulary.first { $0.covers(fact) }
    }

    /// The question that asks for `fact`: its own single-fact question if there is one, else an
    /// observation question whose answers set it.
    public func question(setting fact: String) -> Question? {
        questions.first { $0.fact == fact } ?? questions.first { $0.isObservation && $0.facts.contains(fact) }
    }
    public func question(id: String) -> Question? { questions.first { $0.id == id } }

    /// Finds an article by ID, file name, alias or title word, case-insensitively.
    public func article(for topic: String) -> Article? {
        let t = topic.lowercased().trimmingCharacters(in: .whitespaces)
        let normalized = t.replacingOccurrences(of: " ", with: "-")
        return articles.first { $0.id.lowercased() == t || $0.id.lowercased() == normalized }
            ?? articles.first { $0.aliases.contains { $0.lowercased() == t } }
            ?? articles.first { $0.id.lowercased().hasPrefix(normalized) }
    }

    /// Loads everything below the two directories. Never throws: problems become `issues`.
    public static func load(rules rulesDirectory: String, knowledge knowledgeDirectory: String) -> RuleBase {
        var base = RuleBase(rulesDirectory: rulesDirectory, knowledgeDirectory: knowledgeDirectory)
        let fm = FileManager.default
        let rulesParent = (rulesDirectory as NSString).deletingLastPathComponent
        func display(_ path: String, under parent: String) -> String {
            path.hasPrefix(parent + "/") ? String(path.dropFirst(parent.count + 1)) : path
        }
        for path in RuleBase.files(under: rulesDirectory, ending: [".yaml", ".yml"]) {
            let shown = display(path, under: rulesParent)
            let fileName = (path as NSString).lastPathComponent
            switch YAMLFile.load(path, displayPath: shown) {
            case let .failure(issue): base.issues.append(issue)
            case let .success(file):
                if fileName == "facts.yaml", (path as NSString).deletingLastPathComponent == rulesDirectory {
                    let (defs, issues) = VocabularyLoader.load(file)
                    base.vocabulary += defs; base.issues += issues
                } else if path.contains("/questions/") {
                    let (qs, issues) = QuestionLoader.load(file)
                    base.questions += qs; base.issues += issues
                } else {
                    let name = ((fileName as NSString).deletingPathExtension)
                    let (rule, issues) = RuleLoader.load(file, name: name)
                    if let rule { base.rules.append(rule) }
                    base.issues += issues
                }
            }
        }
        if !fm.fileExists(atPath: rulesDirectory) {
            base.issues.append(RuleBaseIssue(SourceLocation(file: rulesDirectory, line: 1), "rules directory not found"))
        }
        let knowledgeParent = (knowledgeDirectory as NSString).deletingLastPathComponent
        for path in RuleBase.files(under: knowledgeDirectory, ending: [".md"]) where !path.hasSuffix("/README.md") {
            let (article, issues) = KnowledgeLoader.load(path: path, displayPath: display(path, under: knowledgeParent))
            if let article { base.articles.append(article) }
            base.issues += issues
        }
        return base
    }

    /// Regular files below `root` with one of the endings, in a stable order.
    static func files(under root: String, ending: [String]) -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
        var out: [String] = []
        while let rel = walker.nextObject() as? String {
            guard ending.contains(where: { rel.hasSuffix($0) }) else { continue }
            out.append(root + "/" + rel)
        }
        return out.sorted()
    }
}
