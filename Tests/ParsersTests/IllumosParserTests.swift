import XCTest
import Facts
@testable import Parsers

/// illumos / SmartOS: svcs (a real Solaris 11 `svcs -a`), the seed 000 dtrace drop report,
/// ipseckey dump (no real output found: robustness only), and their facts.
final class IllumosParserTests: XCTestCase {
    func testAllRealFixtures() throws {
        try assertAllRealFixtures("svcs", minimumFiles: 1)
        try assertAllRealFixtures("dtrace-ipsec-drops", minimumFiles: 1)
    }

    func testSvcs() throws {
        let r = parse("svcs", try Fixtures.text("real/svcs/solaris11-svcs-a-cnquery.txt"))
        XCTAssertTrue(r.unparsed.isEmpty)
        XCTAssertEqual(r.records.count, 76)
        let ike = try XCTUnwrap(records(r, where: "fmri", "svc:/network/ipsec/ike:default").first)
        XCTAssertEqual(ike.str("state"), "disabled"); XCTAssertEqual(ike.str("service"), "ike"); XCTAssertEqual(ike.str("instance"), "default")
        XCTAssertEqual(records(r, where: "fmri", "lrc:/etc/rc2_d/S89PRESERVE").first?.str("state"), "legacy_run")
    }

    /// The Solaris box has IKE disabled: ike.daemon.running false, ike listed among the services not online.
    func testSvcsFacts() throws {
        let f = try facts([("svcs", "real/svcs/solaris11-svcs-a-cnquery.txt")])
        XCTAssertEqual(f["host.os"]?.value, .string("illumos"))
        XCTAssertEqual(f["ike.daemon.running"]?.value, .bool(false))
        XCTAssertEqual(f["illumos.services_offline"]?.value, .list(["ike"]))
        XCTAssertEqual(f["ike.implementation"]?.value, .string("in.iked"))
    }

    func testDtraceSeed000() throws {
        let r = parse("dtrace-ipsec-drops", try Fixtures.text("real/dtrace-ipsec-drops/seed-000-dropped-sadb.txt"))
        XCTAssertTrue(r.unparsed.isEmpty)
        let d = try XCTUnwrap(r.records.first)
        XCTAssertEqual(d.str("direction"), "inbound"); XCTAssertEqual(d.int("ipproto"), 17)
        XCTAssertEqual(d.str("src"), "80.1.65.242"); XCTAssertEqual(d.int("dport"), 4789)
        XCTAssertEqual(d.str("dropped_by"), "IPsec SADB"); XCTAssertEqual(d.str("reason"), "sadb")
        let f = try facts([("dtrace-ipsec-drops", "real/dtrace-ipsec-drops/seed-000-dropped-sadb.txt")])
        XCTAssertEqual(f["illumos.drop.sadb"]?.value, .number(1))
        XCTAssertEqual(f["illumos.drop.esp"]?.value, .number(0))
        XCTAssertEqual(f["illumos.drop.spd"]?.value, .number(0))
    }

    /// No real `ipseckey dump` output was found; the parser follows libipsecutil's print_samsg
    /// formats. Only robustness and garbage are tested, on the other real illumos outputs.
    func testIpseckeyRobust() throws {
        let sample = try Fixtures.text("real/dtrace-ipsec-drops/seed-000-dropped-sadb.txt")
        let r = parse("ipseckey-dump", sample)
        XCTAssertTrue(r.records.isEmpty)
        assertNoLineLost(r, sample, "ipseckey on dtrace text")
        assertRobust("ipseckey-dump", sample: sample)
        assertLinear("ipseckey-dump", sample: sample)
    }

    func testGarbage() throws {
        let s = try Fixtures.text("real/svcs/solaris11-svcs-a-cnquery.txt")
        assertRobust("svcs", sample: s); assertLinear("svcs", sample: s)
        let d = try Fixtures.text("real/dtrace-ipsec-drops/seed-000-dropped-sadb.txt")
        assertRobust("dtrace-ipsec-drops", sample: d); assertLinear("dtrace-ipsec-drops", sample: d)
    }
}
