import XCTest
import Facts
@testable import Parsers

final class IpRouteParserTests: XCTestCase {
    func testTableAll() throws {
        let r = parse("ip-route", try Fixtures.text(lab("healthy", "a", "ip-route.txt")))
        XCTAssertTrue(r.unparsed.isEmpty, "\(r.unparsed)")
        let tunnel = r.records.first { $0.str("dst") == "10.2.0.0/24" }
        XCTAssertEqual(tunnel?.str("dev"), "ipsec0")
        XCTAssertEqual(tunnel?.str("table"), "220")
        XCTAssertEqual(tunnel?.str("src"), "10.1.0.1")
        XCTAssertEqual(r.records.first { $0.str("dst") == "127.0.0.0/8" }?.str("type"), "local")
    }

    func testAllLab() throws { try assertAllRealFixtures("ip-route", minimumFiles: 2) }

    func testRobustAndLinear() throws {
        let text = try Fixtures.text(lab("healthy", "a", "ip-route.txt"))
        assertRobust("ip-route", sample: text)
        assertLinear("ip-route", sample: text)
    }
}
