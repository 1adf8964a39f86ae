import Foundation
import XCTest

/// `compare -` live on the lab: this host (gateway a, probed as `diagnose` probes it) against a
/// snapshot `collect` just took on gateway b. The id-mismatch scenario must name the identity
/// with b's line; the healthy one must find nothing to fix.
extension LabTests {
    func testCompareLiveAgainstThePeersSnapshot() throws {
        try requireLab()
        for (name, item) in [("id-mismatch", "identity"), ("healthy", nil as String?)] {
            let prefix = name == "healthy" ? "ltch" : "ltci"
            try withScenario(name, prefix: prefix) { try compareLive(name, prefix: prefix, item: item) }
        }
    }

    func compareLive(_ name: String, prefix: String, item: String?) throws {
        let bin = Self.executable
        let snapB = Self.work + "/compare-b-\(prefix)"
        try? FileManager.default.removeItem(atPath: snapB)
        defer { try? FileManager.default.removeItem(atPath: snapB) }
        let col = try Self.lab(["exec", prefix, "b", bin, "collect", "--out", snapB], timeout: 90)
        XCTAssertEqual(col.status, 0, "\(name): collect on b failed: \(col.stderr)")
        let r = try Self.lab(["exec", prefix, "a", bin, "compare", "-", snapB, "--format", "json", "--home", Self.repo], timeout: 90)
        XCTAssertFalse(r.timedOut, "\(name): compare - did not finish")
        let json = try XCTUnwrap(r.json, "\(name): compare printed no JSON (exit \(r.status)): \(r.stderr)")
        let gateways = json["gateways"] as? [String: Any]
        XCTAssertEqual((gateways?["a"] as? [String: Any])?["snapshot"] as? String, "this host")
        let diffs = (json["differences"] as? [[String: Any]]) ?? []
        let problems = diffs.filter { $0["severity"] as? String == "problem" }
        XCTAssertFalse(((json["tunnels"] as? [Any]) ?? []).isEmpty, "\(name): the live tunnel was not paired with b's")
        if let item {
            XCTAssertEqual(problems.first?["item"] as? String, item, "\(name): \(diffs.map { $0["summary"] ?? "" })")
            XCTAssertEqual(r.status, 1)
            let evidenceB = ((problems.first?["evidence"] as? [String: Any])?["b"] as? [String]) ?? []
            XCTAssertTrue(evidenceB.contains { $0.contains("swanctl.conf") }, "\(name): b's line is quoted: \(evidenceB)")
        } else {
            XCTAssertEqual(problems.count, 0, "\(name): \(problems.map { $0["summary"] ?? "" })")
            XCTAssertEqual(r.status, 0, r.stderr)
        }
        print("LAB-RESULT compare-live \(name): exit=\(r.status) first=\(problems.first?["item"] as? String ?? "none") \(String(format: "%.1f", r.seconds)) s")
    }
}
