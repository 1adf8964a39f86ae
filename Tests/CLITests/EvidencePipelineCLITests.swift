import Foundation
import XCTest

/// The evidence pipeline as a user meets it: `--deadline` checked, `--log` read once and the
/// same way with or without a snapshot, snapshot files that are no outputs refused cleanly.
final class EvidencePipelineCLITests: XCTestCase {
    func tempDir() throws -> String {
        let dir = NSTemporaryDirectory() + "pipeline-cli-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        return dir
    }

    /// A loose snapshot: the lab's healthy gateway outputs.
    var healthy: String { CLI.repo + "/Tests/Fixtures/lab/healthy/a" }

    func testDeadlineMustBeAFiniteNumberOfSeconds() throws {
        for bad in ["nan", "inf", "-1", "0", "99999"] {
            for command in [["diagnose", "--snapshot", healthy], ["collect", "--out", NSTemporaryDirectory() + "never-\(UUID().uuidString)"]] {
                let r = try CLI.run(command + ["--deadline", bad])
                XCTAssertEqual(r.status, 64, "\(command[0]) --deadline \(bad): \(r.stderr)")
                XCTAssertTrue(r.stderr.contains("--deadline"), r.stderr)
            }
        }
    }

    func testAMissingLogIsBadInputLiveOrSnapshot() throws {
        let r = try CLI.run(["diagnose", "--snapshot", healthy, "--log", "/nonexistent/charon.log"])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("--log /nonexistent/charon.log"), r.stderr)
    }

    func testALogWithNoDaemonIsReportedNotReadAsCharons() throws {
        let dir = try tempDir()
        let log = dir + "/kern.log"
        try "Dec  2 06:00:01 gw kernel: [12.3] e1000: eth0 NIC Link is Up 1000 Mbps\n".write(toFile: log, atomically: true, encoding: .utf8)
        let r = try CLI.run(["diagnose", "--snapshot", healthy, "--log", log, "--format", "json"])
        XCTAssertNotEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("--log \(log): no IPsec daemon's lines recognised"), r.stderr)
        // The notice names what was tried, from the sources' declarations.
        for writer in ["strongSwan charon", "Libreswan/Openswan pluto", "racoon", "OpenBSD iked", "Windows VPN client"] {
            XCTAssertTrue(r.stderr.contains(writer), "\(writer) not named: \(r.stderr)")
        }
    }

    /// A log the user named that yields nothing — empty, or a read that fails after the start
    /// checks passed (/proc/self/mem stats as a regular file and fails with EIO) — is said on
    /// stderr; before, the diagnosis went on as if it had been read.
    func testALogThatGivesNothingIsSaid() throws {
        let dir = try tempDir()
        let empty = dir + "/charon.log"
        FileManager.default.createFile(atPath: empty, contents: Data())
        for (log, said) in [(empty, "the file is empty"), ("/proc/self/mem", "not read (")] {
            let r = try CLI.run(["diagnose", "--snapshot", healthy, "--log", log, "--format", "json"])
            XCTAssertNotNil(r.json, r.stderr)
            XCTAssertTrue(r.stderr.contains("--log \(log): \(said)"), "\(log): \(r.stderr)")
        }
    }

    /// The one paste a user has, given as the snapshot itself: read as a folder holding it alone,
    /// with the same finding as that folder gives.
    func testASingleFileIsASnapshotOfItself() throws {
        let folder = CLI.repo + "/Tests/Fixtures/reports/docker-ipsec-vpn-server-90-oakley-refused/snapshot"
        let asFolder = try CLI.run(["diagnose", "--snapshot", folder, "--format", "json"])
        let asFile = try CLI.run(["diagnose", "--snapshot", folder + "/report.log", "--format", "json"])
        XCTAssertEqual(asFile.status, 1, asFile.stderr)
        XCTAssertEqual(asFile.status, asFolder.status)
        XCTAssertTrue(asFile.stdout.contains("\"ike.proposal-mismatch\""), asFile.stdout)
        let ids = try findingIDs(asFile.stdout)
        XCTAssertFalse(ids.isEmpty, asFile.stdout)
        XCTAssertEqual(ids, try findingIDs(asFolder.stdout))

        // A file that is nobody's output is refused naming it, not read as an empty snapshot.
        let dir = try tempDir()
        let other = dir + "/notes.txt"
        try "called the ISP, they said the line is fine\n".write(toFile: other, atomically: true, encoding: .utf8)
        let r = try CLI.run(["diagnose", "--snapshot", other])
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains(other) && r.stderr.contains("no IPsec daemon's log lines"), r.stderr)
        let missing = try CLI.run(["diagnose", "--snapshot", dir + "/nothing-here"])
        XCTAssertEqual(missing.status, 65, missing.stderr)
        XCTAssertTrue(missing.stderr.contains(dir + "/nothing-here"), missing.stderr)
    }

    /// A folder with nothing of its own beside `--log` files: the logs are the evidence.
    func testAnEmptySnapshotWithALogReadsTheLog() throws {
        let dir = try tempDir()
        let log = CLI.repo + "/Tests/Fixtures/reports/docker-ipsec-vpn-server-90-oakley-refused/snapshot/report.log"
        let r = try CLI.run(["diagnose", "--snapshot", dir, "--log", log, "--format", "json"])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stdout.contains("\"ike.proposal-mismatch\""), r.stdout)
        // Without the log the empty folder is still an error that says what it lacks.
        let alone = try CLI.run(["diagnose", "--snapshot", dir])
        XCTAssertEqual(alone.status, 65, alone.stderr)
        XCTAssertTrue(alone.stderr.contains("no manifest.json"), alone.stderr)
    }

    func findingIDs(_ json: String) throws -> [String] {
        let report = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        let findings = report?["findings"] as? [[String: Any]] ?? []
        return findings.compactMap { $0["id"] as? String }
    }

    func testAManifestMayNotNameFilesOutsideTheSnapshot() throws {
        let dir = try tempDir()
        let manifest = """
        {"tool": "ipsec-doctor", "version": "test", "host": "h", "time": "2026-12-02T06:00:00Z", "os": "linux",
         "secretsIncluded": false, "entries": [{"name": "xfrm-state", "source": "xfrm-state", "command": ["ip"],
         "file": "../../../../../../etc/hostname", "status": "ok"}]}
        """
        try manifest.write(toFile: dir + "/manifest.json", atomically: true, encoding: .utf8)
        let r = try CLI.run(["diagnose", "--snapshot", dir])
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("outside the snapshot"), r.stderr)
    }

    /// The same for a folder without a manifest: a link out of it is not followed (a snapshot
    /// from elsewhere, diagnosed as root, must not make us read /etc/ipsec.secrets as a log);
    /// a link inside it, and a file given as the snapshot itself, are read.
    func testALooseSnapshotsLinkOutOfItIsNotFollowed() throws {
        let dir = try tempDir(), outside = try tempDir()
        try FileManager.default.copyItem(atPath: healthy + "/swanctl-list-sas.txt", toPath: outside + "/swanctl-list-sas.txt")
        try FileManager.default.createSymbolicLink(atPath: dir + "/swanctl-list-sas.txt", withDestinationPath: outside + "/swanctl-list-sas.txt")
        try FileManager.default.copyItem(atPath: healthy + "/ip-xfrm-state.txt", toPath: dir + "/saved-state")
        try FileManager.default.createSymbolicLink(atPath: dir + "/ip-xfrm-state.txt", withDestinationPath: "saved-state")
        let r = try CLI.run(["diagnose", "--snapshot", dir, "--format", "json"])
        let probes = r.json?["probes"] as? [[String: Any]] ?? []
        let sas = probes.first { $0["name"] as? String == "swanctl-list-sas.txt" }
        XCTAssertEqual(sas?["status"] as? String, "skipped", "\(probes)")
        XCTAssertTrue((sas?["reason"] as? String ?? "").contains("outside the snapshot; not read"), "\(String(describing: sas))")
        let facts = r.json?["facts"] as? [String: Any] ?? [:]
        XCTAssertNotNil(facts["xfrm.state.count"], "the link inside was read: \(facts.keys.sorted())")
        // the linked file given as the snapshot itself is the user's choice: read
        let given = try CLI.run(["diagnose", "--snapshot", dir + "/swanctl-list-sas.txt", "--format", "json"])
        XCTAssertNotNil(given.json, given.stderr)
        XCTAssertFalse(given.stderr.contains("outside the snapshot"), given.stderr)
    }

    func testAFifoInASnapshotIsAStatusNotAHang() throws {
        let dir = try tempDir()
        try FileManager.default.copyItem(atPath: healthy + "/swanctl-list-sas.txt", toPath: dir + "/swanctl-list-sas.txt")
        XCTAssertEqual(mkfifo(dir + "/xfrm-state.txt", 0o600), 0)
        let start = Date()
        let r = try CLI.run(["diagnose", "--snapshot", dir, "--format", "json"])
        XCTAssertLessThan(Date().timeIntervalSince(start), 20, "a FIFO must not block the read")
        XCTAssertNotEqual(r.status, 65, r.stderr)
        let probes = (r.json?["probes"] as? [[String: Any]]) ?? []
        let fifo = probes.first { ($0["name"] as? String) == "xfrm-state.txt" }
        XCTAssertEqual(fifo?["status"] as? String, "unavailable", "\(probes)")
        XCTAssertTrue((fifo?["reason"] as? String)?.contains("FIFO") == true, "\(String(describing: fifo))")
    }

    /// A folder whose only log is a FIFO: the error says which file was not read and why.
    func testASnapshotWithNothingReadableSaysWhatWasSkipped() throws {
        let dir = try tempDir()
        XCTAssertEqual(mkfifo(dir + "/charon.log", 0o600), 0)
        let r = try CLI.run(["diagnose", "--snapshot", dir])
        XCTAssertEqual(r.status, 65, r.stderr)
        XCTAssertTrue(r.stderr.contains("charon.log") && r.stderr.contains("FIFO"), r.stderr)
    }

    /// A file of a folder that nothing reads (named after no source, no daemon's lines in it) is
    /// listed as not read, beside the diagnosis of what was read: the operator sees that the
    /// log they added in an unknown form was not used. Alone, it is named in the error.
    func testAFileNothingReadsIsListedAsNotRead() throws {
        let dir = try tempDir()
        let log = "Dec  3 10:00:00 gw charon[1]: 12[IKE] received AUTHENTICATION_FAILED notify error\n"
        try log.write(toFile: dir + "/charon.log", atomically: true, encoding: .utf8)
        try "tunnel to branch 7 down since 02:00\n".write(toFile: dir + "/notes.txt", atomically: true, encoding: .utf8)
        let r = try CLI.run(["diagnose", "--snapshot", dir, "--format", "json"])
        XCTAssertNotEqual(r.status, 65, r.stderr)
        let probes = (r.json?["probes"] as? [[String: Any]]) ?? []
        let notes = probes.first { $0["name"] as? String == "notes.txt" }
        XCTAssertEqual(notes?["status"] as? String, "skipped", "\(probes)")
        XCTAssertTrue((notes?["reason"] as? String ?? "").contains("not read"), "\(probes)")
        XCTAssertFalse(probes.contains { $0["name"] as? String == "charon.log" }, "the recognised log is read: \(probes)")
        try FileManager.default.removeItem(atPath: dir + "/charon.log")
        let alone = try CLI.run(["diagnose", "--snapshot", dir])
        XCTAssertEqual(alone.status, 65, alone.stderr)
        XCTAssertTrue(alone.stderr.contains("notes.txt: named after no parser source"), alone.stderr)
    }

    /// A snapshot saved or pasted on Windows (CR LF line ends) gets the same diagnosis as the
    /// original: CR LF was one `Character` to the parsers, so a whole charon log read as one
    /// line, its failure went unclassified and pluto's generic reader claimed it (Libreswan's
    /// steps for a strongSwan host).
    func testWindowsLineEndsGiveTheSameDiagnosis() throws {
        for scenario in ["lab/psk-mismatch/a", "libreswan-lab/psk-mismatch-ikev1/a", "lab/ts-mismatch/b"] {
            let original = CLI.repo + "/Tests/Fixtures/" + scenario
            guard FileManager.default.fileExists(atPath: original) else { XCTFail("no fixture \(scenario)"); continue }
            let dir = try tempDir()
            for name in try FileManager.default.contentsOfDirectory(atPath: original) {
                guard let data = FileManager.default.contents(atPath: original + "/" + name) else { continue }
                var crlf = Data()
                for b in data { if b == 0x0A { crlf.append(0x0D) }; crlf.append(b) }
                try crlf.write(to: URL(fileURLWithPath: dir + "/" + name))
            }
            let want = try CLI.run(["diagnose", "--snapshot", original, "--format", "json"])
            let got = try CLI.run(["diagnose", "--snapshot", dir, "--format", "json"])
            XCTAssertEqual(got.status, want.status, scenario)
            let ids = { (r: CLI.Result) in ((r.json?["findings"] as? [[String: Any]]) ?? []).compactMap { $0["id"] as? String } }
            XCTAssertEqual(ids(got), ids(want), scenario)
            XCTAssertFalse(ids(want).isEmpty, scenario)
            let impl = { (r: CLI.Result) in (r.json?["facts"] as? [String: Any])?["ike.implementation"] as? String }
            XCTAssertEqual(impl(got), impl(want), scenario)
        }
    }

    /// A stroke host's `ipsec statusall` saved as `ipsec-statusall.txt` is read like swanctl's SAs.
    func testStrokeStatusallInALooseSnapshot() throws {
        let dir = try tempDir()
        try FileManager.default.copyItem(atPath: CLI.repo + "/Tests/Fixtures/real/ipsec-statusall/strongswan-statusall-head.txt",
                                         toPath: dir + "/ipsec-statusall.txt")
        let r = try CLI.run(["diagnose", "--snapshot", dir, "--format", "json"])
        XCTAssertNotEqual(r.status, 65, r.stderr)
        let facts = (r.json?["facts"] as? [String: Any]) ?? [:]
        XCTAssertEqual(facts["ike.sa.established"] as? Bool, true, "facts: \(facts)")
        XCTAssertEqual(facts["child.sa.installed"] as? Bool, true, "facts: \(facts)")
    }
}
