import Foundation
import XCTest
@testable import Trace

/// trace on the lab's captured gateways (Tests/Fixtures/lab: real strongSwan with kernel-libipsec)
/// must say what happened to the lab's own test ping in each scenario: the ping got answers
/// exactly when trace says the packet is encrypted, arrives at b and the reply returns.
final class LabVerdictTests: XCTestCase {
    /// The ping the lab sent: `from 10.1.0.1` in a, else from c (10.1.0.2) forwarded by a from lan0.
    func labPing(_ scenario: String) throws -> (packet: TracePacket, received: Int)? {
        let path = TraceFixtures.fixtures.appendingPathComponent("lab/\(scenario)/ping.txt").path
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        let text = String(decoding: data, as: UTF8.self)
        let received = text.split(separator: "\n").compactMap { line -> Int? in
            guard let r = line.range(of: " received") else { return nil }
            return Int(line[..<r.lowerBound].split(separator: " ").last ?? "")
        }.first ?? -1
        let packet = text.contains("from 10.1.0.1") ? TraceFixtures.packet("10.1.0.1", "10.2.0.1")
            : TraceFixtures.packet("10.1.0.2", "10.2.0.1", in: "lan0")
        return (packet, received)
    }

    func trace(_ scenario: String, _ p: TracePacket, peer: Bool = true) throws -> TraceResult {
        let a = try TraceFixtures.host(TraceFixtures.lab(scenario, "a"))
        let b = peer ? try TraceFixtures.host(TraceFixtures.lab(scenario, "b")) : nil
        return TraceSession.run(home: a, peer: b, packet: p)
    }

    func testEveryScenarioAgreesWithTheLabPing() throws {
        let scenarios = (try? FileManager.default.contentsOfDirectory(atPath: TraceFixtures.fixtures.appendingPathComponent("lab").path))?.sorted() ?? []
        var checked = 0
        for s in scenarios {
            guard let (packet, received) = try labPing(s) else { continue }
            let r = try trace(s, packet)
            XCTAssertGreaterThanOrEqual(received, 0, s)
            XCTAssertEqual(r.exitCode == 0, received > 0, "\(s): ping received \(received), trace says \(r.verdict.text) / \(r.peer.map(\.verdict.text))")
            checked += 1
        }
        XCTAssertGreaterThanOrEqual(checked, 12, "lab scenarios with a ping")
    }

    func testHealthyIsEncryptedByTheChildSAAndTheReplyComesBack() throws {
        let r = try trace("healthy", TraceFixtures.packet("10.1.0.1", "10.2.0.1"))
        XCTAssertEqual(r.verdict.outcome, .encrypted)
        XCTAssertTrue(r.verdict.text.contains("0xa4a506cb"), r.verdict.text)   // out SPI in swanctl-list-sas.txt
        XCTAssertEqual(r.outDev, "ipsec0")
        XCTAssertEqual(r.policy?.location, "swanctl-list-sas.txt:6")
        XCTAssertEqual(r.outer?.dst.address, "192.0.2.2")
        XCTAssertEqual(r.outer?.udpEncap?.dport, 4500)
        XCTAssertEqual(r.peer.map(\.verdict.outcome), [.local, .encrypted, .local])
        XCTAssertTrue(r.peer[1].verdict.text.contains("0x0f48db21"), "b's out SPI is a's in SPI")
        XCTAssertEqual(r.exitCode, 0)
        // The routing step names table 220's route and its line.
        let routing = r.steps.first { $0.stage == .routing }
        XCTAssertEqual(routing?.evidence.map(\.location), ["ip-rule.txt:2", "ip-route.txt:1"])
    }

