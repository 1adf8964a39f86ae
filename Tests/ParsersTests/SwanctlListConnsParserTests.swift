import XCTest
import Facts
@testable import Parsers

final class SwanctlListConnsParserTests: XCTestCase {
    func testLabConnection() throws {
        let text = try Fixtures.text(lab("healthy", "a", "swanctl-list-conns.txt"))
        let r = parse("swanctl-list-conns", text)
        XCTAssertTrue(r.unparsed.isEmpty, "\(r.unparsed)")
        XCTAssertEqual(r.records.count, 1)
        let c = r.records[0]
        XCTAssertEqual(c.str("name"), "lab")
        XCTAssertEqual(c.int("ike_version"), 2)
        XCTAssertEqual(c.strings("local_addrs"), ["192.0.2.1"])
        XCTAssertEqual(c.strings("remote_addrs"), ["192.0.2.2"])
        XCTAssertEqual(c.strings("local_auth"), ["pre-shared key"])
        XCTAssertEqual(c.strings("remote_id"), ["gw-b.lab.test"])
        let child = c["children"]?.arrayValue?.first
        XCTAssertEqual(child?.str("name"), "net")
        XCTAssertEqual(child?.str("mode"), "TUNNEL")
        XCTAssertEqual(child?.strings("local_ts"), ["10.1.0.0/24"])
        XCTAssertEqual(child?.strings("remote_ts"), ["10.2.0.0/24"])
    }

    func testIKEv1Lab() throws {
        let r = parse("swanctl-list-conns", try Fixtures.text(lab("ikev1-vs-ikev2", "a", "swanctl-list-conns.txt")))
        XCTAssertEqual(r.records.first?.int("ike_version"), 1)
    }

    func testAllLab() throws { try assertAllRealFixtures("swanctl-list-conns", minimumFiles: 2, requireRecords: true) }

    func testRobustAndLinear() throws {
        let text = try Fixtures.text(lab("healthy", "a", "swanctl-list-conns.txt"))
        assertRobust("swanctl-list-conns", sample: text)
        assertLinear("swanctl-list-conns", sample: text)
    }
}
