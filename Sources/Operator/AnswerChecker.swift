import Facts
import Foundation
import RuleBase

/// Checks an answer against the fact vocabulary (`Rules/facts.yaml`): the fact must exist, and
/// its value must have the fact's type and, where the vocabulary lists values, be one of them.
/// A value that does not fit is refused, naming the fact and what it accepts; nothing is guessed.
/// The exit code follows where the answer was written (docs/CONTRACT.md): an option or a typed
/// answer is a usage error (64), an answers file with a fact or value that does not fit is
/// invalid input (65), like the same file with broken YAML.
public struct AnswerChecker: Sendable {
    public let base: RuleBase
    /// Exact names first; families (`xfrm.stat.*`) through `RuleBase.definition`.
    private let exact: [String: FactDefinition]

    public init(base: RuleBase) {
        self.base = base
        self.exact = Dictionary(base.vocabulary.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    public func definition(of fact: String) -> FactDefinition? {
        exact[fact] ?? base.definition(of: fact)
    }

    /// The vocabulary entry for `fact`, or an error (`code`) naming `subject` and the nearest fact.
    public func definition(of fact: String, subject: String, code: DoctorError.Code) throws(DoctorError) -> FactDefinition {
        guard let def = definition(of: fact) else {
            throw DoctorError(code, "unknown fact `\(fact)`\(RuleLinter.suggestion(fact, base))", subject: subject,
                              hint: "`ipsec-doctor rules facts` lists the facts and their types")
        }
        return def
    }

    /// A value typed as text (`--answer FACT=TEXT`): refused as a usage error (64).
    public func value(text: String, for def: FactDefinition, fact: String, subject: String) throws(DoctorError) -> FactValue {
        guard let v = AnswerCoercion.value(text, kind: def.kind) else { throw refusal(text, def, fact, subject, .usage) }
        return try listed(v, shown: text, def, fact, subject, .usage)
    }

    /// A value read from a YAML file, with its YAML type (`true`, `2`, `"psk"`, `[a, b]`):
    /// refused as invalid input (65), naming `subject` (the file and line).
    public func value(_ v: FactValue, for def: FactDefinition, fact: String, subject: String) throws(DoctorError) -> FactValue {
        let typed: FactValue?
        switch (def.kind, v) {
        case (.bool, .bool), (.number, .number), (.string, .string), (.list, .list): typed = v
        case let (.bool, .string(s)): typed = AnswerCoercion.bool(s).map { .bool($0) }
        case let (.bool, .number(n)) where n == 0 || n == 1: typed = .bool(n == 1)
        case let (.number, .string(s)): typed = AnswerCoercion.value(s, kind: .number)
        case let (.string, .number(n)): typed = .string(JSONValue.format(number: n))
        case let (.list, .string(s)): typed = .list([s])
        default: typed = nil
        }
        guard let typed else { throw refusal(v.description, def, fact, subject, .badInput) }
        return try listed(typed, shown: v.description, def, fact, subject, .badInput)
    }

    /// What `def` accepts, in words: "yes or no", "one of: 1, 2", "a number".
    public static func accepted(_ def: FactDefinition) -> String {
        if !def.values.isEmpty { return "one of: " + def.values.joined(separator: ", ") }
        switch def.kind {
        case .bool: return "yes or no (true/false)"
        case .number: return "a number"
        case .string: return "text"
        case .list: return "a list: a,b or [a, b]"
        }
    }

    /// Where the vocabulary lists values, the value must be one of them (text compared
    /// case-insensitively and written as listed; numbers compared as numbers).
    private func listed(_ v: FactValue, shown: String, _ def: FactDefinition, _ fact: String, _ subject: String,
                        _ code: DoctorError.Code) throws(DoctorError) -> FactValue {
        guard !def.values.isEmpty else { return v }
        switch v {
        case let .string(s):
            if let canonical = def.values.first(where: { $0.lowercased() == s.lowercased() }) { return .string(canonical) }
        case let .number(n):
            if def.values.contains(where: { Double($0) == n }) { return v }
        default:
            return v
        }
        throw refusal(shown, def, fact, subject, code)
    }

    private func refusal(_ shown: String, _ def: FactDefinition, _ fact: String, _ subject: String,
                         _ code: DoctorError.Code) -> DoctorError {
        DoctorError(code, "`\(shown)` is not a value of \(fact) (\(def.kind.rawValue)); it accepts \(AnswerChecker.accepted(def))",
                    subject: subject, hint: "\(fact): \(def.doc)")
    }
}
