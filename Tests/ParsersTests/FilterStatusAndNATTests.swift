import Facts
import XCTest
@testable import Parsers

/// What a disabled filter, pf's translation rules and a pf- or ipf-only snapshot mean for the
/// facts a user checks. The tunnel: the real iked.conf of the Libreswan interop test's OpenBSD
/// responder (192.0.2.0/24 ↔ 192.0.1.0/24, peer 192.1.2.45); status lines and rule lines in the
/// form pfctl and svcs print them (the real outputs are the pfctl-info, pfctl-nat and svcs cases
/// under Tests/ParsersTests/Sources).
final class FilterStatusAndNATTests: XCTestCase {
    func facts(_ sources: [(any OutputParser, String, String)], tunnel: Bool = true) throws -> [String: Fact] {
        var items = sources.map { ParsedSource(result: $0.0.parse($0.1), origin: $0.2) }
        if tunnel {
            let iked = try Fixtures.text("real/compare-pairs/interop-ikev2-openbsd-01-iked-responder/east/iked.conf")
            items.append(ParsedSource(result: IkedConfParser().parse(iked), origin: "iked.conf", kind: .file))
        }
        var out: [String: Fact] = [:]
        for f in PacketFilterExtractor().facts(from: ParsedCollection(items)) { out[f.name] = f }
        return out
    }

    static let blocksAll = "block drop all\n"
    static let disabled = "Status: Disabled                              Debug: Urgent\n"

    /// `pfctl -d` leaves the rules loaded; they filter nothing: no drop, whatever they say.
    func testDisabledPfDropsNothingWhateverItsRules() throws {
        let f = try facts([(PfctlRulesParser(), Self.blocksAll, "pfctl-sr.txt"), (PfctlInfoParser(), Self.disabled, "pfctl-si.txt")])
        for name in ["fw.drops_ike_in", "fw.drops_ike_out", "fw.drops_esp_in", "fw.drops_esp_out", "fw.forward_blocks_tunnel",
                     "nat.masquerade_hits_tunnel", "fw.filter_enabled"] {
            XCTAssertEqual(f[name]?.value, .bool(false), name)
        }
        XCTAssertEqual(f["fw.drops_ike_in"]?.provenance.first?.excerpt, "Status: Disabled", "the evidence is the status line, not a rule")
        // enabled: the same rules drop
        let on = try facts([(PfctlRulesParser(), Self.blocksAll, "pfctl-sr.txt"),
                            (PfctlInfoParser(), "Status: Enabled for 0 days 00:26:05           Debug: Urgent\n", "pfctl-si.txt")])
        XCTAssertEqual(on["fw.drops_ike_in"]?.value, .bool(true))
        XCTAssertEqual(on["fw.filter_enabled"]?.value, .bool(true))
    }

    func testUnreadableStatusIsNotDisabled() throws {
        let r = PfctlInfoParser().parse("pfctl: /dev/pf: Permission denied\n")
        XCTAssertEqual(r.unparsed.map(\.line), [1])
        let f = try facts([(PfctlRulesParser(), Self.blocksAll, "pfctl-sr.txt"),
                           (PfctlInfoParser(), "pfctl: /dev/pf: Permission denied\n", "pfctl-si.txt")])
        XCTAssertNil(f["fw.filter_enabled"])
        XCTAssertEqual(f["fw.drops_ike_in"]?.value, .bool(true), "rules read as before when the status is unknown")
    }

    /// The ipfilter service's stop method runs `ipf -D`: a disabled service filters nothing.
    func testDisabledIpfilterServiceDropsNothing() throws {
        let svcs = "STATE          STIME    FMRI\ndisabled       22:50:44 svc:/network/ipfilter:default\n"
        let f = try facts([(IpfstatRulesParser(), "block in all\nblock out all\n", "ipfstat-io.txt"), (SvcsParser(), svcs, "svcs.txt")])
        XCTAssertEqual(f["fw.drops_ike_in"]?.value, .bool(false))
        XCTAssertEqual(f["fw.filter_enabled"]?.value, .bool(false))
        let maint = try facts([(IpfstatRulesParser(), "block in all\n", "ipfstat-io.txt"),
                               (SvcsParser(), "STATE          STIME    FMRI\nmaintenance    22:50:44 svc:/network/ipfilter:default\n", "svcs.txt")])
        XCTAssertNil(maint["fw.filter_enabled"], "maintenance is neither on nor off")
        XCTAssertEqual(maint["fw.drops_ike_in"]?.value, .bool(true))
    }

    /// pf's outbound NAT comes after the IPsec lookup (ip_output): a tunnel's traffic is never
    /// masqueraded by it. OpenBSD's FAQ router rule, and pf before 4.7's `nat on`.
    func testOutboundNatNeverHitsTheTunnel() throws {
        let f = try facts([(PfctlRulesParser(), "match out on egress inet from ! (egress:network) to any nat-to (egress:0)\npass all\n", "pfctl-sr.txt")])
        XCTAssertEqual(f["nat.masquerade_hits_tunnel"]?.value, .bool(false))
        let old = try facts([(PfctlNatParser(), "nat on em0 inet from 192.0.2.0/24 to any -> (em0) round-robin\n", "pfctl-sn.txt")])
        XCTAssertEqual(old["nat.masquerade_hits_tunnel"]?.value, .bool(false))
    }

