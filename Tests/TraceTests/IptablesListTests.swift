import Foundation
import XCTest
import Parsers
@testable import Trace

/// `iptables -L` listings from Libreswan's consoles (../shared/corpus/libreswan-console/
/// iptables-list.txt: iptables and ip6tables, filter and nat, with and without -v/-n).
final class IptablesListTests: XCTestCase {
    func testEveryListingParsesCompletely() throws {
        let blocks = TraceFixtures.blocks(try TraceFixtures.corpusText("iptables-list.txt"))
        var rules = 0
        for b in blocks {
            let r = IptablesListParser().parse(b.body)
            // Some consoles interleave the shell's xtrace (`+ iptables -t nat -L`): not a listing line.
            XCTAssertEqual(r.unparsed.map(\.text).filter { !$0.hasPrefix("+") }, [], b.origin)
            rules += r.records.filter { $0["kind"]?.stringValue == "rule" }.count
        }
        XCTAssertGreaterThan(blocks.count, 400)
        XCTAssertGreaterThan(rules, 500)
    }

    func block(_ prefix: String) throws -> String {
        guard let b = TraceFixtures.blocks(try TraceFixtures.corpusText("iptables-list.txt")).first(where: { $0.origin.hasPrefix(prefix) }) else { throw XCTSkip("\(prefix) absent") }
        return b.body
    }

    func ctx(_ p: TracePacket, out: String? = nil, ipsecIn: Bool = false) -> FilterContext {
        FilterContext(packet: p, src: p.src, dst: p.dst, inIface: p.inIface, outIface: out, ipsecOut: false, ipsecIn: ipsecIn)
    }

    /// nflog-01-global/west: from east's subnet only what came through IPsec is accepted; the
    /// rest goes to the LOGDROP chain (LOG, then DROP).
    func testPolicyMatchAcceptsDecapsulatedAndLogdropsTheRest() throws {
        let host = TraceFixtures.host([(source: "iptables-list", origin: "iptables-L-n", text: try block("nflog-01-global/west.console.txt@v3.20 iptables -L -n"))])
        let p = TraceFixtures.packet("192.0.2.5", "192.0.1.254", in: "eth1")
        let clear = Netfilter.run(host, hook: "INPUT", table: "filter", stage: .input, ctx(p))
        XCTAssertEqual(clear.decision, .drop)
        XCTAssertEqual(clear.label, "LOGDROP rule 2")
        XCTAssertTrue(clear.steps.contains { $0.text.contains("INPUT rule 3: jump LOGDROP") }, clear.steps.map(\.text).joined(separator: "\n"))
        let decap = Netfilter.run(host, hook: "INPUT", table: "filter", stage: .input, ctx(p, ipsecIn: true))
        XCTAssertEqual(decap.decision, .accept)
        XCTAssertEqual(decap.label, "INPUT rule 2")
    }

    /// nat-pluto-07/nic (`iptables -t nat -L -v`, names not numbers): IKE from the LAN is SNATed
    /// by port (`udp dpt:isakmp`, `udp dpt:ipsec-nat-t`) when it leaves by eth0+.
    func testSnatByServiceNameAndInterfaceWildcard() throws {
        let host = TraceFixtures.host([(source: "iptables-list", origin: "iptables-t-nat-L-v", text: try block("nat-pluto-07/nic.console.txt@v3.20 iptables -t nat -L -v"))])
        let ike = TraceFixtures.packet("192.1.3.209", "192.1.2.23", proto: "udp", sport: 500, dport: 500)
        let r = Netfilter.run(host, hook: "POSTROUTING", table: "nat", stage: .postrouting, ctx(ike, out: "eth0"))
        XCTAssertEqual(r.decision, .nat("snat"))
        XCTAssertEqual(r.rule?.toAddress, "192.1.2.254:11000-12000")
        let natt = TraceFixtures.packet("192.1.3.209", "192.1.2.23", proto: "udp", sport: 4500, dport: 4500)
        XCTAssertEqual(Netfilter.run(host, hook: "POSTROUTING", table: "nat", stage: .postrouting, ctx(natt, out: "eth0")).rule?.toAddress, "192.1.2.111:14000-16000")
        XCTAssertEqual(Netfilter.run(host, hook: "POSTROUTING", table: "nat", stage: .postrouting, ctx(ike, out: "eth1")).decision, .none)
    }
}
