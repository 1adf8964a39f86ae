import XCTest
@testable import Parsers

final class CIDRTests: XCTestCase {
    func testParsing() {
        XCTAssertEqual(CIDR("10.1.0.0/24")?.description, "10.1.0.0/24")
        XCTAssertEqual(CIDR("10.1.0.7/24")?.description, "10.1.0.0/24")
        XCTAssertEqual(CIDR("192.0.2.1")?.prefix, 32)
        XCTAssertEqual(CIDR("10.42.42.0/24|/0")?.description, "10.42.42.0/24")
        XCTAssertEqual(CIDR("0.0.0.0/0[tcp/ssh]")?.prefix, 0)
        XCTAssertEqual(CIDR("2001:db8:1:2::45")?.description, "2001:db8:1:2::45/128")
        XCTAssertEqual(CIDR("::/0")?.prefix, 0)
        XCTAssertEqual(CIDR("fe80::546c:f5ff:fefe:7af6/64")?.description, "fe80::/64")
        XCTAssertNil(CIDR("gw-a.lab.test"))
        XCTAssertNil(CIDR("10.1.0.0/33"))
        XCTAssertNil(CIDR("300.1.1.1"))
        XCTAssertNil(CIDR("%any"))
    }

    func testContainmentAndOverlap() {
        let net = CIDR("10.1.0.0/16")!
        XCTAssertTrue(net.contains(CIDR("10.1.0.0/24")!))
        XCTAssertFalse(CIDR("10.1.0.0/24")!.contains(net))
        XCTAssertTrue(CIDR("10.1.0.0/24")!.overlaps(net))
        XCTAssertFalse(CIDR("10.2.0.0/24")!.overlaps(CIDR("10.1.0.0/24")!))
        XCTAssertFalse(CIDR("10.0.0.0/8")!.overlaps(CIDR("::/0")!))
        XCTAssertTrue(CIDR("0.0.0.0/0")!.contains(CIDR("192.0.2.2")!))
        XCTAssertTrue(CIDR("127.0.0.1")!.isLoopback)
    }
}
