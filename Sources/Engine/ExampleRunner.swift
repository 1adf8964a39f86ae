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
        for rule in base.rules {
            for example in rule.examples {
                if fires(rule, example, engine) == example.fires {
                    passed += 1
                } else {
                    failures.append(Failure(rule: rule.name, example: example.name, location: example.location,
                                            expectedToFire: example.fires))
                }
            }
        }
        return (passed, failures)
    }

    public static func fires(_ rule: Rule, _ example: RuleExample, _ engine: InferenceEngine) -> Bool {
        var store = FactStore()
        for (name, value) in example.facts {
            store.set(Fact(name, value, from: Provenance(.answer, "example")))
        }
        engine.chain(&store, excerpts: false)
        return rule.condition.evaluate(store).isTrue
    }
}
