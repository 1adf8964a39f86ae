import Facts
import XCTest
@testable import Parsers

/// pf's evaluation (pf.conf(5), "PACKET FILTERING": the last matching rule decides unless a
/// matching rule is `quick`; no match passes), read from rule lines in the form print_rule()
/// prints them (sbin/pfctl/pfctl_parser.c). The real outputs are the pfctl-rules cases
/// (Tests/ParsersTests/Sources/pfctl-rules); these pin one semantic point each, and that a rule
/// that cannot be evaluated leaves the verdict undecided rather than guessed.
final class PacketFilterTests: XCTestCase {
    static let peer = CIDR("198.51.100.2")!, me = CIDR("192.0.2.1")!

    func verdict(_ rules: String, _ p: FilterPacket) -> FilterVerdict {
        let result = PfctlRulesParser().parse(rules)
        XCTAssertTrue(result.unparsed.isEmpty, "\(result.unparsed)")
        let src = ParsedSource(result: result, origin: "pfctl-sr.txt")
        return PacketFilter(rules: ParsedCollection([src]).typed(PacketFilterRuleRecord.self, from: "pfctl-rules")).verdict(p)
    }

    func ikeIn(_ port: Int = 500) -> FilterPacket {
        FilterPacket(direction: "in", interface: nil, proto: "udp", sport: port, dport: port, src: Self.peer, dst: Self.me, me: Self.me)
    }

    func testLastMatchWinsUnlessQuick() {
        XCTAssertEqual(verdict("block return all\npass in proto udp from any to any port = 500\n", ikeIn()), .passed)
        XCTAssertEqual(verdict("pass in proto udp from any to any port = 500\nblock drop in all\n", ikeIn()), .blocked(line: 2))
        XCTAssertEqual(verdict("pass in quick proto udp from any to any port = 500\nblock drop in all\n", ikeIn()), .passed)
        XCTAssertEqual(verdict("block drop in quick all\npass in proto udp all\n", ikeIn()), .blocked(line: 1))
        XCTAssertEqual(verdict("block drop out all\n", ikeIn()), .passed, "no rule for this direction: pf passes")
    }

    func testPortsAddressesAndNames() {
        let rules = "block drop in all\npass in proto udp from 198.51.100.0/24 to (self) port 500:4500\n"
        XCTAssertEqual(verdict(rules, ikeIn(4500)), .passed)
        XCTAssertEqual(verdict("block drop in all\npass in proto udp from 203.0.113.0/24 to any port = 500\n", ikeIn()), .blocked(line: 1))
        XCTAssertEqual(verdict("block drop in all\npass in proto udp from any to any port = isakmp\n", ikeIn()), .passed)
        XCTAssertEqual(verdict("block drop in all\npass in proto udp from any to any port 400 >< 500\n", ikeIn()), .blocked(line: 1))
        XCTAssertEqual(verdict("block drop in all\npass in proto udp from ! 198.51.100.2 to any port = 500\n", ikeIn()), .blocked(line: 1))
        XCTAssertEqual(verdict("block drop in all\npass in inet6 proto udp all\n", ikeIn()), .blocked(line: 1))
    }

    func testWhatCannotBeEvaluatedIsUndecided() {
        XCTAssertEqual(verdict("block drop in all\npass in proto udp from <vpnpeers> to any port = 500\n", ikeIn()), .undecided)
        XCTAssertEqual(verdict("block drop in all\nanchor \"ftp-proxy/*\" all\npass in proto udp all\n", ikeIn()), .undecided)
        XCTAssertEqual(verdict("pass all\nblock drop in proto udp all user = 0\n", ikeIn()), .undecided)
        // a certain block after a table is still certain: the table's rule cannot undo it
        XCTAssertEqual(verdict("pass in proto udp from <vpnpeers> to any\nblock drop in quick all\n", ikeIn()), .blocked(line: 2))
    }

    /// The outside interface's name is not in the snapshot: each name the rules use is tried.
    func testUnknownOutsideInterface() {
        XCTAssertEqual(verdict("block drop in on egress all\npass in on egress proto udp all\n", ikeIn()), .passed)
        XCTAssertEqual(verdict("block drop in all\npass in on em0 proto udp all\n", ikeIn()), .undecided,
                       "IKE passes if the peer is reached by em0, not otherwise")
        XCTAssertEqual(verdict("block drop in on ! lo0 all\n", ikeIn()), .blocked(line: 1))
        XCTAssertEqual(verdict("block drop in on enc0 all\n", ikeIn()), .passed, "IKE never passes enc0")
    }

