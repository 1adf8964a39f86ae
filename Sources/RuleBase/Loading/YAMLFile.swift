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
            return .success(YAMLFile(path: displayPath, root: try Yams.compose(yaml: text)))
        } catch let error as YamlError {
            return .failure(RuleBaseIssue(SourceLocation(file: displayPath, line: YAMLFile.line(of: error)),
                                          "YAML syntax: \(YAMLFile.problem(of: error))"))
        } catch {
            return .failure(RuleBaseIssue(SourceLocation(file: displayPath, line: 1), "YAML: \(error)"))
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
    private(set) var seenKeys: Set<String> = []

    init(file: YAMLFile, node: Node) {
        self.file = file
        self.node = node
    }

    var location: SourceLocation { file.location(node) }

    func value(_ key: String) -> Node? { node.mapping?[Node(key)] }

    mutating func string(_ key: String, required: Bool = true) -> String? {
        seenKeys.insert(key)
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
        seenKeys.insert(key)
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

    mutating func note(_ key: String) { seenKeys.insert(key) }

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
            if let n = float ?? int.map { Double($0) } { return .number(n) }
        }
        return .string(scalar.string)
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
