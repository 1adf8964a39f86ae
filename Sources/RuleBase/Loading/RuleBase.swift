import Facts
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
    /// The files are read on every core (`Concurrently.map`), each on its own, and put together
    /// in file order, as one after another would.
    public static func load(rules rulesDirectory: String, knowledge knowledgeDirectory: String) -> RuleBase {
        var base = RuleBase(rulesDirectory: rulesDirectory, knowledgeDirectory: knowledgeDirectory)
        let rulesParent = (rulesDirectory as NSString).deletingLastPathComponent
        let knowledgeParent = (knowledgeDirectory as NSString).deletingLastPathComponent
        let rulePaths = RuleBase.files(under: rulesDirectory, ending: [".yaml", ".yml"])
        let articlePaths = RuleBase.files(under: knowledgeDirectory, ending: [".md"]).filter { !$0.hasSuffix("/README.md") }
        let loaded = Concurrently.map(rulePaths.count + articlePaths.count) { i -> Loaded in
            if i >= rulePaths.count {
                let path = articlePaths[i - rulePaths.count]
                let (article, issues) = KnowledgeLoader.load(path: path, displayPath: display(path, under: knowledgeParent))
                return .article(article, issues)
            }
            return loadRuleFile(rulePaths[i], displayPath: display(rulePaths[i], under: rulesParent), rulesDirectory: rulesDirectory)
        }
        func add(_ item: Loaded) {
            switch item {
            case let .vocabulary(defs, issues): base.vocabulary += defs; base.issues += issues
            case let .questions(qs, issues): base.questions += qs; base.issues += issues
            case let .rule(rule, issues): if let rule { base.rules.append(rule) }; base.issues += issues
            case let .article(article, issues): if let article { base.articles.append(article) }; base.issues += issues
            case let .failure(issue): base.issues.append(issue)
            }
        }
        loaded[..<rulePaths.count].forEach(add)
        if !FileManager.default.fileExists(atPath: rulesDirectory) {
            base.issues.append(RuleBaseIssue(SourceLocation(file: rulesDirectory, line: 1), "rules directory not found"))
        }
        loaded[rulePaths.count...].forEach(add)
        return base
    }

    /// `path` as shown in messages: below the folder that holds `Rules/` (or `Knowledge/`).
    static func display(_ path: String, under parent: String) -> String {
        path.hasPrefix(parent + "/") ? String(path.dropFirst(parent.count + 1)) : path
    }

    /// What one file of the rule base holds, read on its own.
    enum Loaded: Sendable {
        case vocabulary([FactDefinition], [RuleBaseIssue])
        case questions([Question], [RuleBaseIssue])
        case rule(Rule?, [RuleBaseIssue])
        case article(Article?, [RuleBaseIssue])
        case failure(RuleBaseIssue)
    }

    /// A file below `Rules/`: the vocabulary (`Rules/facts.yaml`), a list of questions (below
    /// a `questions` folder) or a rule.
    static func loadRuleFile(_ path: String, displayPath: String, rulesDirectory: String) -> Loaded {
        let fileName = (path as NSString).lastPathComponent
        switch YAMLFile.load(path, displayPath: displayPath) {
        case let .failure(issue): return .failure(issue)
        case let .success(file):
            if fileName == "facts.yaml", (path as NSString).deletingLastPathComponent == rulesDirectory {
                let (defs, issues) = VocabularyLoader.load(file)
                return .vocabulary(defs, issues)
            } else if path.utf8.firstRange(of: "/questions/".utf8) != nil {
                let (qs, issues) = QuestionLoader.load(file)
                return .questions(qs, issues)
            } else {
                let (rule, issues) = RuleLoader.load(file, name: (fileName as NSString).deletingPathExtension)
                return .rule(rule, issues)
            }
        }
    }

    /// Entries below `root` whose names end in one of the endings, in a stable order: what
    /// `FileManager.enumerator(atPath:)` lists (every entry, hidden ones too; it descends into
    /// directories, not into links to them, and lists nothing when `root` itself is a link
    /// or no directory), read with `readdir` (the enumerator builds every path through
    /// NSString: a twentieth of `rules check`).
    static func files(under root: String, ending: [String]) -> [String] {
        var st = stat()
        guard lstat(root, &st) == 0, st.st_mode & S_IFMT == S_IFDIR else { return [] }
        var out: [String] = []
        func walk(_ dir: String) {
            guard let d = opendir(dir) else { return }
            defer { closedir(d) }
            while let entry = readdir(d) {
                let name = withUnsafePointer(to: entry.pointee.d_name) { p in
                    p.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: entry.pointee.d_name)) { String(cString: $0) }
                }
                if name == "." || name == ".." { continue }
                let path = dir + "/" + name
                if ending.contains(where: { name.hasSuffix($0) }) { out.append(path) }
                var isDir = entry.pointee.d_type == UInt8(DT_DIR)
                if entry.pointee.d_type == UInt8(DT_UNKNOWN), lstat(path, &st) == 0 { isDir = st.st_mode & S_IFMT == S_IFDIR }
                if isDir { walk(path) }
            }
        }
        walk(root)
        return out.sorted()
    }
}
