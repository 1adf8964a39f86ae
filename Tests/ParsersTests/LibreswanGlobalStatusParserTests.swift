import XCTest
import Facts
@testable import Parsers

/// `ipsec whack --globalstatus` counters from the Libreswan test suite.
final class LibreswanGlobalStatusParserTests: XCTestCase {
    func testAllRealFixtures() throws {
        try assertAllRealFixtures("libreswan-globalstatus", minimumFiles: 3)
    }

    func testCounters() throws {
        let text = try Fixtures.text("real/libreswan-globalstatus/globalstatus-head.txt")
        let r = parse("libreswan-globalstatus", text)
        XCTAssertTrue(r.unparsed.isEmpty)
        XCTAssertEqual(records(r, where: "name", "current.states.iketype.halfopen").first?.int("value"), 0)
        XCTAssertEqual(records(r, where: "name", "config.setup.ike.max_halfopen").first?.int("value"), 50000)
        XCTAssertNotNil(records(r, where: "name", "current.states.enumerate.STATE_MAIN_I4").first)
    }

    func testBulkCorpus() throws {
        let text = try Fixtures.corpus("libreswan-globalstatus.txt")
        var blocks = 0
        for block in Fixtures.bulkBlocks(text) {
            let r = parse("libreswan-globalstatus", block.body)
            assertNoLineLost(r, block.body, "globalstatus ### \(block.origin)")
            if block.body.contains("=") { XCTAssertFalse(r.records.isEmpty, "### \(block.origin)") }
            blocks += 1
        }
        XCTAssertGreaterThan(blocks, 3)
    }

    func testGarbage() throws {
        let text = try Fixtures.text("real/libreswan-globalstatus/globalstatus-1.txt")
        assertRobust("libreswan-globalstatus", sample: text)
        assertLinear("libreswan-globalstatus", sample: text)
    }
}
