import Foundation
import XCTest
@testable import Trace

/// trace against what a real kernel did (Tests/Fixtures/trace/kernel-a, made by make-fixtures.sh):
/// for each packet the kernel's outcome — ping answered; dropped by a block policy
/// (XfrmOutPolBlock moved); acquire for a missing SA (XfrmOutNoStates moved); dropped by a fwd
/// policy that wants IPsec (XfrmInTmplMismatch moved); dropped by the packet filter (no XFRM
/// counter moved, the rule's counter did) — must be trace's verdict.
final class KernelAgreementTests: XCTestCase {
    struct Case { var src, dst: String; var mark: UInt32; var answered: Bool; var moved: String }

    func cases() throws -> [Case] {
        try TraceFixtures.text("trace/kernel-a/kernel-results.tsv").split(separator: "\n").map { line in
            let f = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            return Case(src: f[0], dst: f[1], mark: UInt32(f[2]) ?? 0, answered: f[3] == "0", moved: f.count > 4 ? f[4] : "")
        }
    }

    func testTraceAgreesWithTheKernelOnEveryCase() throws {
        let host = try TraceFixtures.host(TraceFixtures.fixtures.appendingPathComponent("trace/kernel-a").path)
        let all = try cases()
        XCTAssertEqual(all.count, 20)
        var families = Set<Bool>()
        for c in all {
            var p = TraceFixtures.packet(c.src, c.dst)
            if p.isIPv6 { p.proto = "ipv6-icmp" }
            p.mark = c.mark
            families.insert(p.isIPv6)
            let r = Tracer(host: host).trace(p)
            let what = "\(c.dst) mark \(c.mark): kernel answered=\(c.answered) moved=\(c.moved); trace: \(r.verdict.text)"
            if c.answered {
                XCTAssertEqual(r.verdict.outcome, .clear, what)          // nothing here can encrypt: no ESP in this kernel
            } else if c.moved.contains("XfrmOutPolBlock") {
                XCTAssertEqual(r.verdict.outcome, .dropped, what)
                XCTAssertTrue(r.verdict.text.contains("block policy"), what)
            } else if c.moved.contains("XfrmOutNoStates") {
                XCTAssertEqual(r.verdict.outcome, .acquire, what)
            } else if c.moved.contains("XfrmInTmplMismatch") {
                // A fwd policy requiring IPsec met a forwarded cleartext packet.
                XCTAssertEqual(r.verdict.outcome, .dropped, what)
                XCTAssertTrue(r.verdict.text.contains("fwd policy"), what)
            } else {
                XCTAssertEqual(r.verdict.outcome, .dropped, what)
                XCTAssertTrue(r.verdict.text.contains("OUTPUT rule") || r.verdict.text.contains("nft "), what)
            }
        }
        XCTAssertEqual(families, [false, true], "IPv4 and IPv6 cases")
    }

    func testTheDroppingRulesAreTheOnesWhoseCountersMoved() throws {
        let host = try TraceFixtures.host(TraceFixtures.fixtures.appendingPathComponent("trace/kernel-a").path)
        let expect: [(String, String, String)] = [
            ("10.1.0.1", "10.2.0.3", "iptables-save.txt:6"),        // [1:84] -A OUTPUT -d 10.2.0.3/32 -p icmp -j DROP
            ("10.1.0.1", "10.2.0.4", "iptables-save.txt:8"),        // [1:84] ... --ctstate NEW -j REJECT
            ("10.1.0.1", "10.2.0.8", "nft-ruleset.txt:25"),         // counter packets 1 bytes 84 drop
            ("2001:db8:1::1", "2001:db8:2::5", "ip6tables-save.txt:6"),
            ("2001:db8:1::1", "2001:db8:2::6", "nft-ruleset.txt:24"),
        ]
        for (s, d, loc) in expect {
            var p = TraceFixtures.packet(s, d)
            if p.isIPv6 { p.proto = "ipv6-icmp" }
            let r = Tracer(host: host).trace(p)
            XCTAssertTrue(r.verdict.text.contains(loc), "\(d): \(r.verdict.text)")
        }
    }

    func testPriorityDecidesBetweenOverlappingPolicies() throws {
        let host = try TraceFixtures.host(TraceFixtures.fixtures.appendingPathComponent("trace/kernel-a").path)
        // 10.2.0.16/29 allow at priority 10 beats 10.2.0.16/28 block at priority 100 (the kernel answered 10.2.0.20).
        let inside = Tracer(host: host).trace(TraceFixtures.packet("10.1.0.1", "10.2.0.20"))
        XCTAssertTrue(inside.policy?.text.contains("priority 10") == true, inside.policy?.text ?? "")
        let outside = Tracer(host: host).trace(TraceFixtures.packet("10.1.0.1", "10.2.0.26"))
        XCTAssertTrue(outside.policy?.text.contains("priority 100") == true, outside.policy?.text ?? "")
    }

    func testMarkSelectsTheRoutingRuleAndThePolicy() throws {
        let host = try TraceFixtures.host(TraceFixtures.fixtures.appendingPathComponent("trace/kernel-a").path)
        var p = TraceFixtures.packet("10.1.0.1", "10.2.0.201")
        p.mark = 0x15
        let r = Tracer(host: host).trace(p)
        let routing = r.steps.first { $0.stage == .routing }
        XCTAssertTrue(routing?.text.contains("rule 100 (lookup 100)") == true, routing?.text ?? "")
        p.mark = 0
        XCTAssertTrue(Tracer(host: host).trace(p).steps.first { $0.stage == .routing }?.text.contains("lookup main") == true)
    }

    /// Forwarded from c (10.1.1.2): the SPD is looked up when a routes the packet, before
    /// POSTROUTING. A packet that matches a policy without SA is dropped there (XfrmOutNoStates),
    /// so the MASQUERADE rule for part of that range never sees it (its counter stays [0:0]):
    /// trace says acquire for both, never "rewritten".
    func testForwardedPacketMeetsThePolicyBeforeNAT() throws {
        let dir = TraceFixtures.fixtures.appendingPathComponent("trace/kernel-a").path
        let host = try TraceFixtures.host(dir)
        for dst in ["10.2.0.70", "10.2.0.100"] {
            let r = Tracer(host: host).trace(TraceFixtures.packet("10.1.1.2", dst))
            XCTAssertEqual(r.verdict.outcome, .acquire, "\(dst): \(r.verdict.text)")
            XCTAssertTrue(r.steps.contains { $0.stage == .input && $0.text.contains("arriving on lan0") }, "\(dst): in-interface from the route back")
            XCTAssertFalse(r.steps.contains { $0.stage == .postrouting }, "\(dst): dropped before POSTROUTING")
        }
        let nat = try TraceFixtures.text("trace/kernel-a/iptables-save.txt").split(separator: "\n").first { $0.contains("MASQUERADE") } ?? ""
        XCTAssertTrue(nat.hasPrefix("[0:0]"), "the kernel's MASQUERADE counter: \(nat)")
    }
}
