import Foundation
import XCTest
@testable import Trace

/// Real rule sets (Libreswan's test consoles in ../shared/corpus, the lab's and our own
/// namespaces' iptables-save/ip6tables-save/nft outputs), run as the kernel runs them.
final class NetfilterTests: XCTestCase {
    func ctx(_ p: TracePacket, out: String? = nil, ipsecOut: Bool = false, ipsecIn: Bool = false) -> FilterContext {
        FilterContext(packet: p, src: p.src, dst: p.dst, inIface: p.inIface, outIface: out, ipsecOut: ipsecOut, ipsecIn: ipsecIn)
    }

    /// nflog-02-conn/west: traffic between the two subnets must have come through / be headed into IPsec.
    func testNftIpsecExistsGuardsTheSubnets() throws {
        let text = try TraceFixtures.corpusText("nft-ruleset.txt")
        guard let block = TraceFixtures.blocks(text).first(where: { $0.origin.hasPrefix("nflog-02-conn/west.console.txt@v5.0") }) else { throw XCTSkip("block absent") }
        let host = TraceFixtures.host([(source: "nft-ruleset", origin: "nft-ruleset.txt", text: block.body)])
        let out = TraceFixtures.packet("192.0.1.1", "192.0.2.1")
        let clear = Netfilter.run(host, hook: "OUTPUT", table: "filter", stage: .output, ctx(out))
        XCTAssertEqual(clear.decision, .drop)
        XCTAssertEqual(clear.label, "nft ip filter output rule 2")
        let tunnelled = Netfilter.run(host, hook: "OUTPUT", table: "filter", stage: .output, ctx(out, ipsecOut: true))
        XCTAssertEqual(tunnelled.decision, .accept)                      // `rt ipsec exists` ... accept
        let inbound = TraceFixtures.packet("192.0.2.1", "192.0.1.1")
        XCTAssertEqual(Netfilter.run(host, hook: "INPUT", table: "filter", stage: .input, ctx(inbound)).decision, .drop)
        XCTAssertEqual(Netfilter.run(host, hook: "INPUT", table: "filter", stage: .input, ctx(inbound, ipsecIn: true)).decision, .accept)
        // Other traffic: no rule, policy accept.
        XCTAssertEqual(Netfilter.run(host, hook: "OUTPUT", table: "filter", stage: .output, ctx(TraceFixtures.packet("192.0.1.1", "10.9.9.9"))).decision, .none)
    }

    /// The same console's SPD with its nft rules: the policy marks the packet for IPsec, so the
    /// guard accepts it and the SPD stage decides (no SA in this output: an acquire).
    func testNftGuardWithTheConsolesOwnSPD() throws {
        let nft = try TraceFixtures.corpusText("nft-ruleset.txt")
        let spd = try TraceFixtures.corpusText("xfrm-policy.txt")
        guard let n = TraceFixtures.blocks(nft).first(where: { $0.origin.hasPrefix("nflog-02-conn/west.console.txt@v5.0") }),
              let x = TraceFixtures.blocks(spd).first(where: { $0.origin.hasPrefix("nflog-02-conn/west.console.txt@v4.6") }) else { throw XCTSkip("blocks absent") }
        let host = TraceFixtures.host([(source: "nft-ruleset", origin: "nft-ruleset.txt", text: n.body),
                                       (source: "xfrm-policy", origin: "xfrm-policy.txt", text: x.body),
                                       (source: "ip-addr", origin: "ip-addr", text: "3: eth0    inet 192.0.1.254/24 scope global eth0\\")])
        let r = Tracer(host: host).trace(TraceFixtures.packet("192.0.1.254", "192.0.2.254"))
        XCTAssertEqual(r.verdict.outcome, .acquire, r.verdict.text)
        let withoutSPD = TraceFixtures.host([(source: "nft-ruleset", origin: "nft-ruleset.txt", text: n.body),
                                             (source: "xfrm-policy", origin: "xfrm-policy.txt", text: ""),
                                             (source: "ip-addr", origin: "ip-addr", text: "3: eth0    inet 192.0.1.254/24 scope global eth0\\")])
        let d = Tracer(host: withoutSPD).trace(TraceFixtures.packet("192.0.1.254", "192.0.2.254"))
        XCTAssertEqual(d.verdict.outcome, .dropped)
        XCTAssertTrue(d.verdict.text.contains("nft ip filter output rule 2"), d.verdict.text)
    }

