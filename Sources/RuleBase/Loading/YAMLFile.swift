import Facts
import Foundation
import Yams

/// A YAML file read with line numbers, so that every complaint names `file:line`.
struct YAMLFile {
    let path: String
    let root: Node?

    /// Reads and composes the file; a syntax error becomes an issue at the line YAML reports.
    static func load(_ path: String, displayPath: String) -> Result<YAMLFile, RuleBaseIssue> {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            return .failure(RuleBaseIssue(SourceLocation(file: displayPath, line: 1), "cannot read the file as UTF-8 text"))
        }
        do {
            return .success(YAMLFile(path: displayPath, root: try compose(text)))
        } catch let error as YamlError {
            return .failure(RuleBaseIssue(SourceLocation(file: displayPath, line: YAMLFile.line(of: error)),
                                          "YAML syntax: \(YAMLFile.problem(of: error))"))
        } catch {
            return .failure(RuleBaseIssue(SourceLocation(file: displayPath, line: 1), "YAML: \(error)"))
        }
    }

    /// `Yams.compose`, the same nodes and the same errors, faster. Composing checks that no key
    /// repeats in a mapping by hashing the keys with their resolved tags, and Yams resolves a
    /// tag by trying up to seven NSRegularExpressions: a third of `rules check`'s time. With no
    /// tag rules (`Resolver.basic`) every untagged key is text, so that check finds every repeat
    /// the default rules find, and more (a quoted `"1"` and a plain `1` look alike), unless an
    /// explicit tag (`!!int 1`) makes a key other than text. So: when the fast pass finds a
    /// repeat, or the file has an explicit tag, the file is composed again with the default
    /// rules, whose verdict stands. Nothing else the loaders read depends on the resolver:
    /// scalars are read as text, and `Node.factValue` types plain scalars itself. The encoding
    /// is given, as Yams would choose it, because choosing reads the whole environment.
    static func compose(_ text: String) throws -> Node? {
        let node: Node?
        do {
            node = try Yams.compose(yaml: text, .basic, .default, .utf8)
        } catch YamlError.duplicatedKeysInMapping {
            return try Yams.compose(yaml: text, .default, .default, .utf8)
        }
        // Aliases (`*a`) share the node they name, so a few lines can stand for a billion nodes
        // that every walk below would visit: no rule file comes near the budget.
        if let node, mayExceedBudget(text), !node.fits(within: nodeBudget) {
            throw TooManyNodes(budget: nodeBudget)
        }
        // An explicit tag is written with a `!`: a text without one has none (and needs no walk).
        if let node, text.utf8.contains(UInt8(ascii: "!")), hasExplicitTag(node) { return try Yams.compose(yaml: text, .default, .default, .utf8) }
        return node
    }

    /// More nodes than any rule, question or answers file holds (the largest has a few thousand).
    static let nodeBudget = 200_000

    /// Whether the text can compose to more than `nodeBudget` nodes at all, so that counting them
    /// is needed (counting walked every file's tree: 2 % of `rules check`). Only an alias (`*a`)
    /// makes a node stand for more than its own bytes: without one, each node is an event
    /// libyaml read from at least half a byte of the text (`[:,:]`, three nodes per `:,`, is the
    /// densest), so a text of fewer than budget / 4 bytes with no `*` cannot exceed the budget.
    static func mayExceedBudget(_ text: String) -> Bool {
        text.utf8.count >= nodeBudget / 4 || text.utf8.contains(UInt8(ascii: "*"))
    }

    struct TooManyNodes: Error, CustomStringConvertible {
        let budget: Int
        var description: String { "more than \(budget) nodes once its aliases (*name) are expanded; write the values out" }
    }

    /// Tags a node has without an explicit one: none yet, `!` (quoted), or what `.basic` resolved.
    private static let untagged: Set<String> = ["", "!", Tag.Name.str.rawValue, Tag.Name.seq.rawValue, Tag.Name.map.rawValue]

    static func hasExplicitTag(_ node: Node) -> Bool {
        switch node {
        case let .scalar(s): return !untagged.contains(s.tag.description)
        case let .mapping(m): return !untagged.contains(m.tag.description) || m.contains { hasExplicitTag($0.key) || hasExplicitTag($0.value) }
        case let .sequence(q): return !untagged.contains(q.tag.description) || q.contains(where: hasExplicitTag)
        case .alias: return true
        }
    }

    static func line(of error: YamlError) -> Int { YAMLErrorText.line(of: error) }

    static func problem(of error: YamlError) -> String { YAMLErrorText.problem(of: error) }

    func location(_ node: Node?) -> SourceLocation {
        SourceLocation(file: path, line: node?.mark?.line ?? 1)
    }
}

/// Reads typed fields out of one YAML mapping, collecting issues instead of throwing, so one
/// `rules check` run reports every mistake in a file, not just the first.
struct MappingReader {
    let file: YAMLFile
    let node: Node
    var issues: [RuleBaseIssue] = []
    /// The mapping's scalar keys' text and their values, in the order written; a key is looked
    /// up from the end, so the last of a repeated key wins, as Yams' own lookup does. (Yams'
    /// `mapping[Node(key)]` compares keys by resolved tag, which runs its tag regexes
    /// (NSRegularExpression) on every key it passes; a mapping has a dozen keys at most, fewer
    /// than it takes for hashing them to pay.)
    private let keys: [String]
    private let values: [Node]

