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

/// The code names platforms only through the one list: a literal platform name in Sources/ (a
/// probe for `"freebsd"`, an extractor setting `host.os` to `"openbsd"`) is caught here.
final class StackLiteralTests: XCTestCase {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Sources").path

    func testNoSourceFileSpellsAPlatformOutsideStackSwift() throws {
        let walker = try XCTUnwrap(FileManager.default.enumerator(atPath: Self.sources))
        var issues: [String] = [], files = 0
        while let rel = walker.nextObject() as? String {
            guard rel.hasSuffix(".swift"), rel != "Facts/Stack.swift" else { continue }
            let text = try String(contentsOfFile: Self.sources + "/" + rel, encoding: .utf8)
            files += 1
            issues += StackLint.swiftLiterals(in: text, file: "Sources/" + rel).map(\.description)
        }
        XCTAssertGreaterThan(files, 100, "the walk found the sources")
        XCTAssertEqual(issues, [])
    }

    func testANewLiteralIsCaught() {
        let text = """
        // "openbsd" in a comment is fine
        let probe = ProbeSpec("x", source: nil, .command(["pfctl"]), platform: "openbsd")
            out.add("host.os", .string("freebsd"), [])
        """
        let issues = StackLint.swiftLiterals(in: text, file: "Sources/X.swift").map(\.description)
        XCTAssertEqual(issues.count, 2, "\(issues)")
        XCTAssertTrue(issues[0].hasPrefix("Sources/X.swift:2: the platform \"openbsd\""), "\(issues)")
        XCTAssertTrue(issues[1].hasPrefix("Sources/X.swift:3: host.os set to a literal"), "\(issues)")
    }
}
