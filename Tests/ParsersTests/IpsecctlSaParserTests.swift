import XCTest
import Facts
@testable import Parsers

/// OpenBSD `ipsecctl -sa` (seed 003; its text lost the IP addresses, so values may be missing).
final class IpsecctlSaParserTests: XCTestCase {
    func testAllRealFixtures() throws {
        try assertAllRealFixtures("ipsecctl-sa", minimumFiles: 2)
    }

    func testSeed003() throws {
        let text = try Fixtures.text("real/ipsecctl-sa/seed003-ipsecctl-sa-grep-working.txt")
        let r = parse("ipsecctl-sa", text)
        XCTAssertTrue(r.unparsed.isEmpty)
        let flows = records(r, where: "kind", "flow")
        XCTAssertEqual(flows.map { $0.str("dir") ?? "" }, ["in", "out"])
        XCTAssertEqual(flows.map { $0.str("type") ?? "" }, ["use", "require"])
        XCTAssertNil(flows[0].str("from"), "address lost in the seed: no value, not the next keyword")
        XCTAssertNil(flows[0].str("peer"))
        let sas = records(r, where: "kind", "sa")
        XCTAssertEqual(sas.map { $0.str("spi") ?? "" }, ["0x60096bb7", "0xc0f6f3da"])
        XCTAssertEqual(sas[0].str("mode"), "tunnel"); XCTAssertEqual(sas[0].str("enc"), "aes-256")
    }

    /// `ipsecctl -s all` on OpenBSD as quoted by the Libreswan test suite: FLOWS:/SAD: titles, a deny flow.
    func testShowAll() throws {
        let r = parse("ipsecctl-sa", try Fixtures.text("real/ipsecctl-sa/libreswan-interop-openbsd-ipsecctl-s-all.txt"))
        XCTAssertTrue(r.unparsed.isEmpty)
        let flows = records(r, where: "kind", "flow")
        XCTAssertEqual(flows.map { $0.str("type") ?? "" }, ["use", "require", "deny"])
        XCTAssertEqual(flows[0].str("peer"), "192.1.2.23"); XCTAssertEqual(flows[0].str("srcid"), "FQDN/west")
        XCTAssertEqual(flows[2].str("from"), "::/0")
        XCTAssertEqual(records(r, where: "kind", "sa").map { $0.str("spi") ?? "" }, ["0x351977b3", "0x531511aa"])
        let f = try facts([("ipsecctl-sa", "real/ipsecctl-sa/libreswan-interop-openbsd-ipsecctl-s-all.txt")])
        XCTAssertEqual(f["child.sa.installed"]?.value, .bool(true))
        XCTAssertEqual(f["child.sa.count"]?.value, .number(1))
        XCTAssertEqual(f["ike.tunnel_count"]?.value, .number(1))
        XCTAssertEqual(f["host.os"]?.value, .string("openbsd"))
    }

    /// The verbose listing (`@0 esp tunnel ... \`, keys, sa:/counter: details): keys never kept,
    /// state and byte counters read.
    func testVerboseKernelState() throws {
        let text = try Fixtures.text("real/ipsecctl-sa/libreswan-interop-openbsd-01-iked-east-kernel-state.txt")
        let r = parse("ipsecctl-sa", text)
        XCTAssertTrue(r.unparsed.isEmpty)
        XCTAssertEqual(r.records.count, 2)
        XCTAssertEqual(r.records.map { $0.str("state") ?? "" }, ["mature", "mature"])
        XCTAssertEqual(r.records[0].int("bytes_out"), 140)
        XCTAssertEqual(r.records[1].int("bytes_in"), 228)
        XCTAssertFalse(r.json.serialized().contains("HASHKEY"), "key in records")
        let f = try facts([("ipsecctl-sa", "real/ipsecctl-sa/libreswan-interop-openbsd-01-iked-east-kernel-state.txt")])
        XCTAssertEqual(f["child.sa.bytes_in"]?.value, .number(228))
        XCTAssertEqual(f["child.sa.bytes_out"]?.value, .number(140))
        let pol = parse("ipsecctl-sa", try Fixtures.text("real/ipsecctl-sa/libreswan-interop-openbsd-01-iked-east-kernel-policy.txt"))
        XCTAssertEqual(pol.records.map { $0.str("dir") ?? "" }, ["in", "out"])
    }

    func testGarbage() throws {
        let text = try Fixtures.text("real/ipsecctl-sa/seed003-ipsecctl-sa-grep-working.txt")
        assertRobust("ipsecctl-sa", sample: text)
        assertLinear("ipsecctl-sa", sample: text)
    }
}
