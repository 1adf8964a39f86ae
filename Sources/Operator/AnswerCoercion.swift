import Facts
import Foundation
import RuleBase

/// How operator text becomes a fact value: the one place that says what "yes" means. Used for
/// wizard answers, `--answer`, answers files (through `AnswerChecker`) and the benchmark.
public enum AnswerCoercion {
    /// Words meaning yes and no, as typed at a prompt or in `--answer` (compared lowercased).
    public static let yesWords: Set<String> = ["yes", "y", "true", "1"]
    public static let noWords: Set<String> = ["no", "n", "false", "0"]

    /// yes/no as typed, or nil when the text is neither.
    public static func bool(_ text: String) -> Bool? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        if yesWords.contains(t) { return true }
        if noWords.contains(t) { return false }
        return nil
    }

    /// `[a, b]` or `a, b` as a list of text.
    public static func list(_ text: String) -> [String] {
        var t = Substring(text.trimmingCharacters(in: .whitespaces))
        if t.hasPrefix("["), t.hasSuffix("]") { t = t.dropFirst().dropLast() }
        return t.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// Text read without a type: yes/no, numbers, `[a, b]`, else text.
    public static func untyped(_ text: String) -> FactValue {
        let t = text.trimmingCharacters(in: .whitespaces)
        switch t.lowercased() {
        case "true", "yes", "y": return .bool(true)
        case "false", "no", "n": return .bool(false)
        default: break
        }
        if let n = Double(t), n.isFinite { return .number(n) }
        if t.hasPrefix("["), t.hasSuffix("]") { return .list(list(t)) }
        return .string(t)
    }

    /// What the operator typed, in the fact's type from the vocabulary; nil when it does not fit.
    public static func value(_ text: String, kind: FactDefinition.Kind?) -> FactValue? {
        let t = text.trimmingCharacters(in: .whitespaces)
        guard !t.isEmpty else { return nil }
        switch kind {
        case .bool?:
            return bool(t).map { .bool($0) }
        case .number?:
            return Double(t).flatMap { $0.isFinite ? .number($0) : nil }
        case .string?:
            return .string(t)
        case .list?:
            return .list(list(t))
        case nil:
            return untyped(t)
        }
    }

    /// A value from a file or the benchmark's truth table, made to fit the vocabulary where that
    /// is unambiguous (`AnswerChecker` refuses what is not).
    public static func coerce(_ v: FactValue, to kind: FactDefinition.Kind?) -> FactValue {
        switch (kind, v) {
        case (.string?, .number(let n)): return .string(JSONValue.format(number: n))
        case (.string?, .bool(let b)): return .string(b ? "yes" : "no")
        case (.list?, .string(let s)): return .list([s])
        case (.bool?, .number(let n)): return .bool(n != 0)
        case (.bool?, .string(let s)): return bool(s).map { .bool($0) } ?? v
        case (.number?, .string(let s)): return Double(s).map { .number($0) } ?? v
        default: return v
        }
    }
}
