import Foundation
import XCTest

/// Issue 11, "every implementation alike": the firewall, NAT and forwarding checks read the
/// tunnel's children (TunnelChild) from whichever implementation's config and status there are.
/// Real Libreswan 4.10 gateways made by `Tests/Lab/dataplane-variants.sh capture VARIANT DIR`
/// (a is a gateway for a LAN behind it, with the host fault; b is its plain peer), judged against
/// the strongSwan (swanctl) lab's scenarios of the same faults.
final class SelectorEvidenceTests: XCTestCase {
    func diagnose(_ dir: String, _ extra: [String] = []) throws -> [String: Any] {
        let r = try CLI.run(["diagnose", "--format", "json", "--home", CLI.repo, "--snapshot", dir] + extra)
        return try XCTUnwrap(r.json, "no JSON from \(dir) (exit \(r.status)): \(r.stderr)")
    }

    func firstProblem(_ json: [String: Any]) -> [String: Any]? {
        (json["findings"] as? [[String: Any]] ?? []).first { $0["severity"] as? String == "problem" }
    }

    func fixture(_ path: String) -> String { CLI.repo + "/Tests/Fixtures/" + path }

    /// (Libreswan view, swanctl view of the same fault, the diagnosis both must lead with)
    static let pairs = [
        ("variants/lsw-masquerade/a", "lab/masquerade/a", "nat.masquerade-before-ipsec"),
        ("variants/lsw-forward-blocked/a", "variants/forward-blocked/a", "fw.forward-blocked"),
        ("variants/lsw-ip-forward-off/a", "lab/ip-forward-off/a", "system.ip-forwarding-disabled"),
    ]
    static let hostIDs: Set<String> = ["nat.masquerade-before-ipsec", "fw.forward-blocked", "system.ip-forwarding-disabled"]

    func testLibreswanHostGetsTheSameDiagnosisAsSwanctlHost() throws {
        for (lsw, swanctl, id) in Self.pairs {
            let l = try diagnose(fixture(lsw)), s = try diagnose(fixture(swanctl))
            XCTAssertEqual(firstProblem(l)?["id"] as? String, id, lsw)
            XCTAssertEqual(firstProblem(s)?["id"] as? String, id, swanctl)
        }
    }

    /// b of each variant is a plain gateway (its subnet on lo, no NAT, FORWARD open): none of the
    /// host findings may appear there.
    func testThePlainPeerHasNoHostFinding() throws {
        for v in ["lsw-masquerade", "lsw-forward-blocked", "lsw-ip-forward-off", "lsw-masquerade-second-lan"] {
            let ids = Set((try diagnose(fixture("variants/\(v)/b"))["findings"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String })
            XCTAssertTrue(ids.isDisjoint(with: Self.hostIDs), "\(v)/b: \(ids.sorted())")
        }
    }

    /// Two conns; only the second LAN (conn lab-lan2, 10.3.0.0/24) is NATed. The finding and its
    /// exemption name that child's pair, not the first conn's subnet nor a list of both.
    func testMasqueradeOfTheSecondConnNamesItsOwnPair() throws {
        let json = try diagnose(fixture("variants/lsw-masquerade-second-lan/a"))
        let first = try XCTUnwrap(firstProblem(json))
        XCTAssertEqual(first["id"] as? String, "nat.masquerade-before-ipsec")
        let facts = json["facts"] as? [String: Any] ?? [:]
        XCTAssertEqual(facts["nat.masqueraded_local_ts"] as? String, "10.3.0.0/24")
        XCTAssertEqual(facts["nat.masqueraded_remote_ts"] as? String, "10.2.0.0/24")
        let remedies = first["remedies"] as? [String] ?? []
        XCTAssertTrue(remedies.contains { $0.contains("-s 10.3.0.0/24 -d 10.2.0.0/24 -j RETURN") }, "\(remedies)")
        XCTAssertFalse(remedies.contains { $0.contains("10.1.0.0/24") }, "an exemption for the conn that is not NATed: \(remedies)")
        let evidence = (first["evidence"] as? [String] ?? []).joined(separator: "\n")
        XCTAssertTrue(evidence.contains("lab-lan2: 10.3.0.0/24 === 10.2.0.0/24"), evidence)
        XCTAssertTrue(evidence.contains("-A POSTROUTING -s 10.3.0.0/24 -o wan0 -j MASQUERADE"), evidence)
    }

    /// Seed 002's leftsubnets={...} against a peer with one subnet: the split side names the split
    /// first (from its config and status, or from its pluto log alone: pluto's `"lab/1x0"`
    /// instances), the single-subnet side the mismatch it sees.
    func testLeftsubnetsSplitIsNamedFirstOnTheSplitSide() throws {
        let dir = fixture("variants/lsw-leftsubnets-one-peer-subnet")
        XCTAssertEqual(firstProblem(try diagnose(dir + "/a"))?["id"] as? String, "child.leftsubnets-asymmetric")
        XCTAssertEqual(firstProblem(try diagnose(dir + "/b"))?["id"] as? String, "child.ts-mismatch")
        // a folder holding nothing but the log, as a user who pastes only the log has
        func logAlone(_ side: String) throws -> [String: Any] {
            let d = FileManager.default.temporaryDirectory.appendingPathComponent("selector-evidence-\(getpid())-\(side)").path
            try? FileManager.default.removeItem(atPath: d)
            try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: d) }
            try FileManager.default.copyItem(atPath: dir + "/\(side)/pluto.log", toPath: d + "/pluto.log")
            return try diagnose(d)
        }
        XCTAssertEqual(firstProblem(try logAlone("a"))?["id"] as? String, "child.leftsubnets-asymmetric")
        // b's log names no instance: nothing there says the peer split its subnet
        let bLog = try logAlone("b")
        XCTAssertEqual(firstProblem(bLog)?["id"] as? String, "child.ts-mismatch")
    }

    /// `trace` reads the same children: on a Libreswan gateway whose SA is not installed, the
    /// packet from the LAN is covered by the conn that names its subnets (each LAN its own conn),
    /// where it said "no policy matches" (policy.traffic-not-matching) before.
    func testTraceNamesTheLibreswanConnThatCoversThePacket() throws {
        for (src, conn) in [("10.1.0.2", "lab"), ("10.3.0.2", "lab-lan2")] {
            let r = try CLI.run(["trace", src, "10.2.0.1", "--in", src == "10.1.0.2" ? "lan0" : "lan1",
                                 "--snapshot", fixture("variants/lsw-masquerade-second-lan/a")])
            XCTAssertEqual(r.status, 1, r.stdout + r.stderr)
            XCTAssertTrue(r.stdout.contains("\(conn) would cover it, but no IPsec SA of it is installed"), r.stdout)
            XCTAssertFalse(r.stdout.contains("no policy matches"), r.stdout)
        }
    }
}