    /// ikev2-73-cat-nftables/nic: SNAT in an nft nat chain, first matching rule by port.
    func testNftSnatPicksTheRuleByPort() throws {
        let text = try TraceFixtures.corpusText("nft-ruleset.txt")
        guard let block = TraceFixtures.blocks(text).first(where: { $0.origin.hasPrefix("ikev2-73-cat-nftables/nic.console.txt@v5.0") }) else { throw XCTSkip("block absent") }
        let host = TraceFixtures.host([(source: "nft-ruleset", origin: "nft-ruleset.txt", text: block.body)])
        let ike = Netfilter.run(host, hook: "POSTROUTING", table: "nat", stage: .postrouting,
                                ctx(TraceFixtures.packet("192.1.3.209", "192.1.2.23", proto: "udp", sport: 4500, dport: 4500)))
        XCTAssertEqual(ike.decision, .nat("snat"))
        XCTAssertEqual(ike.rule?.number, 3)
        XCTAssertEqual(ike.rule?.toAddress, "192.1.2.254:39500-39600")
        let ping = Netfilter.run(host, hook: "POSTROUTING", table: "nat", stage: .postrouting, ctx(TraceFixtures.packet("192.1.3.209", "192.1.2.23")))
        XCTAssertEqual(ping.rule?.number, 5)
        XCTAssertEqual(Netfilter.run(host, hook: "POSTROUTING", table: "nat", stage: .postrouting, ctx(TraceFixtures.packet("192.1.2.1", "192.1.2.23"))).decision, .none)
    }

    /// The lab's local-fw-drops-ike rule (`-A OUTPUT -p udp -m multiport --dports 500,4500 -j DROP`),
    /// put on the healthy gateway: its ESP-in-UDP 4500 packets would be dropped, the inner ones not.
    func testIptablesMultiportDropsEspInUdp() throws {
        let dir = TraceFixtures.fixtures.appendingPathComponent("lab")
        func read(_ p: String) throws -> String { String(decoding: try XCTUnwrap(FileManager.default.contents(atPath: dir.appendingPathComponent(p).path)), as: UTF8.self) }
        var outputs: [(source: String, origin: String, text: String)] = []
        for (src, file) in [("ip-addr", "ip-addr.txt"), ("ip-route", "ip-route.txt"), ("ip-rule", "ip-rule.txt"), ("ip-link", "ip-s-link.txt"),
                            ("swanctl-list-sas", "swanctl-list-sas.txt"), ("xfrm-policy", "ip-xfrm-policy.txt")] {
            outputs.append((src, "healthy/a/" + file, try read("healthy/a/" + file)))
        }
        outputs.append(("iptables-save", "local-fw-drops-ike/a/iptables-save.txt", try read("local-fw-drops-ike/a/iptables-save.txt")))
        let r = Tracer(host: TraceFixtures.host(outputs)).trace(TraceFixtures.packet("10.1.0.1", "10.2.0.1"))
        XCTAssertEqual(r.verdict.outcome, .dropped)
        XCTAssertEqual(r.verdict.diagnosis, "esp.local-firewall-blocks-esp")
        XCTAssertTrue(r.verdict.text.contains("local-fw-drops-ike/a/iptables-save.txt:6"), r.verdict.text)
    }

    /// iptables-nft tables seen through `nft list ruleset` are the same rules: read once.
    func testIptablesNftTablesAreNotEvaluatedTwice() throws {
        let host = try TraceFixtures.host(TraceFixtures.fixtures.appendingPathComponent("trace/kernel-a").path)
        let r = Netfilter.run(host, hook: "OUTPUT", table: "filter", stage: .output, ctx(TraceFixtures.packet("10.1.0.1", "10.2.0.3")))
        XCTAssertEqual(r.evidence?.location, "iptables-save.txt:6")
        XCTAssertFalse(r.steps.contains { $0.text.contains("nft ip filter") }, r.steps.map(\.text).joined(separator: "\n"))
    }