    /// An inbound redirection on the LAN side rewrites the destination before the lookup.
    func testInboundRedirectionOfTheTunnelTrafficIsAHit() throws {
        let f = try facts([(PfctlRulesParser(), "pass all\nmatch in inet from 192.0.2.0/24 to 192.0.1.0/24 rdr-to 192.0.2.10\n", "pfctl-sr.txt")])
        XCTAssertEqual(f["nat.masquerade_hits_tunnel"]?.value, .bool(true))
        XCTAssertEqual(f["nat.masqueraded_local_ts"]?.value, .string("192.0.2.0/24"))
        XCTAssertEqual(f["nat.masqueraded_remote_ts"]?.value, .string("192.0.1.0/24"))
        XCTAssertEqual(f["nat.masquerade_hits_tunnel"]?.provenance.first?.line, 2)
        // pf before 4.7: the first matching translation decides; `no rdr` exempts
        let old = try facts([(PfctlNatParser(), "rdr on em1 inet from 192.0.2.0/24 to 192.0.1.0/24 -> 192.0.2.10\n", "pfctl-sn.txt")])
        XCTAssertNil(old["nat.masquerade_hits_tunnel"], "only if em1 is the inside interface: unknown")
        let exempt = try facts([(PfctlNatParser(), "no rdr inet from 192.0.2.0/24 to 192.0.1.0/24\nrdr inet from 192.0.2.0/24 to any -> 192.0.2.10\n", "pfctl-sn.txt")])
        XCTAssertEqual(exempt["nat.masquerade_hits_tunnel"]?.value, .bool(false))
    }

    func testWhatCannotBeToldStaysUnknown() throws {
        // a transparent proxy for TCP 80: the tunnel's web traffic is redirected, the rest not
        let proxy = try facts([(PfctlNatParser(), "rdr pass on em1 inet proto tcp from any to any port = 80 -> 127.0.0.1 port 3128\n", "pfctl-sn.txt")])
        XCTAssertNil(proxy["nat.masquerade_hits_tunnel"])
        XCTAssertEqual(PfctlNatParser().parse("rdr pass on em1 inet proto tcp from any to any port = 80 -> 127.0.0.1 port 3128\n")
            .typed(PacketFilterRuleRecord.self).first?.interface, "em1", "`rdr pass` is read as a rule on em1, not as `rdr` of everything")
        let anchor = try facts([(PfctlRulesParser(), "anchor \"relayd/*\" all\npass all\n", "pfctl-sr.txt")])
        XCTAssertNil(anchor["nat.masquerade_hits_tunnel"], "an anchor's rules may redirect")
        let quick = try facts([(PfctlRulesParser(), "pass in quick from 192.0.2.0/24 to 192.0.1.0/24\nmatch in from any to any rdr-to 192.0.2.10\n", "pfctl-sr.txt")])
        XCTAssertEqual(quick["nat.masquerade_hits_tunnel"]?.value, .bool(false), "quick stops before the rdr-to")
        let noTunnel = try facts([(PfctlRulesParser(), "pass all\n", "pfctl-sr.txt")], tunnel: false)
        XCTAssertNil(noTunnel["nat.masquerade_hits_tunnel"], "no selectors, nothing to ask")
    }

    /// A pf-only snapshot is an OpenBSD host; pfSense's and macOS's outputs are not claimed.
    func testPlatformFromTheFilterAlone() throws {
        let pf = try facts([(PfctlRulesParser(), "block return all\npass all flags S/SA\n", "pfctl-sr.txt")], tunnel: false)
        XCTAssertEqual(pf["host.os"]?.value, .string("openbsd"))
        let pfsense = try facts([(PfctlRulesParser(), "@334(0) anchor \"tftp-proxy/*\" all\n", "pfctl-sr.txt")], tunnel: false)
        XCTAssertNil(pfsense["host.os"])
        let mac = try facts([(PfctlNatParser(), "nat on en0 inet from 10.0.0.0/24 to any -> (en0) round-robin\n", "pfctl-sn.txt")], tunnel: false)
        XCTAssertNil(mac["host.os"])
        let ipf = try facts([(IpfstatRulesParser(), "pass in quick on e1000g0 proto udp from any to any port = 500 keep state\n", "ipfstat-io.txt")], tunnel: false)
        XCTAssertEqual(ipf["host.os"]?.value, .string("illumos"))
        let hpux = try facts([(IpfstatRulesParser(), "pass out on lan0 from any to any\n", "ipfstat-io.txt")], tunnel: false)
        XCTAssertNil(hpux["host.os"])
        // strongSwan's log beside pf: a pfSense or OPNsense more likely than OpenBSD
        let charon = try facts([(PfctlRulesParser(), "pass all\n", "pfctl-sr.txt"),
                                (CharonLogParser(), "Dec  3 10:00:00 fw charon[1]: 05[IKE] initiating IKE_SA con1[1] to 192.0.2.2\n", "charon.log")], tunnel: false)
        XCTAssertNil(charon["host.os"])
        // another source that names the platform decides it
        let isakmpd = try facts([(PfctlRulesParser(), "pass all\n", "pfctl-sr.txt"), (IpsecctlSaParser(), "", "ipsecctl-sa.txt")], tunnel: false)
        XCTAssertNil(isakmpd["host.os"])
    }

    func testBadStatusInputIsUnparsedNotACrash() {
        let r = PfctlInfoParser().parse("Status:\nStatus: Maybe\n  current entries\n\u{0}\u{1}\nStatus: Enabled\nStatus: Disabled\n")
        XCTAssertEqual(r.unparsed.map(\.line), [1, 2, 3, 4, 6])
        XCTAssertEqual(r.records.count, 1)
    }
}
