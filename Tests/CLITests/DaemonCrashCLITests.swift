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

    // MARK: - pluto's death as others log it (real lines, Tests/ParsersTests/Sources/SOURCES.md)

    static func plutoCase(_ name: String) -> String { CLI.repo + "/Tests/ParsersTests/Sources/pluto-log/\(name)/input.txt" }

    func diagnose(_ file: String) throws -> (findings: [[String: Any]], facts: [String: Any], text: String) {
        let r = try CLI.run(["diagnose", "--snapshot", file, "--format", "json", "--home", CLI.repo])
        let json = try XCTUnwrap(r.json, r.stderr)
        let text = try CLI.run(["diagnose", "--snapshot", file, "--home", CLI.repo]).stdout
        return (json["findings"] as? [[String: Any]] ?? [], json["facts"] as? [String: Any] ?? [:], text)
    }

    /// The kernel's segfault line (pluto does not catch SIGSEGV), Libreswan 3.x `_plutorun`'s
    /// `!pluto failure!: exited with error status 139 (signal 11)`, the kernel's `general
    /// protection` line, systemd's `ipsec.service: main process exited, code=killed,
    /// status=6/ABRT`: each, as pasted in libreswan/libreswan#50, #99, #169, #786, is the crash.
    func testPlutoCrashFormsAreTheDiagnosis() throws {
        for (name, evidence) in [("libreswan-50-kernel-segfault", "pluto[29280]: segfault at 28"),
                                 ("libreswan-99-segfault-plutorun", "!pluto failure!:  exited with error status 139 (signal 11)"),
                                 ("libreswan-169-general-protection", "pluto[23576] general protection"),
                                 ("libreswan-786-systemd-abrt", "ipsec.service: main process exited, code=killed, status=6/ABRT")] {
            let d = try diagnose(Self.plutoCase(name))
            let first = try XCTUnwrap(d.findings.first, "\(name): no finding")
            XCTAssertEqual(first["id"] as? String, "ike.daemon-not-running", name)
            XCTAssertEqual(first["title"] as? String, "The IKE daemon crashed", name)
            let cited = (first["evidence"] as? [Any] ?? []).map { "\($0)" }.joined(separator: "\n")
            XCTAssertTrue(cited.contains(evidence), "\(name): \(cited)")
            XCTAssertTrue(d.text.contains("PROBLEM: The IKE daemon crashed [ike.daemon-not-running]"), "\(name):\n\(d.text)")
        }
    }

    /// `_plutorun` restarted pluto after the crash (`Starting Pluto subsystem...`, #50): history.
    /// A clean stop (`pluto killed by SIGTERM, terminating without restart`, pluto's own
    /// "shutting down", hwdsl2/setup-ipsec-vpn#579) is no crash either.
    func testARestartedPlutoAndACleanStopAreNoCrash() throws {
        for name in ["libreswan-50-plutorun-failure-then-restart", "setup-ipsec-vpn-579-clean-stop"] {
            let d = try diagnose(Self.plutoCase(name))
            XCTAssertFalse(d.findings.contains { $0["title"] as? String == "The IKE daemon crashed" }, "\(name): \(d.findings.compactMap { $0["title"] })")
            XCTAssertNotEqual(d.facts["log.system.daemon_crashed"] as? Bool, true, name)
        }
    }
}
