import Engine
import Facts
import Foundation
import RuleBase
import XCTest

/// The inference engine on small rule bases written for each test.
final class EngineTests: XCTestCase {
    var dir: String!

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "ipsec-doctor-engine-\(UUID().uuidString)"
        for sub in ["Rules/r", "Rules/questions", "Knowledge"] {
            try FileManager.default.createDirectory(atPath: dir + "/" + sub, withIntermediateDirectories: true)
        }
        try """
        - {name: a, type: bool, from: [probe], doc: a}
        - {name: b, type: bool, from: [probe], doc: b}
        - {name: c, type: bool, from: [question], doc: c}
        - {name: derived, type: bool, from: [rule], doc: d}
        - {name: verdict.enough_facts, type: bool, from: [rule], doc: e}
        """.write(toFile: dir + "/Rules/facts.yaml", atomically: true, encoding: .utf8)
        try """
        - {id: ask-c, fact: c, ask: "Is c so?", help: "separates x.one from x.two", how: {any: "look"}, cost: 2}
        """.write(toFile: dir + "/Rules/questions/q.yaml", atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    func rule(_ name: String, _ body: String) throws {
        try body.write(toFile: dir + "/Rules/r/\(name).yaml", atomically: true, encoding: .utf8)
    }

    func diagnose(_ facts: [String: Bool]) -> Diagnosis {
        let base = RuleBase.load(rules: dir + "/Rules", knowledge: dir + "/Knowledge")
        XCTAssertEqual(base.issues.map(\.description), [])
        let store = FactStore(facts.map { Fact($0.key, .bool($0.value), from: Provenance(.probe, "test")) })
        return InferenceEngine(base: base).run(store)
    }

    func testChainsIntermediateFactsAndCombinesCertainty() throws {
        try rule("derive", "conclude: {fact: derived, value: true}\ntitle: d\nphase: meta\nconfidence: 0.8\nwhen: a\n")
        try rule("one", "diagnosis: x.one\ntitle: One\nphase: phase1\nseverity: problem\nconfidence: 0.5\nwhen: derived\nremedies: [fix it]\n")
        try rule("one-again", "diagnosis: x.one\ntitle: One\nphase: phase1\nseverity: problem\nconfidence: 0.6\nwhen: b\nremedies: [\"fix it\", \"check this\"]\n")
        let d = diagnose(["a": true, "b": true])
        XCTAssertEqual(d.verdict, .problem)
        XCTAssertEqual(d.findings.map(\.id), ["x.one"])
        // 0.5 × 0.8 = 0.4 from the chain, 0.6 direct: 0.6 + 0.4 × (1 − 0.6) = 0.76.
        XCTAssertEqual(d.findings[0].confidence, 0.76, accuracy: 1e-9)
        XCTAssertEqual(d.findings[0].remedies, ["fix it", "check this"])
        XCTAssertEqual(d.findings[0].firedRules.map(\.rule).sorted(), ["one", "one-again"])
        XCTAssertEqual(d.facts["derived"]?.provenance.first?.kind, .rule)
    }

    func testCauseExplainsItsSymptomAndRanksFirst() throws {
        try rule("symptom", "diagnosis: x.symptom\ntitle: S\nphase: phase1\nseverity: problem\nconfidence: 0.9\nwhen: a\nremedies: [s]\n")
        try rule("cause", "diagnosis: x.cause\ntitle: C\nphase: phase1\nseverity: problem\nconfidence: 0.7\nwhen: a and b\nexplains: [x.symptom]\nremedies: [c]\n")
        let d = diagnose(["a": true, "b": true])
        XCTAssertEqual(d.findings.map(\.id), ["x.cause", "x.symptom"])
        XCTAssertEqual(d.findings[1].explainedBy, "x.cause")
    }

    func testVerdictsAndUnansweredQuestions() throws {
        try rule("two", "diagnosis: x.two\ntitle: Two\nphase: phase1\nseverity: problem\nconfidence: 0.9\nwhen: a and c\nremedies: [t]\n")
        try rule("enough", "conclude: {fact: verdict.enough_facts, value: true}\ntitle: e\nphase: meta\nconfidence: 1\nwhen: known(a)\n")
        let open = diagnose(["a": true])
        XCTAssertEqual(open.verdict, .healthy, "no problem found and enough facts")
        XCTAssertEqual(open.unanswered, ["ask-c"], "c could still conclude x.two")
        XCTAssertEqual(diagnose([:]).verdict, .inconclusive)
        XCTAssertEqual(diagnose(["a": false]).unanswered, [], "with a false, c cannot change anything")
    }

    /// Two rules of one diagnosis that fired on the same log line are one piece of evidence: the
    /// stronger counts, they do not combine (a general rule and its specific sibling read the same
    /// message: 0.85 and 0.85 made 0.98). Rules on separate lines still combine.
    func testOneLineCountsOnce() throws {
        try rule("general", "diagnosis: x.one\ntitle: One\nphase: phase1\nseverity: problem\nconfidence: 0.85\nwhen: a\nremedies: [g]\n")
        try rule("specific", "diagnosis: x.one\ntitle: One\nphase: phase1\nseverity: problem\nconfidence: 0.85\nwhen: a and b\nremedies: [s]\n")
        let base = RuleBase.load(rules: dir + "/Rules", knowledge: dir + "/Knowledge")
        func run(_ aLine: Int, _ bLine: Int) -> Double {
            let store = FactStore([Fact("a", .bool(true), from: Provenance(.log, "charon.log", line: aLine)),
                                   Fact("b", .bool(true), from: Provenance(.log, "charon.log", line: bLine))])
            return InferenceEngine(base: base).run(store).findings.first { $0.id == "x.one" }?.confidence ?? 0
        }
        XCTAssertEqual(run(1, 9), 0.85, accuracy: 1e-9, "both rules stand on line 1")
        try rule("specific", "diagnosis: x.one\ntitle: One\nphase: phase1\nseverity: problem\nconfidence: 0.85\nwhen: b\nremedies: [s]\n")
        let separate = RuleBase.load(rules: dir + "/Rules", knowledge: dir + "/Knowledge")
        let store = FactStore([Fact("a", .bool(true), from: Provenance(.log, "charon.log", line: 1)),
                               Fact("b", .bool(true), from: Provenance(.log, "charon.log", line: 9))])
        XCTAssertEqual(InferenceEngine(base: separate).run(store).findings.first?.confidence ?? 0, 0.9775, accuracy: 1e-9,
                       "lines 1 and 9 are separate evidence")
    }

    func testCertaintyFactorAlgebra() {
        XCTAssertEqual(CertaintyFactors.combine([0.5, 0.5]), 0.75, accuracy: 1e-12)
        XCTAssertEqual(CertaintyFactors.combine(0.3, 0.6), CertaintyFactors.combine(0.6, 0.3), accuracy: 1e-12)
        XCTAssertEqual(CertaintyFactors.combine([0.9, 0.9, 0.9]), 0.999, accuracy: 1e-12)
        XCTAssertEqual(CertaintyFactors.fire(rule: 0.9, premises: 0.5), 0.45, accuracy: 1e-12)
    }
}
