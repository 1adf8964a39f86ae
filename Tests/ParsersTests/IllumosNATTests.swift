import Facts
import XCTest
@testable import Parsers

/// illumos: the tunnel's selectors from ipsecinit.conf and what IP Filter's NAT (`ipnat -l`)
/// does to its traffic. The NAT rule of Oracle's "How to View Active NAT Rules in IP Filter"
/// (Solaris 11.3, the real `ipnat -l` of the ipnat-list/oracle-solaris11-map-net0 case:
/// `map net0 198.51.100.0/27 -> 192.0.2.0/27`); the tunnel entries are Example 17 of illumos'
/// ipsecconf(8) ("Transit VPN router") with its A-prefix/B-prefix/C-prefix placeholders given
/// documentation prefixes. Lines of other kinds (a map on the tunnel interface, hit counts,
/// sessions) are in the forms printnat() and printactivenat() of usr/src/cmd/ipf/lib/common
/// print them: no real output of those was found (SOURCES.md says so).
final class IllumosNATTests: XCTestCase {
    /// C (local) 198.51.100.0/27 to remote site A 203.0.113.0/24 through ip.tun0.
    static let ipsecinit = """
        # ip.tun0 between me (C) and remote-site A.
        {tunnel ip.tun0 negotiate tunnel raddr 203.0.113.0/24 laddr
        198.51.100.0/27} ipsec {encr_algs 3des encr_auth_algs md5}
        """
    static let oracle = "List of active MAP/Redirect filters:\nmap net0 198.51.100.0/27 -> 192.0.2.0/27\n\nList of active sessions:\n"

    func facts(_ ipnat: String, ipsecinit: String = ipsecinit, svcs: String? = nil) -> [String: Fact] {
        var items = [ParsedSource(result: IpnatListParser().parse(ipnat), origin: "ipnat-l.txt"),
                     ParsedSource(result: IpsecinitConfParser().parse(ipsecinit), origin: "ipsecinit.conf", kind: .file)]
        if let svcs { items.append(ParsedSource(result: SvcsParser().parse(svcs), origin: "svcs.txt")) }
        var out: [String: Fact] = [:]
        for f in FactExtraction.facts(from: ParsedCollection(items)) { out[f.name] = f }
        return out
    }

    func testTunnelSelectorsComeFromIpsecinitConf() {
        let f = facts(Self.oracle)
        XCTAssertEqual(f["conn.local_ts"]?.value, .list(["198.51.100.0/27"]))
        XCTAssertEqual(f["conn.remote_ts"]?.value, .list(["203.0.113.0/24"]))
        XCTAssertNil(f["conn.remote_addrs"], "a tunnel entry's outer addresses are the tunnel interface's, not in the file")
        XCTAssertEqual(f["host.os"]?.value, .string("illumos"))
    }

    /// A map on the outside interface runs in ip_xmit(), after the host's IPsec: it sees ESP,
    /// and the tunnel's traffic is not translated before its policy.
    func testMapOnTheOutsideInterfaceDoesNotHitTheTunnel() {
        let f = facts(Self.oracle)
        XCTAssertEqual(f["nat.masquerade_hits_tunnel"]?.value, .bool(false))
    }

    /// The same map on the tunnel interface translates the inner packet before the tunnel's
    /// policy lookup: the selectors no longer match.
    func testMapOnTheTunnelInterfaceRewritesTheTunnelsTraffic() {
        let f = facts(Self.oracle.replacingOccurrences(of: "map net0", with: "map ip.tun0"))
        XCTAssertEqual(f["nat.masquerade_hits_tunnel"]?.value, .bool(true))
        XCTAssertEqual(f["nat.masqueraded_local_ts"]?.value, .string("198.51.100.0/27"))
        XCTAssertEqual(f["nat.masqueraded_remote_ts"]?.value, .string("203.0.113.0/24"))
        XCTAssertEqual(f["nat.masquerade_hits_tunnel"]?.provenance.first?.excerpt, "map ip.tun0 198.51.100.0/27 -> 192.0.2.0/27")
        // a map of another subnet on the tunnel interface leaves this one alone
        let other = facts(Self.oracle.replacingOccurrences(of: "map net0 198.51.100.0/27", with: "map ip.tun0 10.9.0.0/16"))
        XCTAssertEqual(other["nat.masquerade_hits_tunnel"]?.value, .bool(false))
        // one that takes only part of the selector may or may not: unknown
        let part = facts(Self.oracle.replacingOccurrences(of: "map net0 198.51.100.0/27", with: "map ip.tun0 198.51.100.0/28"))
        XCTAssertNil(part["nat.masquerade_hits_tunnel"])
    }

