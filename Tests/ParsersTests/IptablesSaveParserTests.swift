import XCTest
import Facts
@testable import Parsers

final class IptablesSaveParserTests: XCTestCase {
    func testMultiportDropInOutput() throws {
        let text = try Fixtures.text(lab("local-fw-drops-ike", "a", "iptables-save.txt"))
        let r = parse("iptables-save", text)
        XCTAssertTrue(r.unparsed.isEmpty)
        let rule = records(r, where: "kind", "rule").first
        XCTAssertEqual(rule?.str("table"), "filter")
        XCTAssertEqual(rule?.str("chain"), "OUTPUT")
        XCTAssertEqual(rule?.str("protocol"), "udp")
        XCTAssertEqual(rule?.strings("dports"), ["500", "4500"])
        XCTAssertEqual(rule?.str("target"), "DROP")
        let chains = records(r, where: "kind", "chain")
        XCTAssertEqual(chains.map { $0.str("chain") ?? "" }, ["INPUT", "FORWARD", "OUTPUT"])
        XCTAssertEqual(chains.first?.str("policy"), "ACCEPT")
    }

    func testSourceAndMasquerade() throws {
        let r = parse("iptables-save", try Fixtures.text(lab("no-inbound", "b", "iptables-save.txt")))
        let rule = records(r, where: "kind", "rule").first
        XCTAssertEqual(rule?.str("src"), "192.0.2.1/32")
        XCTAssertEqual(rule?.strings("dports"), ["4500"])
        let nat = parse("iptables-save", try Fixtures.text(lab("masquerade", "a", "iptables-save.txt")))
        let m = records(nat, where: "kind", "rule").first
        XCTAssertEqual(m?.str("table"), "nat")
        XCTAssertEqual(m?.str("chain"), "POSTROUTING")
        XCTAssertEqual(m?.str("src"), "10.1.0.0/24")
        XCTAssertEqual(m?.str("target"), "MASQUERADE")
    }

    func testCountersForm() throws {
        let path = lab("local-fw-drops-ike", "a", "iptables-save-c.txt")
        let text = try Fixtures.text(path)
        let r = parse("iptables-save", text)
        XCTAssertTrue(r.unparsed.isEmpty)
        XCTAssertNotNil(records(r, where: "kind", "rule").first?.int("packets"))
    }

    func testAllLab() throws { try assertAllRealFixtures("iptables-save", minimumFiles: 3, requireRecords: false) }

    func testRobustAndLinear() throws {
        let text = try Fixtures.text(lab("local-fw-drops-ike", "a", "iptables-save.txt"))
        assertRobust("iptables-save", sample: text)
        assertLinear("iptables-save", sample: text)
    }

    /// A hand-written rules file (iptables-restore input, e.g. /etc/iptables/rules.v4) keeps the
    /// u32 tests as the admin typed them, in decimal; iptables-save prints them in hex. Both
    /// forms of the real u32-non-esp-marker case give the same facts.
    func testU32DecimalAndHexFormsAgree() throws {
        let saved = try String(contentsOf: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Sources/iptables-save/u32-non-esp-marker/input.txt"), encoding: .utf8)
        XCTAssertTrue(saved.contains("\"0x0>>0x16&0x3c@0x8=0x0\""))
        let typed = saved.replacingOccurrences(of: "\"0x0>>0x16&0x3c@0x8=0x0\"", with: "\"0>>22&0x3C@8=0\"")
        func drops(_ text: String) -> [String: FactValue] {
            let f = facts(ParsedCollection([ParsedSource(result: parse("iptables-save", text), origin: "rules.v4")]))
            return f.filter { $0.key.hasPrefix("fw.drops_") }.mapValues(\.value)
        }
        XCTAssertEqual(drops(typed), drops(saved))
        XCTAssertEqual(drops(saved)["fw.drops_esp_in"], .bool(true))
        XCTAssertEqual(drops(saved)["fw.drops_ike_in"], .bool(false))
        // a u32 test of another location stays undecided: never a drop
        let other = saved.replacingOccurrences(of: "\"0x0>>0x16&0x3c@0x8=0x0\"", with: "\"0x0>>0x16&0x3c@0xc=0x0\"")
        XCTAssertEqual(drops(other)["fw.drops_ike_in"], .bool(false))
        XCTAssertEqual(U32Match.parse("0>>22&0x3C@8=0"), U32Match.parse("0x0>>0x16&0x3c@0x8=0x0"))
        XCTAssertNil(U32Match.parse("0>>22&&=0"))
    }
}
