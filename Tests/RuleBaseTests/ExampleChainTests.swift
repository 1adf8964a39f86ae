import Engine
import Facts
import RuleBase
import XCTest

/// `rules check` and `RepositoryRuleBaseTests` chain, for each rule's examples, only the fact
/// rules that rule can read (`InferenceEngine.factRules(reaching:)`). Here, on the shipped rule
/// base, that gives every rule the same facts and the same truth as chaining every fact rule:
/// on its own examples and on the examples of every fact rule it reads through (the inputs on
/// which those rules fire or not).
final class ExampleChainTests: XCTestCase {
    func testChainingTheReachableFactRulesGivesWhatChainingAllGives() {
        let base = RepositoryRuleBaseTests.base
        let engine = InferenceEngine(base: base)
        var compared = 0
        for rule in base.rules {
            let chained = engine.factRules(reaching: rule.condition)
            let read = chained.reduce(into: rule.condition.factNames) { $0.formUnion($1.condition.factNames) }
            let inputs = rule.examples + chained.flatMap(\.examples)
            for example in inputs {
                let all = ExampleRunner.facts(example, engine)
                let some = ExampleRunner.facts(example, engine, chaining: chained)
                XCTAssertEqual(rule.condition.evaluate(some), rule.condition.evaluate(all),
                               "rule \(rule.name) on example \(example.name) (\(example.location))")
                for name in read.sorted() where some[name] != all[name] {
                    XCTFail("rule \(rule.name) on example \(example.name): fact \(name) is \(String(describing: some[name])), chaining all gives \(String(describing: all[name]))")
                }
                compared += 1
            }
        }
        XCTAssertGreaterThan(compared, 500)
    }

    /// The rules a rule does not read are left out: what makes the examples cheap.
    func testUnreadFactRulesAreLeftOut() {
        let base = RepositoryRuleBaseTests.base
        let engine = InferenceEngine(base: base)
        XCTAssertEqual(engine.factRules(reaching: .constant(true)).count, 0)
        let sizes = base.diagnosisRules.map { engine.factRules(reaching: $0.condition).count }
        XCTAssertLessThan(sizes.reduce(0, +), sizes.count * engine.factRules.count / 2)
    }
}
