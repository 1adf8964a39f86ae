import Foundation
@testable import RuleBase
import XCTest

/// `rules check` fails on texts that would reach the operator broken.
final class TextLintTests: XCTestCase {
    var dir: String!

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "ipsec-doctor-textlint-\(UUID().uuidString)"
        for sub in ["/Rules/phase1", "/Rules/questions", "/Knowledge/diagnoses"] {
            try FileManager.default.createDirectory(atPath: dir + sub, withIntermediateDirectories: true)
        }
        try """
        - {name: peer.proposals_match, type: bool, from: [question], doc: "the peer offers one of our proposals"}
        - {name: conn.remote_addrs, type: list, from: [probe], doc: "peer addresses"}
        - {name: conn.names, type: list, from: [probe], doc: "names"}
        - {name: ike.daemon.running, type: bool, from: [probe], doc: "runs"}
        """.write(toFile: dir + "/Rules/facts.yaml", atomically: true, encoding: .utf8)
        for id in ["ike.proposal-mismatch", "ike.daemon-not-running"] {
            try "---\nid: \(id)\nkind: diagnosis\ntitle: t\naliases: []\nsee_also: []\n---\nbody\n"
                .write(toFile: dir + "/Knowledge/diagnoses/\(id).md", atomically: true, encoding: .utf8)
        }
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    func rule(_ name: String, id: String, fact: String, remedies: String) throws {
        try """
        diagnosis: \(id)
        title: t
        phase: phase1
        severity: problem
        confidence: 0.9
        when: \(fact) == false
        remedies:
        \(remedies)
        examples:
          - {facts: {\(fact): false}, fires: true}
          - {facts: {\(fact): true}, fires: false}
        """.write(toFile: dir + "/Rules/phase1/\(name).yaml", atomically: true, encoding: .utf8)
    }

    func issues() -> [String] {
        let base = RuleBase.load(rules: dir + "/Rules", knowledge: dir + "/Knowledge")
        return (base.issues + RuleLinter.lint(base)).filter { $0.severity == .error }.map(\.description)
    }

    /// The bug users saw: one remedy printed as four numbered steps.
    func testRemedySplitByAFlowListIsAnError() throws {
        try rule("ike.proposal-mismatch.answer", id: "ike.proposal-mismatch", fact: "peer.proposals_match",
                 remedies: "  any: [make at least one phase 1 proposal (encryption, integrity, PRF, DH group) identical on both sides]")
        let found = issues()
        XCTAssertTrue(found.contains { $0.hasPrefix("Rules/phase1/ike.proposal-mismatch.answer.yaml:") && $0.contains("YAML flow list") }, "\(found)")
        try rule("ike.proposal-mismatch.answer", id: "ike.proposal-mismatch", fact: "peer.proposals_match",
                 remedies: "  any: [\"make at least one phase 1 proposal (encryption, integrity, PRF, DH group) identical on both sides\"]")
        XCTAssertEqual(issues().filter { $0.hasPrefix("Rules/") }, [])
    }

    func testPlaceholderAFactCouldFillIsAnError() throws {
        try rule("ike.proposal-mismatch.answer", id: "ike.proposal-mismatch", fact: "peer.proposals_match",
                 remedies: "  linux: [\"tcpdump -ni any host <peer>\", \"swanctl --initiate --ike <conn.names>\", \"snoop -d <iface>\"]")
        let found = issues()
        XCTAssertTrue(found.contains { $0.contains("`<peer>`") && $0.contains("{peer}") }, "\(found)")
        XCTAssertTrue(found.contains { $0.contains("`<conn.names>`") }, "\(found)")
        XCTAssertFalse(found.contains { $0.contains("<iface>") }, "no fact knows the interface: \(found)")
    }

    func testSameCommandInOtherWordsAcrossRulesOfOneDiagnosis() throws {
        try rule("ike.daemon-not-running.process", id: "ike.daemon-not-running", fact: "ike.daemon.running",
                 remedies: "  strongswan: [\"systemctl start strongswan   # or strongswan-starter\"]")
        try rule("ike.daemon-not-running.no-listener", id: "ike.daemon-not-running", fact: "ike.daemon.running",
                 remedies: "  strongswan: [systemctl start strongswan]")
        XCTAssertTrue(issues().contains { $0.contains("repeats") && $0.contains("systemctl start strongswan") }, "\(issues())")
    }

    func testInternalLabelInAQuestionIsAnError() throws {
        try """
        - id: ask-proposals
          fact: peer.proposals_match
          ask: Does the peer offer one of our proposals?
          type: yesno
          help: "Seed 001: compare the proposals"
        """.write(toFile: dir + "/Rules/questions/q.yaml", atomically: true, encoding: .utf8)
        XCTAssertTrue(issues().contains { $0.hasPrefix("Rules/questions/q.yaml:1:") && $0.contains("Seed 001") }, "\(issues())")
    }

    /// The repository's own rule base passes these checks.
    func testRepositoryTextsAreClean() {
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
        let base = RuleBase.load(rules: repo + "/Rules", knowledge: repo + "/Knowledge")
        XCTAssertEqual(TextLinter.lint(base).map(\.description), [])
    }
}
