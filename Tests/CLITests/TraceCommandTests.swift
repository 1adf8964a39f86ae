import Foundation
import XCTest

/// `ipsec-doctor trace` as the contract fixes it: exit 0 encrypted, 1 not or dropped, 2 the outputs
/// do not tell, 64 usage, 65 bad input; text and JSON.
final class TraceCommandTests: XCTestCase {
    func lab(_ s: String, _ side: String) -> String { CLI.repo + "/Tests/Fixtures/lab/\(s)/\(side)" }

    func testEncryptedExitsZeroWithTheSAAndTheEvidence() throws {
        let r = try CLI.run(["trace", "10.1.0.1", "10.2.0.1", "--snapshot", lab("healthy", "a"), "--peer-snapshot", lab("healthy", "b"), "--format", "json"])
        XCTAssertEqual(r.status, 0, r.stderr)
        let j = try XCTUnwrap(r.json)
        let verdict = try XCTUnwrap(j["verdict"] as? [String: Any])
        XCTAssertEqual(verdict["outcome"] as? String, "encrypted")
        XCTAssertTrue((verdict["text"] as? String)?.contains("0xa4a506cb") == true)
        let steps = try XCTUnwrap(j["steps"] as? [[String: Any]])
        XCTAssertEqual(steps.first?["n"] as? Int, 1)
        let evidence = steps.flatMap { ($0["evidence"] as? [[String: Any]]) ?? [] }
        XCTAssertTrue(evidence.contains { $0["origin"] as? String == "ip-route.txt" && $0["line"] as? Int == 1 })
        XCTAssertEqual((j["peer"] as? [Any])?.count, 3)
        XCTAssertEqual(j["exit_code"] as? Int, 0)
        ReportSchema.check(r.stdout, ["trace", "healthy", "--format", "json"], schema: ReportSchema.traceSchema)
        let broken = r.stdout.replacingOccurrences(of: "\"outcome\"", with: "\"result\"")
        XCTAssertFalse(try ReportSchema.violations(broken, schema: ReportSchema.traceSchema).isEmpty, "the schema checks the verdict")
    }

    func testMasqueradeExitsOneAndNamesTheDiagnosis() throws {
        let r = try CLI.run(["trace", "10.1.0.2", "10.2.0.1", "--in", "lan0", "--snapshot", lab("masquerade", "a")])
        XCTAssertEqual(r.status, 1)
        XCTAssertTrue(r.stdout.contains("verdict: rewritten by POSTROUTING rule 1 MASQUERADE before the policy lookup"), r.stdout)
        XCTAssertTrue(r.stdout.contains("`ipsec-doctor explain nat.masquerade-before-ipsec`"), r.stdout)
        XCTAssertTrue(r.stdout.contains("iptables-save.txt:7"), r.stdout)
    }

    func testNoSPDOutputIsInconclusive() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("trace-nospd-\(getpid())")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        for f in ["ip-route.txt", "ip-addr.txt", "ip-rule.txt"] {
            try FileManager.default.copyItem(atPath: lab("healthy", "a") + "/" + f, toPath: dir.appendingPathComponent(f).path)
        }
        let r = try CLI.run(["trace", "192.0.2.1", "192.0.2.2", "--snapshot", dir.path])
        XCTAssertEqual(r.status, 2, r.stdout)
        XCTAssertTrue(r.stdout.contains("do not tell"), r.stdout)
    }

    func testUsageErrors() throws {
        XCTAssertEqual(try CLI.run(["trace", "10.1.0.1", "not-an-address", "--snapshot", lab("healthy", "a")]).status, 64)
        XCTAssertEqual(try CLI.run(["trace", "10.1.0.1", "2001:db8::1", "--snapshot", lab("healthy", "a")]).status, 64)
        XCTAssertEqual(try CLI.run(["trace", "10.1.0.1", "10.2.0.1", "--dport", "80", "--snapshot", lab("healthy", "a")]).status, 64)
        XCTAssertEqual(try CLI.run(["trace", "10.1.0.1", "10.2.0.1", "--proto", "tcp", "--dport", "70000", "--snapshot", lab("healthy", "a")]).status, 64)
        XCTAssertEqual(try CLI.run(["trace", "10.1.0.1", "10.2.0.1", "--in", "../etc/passwd", "--snapshot", lab("healthy", "a")]).status, 64)
        XCTAssertEqual(try CLI.run(["trace", "10.1.0.1", "10.2.0.1", "--mark", "0xZZ", "--snapshot", lab("healthy", "a")]).status, 64)
    }

    /// A typo in `--proto` matched no selector and traced as "not encrypted"; a number is the
    /// protocol the tools print by name (`ip xfrm policy` says `proto gre`, not 47).
    func testProtoIsANameOrNumberOfAnIPProtocol() throws {
        let typo = try CLI.run(["trace", "10.1.0.1", "10.2.0.1", "--proto", "tpc", "--snapshot", lab("healthy", "a")])
        XCTAssertEqual(typo.status, 64)
        XCTAssertTrue(typo.stderr.contains("--proto 'tpc' is not an IP protocol"), typo.stderr)
        XCTAssertEqual(try CLI.run(["trace", "10.1.0.1", "10.2.0.1", "--proto", "256", "--snapshot", lab("healthy", "a")]).status, 64)
        let byNumber = try CLI.run(["trace", "10.1.0.1", "10.2.0.1", "--proto", "6", "--dport", "22", "--snapshot", lab("healthy", "a")])
        XCTAssertNotEqual(byNumber.status, 64, byNumber.stderr)
        XCTAssertTrue(byNumber.stdout.hasPrefix("trace tcp 10.1.0.1 -> 10.2.0.1:22"), byNumber.stdout)
        XCTAssertTrue(try CLI.run(["trace", "10.1.0.1", "10.2.0.1", "--proto", "47", "--snapshot", lab("healthy", "a")]).stdout.hasPrefix("trace gre "))
    }

    func testBadSnapshotIsBadInput() throws {
        let r = try CLI.run(["trace", "10.1.0.1", "10.2.0.1", "--snapshot", "/nonexistent/snap"])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("/nonexistent/snap"), r.stderr)
        XCTAssertEqual(try CLI.run(["trace", "10.1.0.1", "10.2.0.1", "--snapshot", lab("healthy", "a"), "--peer-snapshot", "/nonexistent/peer"]).status, 65)
    }

    /// A damaged `ip addr` output (an address that is only `/`, as a cut or edited paste leaves
    /// it) is no address: trace goes on without it instead of crashing.
    func testAMalformedAddressDoesNotStopTrace() throws {
        let dir = NSTemporaryDirectory() + "trace-slash-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try "2: eth0    inet / scope global eth0\\       valid_lft forever preferred_lft forever\n"
            .write(toFile: dir + "/ip-addr.txt", atomically: true, encoding: .utf8)
        let r = try CLI.run(["trace", "--snapshot", dir, "10.0.0.1", "10.0.0.2"])
        XCTAssertTrue([0, 1, 2].contains(r.status), "exit \(r.status): \(r.stderr)")
        XCTAssertFalse(r.stderr.contains("Fatal error") || r.stderr.contains("Backtrace"), r.stderr)
    }
}
