import XCTest
import Facts
@testable import Parsers

final class LibreswanTrafficStatusParserTests: XCTestCase {
    func testSeed004() throws {
        let r = parse("libreswan-trafficstatus", try Fixtures.text("real/libreswan-trafficstatus/seed004-whack-trafficstatus-006.txt"))
        XCTAssertTrue(r.unparsed.isEmpty)
        XCTAssertEqual(r.records.count, 3)
        let redhat = r.records[0]
        XCTAssertEqual(redhat.int("serial"), 48971)
        XCTAssertEqual(redhat.str("connection"), "redhat")
        XCTAssertEqual(redhat.str("username"), "pwouters")
        XCTAssertEqual(redhat.int("inBytes"), 12295525)
        XCTAssertEqual(redhat.int("outBytes"), 673668)
        XCTAssertEqual(r.records[1].str("id"), "@melto.foobar.fi")
    }

    func testAllReal() throws { try assertAllRealFixtures("libreswan-trafficstatus", minimumFiles: 3) }

    func testRobustAndLinear() throws {
        let text = try Fixtures.text("real/libreswan-trafficstatus/seed004-whack-trafficstatus-006.txt")
        assertRobust("libreswan-trafficstatus", sample: text)
        assertLinear("libreswan-trafficstatus", sample: text)
    }
}