    /// Decrypted tunnel traffic passes enc0 (enc(4)).
    func testTunnelTrafficOnEnc0() {
        let fromRemote = FilterPacket(direction: "in", interface: "enc0", proto: "any", src: CIDR("10.2.0.0/24"), dst: CIDR("10.1.0.0/24"))
        XCTAssertEqual(verdict("block drop in on enc0 all\n", fromRemote), .blocked(line: 1))
        XCTAssertEqual(verdict("block drop in on enc0 all\npass in on enc0 from 10.2.0.0/16 to 10.1.0.0/24\n", fromRemote), .passed)
        XCTAssertEqual(verdict("block drop in on enc0 all\npass in on enc0 proto tcp all\n", fromRemote), .undecided)
    }

    func testCountersAndNumbersOfVerboseOutput() {
        let r = PfctlRulesParser().parse("@0 block return all\n  [ Evaluations: 12        Packets: 3         Bytes: 180         States: 0     ]\n  [ Inserted: uid 0 pid 1234 State Creations: 0     ]\n")
        let rec = r.typed(PacketFilterRuleRecord.self)
        XCTAssertEqual(rec.count, 1)
        XCTAssertEqual(rec.first?.number, "0")
        XCTAssertEqual(rec.first?.packets, 3)
        XCTAssertTrue(r.unparsed.isEmpty)
    }

    func testBadInputIsUnparsedNotACrash() {
        // a line cut short is no rule: `pass on` read as `pass` would pass everything
        let r = PfctlRulesParser().parse("Status: Enabled\nfrom to port\n[ Evaluations:\npass in from\npass on\n@\npass in proto udp from any port\nblock all\n")
        XCTAssertEqual(r.unparsed.map(\.line), [1, 2, 3, 4, 5, 6, 7])
        XCTAssertEqual(r.typed(PacketFilterRuleRecord.self).map(\.line), [8])
    }
}

/// The forward check on an OpenBSD gateway: the tunnel's selectors from its real iked.conf
/// (Libreswan interop test's OpenBSD responder: 192.0.2.0/24 ↔ 192.0.1.0/24, peer 192.1.2.45),
/// its decrypted traffic filtered on enc0 by pf rules in pfctl's printed form.
final class PacketFilterExtractorTests: XCTestCase {
    func facts(_ rules: String) throws -> [String: Fact] {
        let iked = try Fixtures.text("real/compare-pairs/interop-ikev2-openbsd-01-iked-responder/east/iked.conf")
        let parsed = ParsedCollection([
            ParsedSource(result: IkedConfParser().parse(iked), origin: "iked.conf", kind: .file),
            ParsedSource(result: PfctlRulesParser().parse(rules), origin: "pfctl-sr.txt"),
        ])
        var out: [String: Fact] = [:]
        for f in PacketFilterExtractor().facts(from: parsed) { out[f.name] = f }
        return out
    }

    func testEnc0BlockIsAForwardBlockWithItsSelectors() throws {
        let f = try facts("pass all flags S/SA\nblock drop in on enc0 all\n")
        XCTAssertEqual(f["fw.forward_blocks_tunnel"]?.value, .bool(true))
        XCTAssertEqual(f["fw.forward_blocked_local_ts"]?.value, .string("192.0.2.0/24"))
        XCTAssertEqual(f["fw.forward_blocked_remote_ts"]?.value, .string("192.0.1.0/24"))
        XCTAssertEqual(f["fw.forward_blocks_tunnel"]?.provenance.first?.line, 2)
        XCTAssertEqual(f["fw.drops_ike_in"]?.value, .bool(false), "enc0 carries no IKE")
    }

    func testPassOnEnc0ForTheSelectorsIsNoBlock() throws {
        let f = try facts("block drop all\npass on enc0 from 192.0.1.0/24 to 192.0.2.0/24\npass on enc0 from 192.0.2.0/24 to 192.0.1.0/24\npass in on egress proto udp from 192.1.2.45 to (self) port = 500\npass out all\npass in from 192.0.2.0/24 to any\n")
        XCTAssertEqual(f["fw.forward_blocks_tunnel"]?.value, .bool(false))
        XCTAssertEqual(f["fw.drops_ike_out"]?.value, .bool(false))
        // 500 passes on egress but 4500 is blocked: IKE behind NAT cannot pass
        XCTAssertEqual(f["fw.drops_ike_in"]?.value, .bool(true))
        XCTAssertEqual(f["fw.drops_ike_in"]?.provenance.first?.excerpt, "block drop all")
    }

