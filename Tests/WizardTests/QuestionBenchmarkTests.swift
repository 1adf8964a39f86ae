import Engine
import Foundation
import Operator
import WizardBenchmark
import RuleBase
import Wizard
import XCTest

/// The issue's target for the wizard, on the shipped rule base and the benchmark's ground truth
/// (`Tests/Benchmarks/wizard-scenarios.yaml`): every scenario diagnosed right, with a median of
/// at most 4 and a maximum of at most 8 questions, no probes at all. The figures themselves
/// (and the time it takes) are `swift run -c release ipsec-doctor-bench`'s job.
final class QuestionBenchmarkTests: XCTestCase {
    func testShippedScenariosAreDiagnosedRightWithFewQuestions() throws {
        let repo = WizardDriver.repo
        let base = RuleBase.load(rules: repo + "/Rules", knowledge: repo + "/Knowledge")
        let scenarios = try QuestionBenchmark.load(repo + "/Tests/Benchmarks/wizard-scenarios.yaml")
        XCTAssertGreaterThanOrEqual(scenarios.count, 30)
        let outcomes = QuestionBenchmark.run(scenarios, planner: QuestionPlanner(base: base))
        for o in outcomes {
            XCTAssertTrue(o.correct, "\(o.scenario.name): \(o.run.concluded ?? "nothing") instead of \(o.scenario.expect) after "
                          + o.run.asked.map { "\($0.question)=\($0.answer)" }.joined(separator: ", "))
            XCTAssertLessThanOrEqual(o.run.questions, 8, "\(o.scenario.name): " + o.run.asked.map(\.question).joined(separator: ", "))
        }
        let summary = QuestionBenchmark.Summary(outcomes)
        XCTAssertLessThanOrEqual(summary.median, 4, "\(summary)")
    }

    func testBadScenarioFileNamesTheFile() {
        let file = NSTemporaryDirectory() + "scenarios-\(UUID().uuidString).yaml"
        defer { try? FileManager.default.removeItem(atPath: file) }
        try? "defaults: {}\nscenarios:\n  - {name: x}\n".write(toFile: file, atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try QuestionBenchmark.load(file)) { error in
            XCTAssertTrue("\(error)".contains("\(file):3: a scenario needs `name` and `expect`"), "\(error)")
        }
    }
}
