@testable import Engine
import Facts
import XCTest

/// A remedy placeholder no probe filled tells the operator where their own implementation keeps
/// the value (issue 11): a stroke host's ipsec.conf for the NATed or blocked pair too, racoon's
/// sainfo, iked.conf's from/to, illumos' ipsecinit.conf — not swanctl's `--list-conns`.
final class PlaceholderHintTests: XCTestCase {
    func testStrokeHintsForTheBlockedAndNatedPair() {
        for name in ["nat.masqueraded_local_ts", "fw.forward_blocked_local_ts", "conn.local_ts"] {
            let h = TemplateRenderer.hint(for: name, implementation: "strongswan-stroke")
            XCTAssertTrue(h.hasPrefix("leftsubnet= of the conn in /etc/ipsec.conf"), "\(name): \(h)")
        }
        XCTAssertTrue(TemplateRenderer.hint(for: "fw.forward_blocked_remote_ts", implementation: "strongswan-stroke").hasPrefix("rightsubnet="))
        // swanctl hosts keep swanctl's wording
        XCTAssertTrue(TemplateRenderer.hint(for: "nat.masqueraded_local_ts", implementation: "strongswan").contains("swanctl --list-conns"))
    }

    func testOtherImplementationsNameTheirOwnFiles() {
        let cases: [(String, String, String)] = [
            ("racoon", "nat.masqueraded_local_ts", "sainfo"),
            ("racoon", "conn.remote_addrs", "racoon.conf"),
            ("iked", "fw.forward_blocked_remote_ts", "`to` network of the policy in /etc/iked.conf"),
            ("isakmpd", "conn.local_ts", "`from` network of the policy in /etc/ipsec.conf"),
            ("in.iked", "conn.remote_ts", "raddr of the tunnel's entry in /etc/inet/ipsecinit.conf"),
            ("libreswan", "conn.child_names", "the conn name"),
        ]
        for (impl, name, expected) in cases {
            let h = TemplateRenderer.hint(for: name, implementation: impl)
            XCTAssertTrue(h.contains(expected), "\(impl) \(name): \(h)")
            XCTAssertFalse(h.contains("swanctl"), "\(impl) \(name): \(h)")
        }
    }

    /// Rendered: the hint follows the remedy on a stroke host without the NATed pair's facts.
    func testRenderedRemedyOnAStrokeHost() {
        let facts = FactStore([Fact("ike.implementation", .string("strongswan"), from: Provenance(.probe, "t")),
                               Fact("ike.strongswan_frontend", .string("stroke"), from: Provenance(.probe, "t"))])
        let out = TemplateRenderer.withHints("iptables -t nat -I POSTROUTING -s {nat.masqueraded_local_ts} -d {nat.masqueraded_remote_ts} -j RETURN", facts)
        XCTAssertTrue(out.contains("<nat.masqueraded_local_ts>: leftsubnet= of the conn in /etc/ipsec.conf"), out)
        XCTAssertFalse(out.contains("swanctl"), out)
    }
}
