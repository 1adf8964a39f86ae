import Engine
import Facts
import Foundation
import Operator
import RuleBase
import Yams

/// The wizard's question-efficiency benchmark (issue: median ≤ 4, max ≤ 8 questions, all right):
/// ground-truth scenarios from `Tests/Benchmarks/wizard-scenarios.yaml`, each played by a
/// `SimulatedOperator` with no probes. Shared by `ipsec-doctor-bench` and the test suite; not part of the shipped `ipsec-doctor`.
public enum QuestionBenchmark {
    public struct Scenario: Sendable {
        public var name: String
        /// The diagnosis the session must end with (its top problem finding).
        public var expect: String
        /// `defaults` overridden by the scenario's own `truth`.
        public var truth: [String: FactValue]
    }

    public struct Outcome: Sendable {
        public var scenario: Scenario
        public var run: SimulatedOperator.Run
        public var correct: Bool { run.concluded == scenario.expect }
    }

    public struct Summary: Sendable, Equatable {
        public var scenarios: Int
        public var correct: Int
        public var median: Double
        public var max: Int
        public var mean: Double

        public init(_ outcomes: [Outcome]) {
            let counts = outcomes.map(\.run.questions).sorted()
            scenarios = counts.count
            correct = outcomes.filter(\.correct).count
            max = counts.last ?? 0
            mean = counts.isEmpty ? 0 : Double(counts.reduce(0, +)) / Double(counts.count)
            if counts.isEmpty { median = 0 } else if counts.count % 2 == 1 { median = Double(counts[counts.count / 2]) } else {
                median = Double(counts[counts.count / 2 - 1] + counts[counts.count / 2]) / 2
            }
        }
    }

    /// Reads the scenarios: `defaults:` (a working tunnel) and `scenarios:` of {name, expect, truth}.
    public static func load(_ path: String) throws -> [Scenario] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw DoctorError.badInput("cannot read the file", subject: path) }
        let root: Node?
        do { root = try Yams.compose(yaml: text) } catch { throw DoctorError.badInput("not valid YAML: \(error)", subject: path) }
        let defaults = table(root?.mapping?[Node("defaults")])
        var out: [Scenario] = []
        for item in root?.mapping?[Node("scenarios")]?.sequence ?? [] {
            guard let m = item.mapping, let name = m[Node("name")]?.string, let expect = m[Node("expect")]?.string else {
                throw DoctorError.badInput("a scenario needs `name` and `expect`", subject: "\(path):\((item.mark?.line).map(String.init) ?? "?")")
            }
            out.append(Scenario(name: name, expect: expect, truth: defaults.merging(table(m[Node("truth")])) { $1 }))
        }
        if out.isEmpty { throw DoctorError.badInput("no `scenarios`", subject: path) }
        return out
    }

    /// Plays every scenario; `observe` sees each question before it is answered.
    public static func run(_ scenarios: [Scenario], planner: QuestionPlanner,
                           observe: ((Scenario, QuestionPlanner.Plan, FactStore) -> Void)? = nil) -> [Outcome] {
        let simulated = SimulatedOperator(planner: planner)
        return scenarios.map { s in
            Outcome(scenario: s, run: simulated.run(truth: s.truth) { plan, facts in observe?(s, plan, facts) })
        }
    }

    /// A `{fact: value}` table, read as rule examples are (`Node.factValue`).
    static func table(_ node: Node?) -> [String: FactValue] {
        var out: [String: FactValue] = [:]
        for (k, v) in node?.mapping ?? [:] {
            if let key = k.string, let value = v.factValue { out[key] = value }
        }
        return out
    }
}
