import Engine
import Facts
import Operator
import WizardBenchmark
import Foundation
import RuleBase
import Wizard
import XCTest

/// Observation questions: one answer ("the log shows AUTHENTICATION_FAILED") sets several facts.
/// On a small rule base written here, so the tests do not move with Rules/.
final class ObservationQuestionTests: XCTestCase {
    static func makeBase(questions: String) -> (RuleBase, String) {
        FixtureRuleBase.load(facts: """
        - {name: up, type: bool, from: [question], doc: phase 1 is up}
        - {name: log_auth, type: bool, from: [log, question], doc: the log shows AUTHENTICATION_FAILED}
        - {name: log_noprop, type: bool, from: [log, question], doc: the log shows NO_PROPOSAL_CHOSEN}
        - {name: log_timeout, type: bool, from: [log, question], doc: the log shows retransmits}
        - {name: drops, type: number, from: [probe, question], doc: a drop counter's rise}
        """, rules: [
            "psk": ("psk-mismatch", 0.9, "up == false and log_auth"),
            "proposal": ("proposal-mismatch", 0.9, "up == false and log_noprop"),
            "timeout": ("no-response", 0.9, "up == false and log_timeout"),
            "drops": ("dropping", 0.9, "drops > 0"),
        ], questions: questions)
    }

    static let questions = """
    - {id: q-up, fact: up, ask: Is phase 1 up?, help: h, how: {any: look}, cost: 1}
    - {id: q-auth, fact: log_auth, ask: Does the log show AUTHENTICATION_FAILED?, help: h, how: {any: grep}, cost: 2}
    - {id: q-noprop, fact: log_noprop, ask: Does the log show NO_PROPOSAL_CHOSEN?, help: h, how: {any: grep}, cost: 2}
    - id: log
      ask: Which is the first line of this list that the log shows?
      help: h
      how: {any: journalctl}
      cost: 2
      choices:
        - {answer: auth, means: AUTHENTICATION_FAILED, sets: {log_auth: true}}
        - {answer: noprop, means: NO_PROPOSAL_CHOSEN, sets: {log_noprop: true}}
        - {answer: timeout, means: retransmits then giving up, sets: {log_timeout: true}}
        - {answer: none, means: none of these, sets: {}}
      otherwise: {log_auth: false, log_noprop: false, log_timeout: false}
    - id: counters
      ask: Which counter rose?
      help: h
      how: {any: cat}
      cost: 2
      choices:
        - {answer: drops, sets: {drops: 1}}
        - {answer: none, sets: {drops: 0}}
    """

    static let fixture: RuleBase = {
        let (base, _) = makeBase(questions: questions)
        precondition(base.issues.filter { $0.severity == .error }.isEmpty, "\(base.issues)")
        return base
    }()

    func store(_ pairs: [String: FactValue], _ kind: Provenance.Kind = .answer) -> FactStore {
        FactStore(pairs.map { Fact($0.key, $0.value, from: Provenance(kind, "test")) })
    }

    func testEachAnswerSetsItsOwnFactsAndTheRestFromOtherwise() throws {
        let q = try XCTUnwrap(Self.fixture.question(id: "log"))
        XCTAssertTrue(q.isObservation)
        XCTAssertEqual(q.facts, ["log_auth", "log_noprop", "log_timeout"])
        let answers = QuestionPlanner(base: Self.fixture).answers(for: q)
        XCTAssertEqual(answers.map(\.0), ["auth", "noprop", "timeout", "none"])
        let auth = Dictionary(uniqueKeysWithValues: answers[0].1.map { ($0.fact, $0.value) })
        XCTAssertEqual(auth, ["log_auth": .bool(true), "log_noprop": .bool(false), "log_timeout": .bool(false)])
        let none = Dictionary(uniqueKeysWithValues: answers[3].1.map { ($0.fact, $0.value) })
        XCTAssertEqual(none, ["log_auth": .bool(false), "log_noprop": .bool(false), "log_timeout": .bool(false)])
        XCTAssertEqual(Self.fixture.question(setting: "log_auth")?.id, "q-auth", "its own yes/no question comes first")
        XCTAssertEqual(Self.fixture.question(setting: "log_timeout")?.id, "log", "else the observation that sets it")
    }

    func testPlannerAsksTheObservationThatSeparatesThreeCausesAtOnce() {
        let planner = QuestionPlanner(base: Self.fixture)
        let plan = planner.next(store(["up": .bool(false)]))
        XCTAssertEqual(plan?.question.id, "log", "one look at the log beats two yes/no questions of the same cost")
        XCTAssertEqual(Set(plan?.separates ?? []), ["psk-mismatch", "proposal-mismatch", "no-response"])
    }

