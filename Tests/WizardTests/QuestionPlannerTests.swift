import Engine
import Facts
import Operator
import WizardBenchmark
import Foundation
import RuleBase
import Wizard
import XCTest

/// The planner on a small rule base written here, so the tests do not move with Rules/.
final class QuestionPlannerTests: XCTestCase {
    static let fixture: RuleBase = {
        let (base, _) = FixtureRuleBase.load(facts: """
        - {name: up, type: bool, from: [question], doc: phase 1 is up}
        - {name: psk_equal, type: bool, from: [question], doc: PSKs equal}
        - {name: proposals_match, type: bool, from: [question], doc: proposals match}
        - {name: peer_version, type: number, from: [question], doc: peer IKE version}
        - {name: colour, type: string, from: [question], doc: irrelevant}
        - {name: probe_only, type: bool, from: [probe], doc: a probe fact}
        """, rules: [
            "psk": ("psk-mismatch", 0.9, "up == false and psk_equal == false"),
            "proposal": ("proposal-mismatch", 0.9, "up == false and proposals_match == false"),
            "version": ("version-mismatch", 0.9, "up == false and peer_version == 1"),
            "probe": ("probe-only", 0.9, "probe_only"),
        ], questions: """
        - {id: q-up, fact: up, ask: Is phase 1 up?, help: h, how: {any: look}, cost: 1}
        - {id: q-psk, fact: psk_equal, ask: Are the PSKs equal?, help: h, how: {any: compare}, cost: 2}
        - {id: q-prop, fact: proposals_match, ask: Do proposals match?, help: h, how: {any: compare}, cost: 2}
        - {id: q-ver, fact: peer_version, ask: Peer version?, type: number, help: h, how: {any: ask}, cost: 2}
        - {id: q-colour, fact: colour, ask: Colour?, type: choice, choices: [red, blue], help: h, how: {any: look}, cost: 1}
        - {id: q-illumos, fact: probe_only, ask: Illumos only?, help: h, how: {illumos: snoop}, cost: 1}
        """)
        precondition(base.issues.filter { $0.severity == .error }.isEmpty, "\(base.issues)")
        return base
    }()

    func answered(_ pairs: [String: FactValue]) -> FactStore {
        FactStore(pairs.map { Fact($0.key, $0.value, from: Provenance(.answer, "test")) })
    }

    func testFirstQuestionSplitsTheMostHypotheses() {
        let planner = QuestionPlanner(base: Self.fixture)
        let plan = planner.next(answered(["host.os": .string("linux")]))
        XCTAssertEqual(plan?.question.fact, "up", "phase 1 up/down decides every hypothesis at the least cost")
        XCTAssertEqual(Set(plan?.separates ?? []), ["psk-mismatch", "proposal-mismatch", "version-mismatch"])
    }

    func testNeverAsksAKnownFactOrAnIrrelevantOne() {
        let planner = QuestionPlanner(base: Self.fixture)
        let facts = answered(["up": .bool(false)])
        let ranked = planner.ranked(facts)
        XCTAssertFalse(ranked.isEmpty)
        XCTAssertFalse(ranked.contains { $0.question.fact == "up" })
        XCTAssertFalse(ranked.contains { $0.question.fact == "colour" }, "no rule reads colour")
    }

    func testStopsOnceAProblemIsConfirmed() {
        let planner = QuestionPlanner(base: Self.fixture)
        XCTAssertNil(planner.next(answered(["up": .bool(false), "psk_equal": .bool(false)])))
    }

    func testStopsWhenNothingMoreCanBeLearned() {
        let planner = QuestionPlanner(base: Self.fixture)
        // With phase 1 up no rule about it can fire; the illumos-only question does not apply on Linux.
        XCTAssertNil(planner.next(answered(["up": .bool(true), "host.os": .string("linux")])))
    }

    func testSkippedFactsAreNotAskedAgain() {
        let planner = QuestionPlanner(base: Self.fixture)
        let facts = answered(["up": .bool(false)])
        let first = planner.next(facts)!.question.fact
        let second = planner.next(facts, skipped: [first])!.question.fact
        XCTAssertNotEqual(first, second)
    }

    func testPlatformSpecificQuestionsAreLeftOutElsewhere() {
        let planner = QuestionPlanner(base: Self.fixture)
        let q = Self.fixture.question(id: "q-illumos")!
        XCTAssertFalse(planner.applies(q, FactStore([Fact("host.os", .string("linux"), from: Provenance(.probe, "t"))])))
        XCTAssertTrue(planner.applies(q, FactStore([Fact("host.os", .string("illumos"), from: Provenance(.probe, "t"))])))
        XCTAssertTrue(planner.applies(q, FactStore()))
    }

    func testNumberQuestionsSimulateTheValuesTheRulesCompare() {
        let planner = QuestionPlanner(base: Self.fixture)
        let values = planner.answers(for: Self.fixture.question(id: "q-ver")!).flatMap { $0.1.map(\.value) }
        XCTAssertTrue(values.contains(.number(1)))
        XCTAssertTrue(values.contains { $0 != .number(1) })
    }

    func testSimulatedOperatorReachesEachDiagnosis() {
        let planner = QuestionPlanner(base: Self.fixture)
        let op = SimulatedOperator(planner: planner)
        let healthy: [String: FactValue] = ["up": .bool(false), "psk_equal": .bool(true), "proposals_match": .bool(true), "peer_version": .number(2)]
        for (fact, value, expected) in [("psk_equal", FactValue.bool(false), "psk-mismatch"),
                                        ("proposals_match", .bool(false), "proposal-mismatch"),
                                        ("peer_version", .number(1), "version-mismatch")] {
            var truth = healthy
            truth[fact] = value
            let run = op.run(truth: truth, given: answered(["host.os": .string("linux")]))
            XCTAssertEqual(run.concluded, expected, "\(run.asked)")
            XCTAssertLessThanOrEqual(run.questions, 4, "\(run.asked)")
        }
    }

    func testInputParsing() {
        XCTAssertEqual(WizardInput.parse("  why "), .why)
        XCTAssertEqual(WizardInput.parse("how ike.auth-failed-psk"), .how("ike.auth-failed-psk"))
        XCTAssertEqual(WizardInput.parse("explain nat-t"), .explain("nat-t"))
        XCTAssertEqual(WizardInput.parse("unknown"), .skip)
        XCTAssertEqual(WizardInput.parse("save /tmp/x.yaml"), .save("/tmp/x.yaml"))
        XCTAssertEqual(WizardInput.parse("yes"), .answer("yes"))
        XCTAssertEqual(WizardInput.parse(""), .empty)
    }
}
