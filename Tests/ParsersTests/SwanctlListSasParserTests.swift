import XCTest
import Facts
@testable import Parsers

final class SwanctlListSasParserTests: XCTestCase {
    func testLabHealthyChildSA() throws {
        let text = try Fixtures.text(lab("healthy", "a", "swanctl-list-sas.txt"))
        let r = parse("swanctl-list-sas", text)
        XCTAssertTrue(r.unparsed.isEmpty, "\(r.unparsed)")
        XCTAssertEqual(r.records.count, 1)
        let c = r.records[0]
        XCTAssertEqual(c.str("kind"), "child")
        XCTAssertEqual(c.str("ike"), "lab")
        XCTAssertEqual(c.str("ike_state"), "ESTABLISHED")
        XCTAssertEqual(c.int("ike_version"), 2)
        XCTAssertEqual(c.str("child"), "net")
        XCTAssertEqual(c.str("state"), "INSTALLED")
        XCTAssertEqual(c.int("reqid"), 1)
        XCTAssertEqual(c.str("mode"), "TUNNEL")
        XCTAssertEqual(c.bool("encap"), true)
        XCTAssertEqual(c.str("spi_in"), "0f48db21")
        XCTAssertEqual(c.str("spi_out"), "a4a506cb")
        XCTAssertEqual(c.int("bytes_in"), 252)
        XCTAssertEqual(c.int("bytes_out"), 252)
        XCTAssertEqual(c.int("packets_in"), 3)
        XCTAssertEqual(c.strings("local_ts"), ["10.1.0.0/24"])
        XCTAssertEqual(c.strings("remote_ts"), ["10.2.0.0/24"])
        XCTAssertEqual(c.str("remote_host"), "192.0.2.2")
        XCTAssertEqual(c.int("remote_port"), 4500)
        XCTAssertEqual(c.str("remote_id"), "gw-b.lab.test")
    }

    func testIKESAWithoutChildIsVisible() throws {
        // esp-proposal-mismatch: IKE SA up, no CHILD SA.
        let text = try Fixtures.text(lab("esp-proposal-mismatch", "a", "swanctl-list-sas.txt"))
        let r = parse("swanctl-list-sas", text)
        assertNoLineLost(r, text, "esp-proposal-mismatch")
        XCTAssertTrue(r.records.contains { $0.str("kind") == "ike" && $0.str("ike") == "lab" }, "\(r.records)")
        XCTAssertFalse(r.records.contains { $0.str("kind") == "child" })
    }

    func testStrongSwanDocsExample() throws {
        let r = parse("swanctl-list-sas", try Fixtures.text("real/swanctl-list-sas/strongswan-docs-list-sas-home.txt"))
        let c = records(r, where: "kind", "child").first
        XCTAssertEqual(c?.str("spi_in"), "c8931e89")
        XCTAssertEqual(c?.str("proposal"), "AES_GCM_16-128")
        XCTAssertEqual(c?.bool("encap"), false)
        XCTAssertEqual(c?.str("local_id"), "carol@strongswan.org")
    }

    func testAllRealFixturesAndLab() throws { try assertAllRealFixtures("swanctl-list-sas", minimumFiles: 3, requireRecords: true) }

    func testRobustAndLinear() throws {
        let text = try Fixtures.text(lab("healthy", "a", "swanctl-list-sas.txt"))
        assertRobust("swanctl-list-sas", sample: text)
        assertLinear("swanctl-list-sas", sample: text)
    }
}