    /// An rdr on an interface the LAN's traffic may enter by rewrites the destination first;
    /// which interface that is no snapshot says: unknown, not guessed either way.
    func testRdrOfTheRemoteSubnetLeavesItOpen() {
        let rdr = "List of active MAP/Redirect filters:\nrdr net1 203.0.113.0/24 port 80 -> 198.51.100.5 port 8080 tcp\n\nList of active sessions:\n"
        XCTAssertNil(facts(rdr)["nat.masquerade_hits_tunnel"])
        let elsewhere = rdr.replacingOccurrences(of: "rdr net1 203.0.113.0/24", with: "rdr net1 192.0.2.7/32")
        XCTAssertEqual(facts(elsewhere)["nat.masquerade_hits_tunnel"]?.value, .bool(false))
    }

    /// An active translation of the tunnel's traffic is proof, whatever the rules say.
    func testASessionOfTheTunnelsTrafficIsProof() {
        let s = Self.oracle + "MAP 198.51.100.9    1025  <- -> 192.0.2.9       1025  [203.0.113.20 443]\n"
        let f = facts(s)
        XCTAssertEqual(f["nat.masquerade_hits_tunnel"]?.value, .bool(true))
        XCTAssertEqual(f["nat.masquerade_hits_tunnel"]?.provenance.first?.excerpt, "MAP 198.51.100.9 1025 <- -> 192.0.2.9 1025 [203.0.113.20 443]")
        let r = IpnatListParser().parse(s).records.last
        XCTAssertEqual(r?.str("inside"), "198.51.100.9")
        XCTAssertEqual(r?.str("remote_port"), "443")
        // a session to elsewhere is not the tunnel's
        XCTAssertEqual(facts(Self.oracle + "MAP 198.51.100.9    <- -> 192.0.2.9       [8.8.8.8]\n")["nat.masquerade_hits_tunnel"]?.value, .bool(false))
    }

    /// IP Filter disabled (its SMF service's stop method runs `ipf -D`): nothing is translated.
    func testDisabledIpfilterTranslatesNothing() {
        let svcs = "STATE          STIME    FMRI\ndisabled       22:50:44 svc:/network/ipfilter:default\n"
        let f = facts(Self.oracle.replacingOccurrences(of: "map net0", with: "map ip.tun0"), svcs: svcs)
        XCTAssertEqual(f["nat.masquerade_hits_tunnel"]?.value, .bool(false))
    }

    /// Not NAT output (no device, no privilege): nothing is concluded from it.
    func testAnErrorSaysNothing() {
        let r = IpnatListParser().parse("open(IPNAT_NAME): Permission denied\n")
        XCTAssertEqual(r.unparsed.count, 1)
        XCTAssertNil(facts("open(IPNAT_NAME): Permission denied\n")["nat.masquerade_hits_tunnel"])
    }

    /// `ipnat -hl`: each rule's hits first; the filter form of printnat(); two interfaces.
    func testRuleForms() {
        let r = IpnatListParser().parse("""
            List of active MAP/Redirect filters:
            12 map e1000g0,e1000g1  from 172.16.0.0/24 to any -> 0.0.0.0/32 portmap tcp/udp auto
            rdr vioif0 10.0.0.180/32 port 2222 -> 172.16.9.2 port 22 tcp

            List of active sessions:
            """).records
        XCTAssertEqual(r.count, 2)
        XCTAssertEqual(r[0]["hits"]?.numberValue, 12)
        XCTAssertEqual(r[0].str("interface2"), "e1000g1")
        XCTAssertEqual(r[0].str("from"), "172.16.0.0/24")
        XCTAssertEqual(r[0].str("to"), "any")
        XCTAssertEqual(r[0].str("proto"), "tcp/udp")
        XCTAssertEqual(r[1].str("match"), "10.0.0.180/32")
        XCTAssertEqual(r[1].str("match_port"), "2222")
        XCTAssertEqual(r[1].str("target_port"), "22")
        XCTAssertEqual(r[1].str("proto"), "tcp")
    }

