import Foundation
import XCTest

/// `compare` and `fleet` as a script uses them: exit codes as `diagnose`, JSON on stdout only,
/// errors naming the input.
final class CompareCLITests: XCTestCase {
    static let lab = CLI.repo + "/Tests/Fixtures/lab"

    func testProblemPairExitsOneAndNamesTheItemInJSON() throws {
        let r = try CLI.run(["compare", Self.lab + "/id-mismatch/a", Self.lab + "/id-mismatch/b", "--format", "json"])
        XCTAssertEqual(r.status, 1, r.stderr)
        let diffs = r.json?["differences"] as? [[String: Any]]
        XCTAssertEqual(diffs?.first?["item"] as? String, "identity")
        XCTAssertEqual(diffs?.first?["faulty_side"] as? String, "b")
        XCTAssertEqual(r.json?["verdict"] as? String, "problem")
        ReportSchema.check(r.stdout, ["compare", "id-mismatch", "--format", "json"], schema: ReportSchema.compareSchema)
    }

    /// The same folder twice (a slip of the shell's history) compared a gateway with itself and
    /// said "problem: tunnel missing"; it is a usage error naming the folder.
    func testTheSameSnapshotTwiceIsAUsageError() throws {
        let a = Self.lab + "/psk-mismatch/a"
        let r = try CLI.run(["compare", a, a + "/"])
        XCTAssertEqual(r.status, 64, r.stdout)
        XCTAssertTrue(r.stderr.contains("A and B are the same snapshot"), r.stderr)
    }

