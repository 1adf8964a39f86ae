import Foundation
import XCTest
@testable import Trace

/// SPDs read through PF_KEY tools: OpenBSD `ipsecctl -sa` flows and SAD (Libreswan's interop
/// consoles, Tests/Fixtures/real/ipsecctl-sa) and ipsec-tools `setkey -DP`/`-D` (FreeBSD, corpus).
final class PFKeyTests: XCTestCase {
    func fixtureHost(_ files: [(String, String)]) throws -> HostModel {
        TraceFixtures.host(try files.map { (source: $0.0, origin: $0.1, text: try TraceFixtures.text("real/" + $0.1)) })
    }

    func testOpenBSDFlowRequiresTheSAToItsPeer() throws {
        let host = try fixtureHost([("ipsecctl-sa", "ipsecctl-sa/libreswan-interop-openbsd-ipsecctl-s-all.txt")])
        let r = Tracer(host: host).trace(TraceFixtures.packet("192.0.1.5", "192.0.2.9"))
        XCTAssertEqual(r.verdict.outcome, .encrypted, r.verdict.text)
        XCTAssertEqual(r.outer?.spi, "0x531511aa")              // esp tunnel from 192.1.2.45 to 192.1.2.23
        XCTAssertEqual(r.outer?.dst.address, "192.1.2.23")
        XCTAssertEqual(r.policy?.location, "ipsecctl-sa/libreswan-interop-openbsd-ipsecctl-s-all.txt:3")
        // `flow esp out from ::/0 to ::/0 type deny`: all IPv6 is dropped.
        var v6 = TraceFixtures.packet("2001:db8::1", "2001:db8::2"); v6.proto = "ipv6-icmp"
        XCTAssertEqual(Tracer(host: host).trace(v6).verdict.outcome, .dropped)
        // Outside every flow: clear.
        XCTAssertEqual(Tracer(host: host).trace(TraceFixtures.packet("192.0.1.5", "10.9.9.9")).verdict.outcome, .clear)
    }

    func testOpenBSDIkedPolicyAndStateFromTwoOutputs() throws {
        let host = try fixtureHost([("ipsecctl-sa", "ipsecctl-sa/libreswan-interop-openbsd-01-iked-east-kernel-policy.txt"),
                                    ("ipsecctl-sa", "ipsecctl-sa/libreswan-interop-openbsd-01-iked-east-kernel-state.txt")])
        let r = Tracer(host: host).trace(TraceFixtures.packet("192.0.2.1", "192.0.1.1"))
        XCTAssertEqual(r.verdict.outcome, .encrypted, r.verdict.text)
        XCTAssertEqual(r.outer?.src.address, "192.1.2.23")
        XCTAssertEqual(r.outer?.dst.address, "192.1.2.45")
    }

    func testSetkeySPDWithAndWithoutItsSAD() throws {
        let dp = try TraceFixtures.corpusText("setkey-DP.txt"), d = try TraceFixtures.corpusText("setkey-D.txt")
        guard let spd = TraceFixtures.blocks(dp).first(where: { $0.origin.hasPrefix("pfkeyv2-esn-esp-freebsd/freebsdw") }),
              let sad = TraceFixtures.blocks(d).first(where: { $0.origin.hasPrefix("pfkeyv2-esn-esp-freebsd/freebsdw") && $0.body.contains("esp") })
        else { throw XCTSkip("pfkeyv2-esn-esp-freebsd not in the corpus") }
        let spdOnly = TraceFixtures.host([(source: "setkey-DP", origin: "setkey-DP.txt", text: spd.body)])
        let p = TraceFixtures.packet("192.0.1.1", "192.0.2.1")
        XCTAssertEqual(Tracer(host: spdOnly).trace(p).verdict.outcome, .unknown, "an SPD without its SAD cannot tell")
        let both = TraceFixtures.host([(source: "setkey-DP", origin: "setkey-DP.txt", text: spd.body), (source: "setkey-D", origin: "setkey-D.txt", text: sad.body)])
        let r = Tracer(host: both).trace(p)
        XCTAssertEqual(r.verdict.outcome, .encrypted, r.verdict.text)   // the mature SA 192.1.2.45 -> 192.1.2.23
        XCTAssertEqual(r.outer?.dst.address, "192.1.2.23")           // esp/tunnel/192.1.2.45-192.1.2.23/require
    }
}
