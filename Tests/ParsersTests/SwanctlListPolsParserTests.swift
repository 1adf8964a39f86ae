import XCTest
import Facts
@testable import Parsers

final class SwanctlListPolsParserTests: XCTestCase {
    func testTrapPolicyInLab() throws {
        let text = try Fixtures.text(lab("on-demand-not-triggered", "a", "swanctl-list-pols.txt"))
        let r = parse("swanctl-list-pols", text)
        XCTAssertTrue(r.unparsed.isEmpty)
        XCTAssertEqual(r.records.count, 1)
        XCTAssertEqual(r.records[0].str("kind"), "trap")
        XCTAssertEqual(r.records[0].str("ike"), "lab")
        XCTAssertEqual(r.records[0].str("child"), "net")
        XCTAssertEqual(r.records[0].strings("remote_ts"), ["10.2.0.0/24"])
    }

    func testShunts() throws {
        let r = parse("swanctl-list-pols", try Fixtures.text("real/swanctl-list-pols/strongswan-docs-list-pols-shunts.txt"))
        XCTAssertEqual(records(r, where: "kind", "drop").count, 1)
        XCTAssertEqual(records(r, where: "kind", "pass").count, 3)
        XCTAssertEqual(records(r, where: "kind", "pass").first?.strings("local_ts"), ["0.0.0.0/0[tcp/ssh]"])
    }

    func testAllReal() throws { try assertAllRealFixtures("swanctl-list-pols", minimumFiles: 2, requireRecords: true) }

    func testRobustAndLinear() throws {
        let text = try Fixtures.text("real/swanctl-list-pols/strongswan-docs-list-pols-shunts.txt")
        assertRobust("swanctl-list-pols", sample: text)
        assertLinear("swanctl-list-pols", sample: text)
    }
}
