import Foundation
import XCTest

/// A daemon that crashed is named as such: charon's log ends in its crash handler's lines
/// ("thread 11 received 11", a backtrace, "killing ourself, received critical signal"), here a
/// real crash of strongSwan 5.9.8 in the lab (its stroke plugin, six `ipsec list*` at once).
/// When the same log goes on with a restart, the crash is history and nothing is reported.
final class DaemonCrashCLITests: XCTestCase {
    static let crashed = CLI.repo + "/Tests/ParsersTests/Sources/charon-log/lab-charon-crashed-stroke-list/input.txt"

    func testACrashedCharonIsTheDiagnosis() throws {
        let r = try CLI.run(["diagnose", "--snapshot", Self.crashed, "--format", "json", "--home", CLI.repo])
        XCTAssertEqual(r.status, 1, r.stderr)
        let json = try XCTUnwrap(r.json, r.stderr)
        let findings = json["findings"] as? [[String: Any]] ?? []
        let first = try XCTUnwrap(findings.first, "no finding")
        XCTAssertEqual(first["id"] as? String, "ike.daemon-not-running")
        XCTAssertEqual(first["title"] as? String, "The IKE daemon crashed")
        let evidence = (first["evidence"] as? [Any] ?? []).map { "\($0)" }.joined(separator: "\n")
        XCTAssertTrue(evidence.contains("killing ourself, received critical signal"), evidence)
        XCTAssertTrue(evidence.contains("thread 11 received 11"), evidence)
        let text = try CLI.run(["diagnose", "--snapshot", Self.crashed, "--home", CLI.repo])
        XCTAssertTrue(text.stdout.contains("PROBLEM: The IKE daemon crashed [ike.daemon-not-running]"), text.stdout)
        XCTAssertTrue(text.stdout.contains("never run two of those at once"), "the stroke list remedy:\n\(text.stdout)")
    }

    /// charon.log with `append = yes` keeps the crash and then the next start: the daemon came
    /// back, so the crash is not a finding (the healthy lab log appended after it, verbatim).
    func testACrashFollowedByARestartIsHistory() throws {
        let crash = try String(contentsOfFile: Self.crashed, encoding: .utf8)
        let restart = try String(contentsOfFile: CLI.repo + "/Tests/Fixtures/lab/healthy/b/charon.log", encoding: .utf8)
        XCTAssertTrue(restart.contains("Starting IKE charon daemon"))
        let dir = NSTemporaryDirectory() + "crash-restart-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try (crash + restart).write(toFile: dir + "/charon.log", atomically: true, encoding: .utf8)
        let r = try CLI.run(["diagnose", "--snapshot", dir, "--format", "json", "--home", CLI.repo])
        let json = try XCTUnwrap(r.json, r.stderr)
        let ids = (json["findings"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        XCTAssertFalse(ids.contains("ike.daemon-not-running"), "\(ids)")
        let facts = json["facts"] as? [String: Any] ?? [:]
        XCTAssertEqual(facts["log.system.daemon_crashed"] as? Bool, false, "the restart clears it")
    }
}
