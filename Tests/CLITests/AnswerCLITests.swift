import Foundation
import XCTest

/// `--answer` and `--answers` as a user types them: what is refused, with which exit code and
/// message, and what an answer may and may not change.
final class AnswerCLITests: XCTestCase {
    let snapshot = CLI.repo + "/Tests/Fixtures/lab/healthy/a"

    func diagnose(_ extra: [String]) throws -> CLI.Result {
        try CLI.run(["diagnose", "--home", CLI.repo, "--snapshot", snapshot, "--format", "json"] + extra)
    }

    func temporaryFile(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "answers-\(UUID().uuidString).yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func testAnAnswerOfTheWrongTypeIsAUsageErrorNamingFactAndValues() throws {
        let r = try diagnose(["--answer", "peer.ike_version=banana"])
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssertTrue(r.stdout.isEmpty, "no report on a usage error")
        XCTAssertTrue(r.stderr.contains("--answer peer.ike_version=banana: `banana` is not a value of peer.ike_version"), r.stderr)
        XCTAssertTrue(r.stderr.contains("one of: 1, 2"), r.stderr)
        let maybe = try diagnose(["--answer", "ike.daemon.running=maybe"])
        XCTAssertEqual(maybe.status, 64, maybe.stderr)
        XCTAssertTrue(maybe.stderr.contains("yes or no"), maybe.stderr)
    }

    /// An answers file with a value the fact does not take is an invalid answers file (65, as
    /// docs/CONTRACT.md says), like one with an unknown fact (ContractTests); `--answer` with the
    /// same value is a usage error (64, above).
    func testAWrongValueInAnAnswersFileNamesFileLineAndValues() throws {
        let path = try temporaryFile("peer.ike_version: 2\nhost.os: windows\n")
        let r = try diagnose(["--answers", path])
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("\(path):2: `windows` is not a value of host.os"), r.stderr)
        XCTAssertTrue(r.stderr.contains("linux, openbsd, illumos"), r.stderr)
    }

    func testAnAnswerDoesNotSilentlyOverrideWhatTheProbeSaw() throws {
        // The snapshot's process list shows charon running.
        let plain = try diagnose(["--answer", "ike.daemon.running=no"])
        XCTAssertEqual(plain.status, 0, plain.stderr)
        let facts = try XCTUnwrap(plain.json?["facts"] as? [String: Any])
        XCTAssertEqual(facts["ike.daemon.running"] as? Bool, true)
        XCTAssertTrue(plain.stderr.contains("warning: --answer ike.daemon.running=no: not used"), plain.stderr)
        XCTAssertTrue(plain.stderr.contains("ike.daemon.running:="), plain.stderr)

        let overridden = try diagnose(["--answer", "ike.daemon.running:=no"])
        let after = try XCTUnwrap(overridden.json?["facts"] as? [String: Any])
        XCTAssertEqual(after["ike.daemon.running"] as? Bool, false)
        XCTAssertFalse(overridden.stderr.contains("warning"), overridden.stderr)
    }

    func testTheOverrideFormIsInTheHelp() throws {
        let r = try CLI.run(["diagnose", "--help"])
        XCTAssertTrue(r.stdout.contains("FACT:=VALUE"), r.stdout)
    }

    func testAMissingAnswersFileSaysNoSuchFile() throws {
        let r = try diagnose(["--answers", "/nonexistent/answers.yaml"])
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("/nonexistent/answers.yaml: no such file"), r.stderr)
        XCTAssertFalse(r.stderr.contains("UTF-8"), r.stderr)
    }

    func testAnAliasBombInAnAnswersFileIsRefusedAtOnce() throws {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...30 { yaml += "a\(i): &a\(i) [*a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1)]\n" }
        yaml += "? *a30\n: 1\n"
        let path = try temporaryFile(yaml)
        let start = Date()
        let r = try diagnose(["--answers", path])
        let seconds = Date().timeIntervalSince(start)
        print("alias bomb refused by ipsec-doctor in \(String(format: "%.2f", seconds)) s")
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("\(path):1: YAML anchors and aliases"), r.stderr)
        XCTAssertLessThan(seconds, 30, "generous: today it spins for minutes")
    }

    /// 20,000 `--answer` options: linear, so a few seconds even in a debug build (quadratic
    /// parsing took 16 s for 10,000 in release, hours for 20,000 in debug). The figure goes to
    /// the test log.
    func testTwentyThousandAnswersTakeLinearTime() throws {
        var args: [String] = []
        for i in 0..<20_000 { args += ["--answer", "peer.ike_version=\(i % 2 + 1)"] }
        let start = Date()
        let r = try diagnose(args)
        let seconds = Date().timeIntervalSince(start)
        print("diagnose with 20,000 --answer options: \(String(format: "%.2f", seconds)) s")
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertEqual((r.json?["facts"] as? [String: Any])?["peer.ike_version"] as? Double, 2, "the last answer wins")
        XCTAssertLessThan(seconds, 60, "generous bound; measured about 2 s")
    }

    func testAnswerIsRefusedByCommandsThatTakeNone() throws {
        let r = try CLI.run(["explain", "--home", CLI.repo, "spi", "--answer", "peer.ike_version=2"])
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssertTrue(r.stderr.contains("--answer is an option of `diagnose` and `wizard`"), r.stderr)
    }
}

/// Every error reaches the user the same way: `ipsec-doctor: SUBJECT: what went wrong`, then
/// `  hint: what to do`, and the contract's exit code.
final class ErrorReportingTests: XCTestCase {
    func testCollectIntoAFolderWithFilesExits73WithAHint() throws {
        let dir = NSTemporaryDirectory() + "collect-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "keep me".write(toFile: dir + "/notes.txt", atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CLI.run(["collect", "--out", dir])
        XCTAssertEqual(r.status, 73, r.stderr)
        XCTAssertTrue(r.stderr.contains("ipsec-doctor: \(dir): exists and is not empty"), r.stderr)
        XCTAssertTrue(r.stderr.contains("  hint: give a new or empty directory"), r.stderr)
        XCTAssertEqual(try String(contentsOfFile: dir + "/notes.txt", encoding: .utf8), "keep me")
    }

    func testAMissingRuleBaseIsBadInputWithWhatToDo() throws {
        let r = try CLI.run(["diagnose", "--home", "/nonexistent-home"])
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("ipsec-doctor: /nonexistent-home/Rules:1: rules directory not found"), r.stderr)
        XCTAssertTrue(r.stderr.contains("ipsec-doctor: /nonexistent-home/Rules: the rule base has errors\n  hint: `ipsec-doctor rules check` lists them"), r.stderr)
    }

    func testUnknownExplainTopicIsAUsageErrorWithSuggestions() throws {
        let r = try CLI.run(["explain", "--home", CLI.repo, "auth-failed-p"])
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssertTrue(r.stderr.contains("no article for 'auth-failed-p'"), r.stderr)
        XCTAssertTrue(r.stderr.contains("hint: try: ike.auth-failed-psk"), r.stderr)
    }

    func testParseOfAMissingFileSaysNoSuchFile() throws {
        let r = try CLI.run(["parse", "xfrm-state", "/nonexistent/xfrm.txt"])
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("/nonexistent/xfrm.txt: no such file"), r.stderr)
    }
}
