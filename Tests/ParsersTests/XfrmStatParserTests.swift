import XCTest
import Facts
@testable import Parsers

final class XfrmStatParserTests: XCTestCase {
    func testCounters() throws {
        let r = parse("xfrm-stat", try Fixtures.text("real/xfrm-stat/xfrm-stat-nonzero-tmplmismatch.txt"))
        XCTAssertEqual(r.records.count, 1)
        XCTAssertEqual(r.records[0].str("name"), "XfrmInTmplMismatch")
        XCTAssertEqual(r.records[0].int("value"), 4)
    }

    func testFullFileAndLab() throws {
        let text = try Fixtures.text("real/xfrm-stat/proc-xfrm-stat-full.txt")
        let r = parse("xfrm-stat", text)
        XCTAssertGreaterThan(r.records.count, 20)
        XCTAssertTrue(r.unparsed.isEmpty)
        XCTAssertTrue(r.records.contains { $0.str("name") == "XfrmOutNoStates" })
        try assertAllRealFixtures("xfrm-stat", minimumFiles: 2)
    }

    func testAnnotatedLineStillGivesTheCounter() throws {
        let r = parse("xfrm-stat", try Fixtures.text("real/xfrm-stat/xfrm-stat-nonzero-annotated.txt"))
        XCTAssertTrue(r.records.contains { $0.str("name") == "XfrmInTmplMismatch" && $0.int("value") == 8 })
    }

    func testRobustAndLinear() throws {
        let text = try Fixtures.text("real/xfrm-stat/proc-xfrm-stat-full.txt")
        assertRobust("xfrm-stat", sample: text)
        assertLinear("xfrm-stat", sample: text)
    }
}