    init(file: YAMLFile, node: Node) {
        self.file = file
        self.node = node
        var keys: [String] = [], values: [Node] = []
        for (key, value) in node.mapping ?? [:] {
            if let k = key.scalar?.string { keys.append(k); values.append(value) }
        }
        self.keys = keys
        self.values = values
    }

    var location: SourceLocation { file.location(node) }

    func value(_ key: String) -> Node? { keys.lastIndex(of: key).map { values[$0] } }

    mutating func string(_ key: String, required: Bool = true) -> String? {
        guard let v = value(key) else {
            if required { issues.append(RuleBaseIssue(location, "missing `\(key)`")) }
            return nil
        }
        guard let s = v.scalar?.string else {
            issues.append(RuleBaseIssue(file.location(v), "`\(key)` must be a single value"))
            return nil
        }
        return s
    }

    mutating func number(_ key: String, required: Bool = true) -> Double? {
        guard let s = string(key, required: required) else { return nil }
        guard let n = Double(s) else {
            issues.append(RuleBaseIssue(file.location(value(key)), "`\(key)` must be a number, not '\(s)'"))
            return nil
        }
        return n
    }

    mutating func strings(_ key: String) -> [String] {
        guard let v = value(key) else { return [] }
        if let s = v.scalar?.string { return [s] }
        guard let seq = v.sequence else {
            issues.append(RuleBaseIssue(file.location(v), "`\(key)` must be a list"))
            return []
        }
        return seq.compactMap { item in
            if let s = item.scalar?.string { return s }
            issues.append(RuleBaseIssue(file.location(item), "items of `\(key)` must be text"))
            return nil
        }
    }

    /// Unknown keys are usually typos (`remedy:` for `remedies:`); say so.
    mutating func rejectUnknownKeys(allowed: Set<String>) {
        guard let mapping = node.mapping else { return }
        for (key, _) in mapping {
            guard let k = key.string, !allowed.contains(k) else { continue }
            issues.append(RuleBaseIssue(file.location(key), "unknown key `\(k)` (allowed: \(allowed.sorted().joined(separator: ", ")))"))
        }
    }
}

extension YAMLFile {
    /// A `{FACT: VALUE}` mapping (a rule example's `facts`, an answer's `sets`), in the order
    /// written; what is not a name and a value becomes an issue under `key`.
    func factMapping(_ node: Node, key: String, issues: inout [RuleBaseIssue]) -> [(String, FactValue)] {
        guard let m = node.mapping else {
            issues.append(RuleBaseIssue(location(node), "`\(key)` maps fact names to values"))
            return []
        }
        var out: [(String, FactValue)] = []
        for (k, v) in m {
            guard let name = k.string, let value = v.factValue else {
                issues.append(RuleBaseIssue(location(k), "`\(key)` needs a fact name and a value"))
                continue
            }
            out.append((name, value))
        }
        return out
    }
}

extension Node {
    /// A YAML value as a fact value: booleans, numbers, text, or a list of text.
    public var factValue: FactValue? {
        if let seq = sequence { return .list(seq.compactMap { $0.scalar?.string }) }
        guard let scalar else { return nil }
        if scalar.style == .plain {
            if let b = bool { return .bool(b) }
            if Node.mayBeNumber(scalar.string), let n = float ?? int.map({ Double($0) }) { return .number(n) }
        }
        return .string(scalar.string)
    }

    /// Whether Yams' `float` or `int` can read the text at all: every number they take holds
    /// an ASCII digit (`Double(_:)`, `Int(_:radix:)`, sexagesimal) or is an infinity or a NaN
    /// (`.inf`, `inf`, `infinity`, `nan`, any case). Yams' reading replaces `_` through
    /// Foundation first, the slow part for the words most values are.
    static func mayBeNumber(_ text: String) -> Bool {
        var prev2: UInt8 = 0, prev: UInt8 = 0
        for c in text.utf8 {
            if c >= 0x30 && c <= 0x39 { return true }
            let l = c | 0x20
            // `inf` and `nan` end in `f` and `n`: look at the two letters before.
            if l == 0x66, prev == 0x6E, prev2 == 0x69 { return true }
            if l == 0x6E, prev == 0x61, prev2 == 0x6E { return true }
            prev2 = prev; prev = l
        }
        return false
    }
}

/// A YAML syntax error as `file:line: problem` needs it (rule files, answers files).
public enum YAMLErrorText {
    public static func line(of error: YamlError) -> Int {
        switch error {
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _): return mark.line
        default: return 1
        }
    }

    public static func problem(of error: YamlError) -> String {
        switch error {
        case let .scanner(context, problem, _, _), let .parser(context, problem, _, _), let .composer(context, problem, _, _):
            if let context { return "\(problem) (\(context.text))" }
            return problem
        default: return "\(error)"
        }
    }
}

extension Node {
    /// Whether the tree, aliases expanded, has at most `budget` nodes: stops counting as soon as
    /// it has more, so a billion-node alias bomb costs `budget` steps.
    func fits(within budget: Int) -> Bool {
        var left = budget
        return countDown(&left)
    }

    private func countDown(_ left: inout Int) -> Bool {
        left -= 1
        guard left >= 0 else { return false }
        switch self {
        case .scalar, .alias: return true
        case let .mapping(m): return m.allSatisfy { $0.key.countDown(&left) && $0.value.countDown(&left) }
        case let .sequence(q): return q.allSatisfy { $0.countDown(&left) }
        }
    }
}
