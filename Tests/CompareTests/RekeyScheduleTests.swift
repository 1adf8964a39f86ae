import Testing
@testable import Compare

/// Rekey margins, both ends at once, on Libreswan's own rekey tests (Tests/Fixtures/real/
/// compare-pairs/ikev2-ike-rekey-*, see SOURCES.md): west shortens its SA lifetimes so that it
/// always rekeys first, with no random part (rekeyfuzz=0%).
@Suite struct RekeyScheduleTests {
    static func pair(_ name: String) throws -> (Gateway, Gateway) {
        (try OtherDaemonsCompareTests.gateway(name + "/east"), try OtherDaemonsCompareTests.gateway(name + "/west"))
    }

    @Test func anEndWhoseSAExpiresBeforeThePeerRekeysIsNamed() throws {
        // west: salifetime=29, rekeymargin=6s; east: Libreswan's default salifetime of 8 hours
        let (east, west) = try Self.pair("ikev2-ike-rekey-03")
        let r = Comparison.run(east, west)
        #expect(r.tunnels.count == 3)
        let d = try #require(r.differences.first { $0.item == .lifetimes })
        #expect(d.summary.contains("west's CHILD SA expires after 29 s, before east would rekey it (28260 s)"), "\(d.summary)")
        #expect(d.evidenceB.first?.text == "salifetime=29")
        #expect(!r.differences.contains { $0.item == .lifetimes && $0.severity != .info }, "different moments: no collision")
    }

    @Test func bothEndsRekeyingAtOneMomentWithoutJitterIsACollision() throws {
        // east rekeys at 5m - 10s, west at 5m - 90s, both with rekeyfuzz=0%: apart, no collision
        let (east, west) = try Self.pair("ikev2-ike-rekey-05")
        let apart = Comparison.run(east, west)
        #expect(!apart.differences.contains { $0.item == .lifetimes && $0.severity == .warning }, "\(apart.differences.map(\.summary))")
        // the same files with west's margin set to east's 10s: both rekey at 290 s exactly
        var same = west
        same.tunnels = west.tunnels.map { t in
            var t = t
            t.children = t.children.map { var c = $0; c.rekeyMargin = "10s"; return c }
            return t
        }
        let r = Comparison.run(east, same)
        let d = try #require(r.differences.first { $0.item == .lifetimes && $0.severity == .warning })
        #expect(d.summary.contains("both ends rekey at 290 s with no random part"), "\(d.summary)")
        // and with the random part Libreswan has by default (rekeyfuzz=100%) at one end, none
        var fuzzy = same
        fuzzy.tunnels = same.tunnels.map { t in
            var t = t
            t.children = t.children.map { var c = $0; c.rekeyJitter = nil; return c }
            return t
        }
        #expect(!Comparison.run(east, fuzzy).differences.contains { $0.item == .lifetimes && $0.severity == .warning })
    }
}

/// Kernel policies of both ends (Libreswan's basic-pluto-01: both gateways' `ipsec _kernel
/// policy` after the tunnel came up, see SOURCES.md): A's outbound policy must be B's inbound.
@Suite struct PolicyMirrorTests {
    @Test func mirroredPoliciesAgreeAndAMissingInboundOneIsBlamedOnItsHolder() throws {
        let west = try OtherDaemonsCompareTests.gateway("basic-pluto-01/west")
        let east = try OtherDaemonsCompareTests.gateway("basic-pluto-01/east")
        #expect(west.policies.map(\.dir) == ["out", "fwd", "in"])
        let r = Comparison.run(west, east)
        #expect(!r.differences.contains { $0.item == .policies }, "\(r.differences.map(\.summary))")
        // east without its inbound policy for west's subnet (as after a flush of policies on east)
        var flushed = east
        flushed.policies.removeAll { $0.dir == "in" }
        let broken = Comparison.run(west, flushed)
        let d = try #require(broken.differences.first { $0.item == .policies })
        #expect(d.faultySide == "b")
        #expect(d.summary.contains("west sends 192.0.1.0/24 -> 192.0.2.0/24 into the tunnel, east has no inbound policy for it"), "\(d.summary)")
        #expect(d.evidenceA.first?.description == "west/xfrm-policy.txt:1: src 192.0.1.0/24 dst 192.0.2.0/24 dir out")
        #expect(broken.verdict == .problem)
    }
}