    func testAnObservationFillsGapsButNeverOverrulesAProbe() throws {
        let q = try XCTUnwrap(Self.fixture.question(id: "log"))
        var facts = store(["log_auth": .bool(false)], .probe)
        let auth = QuestionPlanner(base: Self.fixture).answers(for: q)[0].1
        QuestionPlanner.apply(auth, of: q, to: &facts, source: "wizard")
        XCTAssertEqual(facts.value("log_auth"), .bool(false), "the probe read the log; the answer does not overrule it")
        XCTAssertEqual(facts["log_auth"]?.provenance.first?.kind, .probe)
        XCTAssertEqual(facts.value("log_noprop"), .bool(false))

        var state = SessionState(gathered: store(["log_auth": .bool(false)], .probe))
        state.answer(q, label: "auth", auth)
        guard case let .answered(_, label, sets, _, _) = state.steps.last else { return XCTFail("\(state.steps)") }
        XCTAssertEqual(label, "auth")
        XCTAssertEqual(sets.map(\.fact), ["log_noprop", "log_timeout"], "only what was not known is recorded and saved")
        XCTAssertEqual(state.answersToSave.map(\.0), ["log_noprop", "log_timeout"])
    }

    func testBackUndoesEveryFactOfTheAnswerAndSkipCoversTheQuestion() throws {
        let q = try XCTUnwrap(Self.fixture.question(id: "log"))
        var state = SessionState(gathered: FactStore())
        state.answer(q, label: "noprop", q.assignments(for: q.choices[1]))
        XCTAssertEqual(state.facts.value("log_noprop"), .bool(true))
        XCTAssertEqual(state.facts.facts.count, 3)
        _ = state.back()
        XCTAssertTrue(state.facts.facts.isEmpty)
        state.skip(q)
        XCTAssertEqual(state.skipped, ["log_auth", "log_noprop", "log_timeout"])
        XCTAssertNil(QuestionPlanner(base: Self.fixture).next(store(["up": .bool(false)]).merging(state.facts), skipped: state.skipped)
            .flatMap { $0.question.id == "log" ? $0 : nil }, "a skipped observation is not asked again")
    }

    func testSimulatedOperatorPicksTheFirstLineThatFits() throws {
        let log = try XCTUnwrap(Self.fixture.question(id: "log"))
        // Both lines are in the log: the operator reads the list top-down and picks the first.
        XCTAssertEqual(SimulatedOperator.choose(log, truth: ["log_auth": .bool(true), "log_noprop": .bool(true)])?.answer, "auth")
        XCTAssertEqual(SimulatedOperator.choose(log, truth: ["log_auth": .bool(false), "log_noprop": .bool(true)])?.answer, "noprop")
        // "none of these" fits only when the truth says so for every line.
        XCTAssertEqual(SimulatedOperator.choose(log, truth: ["log_auth": .bool(false), "log_noprop": .bool(false),
                                                             "log_timeout": .bool(false)])?.answer, "none")
        XCTAssertNil(SimulatedOperator.choose(log, truth: ["log_auth": .bool(false)]), "the truth does not say: unknown")
        // A count the answer sets to 1 means "it rose".
        let counters = try XCTUnwrap(Self.fixture.question(id: "counters"))
        XCTAssertEqual(SimulatedOperator.choose(counters, truth: ["drops": .number(37)])?.answer, "drops")
        XCTAssertEqual(SimulatedOperator.choose(counters, truth: ["drops": .number(0)])?.answer, "none")
    }

    func testBrokenObservationQuestionsAreReportedWithFileAndLine() {
        let (base, dir) = Self.makeBase(questions: """
        - id: broken
          ask: What does the log show?
          help: h
          how: {any: grep}
          cost: 2
          choices:
            - {answer: auth, sets: {log_auth: true}}
            - {answer: auth, sets: {log_noprop: true}}
            - {answer: two words, sets: {log_timeout: true}}
            - {answer: typo, sets: {log_atuh: true}}
            - {answer: wrong-type, sets: {drops: yes}}
            - {answer: no-sets}
            - plain-text
        """)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let issues = (base.issues + RuleLinter.lint(base)).map(\.description)
        func has(_ line: Int, _ text: String) {
            XCTAssertTrue(issues.contains { $0.contains("questions/q.yaml:\(line):") && $0.contains(text) }, "no '\(text)' at line \(line) in \(issues)")
        }
        has(8, "offers `auth` twice")
        has(9, "must be one word")
        has(10, "unknown fact `log_atuh`")
        has(11, "sets number fact `drops` to true")
        has(12, "needs `sets:")
        has(13, "must say what it `sets`")
    }
}

private extension FactStore {
    func merging(_ other: FactStore) -> FactStore {
        var out = self
        for f in other.sortedFacts { out.set(f) }
        return out
    }
}
