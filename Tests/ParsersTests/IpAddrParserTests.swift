import XCTest
import Facts
@testable import Parsers

final class IpAddrParserTests: XCTestCase {
    func testOneLinePerAddress() throws {
        let r = parse("ip-addr", try Fixtures.text(lab("healthy", "a", "ip-addr.txt")))
        XCTAssertTrue(r.unparsed.isEmpty)
        XCTAssertEqual(r.records.count, 6)
        let wan = r.records.first { $0.str("ifname") == "wan0" && $0.str("family") == "inet" }
        XCTAssertEqual(wan?.str("address"), "192.0.2.1/24")
        XCTAssertEqual(wan?.str("scope"), "global")
        XCTAssertTrue(r.records.contains { $0.str("ifname") == "lo" && $0.str("address") == "10.1.0.1/24" })
    }

    func testAllLab() throws { try assertAllRealFixtures("ip-addr", minimumFiles: 2) }

    func testRobustAndLinear() throws {
        let text = try Fixtures.text(lab("healthy", "a", "ip-addr.txt"))
        assertRobust("ip-addr", sample: text)
        assertLinear("ip-addr", sample: text)
    }
}
