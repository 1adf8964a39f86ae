import Foundation
import XCTest

/// `diagnose --snapshot` on what real strongSwan gateways showed in each lab scenario
/// (Tests/Fixtures/lab, captured by Tests/Lab/capture-fixtures.sh): the first finding and the exit
/// code must be what an experienced engineer would conclude from that gateway's view.
final class LabSnapshotTests: XCTestCase {
    struct Case {
        var scenario: String
        var side: String
        var first: String?      // nil: healthy
        var exit: Int32
    }

    static let cases: [Case] = [
        Case(scenario: "healthy", side: "a", first: nil, exit: 0),
        Case(scenario: "ikev1-healthy", side: "a", first: nil, exit: 0),
        Case(scenario: "psk-mismatch", side: "a", first: "ike.auth-failed-psk", exit: 1),
        Case(scenario: "psk-mismatch", side: "b", first: "ike.auth-failed-psk", exit: 1),
        Case(scenario: "ike-proposal-mismatch", side: "a", first: "ike.proposal-mismatch", exit: 1),
        Case(scenario: "ike-proposal-mismatch", side: "b", first: "ike.proposal-mismatch", exit: 1),
        Case(scenario: "esp-proposal-mismatch", side: "a", first: "child.proposal-mismatch", exit: 1),
        Case(scenario: "ts-mismatch", side: "a", first: "child.ts-mismatch", exit: 1),
        Case(scenario: "ts-mismatch", side: "b", first: "child.ts-mismatch", exit: 1),
        Case(scenario: "peer-drops-ike", side: "a", first: "ike.no-response", exit: 1),
        Case(scenario: "local-fw-drops-ike", side: "a", first: "ike.local-firewall-blocks-ike", exit: 1),
        Case(scenario: "daemon-down", side: "a", first: "ike.daemon-not-running", exit: 1),
        Case(scenario: "id-mismatch", side: "b", first: "ike.id-mismatch", exit: 1),
        Case(scenario: "ikev1-vs-ikev2", side: "b", first: "ike.version-mismatch", exit: 1),
        Case(scenario: "on-demand-not-triggered", side: "a", first: "child.not-triggered", exit: 1),
        Case(scenario: "masquerade", side: "a", first: "nat.masquerade-before-ipsec", exit: 1),
        Case(scenario: "no-inbound", side: "a", first: "esp.no-inbound", exit: 1),
        Case(scenario: "kernel-no-esp", side: "a", first: "system.kernel-no-esp", exit: 1),
        Case(scenario: "ip-forward-off", side: "a", first: "system.ip-forwarding-disabled", exit: 1),
    ]

    func testEachScenarioGivesTheRightFirstFinding() throws {
        var wrong: [String] = []
        for c in Self.cases {
            let dir = CLI.repo + "/Tests/Fixtures/lab/\(c.scenario)/\(c.side)"
            let r = try CLI.run(["diagnose", "--format", "json", "--home", CLI.repo, "--snapshot", dir])
            guard let json = r.json else {
                wrong.append("\(c.scenario)/\(c.side): no JSON (exit \(r.status)): \(r.stderr)")
                continue
            }
            let findings = json["findings"] as? [[String: Any]] ?? []
            let problems = findings.filter { $0["severity"] as? String == "problem" }
            let first = problems.first?["id"] as? String
            let verdict = json["verdict"] as? String
            if c.first != first || c.exit != r.status || verdict != (c.first == nil ? "healthy" : "problem") {
                wrong.append("\(c.scenario)/\(c.side): expected \(c.first ?? "healthy") exit \(c.exit), got \(first ?? "no problem") exit \(r.status) verdict \(verdict ?? "?") (findings: \(findings.compactMap { $0["id"] as? String }))")
            }
        }
        XCTAssertEqual(wrong, [], "\n" + wrong.joined(separator: "\n"))
    }

    /// Both gateways of every scenario, as captured (LabExpectations says what each side may
    /// conclude and why; the same table drives the live lab in LabTests).
    func testBothGatewaysOfEveryScenario() throws {
        var wrong: [String] = []
        var checked = 0
        for (name, e) in LabExpectations.all.sorted(by: { $0.key < $1.key }) {
            for (side, expect) in [("a", e.a), ("b", e.b)] {
                let dir = CLI.repo + "/Tests/Fixtures/lab/\(name)/\(side)"
                guard FileManager.default.fileExists(atPath: dir) else {
                    wrong.append("\(name)/\(side): no fixture (Tests/Lab/capture-fixtures.sh \(name))")
                    continue
                }
                let r = try CLI.run(["diagnose", "--format", "json", "--home", CLI.repo, "--snapshot", dir])
                guard let json = r.json else {
                    wrong.append("\(name)/\(side): no JSON (exit \(r.status)): \(r.stderr)")
                    continue
                }
                let findings = json["findings"] as? [[String: Any]] ?? []
                let first = findings.first { $0["severity"] as? String == "problem" }
                if let why = expect.judge(first: first?["id"] as? String, confidence: first?["confidence"] as? Double,
                                          verdict: json["verdict"] as? String, exit: r.status) {
                    wrong.append("\(name)/\(side): \(why) [\(e.why)] (findings: \(findings.compactMap { $0["id"] as? String }))")
                }
                checked += 1
            }
        }
        XCTAssertGreaterThanOrEqual(checked, 66)
        XCTAssertEqual(wrong, [], "\n" + wrong.joined(separator: "\n"))
    }

    func testTextReportLeadsWithTheVerdictAndRemedies() throws {
        let dir = CLI.repo + "/Tests/Fixtures/lab/psk-mismatch/a"
        let r = try CLI.run(["diagnose", "--home", CLI.repo, "--snapshot", dir])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("PROBLEM: "), r.stdout)
        XCTAssertTrue(r.stdout.contains("What to do:"), r.stdout)
        XCTAssertTrue(r.stdout.contains("AUTHENTICATION_FAILED"), "evidence quotes the log line:\n\(r.stdout)")
        XCTAssertFalse(r.stdout.contains("\u{1B}["), "no colour when NO_COLOR is set or not a terminal")
    }

    func testAnswersCanSettleWhatTheSnapshotCannot() throws {
        // The operator already knows the peer's admin confirmed the keys match: the PSK finding
        // must lose confidence or give way to the identity explanation.
        let dir = CLI.repo + "/Tests/Fixtures/lab/psk-mismatch/a"
        let plain = try CLI.run(["diagnose", "--format", "json", "--home", CLI.repo, "--snapshot", dir])
        let answered = try CLI.run(["diagnose", "--format", "json", "--home", CLI.repo, "--snapshot", dir,
                                    "--answer", "peer.psk_confirmed_equal=yes"])
        let first = { (r: CLI.Result) in ((r.json?["findings"] as? [[String: Any]])?.first?["id"] as? String) }
        XCTAssertEqual(first(plain), "ike.auth-failed-psk")
        XCTAssertNotEqual(first(answered), "ike.auth-failed-psk")
        let facts = answered.json?["facts"] as? [String: Any]
        XCTAssertEqual(facts?["peer.psk_confirmed_equal"] as? Bool, true)
    }
}
