import XCTest
import Facts
@testable import Parsers

final class SysctlParserTests: XCTestCase {
    func testKeyValue() throws {
        let r = parse("sysctl", try Fixtures.text(lab("healthy", "a", "sysctl-ip_forward.txt")))
        XCTAssertEqual(r.records.first?.str("key"), "net.ipv4.ip_forward")
        XCTAssertEqual(r.records.first?.str("value"), "0")
    }

    func testSingleValueFileTakesKeyFromPath() {
        // The content of /proc/sys/net/ipv4/ip_forward is the bare value.
        let r = parse("sysctl", "1\n")
        XCTAssertNil(r.records.first?["key"])
        XCTAssertEqual(SysctlParser.key(fromPath: "/proc/sys/net/ipv4/ip_forward"), "net.ipv4.ip_forward")
        let f = facts(ParsedCollection([ParsedSource(result: r, origin: "/proc/sys/net/ipv4/ip_forward")]))
        XCTAssertEqual(f["system.ip_forward"]?.value, .bool(true))
    }

    func testAllLab() throws { try assertAllRealFixtures("sysctl", minimumFiles: 2) }

    func testRobustAndLinear() throws {
        let text = try Fixtures.text(lab("healthy", "a", "sysctl-ip_forward.txt"))
        assertRobust("sysctl", sample: text)
        assertLinear("sysctl", sample: text)
    }
}
