import Foundation
import Testing
@testable import Compare
@testable import Fleet

/// `compare` between the daemons that are not strongSwan: racoon, OpenBSD iked and isakmpd,
/// illumos in.iked. The pairs are both ends of real interoperability tests of Libreswan's test
/// suite (Tests/Fixtures/real/compare-pairs, see SOURCES.md): the Libreswan end and the other
/// daemon's end as that test configures them, so a healthy pair must show no problem and a pair
/// made of two scenarios that differ in one item must name that item.
@Suite struct OtherDaemonsCompareTests {
    static let pairs = LabFixturePairTests.repo + "/Tests/Fixtures/real/compare-pairs"
    static let single = LabFixturePairTests.repo + "/Tests/Fixtures/real/single-gateway"

    static func gateway(_ path: String) throws -> Gateway { try SnapshotAdapter.gateway(snapshot: pairs + "/" + path) }

    @Test func racoonAndLibreswanMainModeAgree() throws {
        let west = try Self.gateway("interop-racoon-20-main-initiator/west")
        let east = try Self.gateway("interop-racoon-20-main-initiator/east")
        #expect(west.tunnels.map(\.dialect) == [.racoon])
        let racoon = try #require(west.tunnels.first)
        #expect(racoon.ikeProposals == ["aes128-sha1-dh5"], "racoon's proposal block, dh_group 5 = MODP 1536")
        #expect(racoon.localID == "192.1.2.45" && racoon.remoteID == "192.1.2.23")
        let r = Comparison.run(west, east)
        #expect(r.tunnels.count == 1, "the anonymous remote pairs with west-east through its identifiers")
        #expect(r.differences.filter { $0.severity != .info }.isEmpty, "\(r.differences.map(\.summary))")
        #expect(r.tunnels.first?.ikeProposal == "aes128-sha1-prfsha1-modp1536")
    }

    @Test func racoonMainModeAgainstLibreswanAggressiveModeIsNamed() throws {
        // west's racoon.conf says exchange_mode main; east of the aggressive-mode test says aggressive=yes
        let west = try Self.gateway("interop-racoon-20-main-initiator/west")
        let east = try Self.gateway("interop-racoon-10-aggr-initiator/east")
        let r = Comparison.run(west, east)
        let first = try #require(r.differences.first)
        #expect(first.item == .exchangeMode, "\(r.differences.map(\.summary))")
        #expect(first.faultySide == "b")
        #expect(first.evidenceA.first?.text == "exchange_mode main;")
        #expect(first.evidenceB.first?.text == "aggressive=yes")
    }

    @Test func ikedAndLibreswanAgreeOnTheIPv4PolicyAndTheIPv6OneIsNamed() throws {
        let east = try Self.gateway("interop-ikev2-openbsd-01-iked-responder/east")
        let west = try Self.gateway("interop-ikev2-openbsd-01-iked-responder/west")
        #expect(east.tunnels.map(\.dialect) == [.iked, .iked])
        #expect(west.tunnels.count == 2, "both conns say auto=ignore: the test adds them by hand")
        let r = Comparison.run(east, west)
        #expect(r.tunnels.map(\.a) == ["westnet-eastnet-ikev2", "westnet-eastnet-ikev2-ipv6"])
        let v4 = try #require(r.tunnels.first)
        #expect(v4.differences.filter { $0.severity != .info }.isEmpty, "\(v4.differences.map(\.summary))")
        // iked's defaults (parse.y) meet Libreswan's: AES-CBC with SHA2 and a MODP/ECP group
        #expect(v4.ikeProposal?.hasPrefix("aes256-sha512") == true || v4.ikeProposal?.hasPrefix("aes") == true, "\(v4.ikeProposal ?? "-")")
        // MOBIKE: iked on by default, Libreswan off: said, not a fault
        #expect(v4.differences.map(\.item).contains(.mobike))
        // the "-ipv6" policy of east.iked.conf keeps IPv4 selectors while west's conn has IPv6 ones
        let v6 = try #require(r.tunnels.last)
        #expect(v6.differences.first?.item == .trafficSelectors, "\(v6.differences.map(\.summary))")
    }

