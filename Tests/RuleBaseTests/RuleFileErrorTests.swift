import Foundation
@testable import RuleBase
import XCTest

/// A broken rule file must be reported as `file:line: message`, never crash the loader.
final class RuleFileErrorTests: XCTestCase {
    var dir: String!

    override func setUpWithError() throws {
        dir = NSTemporaryDirectory() + "ipsec-doctor-rules-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/Rules/phase1", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/Knowledge/diagnoses", withIntermediateDirectories: true)
        try """
        - {name: log.ike.auth_failed, type: bool, from: [log], doc: "auth failed"}
        - {name: ike.sa.established, type: bool, from: [probe], doc: "up"}
        """.write(toFile: dir + "/Rules/facts.yaml", atomically: true, encoding: .utf8)
        try """
        ---
        id: ike.auth-failed-psk
        kind: diagnosis
        title: PSK differs
        aliases: []
        see_also: []
        ---
        body
        """.write(toFile: dir + "/Knowledge/diagnoses/ike.auth-failed-psk.md", atomically: true, encoding: .utf8)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(atPath: dir) }

    func write(_ name: String, _ text: String) throws {
        try text.write(toFile: dir + "/Rules/phase1/\(name).yaml", atomically: true, encoding: .utf8)
    }

    func load() -> [RuleBaseIssue] {
        let base = RuleBase.load(rules: dir + "/Rules", knowledge: dir + "/Knowledge")
        return base.issues + RuleLinter.lint(base)
    }

    func testConditionErrorNamesFileAndLine() throws {
        try write("broken", """
        diagnosis: ike.auth-failed-psk
        title: PSK differs
        phase: phase1
        severity: problem
        confidence: 0.9
        when: log.ike.auth_failed and (not ike.sa.established
        remedies: {any: ["compare the keys"]}
        examples:
          - {facts: {log.ike.auth_failed: true}, fires: true}
          - {facts: {}, fires: false}
        """)
        let issues = load().map(\.description)
        XCTAssertTrue(issues.contains { $0.hasPrefix("Rules/phase1/broken.yaml:6: condition: expected ')'") }, "\(issues)")
    }

    /// Two ways YAML quietly changes a remedy: an unquoted comma in `[...]` cuts one step in two
    /// ("then renegotiate" alone on its line of the report), an unquoted `: ` makes a step a
    /// mapping (it used to be dropped without a word). Both are errors at their line; quoted,
    /// the same steps load whole. Two quoted steps on one line are two steps, as meant.
    func testRemedyStepCutOrLostByYAMLNamesItsLine() throws {
        let head = """
        diagnosis: ike.auth-failed-psk
        title: PSK differs
        phase: phase1
        severity: problem
        confidence: 0.9
        when: log.ike.auth_failed
        """
        let tail = """
        examples:
          - {facts: {log.ike.auth_failed: true}, fires: true}
          - {facts: {}, fires: false}
        """
        try write("cut", head + "\nremedies:\n  any: [set the same key on both ends, then renegotiate]\n" + tail)
        try write("lost", head + "\nremedies:\n  any:\n    - compare the keys (on both ends: ipsec secrets)\n" + tail)
        // A cut clause need not start with "then": this one was in the rule base, unnoticed.
        try write("clause", head + "\nremedies:\n  any: [if the peer is behind NAT, expect its public address]\n" + tail)
        var issues = load().map(\.description)
        XCTAssertTrue(issues.contains { $0.hasPrefix("Rules/phase1/cut.yaml:8: remedy step \"then renegotiate\"") }, "\(issues)")
        XCTAssertTrue(issues.contains { $0.hasPrefix("Rules/phase1/clause.yaml:8: remedy step \"expect its public address\"") }, "\(issues)")
        XCTAssertTrue(issues.contains { $0.hasPrefix("Rules/phase1/lost.yaml:9: a remedy step is a text") }, "\(issues)")

        try write("cut", head + "\nremedies:\n  any: [\"set the same key on both ends, then renegotiate\"]\n" + tail)
        try write("lost", head + "\nremedies:\n  any:\n    - \"compare the keys (on both ends: ipsec secrets)\"\n" + tail)
        try write("clause", head + "\nremedies:\n  any: [\"if the peer is behind NAT\", \"expect its public address\"]\n" + tail)
        issues = load().map(\.description)
        XCTAssertFalse(issues.contains { $0.contains("remedy step") }, "\(issues)")
        let base = RuleBase.load(rules: dir + "/Rules", knowledge: dir + "/Knowledge")
        XCTAssertEqual(base.rules.first { $0.name.hasSuffix("cut") }?.remedies["any"], ["set the same key on both ends, then renegotiate"])
    }