    /// Old-style entries: `apply` is outbound (saddr local), `permit` inbound (saddr remote).
    func testApplyAndPermitNameTheirEnds() {
        let sample = """
            {daddr 10.5.5.0/24} apply {auth_algs any sa shared}
            {saddr 10.5.5.0/24 daddr 192.0.2.1} permit {auth_algs any}
            {lport 23 dir in} drop {}
            """
        let r = IpsecinitConfParser().parse(sample)
        XCTAssertEqual(r.records.count, 3)
        XCTAssertTrue(r.unparsed.isEmpty)
        let children = r.typed(IpsecinitConfRecord.self).compactMap { IllumosExtractor.policyChild($0, Provenance(.file, "ipsecinit.conf")) }
        XCTAssertEqual(children.count, 2, "a drop entry protects nothing")
        XCTAssertEqual(children[0].remoteTS, ["10.5.5.0/24"])
        XCTAssertEqual(children[1].localTS, ["192.0.2.1"])
        XCTAssertEqual(children[1].remoteTS, ["10.5.5.0/24"])
        XCTAssertEqual(children[1].localAddrs, ["192.0.2.1"], "a host policy's single local host is this end")
    }

    func testBrokenEntryIsRejectedNotGuessed() {
        let r = IpsecinitConfParser().parse("{laddr 10.0.0.1 raddr} ipsec {encr_algs aes}\n{raddr 10.0.0.2} ipsec {encr_algs aes}\n")
        XCTAssertEqual(r.records.count, 1)
        XCTAssertEqual(r.unparsed.map(\.line), [1])
    }

    /// routeadm's ipv4-forwarding is the SMF service svc:/network/ipv4-forwarding:default
    /// (routeadm.c): online forwards, disabled does not, a transition says neither. The lines
    /// are in the form of the real `svcs` cases (svcs/omnios-ipfilter-disabled).
    func testForwardingFromItsSmfService() {
        func forward(_ state: String) -> FactValue? {
            let svcs = "STATE          STIME    FMRI\n\(state)       22:50:44 svc:/network/ipv4-forwarding:default\n"
            let parsed = ParsedCollection([ParsedSource(result: SvcsParser().parse(svcs), origin: "svcs.txt")])
            return IllumosExtractor().facts(from: parsed).first { $0.name == "system.ip_forward" }?.value
        }
        XCTAssertEqual(forward("online"), .bool(true))
        XCTAssertEqual(forward("disabled"), .bool(false))
        XCTAssertNil(forward("offline*"))
        XCTAssertNil(forward("maintenance"))
    }

    /// `ipf -V` (the real output of the ipf-version case, with the words showversion() of
    /// ipf.c prints otherwise): `Running: no` filters nothing; `Default: block all` blocks what
    /// no rule passes, and says so as the evidence.
    func testIpfVersionRunningAndDefault() throws {
        let real = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Sources/ipf-version/netbsd-ipfilter-status/input.txt"), encoding: .utf8)
        func fw(_ version: String, rules: String) -> [String: Fact] {
            let items = [ParsedSource(result: IpfVersionParser().parse(version), origin: "ipf-V.txt"),
                         ParsedSource(result: IpfstatRulesParser().parse(rules), origin: "ipfstat-io.txt"),
                         ParsedSource(result: IpsecinitConfParser().parse("{laddr 192.0.2.1 raddr 198.51.100.2} ipsec {encr_algs aes}\n"),
                                      origin: "ipsecinit.conf", kind: .file)]
            var out: [String: Fact] = [:]
            for f in PacketFilterExtractor().facts(from: ParsedCollection(items)) { out[f.name] = f }
            return out
        }
        let empty = "empty list for ipfilter(out)\nempty list for ipfilter(in)\n"
        XCTAssertEqual(fw(real, rules: empty)["fw.drops_ike_in"]?.value, .bool(false))
        XCTAssertEqual(fw(real, rules: empty)["fw.filter_enabled"]?.value, .bool(true))
        let blocking = fw(real.replacingOccurrences(of: "Default: pass all", with: "Default: block all"), rules: empty)
        XCTAssertEqual(blocking["fw.drops_ike_in"]?.value, .bool(true))
        XCTAssertEqual(blocking["fw.drops_ike_in"]?.provenance.first?.excerpt, "Default: block all")
        // a rule that passes IKE decides before the default
        let passing = fw(real.replacingOccurrences(of: "Default: pass all", with: "Default: block all"),
                         rules: "pass in quick proto udp from any to any port = 500 keep state\n")
        XCTAssertEqual(passing["fw.drops_ike_in"]?.value, .bool(true), "UDP 4500 is still blocked by the default")
        XCTAssertEqual(passing["fw.drops_ike_in"]?.provenance.first?.excerpt, "Default: block all")
        let stopped = fw(real.replacingOccurrences(of: "Running: yes", with: "Running: no"), rules: "block in all\n")
        XCTAssertEqual(stopped["fw.filter_enabled"]?.value, .bool(false))
        XCTAssertEqual(stopped["fw.drops_ike_in"]?.value, .bool(false))
    }
}
