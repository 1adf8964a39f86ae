import Foundation
import XCTest

/// The outside contract (docs/CONTRACT.md) as a script sees it: commands, options, exit codes.
final class ContractTests: XCTestCase {
    func testRulesCheckIsCleanOnTheShippedRuleBase() throws {
        let r = try CLI.run(["rules", "check", "--home", CLI.repo])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("examples pass; 0 errors"), r.stdout)
    }

    func testRulesCheckReportsABrokenRuleFileWithFileAndLine() throws {
        let home = NSTemporaryDirectory() + "ipsec-doctor-home-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: home) }
        let fm = FileManager.default
        try fm.createDirectory(atPath: home, withIntermediateDirectories: true)
        try fm.copyItem(atPath: CLI.repo + "/Rules", toPath: home + "/Rules")
        try fm.copyItem(atPath: CLI.repo + "/Knowledge", toPath: home + "/Knowledge")
        try "diagnosis: ike.auth-failed-psk\ntitle: broken\nphase: phase1\nseverity: problem\nconfidence: 0.9\nwhen: log.ike.auth_failed and and\n"
            .write(toFile: home + "/Rules/phase1/zz-broken.yaml", atomically: true, encoding: .utf8)
        let r = try CLI.run(["rules", "check", "--home", home])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("Rules/phase1/zz-broken.yaml:6: condition:"), r.stderr)
    }

    func testUnknownAnswerFactIsAUsageError() throws {
        let r = try CLI.run(["diagnose", "--home", CLI.repo, "--snapshot", CLI.repo + "/Tests/Fixtures/lab/healthy/a", "--answer", "peer.ike_versoin=2"])
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssertTrue(r.stderr.contains("peer.ike_versoin"), r.stderr)
        XCTAssertTrue(r.stderr.contains("did you mean `peer.ike_version`"), r.stderr)
    }

    func testBadOptionIsUsageError() throws {
        let r = try CLI.run(["diagnose", "--format", "yaml"])
        XCTAssertEqual(r.status, 64)
        XCTAssertTrue(r.stderr.contains("--format"), r.stderr)
    }

    func testInvalidAnswersFileIsBadInputNamingFileAndLine() throws {
        let path = NSTemporaryDirectory() + "answers-\(UUID().uuidString).yaml"
        defer { try? FileManager.default.removeItem(atPath: path) }
        try "peer.ike_version: 2\nnot.a.fact: true\n".write(toFile: path, atomically: true, encoding: .utf8)
        let r = try CLI.run(["diagnose", "--home", CLI.repo, "--answers", path, "--snapshot", CLI.repo + "/Tests/Fixtures/lab/healthy/a"])
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("\(path):2: unknown fact `not.a.fact`"), r.stderr)
    }

    func testMissingSnapshotIsBadInput() throws {
        let r = try CLI.run(["diagnose", "--home", CLI.repo, "--snapshot", "/nonexistent/snap"])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("/nonexistent/snap"), r.stderr)
        XCTAssertTrue(r.stdout.isEmpty)
    }

    func testExplainPrintsArticlesByIDAndAlias() throws {
        let byID = try CLI.run(["explain", "--home", CLI.repo, "child.leftsubnets-asymmetric"])
        XCTAssertEqual(byID.status, 0, byID.stderr)
        XCTAssertTrue(byID.stdout.contains("XfrmInTmplMismatch"), byID.stdout)
        let concept = try CLI.run(["explain", "--home", CLI.repo, "SPI"])
        XCTAssertEqual(concept.status, 0, concept.stderr)
        XCTAssertTrue(concept.stdout.lowercased().contains("security parameter index"), concept.stdout)
        let missing = try CLI.run(["explain", "--home", CLI.repo, "no-such-topic-xyz"])
        XCTAssertNotEqual(missing.status, 0)
    }

    func testParseXfrmStateFromSeedAsContractJSON() throws {
        let file = CLI.repo + "/Tests/Fixtures/real/xfrm-state/seed004-ip-xfrm-state-anti-replay-context.txt"
        try XCTSkipUnless(FileManager.default.fileExists(atPath: file), "seed fixture not present")
        let r = try CLI.run(["parse", "xfrm-state", file])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try XCTUnwrap(r.json)
        XCTAssertEqual(json["source"] as? String, "xfrm-state")
        let records = try XCTUnwrap(json["records"] as? [[String: Any]])
        XCTAssertEqual(records.compactMap { $0["spi"] as? String }, ["0x6e45ab4b", "0x360d5bb6"])
        XCTAssertEqual(records.compactMap { ($0["reqid"] as? NSNumber)?.intValue }, [16417, 16417])
        XCTAssertEqual((json["unparsed"] as? [Any])?.count, 0)
        // Key material never reaches the records.
        XCTAssertFalse(r.stdout.contains("5292bb9d25099ecec68c54457ccd06099b4930ac"))
    }

    func testParseReadsStdinAndListsSources() throws {
        let r = try CLI.run(["parse", "xfrm-stat"], stdin: "XfrmInError             \t0\nXfrmInTmplMismatch      \t42\n")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("XfrmInTmplMismatch"))
        let list = try CLI.run(["parse", "--list"])
        for source in ["xfrm-state", "xfrm-policy", "xfrm-stat", "libreswan-trafficstatus", "swanctl-list-sas"] {
            XCTAssertTrue(list.stdout.contains(source), "parse --list lacks \(source)")
        }
    }
}