    func testConntrackStateIsAssumedNewUnlessTold() throws {
        let host = try TraceFixtures.host(TraceFixtures.fixtures.appendingPathComponent("trace/kernel-a").path)
        var p = TraceFixtures.packet("10.1.0.1", "10.2.0.4")
        XCTAssertEqual(Netfilter.run(host, hook: "OUTPUT", table: "filter", stage: .output, ctx(p)).decision, .reject)
        p.ctState = "ESTABLISHED"
        XCTAssertEqual(Netfilter.run(host, hook: "OUTPUT", table: "filter", stage: .output, ctx(p)).decision, .none)
    }

    func testUnmodelledMatchesMakeTheStepUncertainNotADrop() throws {
        let rules = "*filter\n:FORWARD ACCEPT [0:0]\n-A FORWARD -m recent --name x --rcheck -j DROP\nCOMMIT\n"
        // Shape of a rule trace cannot evaluate (the `recent` module): never a certain drop.
        let host = TraceFixtures.host([(source: "iptables-save", origin: "rules", text: rules)])
        let r = Netfilter.run(host, hook: "FORWARD", table: "filter", stage: .forward, ctx(TraceFixtures.packet("10.0.0.1", "10.0.1.1", in: "eth0")))
        XCTAssertEqual(r.decision, .none)
        XCTAssertTrue(r.uncertain)
    }
}

/// multiport's `--ports` matches the source or the destination port (iptables-extensions(8)):
/// a DNS block must not be taken for a drop of IKE, and an IKE block is one from either side.
final class MultiportPortsTests: XCTestCase {
    func testPortsMatchesEitherPortAndNothingElse() throws {
        // real iptables-save of a private namespace (Tests/ParsersTests/Sources/SOURCES.md)
        let text = try String(contentsOf: TraceFixtures.tests.appendingPathComponent("ParsersTests/Sources/iptables-save/multiport-ports/input.txt"), encoding: .utf8)
        let host = TraceFixtures.host([(source: "iptables-save", origin: "iptables-save", text: text)])
        func decision(_ hook: String, _ stage: TraceStage, _ p: TracePacket) -> String {
            let c = FilterContext(packet: p, src: p.src, dst: p.dst, inIface: p.inIface, outIface: nil, ipsecOut: false, ipsecIn: false)
            return "\(Netfilter.run(host, hook: hook, table: "filter", stage: stage, c).decision)"
        }
        let ikeOut = TraceFixtures.packet("192.0.2.1", "192.0.2.2", proto: "udp", sport: 500, dport: 500)
        XCTAssertEqual(decision("OUTPUT", .output, ikeOut), "none", "the DNS rule (--ports 53) taken for a drop of IKE")
        let dnsOut = TraceFixtures.packet("192.0.2.1", "192.0.2.53", proto: "udp", sport: 40000, dport: 53)
        XCTAssertEqual(decision("OUTPUT", .output, dnsOut), "drop")
        // IKE from a NAT-T peer's 4500 to our 500 is matched by its source port
        let natt = TraceFixtures.packet("192.0.2.2", "192.0.2.1", proto: "udp", sport: 4500, dport: 1024)
        XCTAssertEqual(decision("INPUT", .input, natt), "drop")
        let other = TraceFixtures.packet("192.0.2.2", "192.0.2.1", proto: "udp", sport: 1234, dport: 1235)
        XCTAssertEqual(decision("INPUT", .input, other), "none")
        // `! --ports 22,443` rejects other TCP, not SSH
        XCTAssertEqual(decision("OUTPUT", .output, TraceFixtures.packet("192.0.2.1", "192.0.2.9", proto: "tcp", sport: 40000, dport: 22)), "none")
        XCTAssertEqual(decision("OUTPUT", .output, TraceFixtures.packet("192.0.2.1", "192.0.2.9", proto: "tcp", sport: 40000, dport: 80)), "reject")
    }
}
