import XCTest
import Facts
@testable import Parsers

/// Libreswan/Openswan ipsec.conf: seed 002 (the leftsubnets pitfall) and Libreswan test-suite configs.
final class LibreswanConfParserTests: XCTestCase {
    func testAllRealFixtures() throws {
        try assertAllRealFixtures("libreswan-conf", minimumFiles: 1)
        for f in Fixtures.files(in: "real/libreswan-ipsec-conf") {
            let text = try Fixtures.text(f)
            let r = parse("libreswan-conf", text)
            assertNoLineLost(r, text, f)
            XCTAssertFalse(r.records.isEmpty, f)
            XCTAssertTrue(r.unparsed.isEmpty, "\(f): \(r.unparsed.prefix(2))")
        }
    }

    /// Seed 002: one conn with two left subnets and one right subnet, started at boot.
    func testSeed002Leftsubnets() throws {
        let text = try Fixtures.text("real/libreswan-conf/seed-002-leftsubnets.txt")
        let r = parse("libreswan-conf", text)
        XCTAssertTrue(r.unparsed.isEmpty)
        let c = try XCTUnwrap(records(r, where: "kind", "conn").first)
        XCTAssertEqual(c.str("name"), "Tunnel1")
        XCTAssertEqual(c.strings("local_subnets"), ["10.0.1.0/24", "10.0.2.0/24"])
        XCTAssertEqual(c.strings("remote_subnets"), ["10.0.0.0/24"])
        XCTAssertEqual(c.bool("multiple_subnets"), true)
        XCTAssertEqual(c.str("auto"), "start")
        XCTAssertEqual(c.str("esp"), "aes128-sha1;modp1024")
        XCTAssertEqual(c.str("ikelifetime"), "8h")
        XCTAssertEqual(c.str("salifetime"), "1h")
        XCTAssertEqual(c.str("authby"), "secret")
    }

    /// Public keys and secrets never reach a record; `also=` and %default are kept for the extractor.
    func testNoKeysAndAlso() throws {
        let text = try Fixtures.text("real/libreswan-ipsec-conf/pluto_dpd-05_west.conf.txt")
        let r = parse("libreswan-conf", text)
        let json = r.json.serialized()
        XCTAssertFalse(json.contains("0sAQO"), "key material in records")
        let c = try XCTUnwrap(records(r, where: "name", "west-east").first)
        XCTAssertEqual(c.strings("redacted"), ["leftrsasigkey", "rightrsasigkey"])
        XCTAssertEqual(records(r, where: "name", "%default").first?.settings("keyexchange"), "ikev1")
        let common = try Fixtures.text("real/libreswan-ipsec-conf/v3.20_baseconfigs_ipsec.conf.common.txt")
        let rc = parse("libreswan-conf", common)
        XCTAssertEqual(records(rc, where: "name", "us-to-anyone").first?.strings("also"), ["us", "me-to-anyone"])
    }

    func testGarbage() throws {
        let text = try Fixtures.text("real/libreswan-ipsec-conf/v3.20_baseconfigs_ipsec.conf.common.txt")
        assertRobust("libreswan-conf", sample: text)
        assertLinear("libreswan-conf", sample: text)
    }
}

private extension JSONValue {
    func settings(_ key: String) -> String? { self["settings"]?[key]?.stringValue }
}
