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
}