    func testATableOnEnc0LeavesForwardingUnknown() throws {
        let f = try facts("pass all\nblock drop in on enc0 from ! <lan> to any\n")
        XCTAssertNil(f["fw.forward_blocks_tunnel"])
    }
}

/// IP Filter's rule lines as printfr() prints them (`ipfstat -io`), evaluated with ipf.conf(5)'s
/// semantics (last match unless `quick`, as pf).
final class IpfstatRulesTests: XCTestCase {
    func verdict(_ rules: String, _ port: Int = 500) -> FilterVerdict {
        let result = IpfstatRulesParser().parse(rules)
        XCTAssertTrue(result.unparsed.isEmpty, "\(result.unparsed)")
        let rules = ParsedCollection([ParsedSource(result: result, origin: "ipfstat-io.txt")]).typed(PacketFilterRuleRecord.self, from: "ipfstat-rules")
        return PacketFilter(rules: rules).verdict(FilterPacket(direction: "in", interface: nil, proto: "udp", sport: port, dport: port,
                                                             src: CIDR("198.51.100.2"), dst: CIDR("192.0.2.1"), me: CIDR("192.0.2.1")))
    }

    func testIpfSemantics() {
        XCTAssertEqual(verdict("block in all\npass in quick proto tcp/udp from any to any port = 500 keep state\n"), .passed)
        XCTAssertEqual(verdict("block in all\npass in quick proto tcp/udp from any to any port = 500 keep state\n", 4500), .blocked(line: 1))
        XCTAssertEqual(verdict("pass in quick proto udp from !10.0.0.0/8 to any\nblock in all\n"), .passed)
        XCTAssertEqual(verdict("block in quick proto udp from any to any port = ike\n"), .blocked(line: 1))
        // a rule of a group runs only after its head matched: on e1000g0 the group blocks, on
        // another interface the head does not match; which one reaches the peer is not known
        XCTAssertEqual(verdict("pass in on e1000g0 all head 100\nblock in proto udp from any to any group 100\n"), .undecided)
        XCTAssertEqual(verdict("@1 pass out on e1000g0 all\n12 block in on lo0 all\n"), .passed)
    }

    /// Groups followed as fil.c's fr_scanlist() does (the head's action, then its group's rules
    /// from there), on the real FreeBSD `ipfstat -io` of the ipfstat-rules/freebsd-groups-head
    /// case: on em0, inbound UDP 500 meets `pass in on em0 all head 100` and then group 100's
    /// `block in proto udp from any to any`, which no later rule of the group undoes; outbound
    /// IKE meets `pass out on em0 all head 150`, whose group blocks only loopback and one host.
    func testGroupsAreFollowedFromTheirHead() throws {
        let input = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Sources/ipfstat-rules/freebsd-groups-head/input.txt"), encoding: .utf8)
        let rules = ParsedCollection([ParsedSource(result: IpfstatRulesParser().parse(input), origin: "ipfstat-io.txt")])
            .typed(PacketFilterRuleRecord.self, from: "ipfstat-rules")
        let filter = PacketFilter(rules: rules)
        func ike(_ dir: String) -> FilterPacket {
            FilterPacket(direction: dir, interface: "em0", proto: "udp", sport: 500, dport: 500,
                         src: CIDR(dir == "in" ? "198.51.100.2" : "192.0.2.1"), dst: CIDR(dir == "in" ? "192.0.2.1" : "198.51.100.2"),
                         me: CIDR("192.0.2.1"))
        }
        XCTAssertEqual(filter.verdict(ike("in")), .blocked(line: 12))
        XCTAssertEqual(filter.verdict(ike("out")), .passed)
        // a group whose head line is not in the output is not followed: its rules stay `maybe`
        let headless = input.split(separator: "\n").filter { !$0.contains("head 100") }.joined(separator: "\n")
        let h = PacketFilter(rules: ParsedCollection([ParsedSource(result: IpfstatRulesParser().parse(headless), origin: "ipfstat-io.txt")])
            .typed(PacketFilterRuleRecord.self, from: "ipfstat-rules"))
        XCTAssertEqual(h.verdict(ike("in")), .undecided)
    }
}