    @Test func ikedOnlyIKEv2AgainstRacoonOnlyIKEv1IsAVersionNobodyCanFixInConfig() throws {
        var east = try Self.gateway("interop-ikev2-openbsd-01-iked-responder/east")
        let west = try Self.gateway("interop-racoon-20-main-initiator/west")
        // the same two addresses, a different daemon at each end
        east.tunnels = [east.tunnels[0]]
        let r = Comparison.run(west, east)
        let d = try #require(r.differences.first { $0.item == .ikeVersion })
        #expect(d.faultySide == nil)
        #expect(d.summary.contains("neither daemon speaks the other's version"))
    }

    @Test func isakmpdRuleTakesIpsecctlDefaultsForWhatItLeavesOut() throws {
        let g = try SnapshotAdapter.gateway(snapshot: Self.single + "/openbsd-regress-ike5")
        #expect(g.tunnels.map(\.dialect) == [.isakmpd, .isakmpd])
        let t = try #require(g.tunnels.first)
        // `main auth hmac-sha1 enc 3des`: no group, so ipsecctl's MODP_1024 (regress ike9.ok)
        #expect(t.ikeProposals == ["3des-sha1-modp1024"])
        #expect(t.children.first?.espProposals == ["3des-sha1-modp1024"])
        #expect(t.localID == "sharleena.as10.net" && t.remoteID == "faui31o.informatik.uni-erlangen.de")
        #expect(t.remoteAddrs == ["131.188.33.29"])
        #expect(t.children.first?.localTS == ["10.1.1.0/24"] && t.children.first?.remoteTS == ["10.1.2.0/24"])
        #expect(t.localAuth == "pubkey", "no psk: RSA signatures (ipsec.conf(5))")
        let host = try #require(g.tunnels.last)
        #expect(host.ikeProposals == ["aes128-aes192-aes256-sha1-modp1024"], "`enc aes`: key lengths 128 to 256")
        #expect(host.children.first?.espProposals == ["aes128-aes192-aes256-sha256-modp1024"])
    }

    @Test func illumosRulesInheritTheFileTransformsAndLeavePhase2ToIpsecinit() throws {
        let g = try SnapshotAdapter.gateway(snapshot: Self.single + "/illumos-config-sample")
        #expect(g.tunnels.map(\.name) == ["simple inheritor", "default rule", "host to .80 subnet"])
        let inheritor = g.tunnels[0]
        #expect(inheritor.ikeProposals == ["3des-sha1-dh5"], "the global p1_xform")
        #expect(inheritor.localAuth == "psk")
        #expect(inheritor.rekeyTime == "14400", "p1_lifetime_secs of the file")
        #expect(inheritor.remoteAddrs == ["10.1.1.2"])
        let subnet = g.tunnels[2]
        #expect(subnet.ikeProposals?.count == 4)
        #expect(subnet.localAuth == "pubkey")
        #expect(subnet.remoteID == nil, "remote_id \"\": any")
        #expect(subnet.children.allSatisfy { !$0.selectorsKnown && !$0.espKnown })
    }

    @Test func fleetColoursEachTunnelOfAPairByItsOwnVerdict() throws {
        // east (iked) and west (Libreswan) share two tunnels: the IPv4 one agrees, the "-ipv6"
        // one does not; the map must not paint both in the pair's worst state.
        let r = try FleetRun.run(dir: Self.pairs + "/interop-ikev2-openbsd-01-iked-responder", base: nil)
        let link = try #require(r.links.first)
        #expect(r.links.count == 1)
        #expect(link.state == .problem)
        #expect(link.tunnels.map(\.state) == [.down, .problem], "\(link.tunnels)")
        let html = FleetHTML.render(r)
        #expect(html.contains("<a href=\"#t-0-1-0\" class=\"tunnel\" data-state=\"down\">"))
        #expect(html.contains("<a href=\"#t-0-1-1\" class=\"tunnel\" data-state=\"problem\">"))
        #expect(html.contains("<section id=\"t-0-1-0\" class=\"tunnel-result\" data-state=\"down\">"))
        let pairs = FleetJSON.render(r)["tunnels"]?.arrayValue?.first?["pairs"]?.arrayValue ?? []
        #expect(pairs.compactMap { $0["state"]?.stringValue } == ["down", "problem"])
    }
}
