import Foundation
import XCTest
import Parsers
@testable import Trace

/// The property, on every real SPD in Libreswan's test-suite consoles (../shared/corpus):
/// for every `dir out` policy P (not a per-socket one) and a packet built from P's own selector
/// — its first and its last address on each side, P's protocol, ports or ICMP type, P's mark
/// value and if_id — the outbound lookup chooses P itself, or a policy Q that
///   (a) also matches that packet (selector, protocol, ports, mark, if_id), and
///   (b) precedes P: a lower priority value, or the same priority and listed before P.
/// Nothing else may be chosen, and a lookup may never come back empty.
final class XfrmPolicyPropertyTests: XCTestCase {
    func testEveryPolicysOwnSelectorTracesToItOrToOneThatPrecedesIt() throws {
        let text = try TraceFixtures.corpusText("xfrm-policy.txt")
        var checked = 0, itself = 0, preceded = 0, marked = 0, withIfId = 0, withPorts = 0
        for block in TraceFixtures.blocks(text) {
            let host = TraceFixtures.host([(source: "xfrm-policy", origin: block.origin, text: block.body)])
            for pol in host.xfrmPolicies where pol.dir == "out" && !pol.socket {
                for (src, dst) in [(pol.src.host, pol.dst.host), (pol.src.lastAddress, pol.dst.lastAddress)] {
                    let p = packet(for: pol, src: src, dst: dst)
                    let flow = XfrmLookup.Flow(p, oif: pol.dev)
                    let (chosen, _) = XfrmLookup.lookup(host.xfrmPolicies, dir: "out", flow)
                    guard let q = chosen else {
                        XCTFail("\(block.origin): \(pol.evidence.text) — its own selector found no policy"); continue
                    }
                    checked += 1
                    if q.order == pol.order { itself += 1; } else {
                        XCTAssertTrue(XfrmLookup.matches(q, flow), "\(block.origin): chosen policy does not match")
                        let precedes = (q.priority ?? 0, q.order) < (pol.priority ?? 0, pol.order)
                        XCTAssertTrue(precedes, "\(block.origin): \(pol.evidence.text) traced to \(q.evidence.text), which does not precede it")
                        preceded += 1
                    }
                    if pol.mark != nil { marked += 1 }
                    if pol.ifId != 0 { withIfId += 1 }
                    if pol.sport != nil || pol.dport != nil || pol.icmpType != nil { withPorts += 1 }
                }
            }
        }
        print("xfrm-policy property: \(checked) lookups, \(itself) to the policy itself, \(preceded) to one that precedes it; \(marked) marked, \(withIfId) with if_id, \(withPorts) with ports/ICMP type")
        XCTAssertGreaterThan(checked, 5000)
        XCTAssertGreaterThan(marked, 0, "the corpus has marked (VTI) policies")
        XCTAssertGreaterThan(withPorts, 0)
    }

    /// The same through the whole tracer (no routes or SAs in the corpus: the SPD stage decides).
    func testTheTracerReportsThePolicyItChose() throws {
        let text = try TraceFixtures.corpusText("xfrm-policy.txt")
        guard let block = TraceFixtures.blocks(text).first(where: { $0.origin.hasPrefix("netkey-vti-02/west") }) else { throw XCTSkip("netkey-vti-02 not in the corpus") }
        let host = TraceFixtures.host([(source: "xfrm-policy", origin: "xfrm-policy.txt", text: block.body)])
        var p = TraceFixtures.packet("10.0.1.5", "10.0.2.9")
        // Without the VTI's mark no policy (all are marked) applies: clear.
        XCTAssertEqual(Tracer(host: host).trace(p).verdict.outcome, .clear)
        p.mark = 21
        let r = Tracer(host: host).trace(p)
        XCTAssertEqual(r.verdict.outcome, .acquire, r.verdict.text)   // a policy, no SA in this output
        XCTAssertTrue(r.policy?.text.contains("mark 21/0xffffffff") == true, r.policy?.text ?? "nil")
        XCTAssertTrue(r.policy?.text.contains("src 10.0.1.0/24 dst 10.0.2.0/24") == true)
    }

    func packet(for pol: XfrmPolicy, src: CIDR, dst: CIDR) -> TracePacket {
        var proto = pol.proto.map { Protocols.name($0) } ?? "icmp"
        if proto == "icmp", src.isIPv6 { proto = "ipv6-icmp" }
        var p = TracePacket(src: src, dst: dst, proto: proto, sport: pol.sport, dport: pol.dport)
        if proto == "tcp" || proto == "udp" || proto == "sctp" {
            p.sport = pol.sport ?? 40000; p.dport = pol.dport ?? 40001
        }
        if let t = pol.icmpType { p.icmpTypeOverride = t }
        if let m = pol.mark { p.mark = m.value }
        p.ifId = pol.ifId
        return p
    }
}
