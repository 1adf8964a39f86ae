import Facts
import RuleBase

/// One rule that fired, with the facts it rested on: the answer to `how ID`.
public struct FiredRule: Sendable {
    public var rule: String
    public var location: SourceLocation
    public var condition: String
    public var certainty: Double
    public var facts: [Fact]
}

/// A diagnosis the engine reached, ready for the report.
public struct Finding: Sendable {
    public var id: String
    public var severity: Rule.Severity
    public var confidence: Double
    public var title: String
    public var phase: String
    public var evidence: [String]
    public var remedies: [String]
    public var article: String?
    public var firedRules: [FiredRule]
    /// Set when another finding explains this one (a firewall drop explains the retransmits).
    public var explainedBy: String?
}

/// A diagnosis not yet decided: its condition is unknown for lack of these facts.
public struct Hypothesis: Sendable {
    public var diagnosis: String
    public var rule: String
    /// The rule's certainty factor: how much it would matter if it fired.
    public var weight: Double
    public var missing: Set<String>
}

public enum Verdict: String, Sendable {
    case healthy, problem, inconclusive

    /// The exit code of `diagnose` (docs/CONTRACT.md).
    public var exitCode: Int32 {
        switch self {
        case .healthy: return 0
        case .problem: return 1
        case .inconclusive: return 2
        }
    }
}

/// What one run of the engine concluded.
public struct Diagnosis: Sendable {
    public var verdict: Verdict
    public var findings: [Finding]
    /// The facts given plus those concluded by rules.
    public var facts: FactStore
    public var hypotheses: [Hypothesis]
    /// Diagnoses whose every rule was decided false: what was ruled out.
    public var ruledOut: [String]
    /// Questions whose answers could still change the outcome, most valuable first.
    public var unanswered: [String]
}
