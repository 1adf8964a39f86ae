import Facts
import Foundation
import Yams

/// Facts the operator already knows, for `diagnose --answers FILE` and the wizard's `resume`.
/// The file is YAML (so JSON too): either a plain mapping `fact.name: value`, or a session file
/// saved by the wizard, whose answers sit under `answers:`.
public enum AnswerFile {
    public struct Answer: Sendable {
        public var fact: String
        public var value: FactValue
        public var location: SourceLocation
    }

    public static func load(_ path: String) throws -> [Answer] {
        let file: YAMLFile
        switch YAMLFile.load(path, displayPath: path) {
        case let .failure(issue): throw issue
        case let .success(f): file = f
        }
        guard let root = file.root else { return [] }
        guard var mapping = root.mapping else {
            throw RuleBaseIssue(file.location(root), "an answers file maps fact names to values (fact.name: value)")
        }
        if let inner = mapping[Node("answers")] {
            guard let m = inner.mapping else {
                throw RuleBaseIssue(file.location(inner), "`answers:` maps fact names to values")
            }
            mapping = m
        }
        var out: [Answer] = []
        for (key, value) in mapping {
            guard let name = key.string else { throw RuleBaseIssue(file.location(key), "a fact name must be text") }
            guard let v = value.factValue else {
                throw RuleBaseIssue(file.location(value), "`\(name)` needs a single value or a list")
            }
            out.append(Answer(fact: name, value: v, location: file.location(key)))
        }
        return out
    }

    /// Writes answers in the session format `load` reads back. Values only: never secrets.
    public static func write(_ answers: [(String, FactValue)], to path: String, comment: String) throws {
        var text = "# \(comment)\nanswers:\n"
        for (name, value) in answers {
            text += "  \(name): \(yamlScalar(value))\n"
        }
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func yamlScalar(_ v: FactValue) -> String {
        switch v {
        case let .bool(b): return b ? "true" : "false"
        case let .number(n): return JSONValue.format(number: n)
        case let .string(s): return "\"" + s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
        case let .list(items): return "[" + items.map { yamlScalar(.string($0)) }.joined(separator: ", ") + "]"
        }
    }
}
