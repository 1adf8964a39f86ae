import Facts
import Foundation
import RuleBase
import Yams

/// Facts the operator already knows, for `diagnose --answers FILE` and the wizard's `resume`.
/// The file is YAML (so JSON too): either a plain mapping `fact.name: value`, or a session file
/// saved by the wizard, whose answers sit under `answers:`; answers under `overrides:` replace
/// what a probe saw (see `OperatorAnswers`).
///
/// The file is operator input, so it is read defensively: at most `maximumBytes`, a regular
/// file only, and YAML anchors and aliases are refused before the YAML is composed (an alias
/// used as a mapping key makes composing take minutes; answers never need one).
public enum AnswerFile {
    public struct Answer: Sendable {
        public var fact: String
        public var value: FactValue
        public var location: SourceLocation
        /// Written under `overrides:`: replaces what a probe saw.
        public var overrides: Bool
    }

    /// Far more than any list of answers; a bigger file is a mistake (a log given as answers).
    public static let maximumBytes = 1 << 20

    public static func load(_ path: String) throws(DoctorError) -> [Answer] {
        let text = try readText(path)
        if let line = aliasOrAnchorLine(text) {
            throw .badInput("YAML anchors and aliases (&name, *name) are not accepted in an answers file",
                            subject: "\(path):\(line)", hint: "write each value out in full")
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw .badInput("YAML syntax: \(YAMLErrorText.problem(of: error))", subject: "\(path):\(YAMLErrorText.line(of: error))")
        } catch {
            throw .badInput("YAML: \(error)", subject: path)
        }
        guard let root else { return [] }
        guard let mapping = root.mapping else {
            throw .badInput("an answers file maps fact names to values (fact.name: value)", subject: location(path, root).description)
        }
        let sectioned = mapping[Node("answers")] != nil || mapping[Node("overrides")] != nil
        let sections: [(Node, Bool)] = sectioned
            ? [("answers", false), ("overrides", true)].compactMap { key, overrides in mapping[Node(key)].map { ($0, overrides) } }
            : [(root, false)]
        var out: [Answer] = []
        for (section, overrides) in sections {
            guard let m = section.mapping else {
                // `answers: {}` written as `answers:` (empty) is a null scalar: no answers.
                if section.scalar?.string.isEmpty ?? false || section.null != nil { continue }
                throw .badInput("`\(overrides ? "overrides" : "answers"):` maps fact names to values", subject: location(path, section).description)
            }
            for (key, value) in m {
                guard let name = key.string else { throw .badInput("a fact name must be text", subject: location(path, key).description) }
                guard let v = value.factValue else {
                    throw .badInput("`\(name)` needs a single value or a list", subject: location(path, value).description)
                }
                out.append(Answer(fact: name, value: v, location: location(path, key), overrides: overrides))
            }
        }
        return out
    }

    /// The file's text, or an error that says why not: no such file, not a regular file, too
    /// big, not UTF-8.
    static func readText(_ path: String) throws(DoctorError) -> String {
        let url = URL(fileURLWithPath: path)
        let values = try? url.resourceValues(forKeys: [.isRegularFileKey, .fileSizeKey])
        guard FileManager.default.fileExists(atPath: path) else {
            throw .badInput("no such file", subject: path, hint: "give the path of an answers file (fact.name: value per line)")
        }
        guard values?.isRegularFile == true else { throw .badInput("not a regular file", subject: path) }
        if let size = values?.fileSize, size > maximumBytes {
            throw .badInput("too big for an answers file (\(size) bytes, at most \(maximumBytes))", subject: path)
        }
        let data: Data
        do {
            let handle = try FileHandle(forReadingFrom: url)
            defer { try? handle.close() }
            data = try handle.read(upToCount: maximumBytes + 1) ?? Data()
        } catch {
            throw .badInput("cannot read the file (\((error as NSError).localizedDescription))", subject: path)
        }
        if data.count > maximumBytes { throw .badInput("too big for an answers file (more than \(maximumBytes) bytes)", subject: path) }
        guard let text = String(data: data, encoding: .utf8) else { throw .badInput("not UTF-8 text", subject: path) }
        return text
    }

    /// The line of the first YAML anchor (`&a`) or alias (`*a`) outside quotes and comments, if
    /// any. One pass over the text: bounded whatever the file holds. A `*` or `&` inside a plain
    /// value (`a*b`) is not an indicator; one that starts a token is.
    static func aliasOrAnchorLine(_ text: String) -> Int? {
        var line = 1
        var quote: UInt8? = nil
        var inComment = false
        var previous: UInt8 = UInt8(ascii: "\n")
        let bytes = Array(text.utf8)
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            defer { previous = c; i += 1 }
            if c == UInt8(ascii: "\n") { line += 1; inComment = false; continue }
            if inComment { continue }
            if let q = quote {
                if q == UInt8(ascii: "\""), c == UInt8(ascii: "\\") { i += 1; continue }   // skip the escaped character
                if q == UInt8(ascii: "'"), c == q, i + 1 < bytes.count, bytes[i + 1] == q { i += 1; continue }   // '' is a quote
                if c == q { quote = nil }
                continue
            }
            let startsToken = previous == UInt8(ascii: " ") || previous == UInt8(ascii: "\t") || previous == UInt8(ascii: "\n")
                || previous == UInt8(ascii: "[") || previous == UInt8(ascii: "{") || previous == UInt8(ascii: ",")
            guard startsToken else { continue }
            switch c {
            case UInt8(ascii: "#"): inComment = true
            case UInt8(ascii: "\""), UInt8(ascii: "'"): quote = c
            case UInt8(ascii: "&"), UInt8(ascii: "*"):
                if i + 1 < bytes.count, ![UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n")].contains(bytes[i + 1]) { return line }
            default: break
            }
        }
        return nil
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

    static func location(_ path: String, _ node: Node?) -> SourceLocation {
        SourceLocation(file: path, line: node?.mark?.line ?? 1)
    }
}
