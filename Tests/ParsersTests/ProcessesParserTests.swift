import XCTest
import Facts
@testable import Parsers

final class ProcessesParserTests: XCTestCase {
    func testPgrepForm() throws {
        let r = parse("processes", try Fixtures.text(lab("healthy", "a", "pgrep-charon.txt")))
        XCTAssertEqual(r.records.first?.int("pid"), 1)
        XCTAssertEqual(r.records.first?.str("comm"), "charon")
        XCTAssertEqual(r.records.first?.str("args"), "/usr/lib/ipsec/charon")
    }

    func testAllLab() throws { try assertAllRealFixtures("processes", minimumFiles: 2, requireRecords: false) }

    func testRobustAndLinear() throws {
        let text = try Fixtures.text(lab("healthy", "a", "pgrep-charon.txt"))
        assertRobust("processes", sample: text)
        assertLinear("processes", sample: text)
    }
}
