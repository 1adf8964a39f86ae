import Foundation
import XCTest

/// `trace`, live on the lab's gateways, against what real traffic then does: the verdict trace
/// gives before any packet is sent must agree with the tunnel's counters (`swanctl --list-sas`
/// out packets), the NAT rule's counter and the ping's answers afterwards. Uses LabTests' runner
/// and lab.sh (prefixes `ltrN`); run under the lab lock: `flock /tmp/ipsec-lab.lock swift test --filter LabTraceTests`.
final class LabTraceTests: XCTestCase {
    let bin = LabTests.executable

    func requireLab() throws {
        if geteuid() != 0 || !FileManager.default.isExecutableFile(atPath: "/usr/lib/ipsec/charon") || !FileManager.default.isExecutableFile(atPath: bin) {
            throw XCTSkip("the lab needs root, strongSwan's charon and the built ipsec-doctor")
        }
    }

    func withScenario(_ name: String, prefix: String, _ body: () throws -> Void) throws {
        try requireLab()
        _ = try? LabTests.lab(["down", prefix], timeout: 60)
        defer { _ = try? LabTests.lab(["down", prefix], timeout: 60) }
        let up = try LabTests.lab(["up", name, prefix], timeout: 120)
        guard up.status == 0, !up.timedOut else { XCTFail("lab.sh up \(name) failed: \(up.stderr)"); return }
        try body()
    }

    /// trace live inside gateway a (its own view: routes, firewall, charon).
    func trace(_ prefix: String, _ args: [String]) throws -> (status: Int32, outcome: String?, diagnosis: String?, json: [String: Any]?) {
        let r = try LabTests.lab(["exec", prefix, "a", bin, "trace"] + args + ["--format", "json"], timeout: 60)
        let v = r.json?["verdict"] as? [String: Any]
        return (r.status, v?["outcome"] as? String, v?["diagnosis"] as? String, r.json)
    }

    /// `out SPI, N bytes, M packets` of a's CHILD_SAs, summed; nil when no CHILD_SA.
    func outPackets(_ prefix: String) throws -> Int? {
        let r = try LabTests.lab(["exec", prefix, "a", "swanctl", "--list-sas"], timeout: 30)
        let outs = r.stdout.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { $0.hasPrefix("out ") }
        guard !outs.isEmpty else { return nil }
        return outs.compactMap { line in line.components(separatedBy: ",").first { $0.contains("packets") }?.split(separator: " ").first.flatMap { Int($0) } }.reduce(0, +)
    }

    func pingFromA(_ prefix: String, _ src: String, count: Int = 2) throws -> Bool {
        try LabTests.lab(["exec", prefix, "a", "ping", "-c", String(count), "-W", "1", "-I", src, "10.2.0.1"], timeout: 30).status == 0
    }

    func pingFromC(_ prefix: String) throws -> Bool {
        try LabTests.run(["/usr/sbin/ip", "netns", "exec", prefix + "c", "ping", "-c", "2", "-W", "1", "10.2.0.1"], timeout: 30).status == 0
    }

    func testHealthyEncryptedPacketsAreCountedByTheSA() throws {
        try withScenario("healthy", prefix: "ltr1") {
            let t = try trace("ltr1", ["10.1.0.1", "10.2.0.1"])
            XCTAssertEqual(t.outcome, "encrypted"); XCTAssertEqual(t.status, 0)
            let steps = (t.json?["steps"] as? [[String: Any]]) ?? []
            XCTAssertTrue(steps.contains { ($0["text"] as? String)?.contains("the kernel agrees") == true }, "ip route get cross-check: \(steps)")
            let before = try XCTUnwrap(try outPackets("ltr1"))
            XCTAssertTrue(try pingFromA("ltr1", "10.1.0.1"))
            XCTAssertEqual(try outPackets("ltr1"), before + 2, "both pings went out through the SA")
            // From the WAN address: trace says charon drops it; the SA does not count it, no answer.
            let wan = try trace("ltr1", ["192.0.2.1", "10.2.0.1"])
            XCTAssertEqual(wan.outcome, "dropped"); XCTAssertEqual(wan.diagnosis, "policy.traffic-not-matching")
            XCTAssertFalse(try pingFromA("ltr1", "192.0.2.1", count: 1))
            XCTAssertEqual(try outPackets("ltr1"), before + 2)
        }
    }

    func testMasqueradeRewrittenPacketsNeverReachTheSA() throws {
        try withScenario("masquerade", prefix: "ltr2") {
            let t = try trace("ltr2", ["10.1.0.2", "10.2.0.1", "--in", "lan0"])
            XCTAssertEqual(t.outcome, "rewritten"); XCTAssertEqual(t.diagnosis, "nat.masquerade-before-ipsec")
            XCTAssertFalse(try pingFromC("ltr2"))
            XCTAssertEqual(try outPackets("ltr2"), 0)
            let nat = try LabTests.lab(["exec", "ltr2", "a", "iptables-save", "-c", "-t", "nat"], timeout: 30)
            let line = nat.stdout.split(separator: "\n").first { $0.contains("MASQUERADE") } ?? ""
            XCTAssertFalse(line.hasPrefix("[0:"), "the MASQUERADE rule counted the traffic: \(line)")
        }
    }

    func testIpForwardOffNothingReachesTheSA() throws {
        try withScenario("ip-forward-off", prefix: "ltr3") {
            let t = try trace("ltr3", ["10.1.0.2", "10.2.0.1", "--in", "lan0"])
            XCTAssertEqual(t.outcome, "dropped"); XCTAssertEqual(t.diagnosis, "system.ip-forwarding-disabled")
            XCTAssertFalse(try pingFromC("ltr3"))
            XCTAssertEqual(try outPackets("ltr3"), 0)
        }
    }

    /// kernel-libipsec: the trap policy has no SA, the packet is dropped and no acquire reaches
    /// charon (it logs `could not find an outbound IPsec SA`): the tunnel stays down.
    func testOnDemandWithLibipsecTrafficDoesNotBringTheTunnelUp() throws {
        try withScenario("on-demand-not-triggered", prefix: "ltr4") {
            let t = try trace("ltr4", ["10.1.0.1", "10.2.0.1"])
            XCTAssertEqual(t.outcome, "dropped"); XCTAssertEqual(t.diagnosis, "child.not-triggered")
            XCTAssertNil(try outPackets("ltr4"), "no CHILD_SA before traffic")
            XCTAssertFalse(try pingFromA("ltr4", "10.1.0.1", count: 2))
            Thread.sleep(forTimeInterval: 2)
            XCTAssertNil(try outPackets("ltr4"), "still no CHILD_SA after traffic")
            let log = try LabTests.lab(["exec", "ltr4", "a", "cat", "/var/log/charon.log"], timeout: 30)
            XCTAssertTrue(log.stdout.contains("could not find an outbound IPsec SA"), "charon dropped the packets")
            XCTAssertFalse(log.stdout.contains("initiating IKE_SA"), "no acquire started a negotiation")
        }
    }
}
