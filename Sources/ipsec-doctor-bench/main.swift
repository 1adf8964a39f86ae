// ipsec-doctor-bench: how many questions the wizard needs to reach each diagnosis.
//
//     swift run -c release ipsec-doctor-bench [--home DIR] [--scenarios FILE] [--verbose]
//                                             [--only SCENARIO] [--steps] [--trace]
//                                             [--cost-exponent X] [--none-weight W] [--abnormal A]
//
// Each scenario of Tests/Benchmarks/wizard-scenarios.yaml names the expected diagnosis and the
// truth: `defaults` (a working tunnel) overridden by the scenario's `truth`. A simulated
// operator answers every question truthfully from that table (and "unknown" to facts it does
// not hold), with no probes (`QuestionBenchmark`). Prints per scenario the questions asked and
// whether the diagnosis was right, then the median and the maximum. Exit 1 if a scenario is wrong.
import Engine
import Facts
import Foundation
import RuleBase
import Operator
import Wizard
import WizardBenchmark

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("ipsec-doctor-bench: \(message)\n".utf8))
    exit(DoctorError.Code.badInput.rawValue)
}

let args = Array(CommandLine.arguments.dropFirst())
func option(_ name: String) -> String? {
    guard let i = args.firstIndex(of: name), i + 1 < args.count else { return nil }
    return args[i + 1]
}
let verbose = args.contains("--verbose") || args.contains("-v")
let home = option("--home") ?? DataLocator.locate() ?? FileManager.default.currentDirectoryPath
let scenariosPath = option("--scenarios") ?? home + "/Tests/Benchmarks/wizard-scenarios.yaml"

let base = RuleBase.load(rules: home + "/Rules", knowledge: home + "/Knowledge")
if base.issues.contains(where: { $0.severity == .error }) {
    for issue in base.issues where issue.severity == .error { FileHandle.standardError.write(Data("\(issue)\n".utf8)) }
    fail("the rule base has errors")
}
var scenarios: [QuestionBenchmark.Scenario]
do { scenarios = try QuestionBenchmark.load(scenariosPath) } catch { fail("\(error)") }
if let only = option("--only") {
    scenarios = scenarios.filter { $0.name == only }
    if scenarios.isEmpty { fail("no scenario called \(only)") }
}

let planner: QuestionPlanner = {
    var p = QuestionPlanner(base: base, costExponent: option("--cost-exponent").flatMap(Double.init) ?? 1)
    if let w = option("--none-weight").flatMap(Double.init) { p.noneWeight = w }
    if let a = option("--abnormal").flatMap(Double.init) { p.abnormal = a }
    return p
}()
let reachable = Set(base.diagnosisRules.compactMap(\.diagnosisID))
print("\(base.rules.count) rules, \(base.questions.count) questions; \(scenarios.count) scenarios from \(scenariosPath)\n")

/// `--steps`: each question with its gain, the best alternatives and the open candidates.
let showSteps = args.contains("--steps")
func step(_ s: QuestionBenchmark.Scenario, _ plan: QuestionPlanner.Plan, _ facts: FactStore, planner: QuestionPlanner) {
    guard showSteps else { return }
    let d = planner.engine.run(facts)
    let open = planner.candidates(d, planner.pursuableHypotheses(d, skipped: []))
    print("    ? \(plan.question.id) (gain \(String(format: "%.2f", plan.gain)), cost \(plan.question.cost))  fired: "
          + d.findings.filter { $0.severity == .problem }.map(\.id).joined(separator: ", "))
    let others = planner.ranked(facts).prefix(4).map { "\($0.question.id) \(String(format: "%.2f", $0.gain))/\(Int($0.question.cost))" }
    print("      best: " + others.joined(separator: ", "))
    print("      open: " + open.sorted { $0.value > $1.value }.prefix(8).map { "\($0.key) \(String(format: "%.2f", $0.value))" }.joined(separator: ", "))
}

let started = Date()
let outcomes = QuestionBenchmark.run(scenarios, planner: planner) { step($0, $1, $2, planner: planner) }
let elapsed = Date().timeIntervalSince(started)
for o in outcomes {
    let s = o.scenario, run = o.run
    let mark = o.correct ? "ok   " : "WRONG"
    let got = run.concluded ?? "nothing"
    print("\(mark) \(s.name.padding(toLength: 34, withPad: " ", startingAt: 0)) \(String(run.questions).leftPad(2)) questions  -> \(got)\(o.correct ? "" : " (expected \(s.expect)\(reachable.contains(s.expect) ? "" : ", which no rule concludes"))")")
    if verbose || !o.correct {
        print("      " + run.asked.map { "\($0.question)=\($0.answer)" }.joined(separator: ", "))
    }
    if args.contains("--trace"), !o.correct {
        let skipped = Set(run.asked.filter { $0.answer == "unknown" }.flatMap { base.question(id: $0.question)?.facts ?? [] })
        let pursuable = planner.pursuableHypotheses(run.diagnosis, skipped: skipped)
        print("      open: " + planner.candidates(run.diagnosis, pursuable).map { "\($0.key) \($0.value)" }.sorted().joined(separator: ", "))
        for h in pursuable { print("        \(h.rule) missing \(h.missing.sorted())") }
        let plans = planner.ranked(run.diagnosis.facts, skipped: skipped)
        print("      plans: \(plans.count) " + plans.prefix(5).map { "\($0.question.id) \($0.gain)" }.joined(separator: ", "))
        print("      findings: " + run.diagnosis.findings.map { "\($0.id) \($0.confidence)" }.joined(separator: ", "))
    }
}
let summary = QuestionBenchmark.Summary(outcomes)
let medianText = summary.median == summary.median.rounded() ? String(Int(summary.median)) : String(summary.median)
print("\nscenarios: \(summary.scenarios), correct: \(summary.correct), questions median \(medianText), max \(summary.max), mean \(String(format: "%.1f", summary.mean))")
print("time: \(String(format: "%.2f", elapsed)) s")
let uncovered = reachable.subtracting(Set(scenarios.map(\.expect))).sorted()
if !uncovered.isEmpty, option("--only") == nil { print("diagnoses with rules but no scenario: \(uncovered.joined(separator: ", "))") }
let wrong = outcomes.filter { !$0.correct }.map(\.scenario.name)
if !wrong.isEmpty { print("wrong: \(wrong.joined(separator: ", "))"); exit(1) }

extension String {
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