    func testYAMLSyntaxErrorNamesLine() throws {
        try write("badyaml", "diagnosis: ike.auth-failed-psk\ntitle: [unclosed\nphase: phase1\n")
        let issues = load().map(\.description)
        XCTAssertTrue(issues.contains { $0.hasPrefix("Rules/phase1/badyaml.yaml:") && $0.contains("YAML syntax") }, "\(issues)")
    }

    /// Ten lines of anchors and aliases stand for 10^8 strings ("billion laughs"): refused at
    /// once with file and line, not walked (a `!!str` tag once made the loader walk them all).
    func testAnAliasBombIsRefusedNotExpanded() throws {
        var lines = ["diagnosis: ike.auth-failed-psk", "title: !!str PSK differs", "evidence: &a [x, x, x, x, x, x, x, x, x, x]"]
        for (i, name) in ["b", "c", "d", "e", "f", "g", "h"].enumerated() {
            let prev = i == 0 ? "a" : ["b", "c", "d", "e", "f", "g"][i - 1]
            lines.append("x\(name): &\(name) [" + Array(repeating: "*\(prev)", count: 10).joined(separator: ", ") + "]")
        }
        try write("bomb", lines.joined(separator: "\n") + "\n")
        let start = Date()
        let issues = load().map(\.description)
        XCTAssertLessThan(Date().timeIntervalSince(start), 10, "the aliases were expanded")
        XCTAssertTrue(issues.contains { $0.hasPrefix("Rules/phase1/bomb.yaml:1: YAML: more than") }, "\(issues)")
    }

    func testUnknownFactMissingExamplesAndTypos() throws {
        try write("typo", """
        diagnosis: ike.auth-failed-psk
        title: PSK differs
        phase: phase1
        severity: problem
        confidence: 0.9
        when: log.ike.auth_faild
        remedy: compare
        examples:
          - {facts: {log.ike.auth_failed: true}, fires: true}
        """)
        let issues = load().map(\.description)
        XCTAssertTrue(issues.contains("Rules/phase1/typo.yaml:6: unknown fact `log.ike.auth_faild` (did you mean `log.ike.auth_failed`?)"), "\(issues)")
        XCTAssertTrue(issues.contains { $0.hasPrefix("Rules/phase1/typo.yaml:7: unknown key `remedy`") }, "\(issues)")
        XCTAssertTrue(issues.contains("Rules/phase1/typo.yaml:1: needs an example that does not fire (fires: false)"), "\(issues)")
        XCTAssertTrue(issues.contains("Rules/phase1/typo.yaml:1: a problem needs `remedies`"), "\(issues)")
    }

    func testValidRuleLoadsClean() throws {
        try write("ok", """
        diagnosis: ike.auth-failed-psk
        title: PSK differs
        phase: phase1
        severity: problem
        confidence: 0.9
        when: log.ike.auth_failed and not ike.sa.established
        remedies: {any: ["compare the keys"]}
        examples:
          - {facts: {log.ike.auth_failed: true, ike.sa.established: false}, fires: true}
          - {facts: {log.ike.auth_failed: true, ike.sa.established: true}, fires: false}
        """)
        let errors = load().filter { $0.severity == .error && !$0.message.contains("contract's diagnosis") }
        XCTAssertEqual(errors.map(\.description), [])
    }
}
