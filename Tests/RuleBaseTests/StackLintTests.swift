import Foundation
@testable import RuleBase
import XCTest

/// `rules check` holds the rule base to the one list of stacks (Sources/Facts/Stack.swift): a
/// remedy for a misspelt daemon would never be shown to anyone.
final class StackLintTests: XCTestCase {
    func testMisspeltImplementationInRemediesAndHowIsReported() throws {
        let dir = NSTemporaryDirectory() + "ipsec-doctor-stack-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/Rules/phase1", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: dir + "/Rules/questions", withIntermediateDirectories: true)
        try """
        - {name: log.ike.auth_failed, type: bool, from: [log, question], doc: "auth failed"}
        - {name: conn.start_action, type: string, from: [question], values: [start, trap, none], doc: "how it starts"}
        """.write(toFile: dir + "/Rules/facts.yaml", atomically: true, encoding: .utf8)
        try """
        diagnosis: ike.auth-failed-psk
        title: PSK differs
        phase: phase1
        severity: problem
        confidence: 0.9
        when: log.ike.auth_failed
        remedies: {strongwsan: ["compare the keys"], any: ["compare the keys"]}
        examples:
          - {facts: {log.ike.auth_failed: true}, fires: true}
          - {facts: {log.ike.auth_failed: false}, fires: false}
        """.write(toFile: dir + "/Rules/phase1/psk.yaml", atomically: true, encoding: .utf8)
        try """
        - id: start
          fact: conn.start_action
          ask: How does the tunnel start?
          type: choice
          choices: [start, route]
          how: {libreswan: "auto= in ipsec.conf", solaris: "ikeadm"}
          cost: 1
        """.write(toFile: dir + "/Rules/questions/local.yaml", atomically: true, encoding: .utf8)
        let base = RuleBase.load(rules: dir + "/Rules", knowledge: dir + "/Knowledge")
        let issues = StackLint.lint(base).map(\.description)
        XCTAssertTrue(issues.contains { $0.hasPrefix("Rules/phase1/psk.yaml:1: remedies for `strongwsan`") }, "\(issues)")
        XCTAssertTrue(issues.contains { $0.contains("`how` for `solaris`") }, "\(issues)")
        XCTAssertTrue(issues.contains { $0.contains("choice `route` is not a value of conn.start_action") }, "\(issues)")
        XCTAssertEqual(issues.count, 3, "\(issues)")
    }
}
