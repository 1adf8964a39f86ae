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

    /// With the host's stack unknown (only a pasted log), each labelled step's blank is explained
    /// in that step's own stack: a Libreswan step does not send the operator to swanctl.
    func testLabelledStepsOfAnUnknownStackHintInTheirOwnWords() {
        let remedies = ["strongswan": ["swanctl --initiate --ike {conn.names}"],
                        "libreswan": ["ipsec auto --up {conn.names}"],
                        "racoon": ["racoonctl establish-sa isakmp inet {conn.local_addrs} {conn.remote_addrs}"]]
        let lines = RemedySelector.select(remedies, facts: FactStore([]))
        let libreswan = lines.first { $0.hasPrefix("(Libreswan)") } ?? ""
        XCTAssertTrue(libreswan.contains("<conn.names>: the connection name, shown in quotes by `ipsec status`"), "\(lines)")
        XCTAssertFalse(libreswan.contains("swanctl"), libreswan)
        let strongswan = lines.first { $0.hasPrefix("(strongSwan)") } ?? ""
        XCTAssertTrue(strongswan.contains("swanctl --list-conns"), strongswan)
        let racoon = lines.first { $0.hasPrefix("(racoon") } ?? ""
        XCTAssertTrue(racoon.contains("racoon.conf"), "\(lines)")
    }
}