    func testMasqueradeRewritesBeforeThePolicyLookup() throws {
        // --in given, and inferred from the route back to 10.1.0.2 (lan0): the same verdict.
        for p in [TraceFixtures.packet("10.1.0.2", "10.2.0.1", in: "lan0"), TraceFixtures.packet("10.1.0.2", "10.2.0.1")] {
            let r = try trace("masquerade", p, peer: false)
            XCTAssertEqual(r.verdict.outcome, .rewritten)
            XCTAssertEqual(r.verdict.diagnosis, "nat.masquerade-before-ipsec")
            let nat = r.steps.first { $0.stage == .postrouting && $0.text.contains("rewrites") }
            XCTAssertEqual(nat?.evidence.first?.location, "iptables-save.txt:7")
            XCTAssertTrue(nat?.text.contains("→ 192.0.2.1") == true, nat?.text ?? "")   // wan0's address: ipsec0 has none
        }
        // Without the rule (healthy's a has none) the same path is encrypted: the rule is the cause.
        XCTAssertEqual(try trace("healthy", TraceFixtures.packet("10.1.0.1", "10.2.0.1"), peer: false).verdict.outcome, .encrypted)
    }

    func testIpForwardOff() throws {
        let r = try trace("ip-forward-off", TraceFixtures.packet("10.1.0.2", "10.2.0.1", in: "lan0"), peer: false)
        XCTAssertEqual(r.verdict.outcome, .dropped)
        XCTAssertEqual(r.verdict.diagnosis, "system.ip-forwarding-disabled")
        XCTAssertEqual(r.exitCode, 1)
    }

    /// With kernel-libipsec a trap policy without SA drops the packet and raises no acquire (the
    /// lab's charon logs `could not find an outbound IPsec SA for reqid {1}, dropping packet`).
    func testOnDemandWithLibipsecDropsWithoutAcquire() throws {
        let r = try trace("on-demand-not-triggered", TraceFixtures.packet("10.1.0.1", "10.2.0.1"), peer: false)
        XCTAssertEqual(r.verdict.outcome, .dropped)
        XCTAssertEqual(r.verdict.diagnosis, "child.not-triggered")
        XCTAssertEqual(r.policy?.location, "swanctl-list-pols.txt:1")
    }

    func testTsMismatchNeedsThePeerToBeNamed() throws {
        let alone = try trace("ts-mismatch", TraceFixtures.packet("10.1.0.1", "10.2.0.1"), peer: false)
        XCTAssertEqual(alone.verdict.outcome, .dropped)
        XCTAssertEqual(alone.verdict.diagnosis, "child.half-established", alone.verdict.text)
        let both = try trace("ts-mismatch", TraceFixtures.packet("10.1.0.1", "10.2.0.1"))
        XCTAssertEqual(both.verdict.diagnosis, "child.ts-mismatch")
        XCTAssertEqual(both.peer.first?.steps.first?.evidence.first?.text, "lab/net: local 10.2.0.0/24 remote 10.9.0.0/24")
    }

    func testNoInboundIsLostAtThePeersFilter() throws {
        let r = try trace("no-inbound", TraceFixtures.packet("10.1.0.1", "10.2.0.1"))
        XCTAssertEqual(r.verdict.outcome, .encrypted)
        XCTAssertEqual(r.peer.first?.verdict.outcome, .dropped)
        XCTAssertEqual(r.peer.first?.verdict.diagnosis, "esp.no-inbound")
        XCTAssertEqual(r.exitCode, 1)
    }

    func testTrafficOutsideTheSelectors() throws {
        // From a's WAN address (as a plain `ping 10.2.0.1` would pick it): table 220 still routes it
        // into ipsec0, but no CHILD_SA covers 192.0.2.1, so charon drops it.
        let r = try trace("healthy", TraceFixtures.packet("192.0.2.1", "10.2.0.1"), peer: false)
        XCTAssertEqual(r.verdict.outcome, .dropped)
        XCTAssertEqual(r.verdict.diagnosis, "policy.traffic-not-matching")
    }

    func testMtuStepUsesTheLinkMTUs() throws {
        var p = TraceFixtures.packet("10.1.0.1", "10.2.0.1")
        p.size = 1480
        let r = try trace("healthy", p, peer: false)
        let mtu = r.steps.first { $0.stage == .mtu }
        XCTAssertTrue(mtu?.text.contains("MTU 1500") == true, mtu?.text ?? "")
        XCTAssertTrue(mtu?.text.contains("largest packet that fits is 1422") == true, mtu?.text ?? "")
        XCTAssertEqual(r.warnings.first?.diagnosis, "mtu.esp-fragmentation")
    }
}
