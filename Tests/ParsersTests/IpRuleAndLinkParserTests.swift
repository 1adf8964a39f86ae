import XCTest
import Facts
@testable import Parsers

/// `ip rule show` and `ip link show` for trace: real outputs from the lab's gateways (strongSwan's
/// rule 220) and from trace's own namespaces (a fwmark rule, `ip -6 rule`, `ip -d link`).
final class IpRuleAndLinkParserTests: XCTestCase {
    func testLabRulesWithStrongSwansTable220() throws {
        let r = parse("ip-rule", try Fixtures.text(lab("healthy", "a", "ip-rule.txt")))
        XCTAssertTrue(r.unparsed.isEmpty, "\(r.unparsed)")
        XCTAssertEqual(r.records.compactMap { $0["priority"]?.numberValue }, [0, 220, 32766, 32767])
        XCTAssertEqual(r.records[1].str("table"), "220")
        XCTAssertEqual(r.records[1].str("from"), "all")
        XCTAssertEqual(r.records[1].str("action"), "lookup")
    }

    func testFwmarkRuleAndIPv6Rules() throws {
        let r = parse("ip-rule", try Fixtures.text("trace/kernel-a/ip-rule.txt"))
        XCTAssertTrue(r.unparsed.isEmpty)
        let mark = r.records.first { $0["priority"]?.numberValue == 100 }
        XCTAssertEqual(mark?.str("fwmark"), "0x15")
        XCTAssertEqual(mark?.str("table"), "100")
        XCTAssertNil(mark?["unknown"])
        let six = parse("ip-rule", try Fixtures.text("trace/kernel-a/ip-6-rule.txt"))
        XCTAssertEqual(six.records.compactMap { $0.str("table") }, ["local", "main"])
    }

    func testLinksWithMTU() throws {
        let r = parse("ip-link", try Fixtures.text(lab("healthy", "a", "ip-s-link.txt")))
        XCTAssertTrue(r.unparsed.isEmpty, "\(r.unparsed)")
        XCTAssertEqual(r.records.compactMap { $0.str("ifname") }, ["lo", "wan0", "ipsec0"])
        XCTAssertEqual(r.records.compactMap { $0["mtu"]?.numberValue }, [65536, 1500, 1400])
        XCTAssertEqual(r.records[1].str("link"), "if2")
        XCTAssertEqual(r.records[2].str("link_type"), "none")   // the TUN of kernel-libipsec
        let d = parse("ip-link", try Fixtures.text("trace/kernel-a/ip-d-link.txt"))
        XCTAssertTrue(d.unparsed.isEmpty, "\(d.unparsed)")
        XCTAssertEqual(d.records.compactMap { $0.str("ifname") }, ["lo", "lan0", "wan0"])
    }

    func testRobustAndLinear() throws {
        let rules = try Fixtures.text(lab("healthy", "a", "ip-rule.txt"))
        assertRobust("ip-rule", sample: rules)
        assertLinear("ip-rule", sample: rules)
        let links = try Fixtures.text(lab("healthy", "a", "ip-s-link.txt"))
        assertRobust("ip-link", sample: links)
        assertLinear("ip-link", sample: links)
    }
}

/// `iptables -L` listings: robustness on a real listing (its content is tested in TraceTests).
final class IptablesListParserTests: XCTestCase {
    func testRobustAndLinear() throws {
        let text = try Fixtures.text("real/iptables-save/iptables-L-n-nat.txt")
        let r = parse("iptables-list", text)
        XCTAssertTrue(r.unparsed.isEmpty, "\(r.unparsed)")
        let dnat = r.records.first { $0.str("target") == "DNAT" }
        XCTAssertEqual(dnat?.str("policy_dir"), "in")
        XCTAssertEqual(dnat?.str("policy_pol"), "ipsec")
        XCTAssertEqual(dnat?.strings("target_args"), ["--to", "192.1.3.209"])
        assertRobust("iptables-list", sample: text)
        assertLinear("iptables-list", sample: text)
    }
}
