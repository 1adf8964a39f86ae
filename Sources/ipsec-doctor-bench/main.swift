// ipsec-doctor-bench: how many questions the wizard needs to reach each diagnosis.
//
//     swift run -c release ipsec-doctor-bench [--home DIR] [--scenarios FILE] [--verbose]
//                                             [--only SCENARIO] [--steps] [--trace]
//
// Each scenario of Tests/Benchmarks/wizard-scenarios.yaml names the expected diagnosis and the
// truth: `defaults` (a working tunnel) overridden by the scenario's `truth`. A simulated
// operator answers every question truthfully from that table (and "unknown" to facts it does
// not hold), with no probes. Prints per scenario the questions asked and whether the diagnosis
// was right, then the median and the maximum. Exit 1 if a scenario is wrong.
import Engine
import Facts
import Foundation
import RuleBase
import Wizard
import Yams

struct Scenario {
    var name: String
    var expect: String
    var truth: [String: FactValue]
}

func factValue(_ node: Node) -> FactValue? {
    if let seq = node.sequence { return .list(seq.compactMap { $0.string }) }
    guard let s = node.scalar else { return nil }
    if s.style == .plain {
        if let b = Bool.construct(from: s) { return .bool(b) }
        if let d = Double.construct(from: s) { return .number(d) }
    }
    return .string(s.string)
}

func table(_ node: Node?) -> [String: FactValue] {
    var out: [String: FactValue] = [:]
    for (k, v) in node?.mapping ?? [:] {
        if let key = k.string, let value = factValue(v) { out[key] = value }
    }
    return out
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("ipsec-doctor-bench: \(message)\n".utf8))
    exit(65)
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
guard let text = try? String(contentsOfFile: scenariosPath, encoding: .utf8) else { fail("cannot read \(scenariosPath)") }
guard let root = try? Yams.compose(yaml: text) else { fail("\(scenariosPath): not valid YAML") }
let defaults = table(root.mapping?[Node("defaults")])
var scenarios: [Scenario] = []
for item in root.mapping?[Node("scenarios")]?.sequence ?? [] {
    guard let m = item.mapping, let name = m[Node("name")]?.string, let expect = m[Node("expect")]?.string else {
        fail("\(scenariosPath): each scenario needs name and expect")
    }
    scenarios.append(Scenario(name: name, expect: expect, truth: defaults.merging(table(m[Node("truth")])) { $1 }))
}

var planner = QuestionPlanner(base: base, costExponent: option("--cost-exponent").flatMap(Double.init) ?? 1)
if let w = option("--none-weight").flatMap(Double.init) { planner.noneWeight = w }
if let a = option("--abnormal").flatMap(Double.init) { planner.abnormal = a }
let simulated = SimulatedOperator(planner: planner)
var counts: [Int] = []
var wrong: [String] = []
let reachable = Set(base.diagnosisRules.compactMap(\.diagnosisID))
print("\(base.rules.count) rules, \(base.questions.count) questions; \(scenarios.count) scenarios from \(scenariosPath)\n")
let started = Date()
let only = option("--only")
for s in scenarios where only == nil || s.name == only {
    let run = simulated.run(truth: s.truth) { plan, facts in
        guard args.contains("--steps") else { return }
        let d = planner.engine.run(facts)
        let open = planner.candidates(d, planner.pursuableHypotheses(d, skipped: []))
        print("    ? \(plan.question.id) (gain \(String(format: "%.2f", plan.gain)), cost \(plan.question.cost))  fired: "
              + d.findings.filter { $0.severity == .problem }.map(\.id).joined(separator: ", "))
        let others = planner.ranked(facts).prefix(4).map { "\($0.question.id) \(String(format: "%.2f", $0.gain))/\(Int($0.question.cost))" }
        print("      best: " + others.joined(separator: ", "))
        print("      open: " + open.sorted { $0.value > $1.value }.prefix(8).map { "\($0.key) \(String(format: "%.2f", $0.value))" }.joined(separator: ", "))
    }
    let ok = run.concluded == s.expect
    counts.append(run.questions)
    if !ok { wrong.append(s.name) }
    let mark = ok ? "ok   " : "WRONG"
    let got = run.concluded ?? "nothing"
    print("\(mark) \(s.name.padding(toLength: 34, withPad: " ", startingAt: 0)) \(String(run.questions).leftPad(2)) questions  -> \(got)\(ok ? "" : " (expected \(s.expect)\(reachable.contains(s.expect) ? "" : ", which no rule concludes"))")")
    if verbose || !ok {
        print("      " + run.asked.map { "\($0.question)=\($0.answer)" }.joined(separator: ", "))
    }
    if args.contains("--trace"), !ok {
        let skipped = Set(run.asked.filter { $0.answer == "unknown" }.flatMap { base.question(id: $0.question)?.facts ?? [] })
        let pursuable = planner.pursuableHypotheses(run.diagnosis, skipped: skipped)
        print("      open: " + planner.candidates(run.diagnosis, pursuable).map { "\($0.key) \($0.value)" }.sorted().joined(separator: ", "))
        for h in pursuable { print("        \(h.rule) missing \(h.missing.sorted())") }
        let plans = planner.ranked(run.diagnosis.facts, skipped: skipped)
        print("      plans: \(plans.count) " + plans.prefix(5).map { "\($0.question.id) \($0.gain)" }.joined(separator: ", "))
        print("      findings: " + run.diagnosis.findings.map { "\($0.id) \($0.confidence)" }.joined(separator: ", "))
    }
}
let sorted = counts.sorted()
let median = sorted.isEmpty ? 0 : (sorted.count % 2 == 1 ? Double(sorted[sorted.count / 2]) : Double(sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2)
let covered = Set(scenarios.map(\.expect))
let uncovered = reachable.subtracting(covered).sorted()
print("\nscenarios: \(scenarios.count), correct: \(scenarios.count - wrong.count), questions median \(median), max \(sorted.last ?? 0), mean \(String(format: "%.1f", Double(counts.reduce(0, +)) / Double(max(1, counts.count))))")
print("time: \(String(format: "%.2f", Date().timeIntervalSince(started))) s")
if !uncovered.isEmpty { print("diagnoses with rules but no scenario: \(uncovered.joined(separator: ", "))") }
if !wrong.isEmpty { print("wrong: \(wrong.joined(separator: ", "))"); exit(1) }

extension String {
    func leftPad(_ n: Int) -> String { count >= n ? self : String(repeating: " ", count: n - count) + self }
}
