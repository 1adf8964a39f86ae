import XCTest
import Facts
@testable import Parsers

final class SsParserTests: XCTestCase {
    func testCharonSockets() throws {
        let r = parse("ss-uanp", try Fixtures.text(lab("healthy", "a", "ss-uanp.txt")))
        XCTAssertTrue(r.unparsed.isEmpty)
        XCTAssertEqual(r.records.count, 5)
        let p500 = r.records.filter { $0.int("local_port") == 500 }
        XCTAssertEqual(p500.map { $0.str("local_address") ?? "" }, ["0.0.0.0", "::"])
        XCTAssertEqual(p500.first?.strings("processes"), ["charon"])
        XCTAssertEqual(p500.first?.strings("pids"), ["1"])
    }

    func testAllLab() throws { try assertAllRealFixtures("ss-uanp", minimumFiles: 2, requireRecords: false) }

    func testRobustAndLinear() throws {
        let text = try Fixtures.text(lab("healthy", "a", "ss-uanp.txt"))
        assertRobust("ss-uanp", sample: text)
        assertLinear("ss-uanp", sample: text)
    }
}
