import Facts
import RuleBase

/// Runs every rule's examples, as `rules check` and the test suite do: with the example's facts
/// (and the intermediate facts the rule base concludes from them), the rule must fire or not.
public enum ExampleRunner {
    public struct Failure: Sendable, CustomStringConvertible {
        public var rule: String
        public var example: String
        public var location: SourceLocation
        public var expectedToFire: Bool
        public var description: String {
            "\(location): example `\(example)` of rule `\(rule)` should \(expectedToFire ? "fire" : "not fire") but does\(expectedToFire ? " not" : "")"
        }
    }

    public static func run(_ base: RuleBase) -> (passed: Int, failures: [Failure]) {
        let engine = InferenceEngine(base: base)
        var passed = 0, failures: [Failure] = []
        // For each rule only the fact rules it can read (PERFORMANCE.md, stop 28): the same
        // facts for it as chaining all of them, at a fraction of the cost.
        let reaching = engine.factRules(reaching: base.rules.map(\.condition))
        for (rule, chained) in zip(base.rules, reaching) {
            for example in rule.examples {
                if fires(rule, example, engine, chaining: chained) == example.fires {
                    passed += 1
                } else {
                    failures.append(Failure(rule: rule.name, example: example.name, location: example.location,
                                            expectedToFire: example.fires))
                }
            }
        }
        return (passed, failures)
    }

    /// Whether the rule fires on the example's facts and what the fact rules conclude from them:
    /// all fact rules when `chaining` is nil, else those given (`InferenceEngine.factRules(reaching:)`).
    public static func fires(_ rule: Rule, _ example: RuleExample, _ engine: InferenceEngine,
                             chaining rules: [Rule]? = nil) -> Bool {
        rule.condition.evaluate(facts(example, engine, chaining: rules)).isTrue
    }

    /// The example's facts, given as answers, and what the fact rules conclude from them.
    public static func facts(_ example: RuleExample, _ engine: InferenceEngine, chaining rules: [Rule]? = nil) -> FactStore {
        var store = FactStore()
        for (name, value) in example.facts {
            store.set(Fact(name, value, from: Provenance(.answer, "example")))
        }
        engine.chain(&store, excerpts: false, rules: rules)
        return store
    }
}
