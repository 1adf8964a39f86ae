import Facts

/// One declarative rule from `Rules/<phase>/<name>.yaml`: when its condition holds, it concludes
/// either a diagnosis (a finding in the report) or an intermediate fact other rules use.
public struct Rule: Sendable {
    public enum Conclusion: Sendable, Equatable {
        case diagnosis(String)
        case fact(String, FactValue)
    }

    public enum Severity: String, Sendable, CaseIterable { case problem, warning, info }

    /// Unique rule name: the file name without `.yaml`.
    public var name: String
    public var conclusion: Conclusion
    public var title: String
    public var phase: String
    public var severity: Severity
    /// The rule's certainty factor: how sure the conclusion is when the condition certainly holds.
    public var confidence: Double
    public var condition: Condition
    public var conditionText: String
    /// Extra lines for the report; `{fact.name}` is replaced by the fact's value.
    public var evidence: [String]
    /// Remedies by implementation (`strongswan`, `libreswan`, `racoon`, `openbsd`, `illumos`, ...)
    /// and `any` for all. Most useful first.
    public var remedies: [String: [String]]
    /// Diagnoses this one explains: when both fire, those are shown as consequences of this one.
    public var explains: [String]
    public var article: String?
    public var examples: [RuleExample]
    public var location: SourceLocation
    public var conditionLocation: SourceLocation

    public var diagnosisID: String? {
        if case let .diagnosis(id) = conclusion { return id }
        return nil
    }
}

/// An example that doubles as a test: with these facts the rule must (or must not) fire.
public struct RuleExample: Sendable {
    public var name: String
    public var facts: [String: FactValue]
    public var fires: Bool
    public var location: SourceLocation
}