    /// Two loose folders of the same name (`gw1/snap`, `gw2/snap`) were both called `snap`:
    /// each end is named by the path that tells them apart.
    func testEndsInFoldersOfTheSameNameAreToldApart() throws {
        let top = NSTemporaryDirectory() + "cmp-names-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: top) }
        for (end, gw) in [("a", "gw1"), ("b", "gw2")] {
            try FileManager.default.createDirectory(atPath: top + "/" + gw, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: Self.lab + "/psk-mismatch/" + end, toPath: top + "/\(gw)/snap")
        }
        let r = try CLI.run(["compare", top + "/gw1/snap", top + "/gw2/snap"])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stdout.hasPrefix("ipsec-doctor compare: gw1/snap ("), r.stdout)
        XCTAssertTrue(r.stdout.contains("<-> gw2/snap ("), r.stdout)
    }

    /// `fleet` given one gateway's snapshot read its probes/, logs/ and configs/ folders as three
    /// gateways; a folder with no snapshot folder said "inconclusive". Both are unreadable input.
    /// An end whose snapshot holds `swanctl --list-conns` but no swanctl.conf (left out because
    /// it holds the PSK, or collected without root) was "tunnel missing" at that end. Its
    /// loaded connections pair now, and the fault of each lab pair is named: from the items the
    /// listing prints (version, identities, selectors), or from the log's refusal where it
    /// prints none (proposals), saying what was not compared.
    func testAnEndReadFromItsLoadedConnectionsPairsAndNamesTheFault() throws {
        let cases: [(String, String?)] = [
            ("variants/st-sw-psk-mismatch", "ike.auth-failed-psk"), ("variants/st-sw-ike-proposal-mismatch", "ike.proposal-mismatch"),
            ("variants/st-sw-esp-proposal-mismatch", "child.proposal-mismatch"), ("variants/st-sw-ts-mismatch", "child.ts-mismatch"),
            ("variants/st-sw-id-mismatch", "ike.id-mismatch"), ("variants/st-sw-ikev1-vs-ikev2", "ike.version-mismatch"),
            ("libreswan-lab/sw-esp-proposal-mismatch", "child.proposal-mismatch"), ("libreswan-lab/sw-ikev1-pfs-mismatch", "child.proposal-mismatch"),
            ("libreswan-lab/sw-ikev1-vs-ikev2", "ike.version-mismatch"), ("libreswan-lab/sw-ts-mismatch", "child.ts-mismatch"),
            // a pool missing is no configuration item compare reads: the catalogue names it
            ("variants/st-sw-vip-no-pool", nil),
        ]
        for (pair, want) in cases {
            let dir = CLI.repo + "/Tests/Fixtures/" + pair
            XCTAssertFalse(FileManager.default.fileExists(atPath: dir + "/b/swanctl.conf"), pair)
            let r = try CLI.run(["compare", dir + "/a", dir + "/b", "--format", "json"])
            XCTAssertEqual(r.status, 1, pair + r.stderr)
            let diffs = r.json?["differences"] as? [[String: Any]] ?? []
            XCTAssertFalse(diffs.contains { $0["item"] as? String == "tunnel-missing" }, pair)
            XCTAssertEqual(diffs.first?["diagnosis"] as? String, want, pair)
            let b = (r.json?["gateways"] as? [String: Any])?["b"] as? [String: Any]
            XCTAssertEqual(b?["tunnels_settings_not_listed"] as? [String], ["lab"], pair)
            if want == nil {
                let findings = r.json?["findings"] as? [[String: Any]] ?? []
                XCTAssertEqual(findings.first?["id"] as? String, "ike.virtual-ip-failed", pair)
            }
            ReportSchema.check(r.stdout, ["compare", pair, "--format", "json"], schema: ReportSchema.compareSchema)
        }
        let text = try CLI.run(["compare", CLI.repo + "/Tests/Fixtures/variants/st-sw-ike-proposal-mismatch/a",
                                CLI.repo + "/Tests/Fixtures/variants/st-sw-ike-proposal-mismatch/b"])
        XCTAssertTrue(text.stdout.contains("b: lab read from `swanctl --list-conns`"), text.stdout)
        XCTAssertTrue(text.stdout.contains("received proposals unacceptable"), text.stdout)
    }

    /// A Libreswan client asking for an address (leftmodecfgclient=yes) without a subnet of its
    /// own proposes the address it is given, which no configuration holds: its selectors are
    /// not compared (they read as its own /32, a mismatch that was not the fault).
    func testAModeConfigClientsSelectorsAreNotCompared() throws {
        let dir = CLI.repo + "/Tests/Fixtures/variants/lsw-modecfg-no-pool"
        let r = try CLI.run(["compare", dir + "/a", dir + "/b", "--format", "json"])
        let diffs = r.json?["differences"] as? [[String: Any]] ?? []
        XCTAssertFalse(diffs.contains { $0["item"] as? String == "traffic-selectors" }, r.stdout)
        XCTAssertEqual((r.json?["findings"] as? [[String: Any]])?.first?["id"] as? String, "ike.virtual-ip-failed", r.stdout)
    }

    func testFleetOfOneSnapshotOrOfNoFolderIsBadInput() throws {
        let top = NSTemporaryDirectory() + "fleet-one-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: top) }
        try FileManager.default.createDirectory(atPath: top + "/files", withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Self.lab + "/psk-mismatch/a/charon.log", toPath: top + "/files/charon.log")
        let collected = try CLI.run(["collect", "--out", top + "/gw", "--log", Self.lab + "/psk-mismatch/a/charon.log", "--deadline", "5"])
        XCTAssertEqual(collected.status, 0, collected.stderr)
        let one = try CLI.run(["fleet", top + "/gw"])
        XCTAssertEqual(one.status, 65, one.stdout)
        XCTAssertTrue(one.stderr.contains("is one gateway's snapshot"), one.stderr)
        XCTAssertTrue(one.stderr.contains("diagnose --snapshot"), one.stderr)
        let none = try CLI.run(["fleet", top + "/files"])
        XCTAssertEqual(none.status, 65, none.stdout)
        XCTAssertTrue(none.stderr.contains("holds no snapshot folder (only files)"), none.stderr)
    }

    func testEveryLabPairAndEveryDaemonPairKeepsTheCompareSchema() throws {
        var pairs = ["healthy", "psk-mismatch", "no-inbound", "ikev1-healthy"].map { (Self.lab + "/\($0)/a", Self.lab + "/\($0)/b") }
        let real = CLI.repo + "/Tests/Fixtures/real/compare-pairs/"
        pairs += [("interop-racoon-20-main-initiator/west", "interop-racoon-20-main-initiator/east"),
                  ("interop-ikev2-openbsd-01-iked-responder/east", "interop-ikev2-openbsd-01-iked-responder/west"),
                  ("ikev2-ike-rekey-03/east", "ikev2-ike-rekey-03/west")].map { (real + $0.0, real + $0.1) }
        for (a, b) in pairs {
            let r = try CLI.run(["compare", a, b, "--format", "json"])
            XCTAssertTrue([0, 1].contains(r.status), "\(a): \(r.stderr)")
            ReportSchema.check(r.stdout, ["compare", a, b, "--format", "json"], schema: ReportSchema.compareSchema)
        }
        // the schema is no rubber stamp: a renamed field fails it
        let r = try CLI.run(["compare", Self.lab + "/id-mismatch/a", Self.lab + "/id-mismatch/b", "--format", "json"])
        let renamed = r.stdout.replacingOccurrences(of: "\"faulty_side\"", with: "\"faultySide\"")
        XCTAssertFalse(try ReportSchema.violations(renamed, schema: ReportSchema.compareSchema).isEmpty)
    }

    /// Each end's pasted log, no snapshot folders: both sides' findings are read, with the file
    /// each came from (a real capture: b lacks the intermediate CA of a's certificate).
    func testTwoPastedLogFilesAreComparedAsTwoEnds() throws {
        let v = CLI.repo + "/Tests/Fixtures/variants/cert-intermediate-missing"
        let r = try CLI.run(["compare", v + "/a/charon.log", v + "/b/charon.log", "--format", "json"])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertEqual(r.json?["verdict"] as? String, "problem")
        let ids = (r.json?["findings"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        XCTAssertEqual(ids.first, "cert.untrusted", r.stdout)
        ReportSchema.check(r.stdout, ["compare", "two log files", "--format", "json"], schema: ReportSchema.compareSchema)
    }

    func testHealthyPairExitsZeroAndSaysNothingDiffers() throws {
        let r = try CLI.run(["compare", Self.lab + "/healthy/a", Self.lab + "/healthy/b"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("The two gateways agree on every item compared."), r.stdout)
    }

    func testUsageAndInputErrors() throws {
        let both = try CLI.run(["compare", "-", "-"])
        XCTAssertEqual(both.status, 64)
        XCTAssertTrue(both.stderr.contains("cannot both be `-`"), both.stderr)
        let missing = try CLI.run(["compare", "/nonexistent/flt-a", Self.lab + "/healthy/b"])
        XCTAssertEqual(missing.status, 65)
        XCTAssertTrue(missing.stderr.contains("/nonexistent/flt-a"), missing.stderr)
        let fleet = try CLI.run(["fleet", "/nonexistent/flt-fleet"])
        XCTAssertEqual(fleet.status, 65)
        XCTAssertTrue(fleet.stderr.contains("/nonexistent/flt-fleet"), fleet.stderr)
    }

    func testKeyFileTooShortIsAUsageError() throws {
        let key = NSTemporaryDirectory() + "flt-cli-key-\(UUID().uuidString)"
        try "short".write(toFile: key, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: key) }
        let out = NSTemporaryDirectory() + "flt-cli-snap-\(UUID().uuidString)"
        let r = try CLI.run(["collect", "--out", out, "--psk-fingerprint", key])
        XCTAssertEqual(r.status, 64, r.stderr)
        XCTAssertTrue(r.stderr.contains("at least 16 bytes"), r.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: out + "/manifest.json"), "nothing collected on a usage error")
    }
}
