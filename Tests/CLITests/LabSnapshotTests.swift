import Foundation
import XCTest

/// `diagnose --snapshot` on what real strongSwan gateways showed in each lab scenario
/// (Tests/Fixtures/lab, captured by Tests/Lab/capture-fixtures.sh): the first finding and the exit
/// code must be what an experienced engineer would conclude from that gateway's view.
final class LabSnapshotTests: XCTestCase {
    // The one-side table that stood here (19 cases) is part of LabExpectations now, with the
    // same IDs, and the other side of every scenario besides.

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
