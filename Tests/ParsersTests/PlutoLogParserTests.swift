import XCTest
import Facts
@testable import Parsers

/// pluto messages relayed by `ipsec auto --up` (Libreswan test suite, v3.20 … HEAD) and log lines.
final class PlutoLogParserTests: XCTestCase {
    func testAllRealFixtures() throws {
        try assertAllRealFixtures("pluto-log", minimumFiles: 5)
    }

    func events(_ path: String) throws -> [String] {
        let text = try Fixtures.text("real/pluto-log/" + path)
        let r = parse("pluto-log", text)
        assertNoLineLost(r, text, path)
        XCTAssertTrue(r.unparsed.isEmpty, "\(path): \(r.unparsed.prefix(2))")
        return r.records.compactMap { rec in rec.str("event").map { "\($0)/\(rec.str("phase") ?? "")" } }
    }

    func testSignatures() throws {
        XCTAssertTrue(try events("whack-up-authentication-failed.txt").contains("auth_failed/ike"))
        XCTAssertTrue(try events("whack-up-authentication-failed.txt").contains("id_mismatch/ike"))
        XCTAssertEqual(try events("whack-up-no-proposal-chosen.txt"), ["no_proposal_chosen/child"])
        XCTAssertTrue(try events("whack-up-invalid-ke.txt").contains("invalid_ke/ike"))
        XCTAssertEqual(try events("whack-up-invalid-ke.txt").last, "established_child/child")
        XCTAssertEqual(try events("whack-up-no-response-first-ikev2.txt"), ["no_response/ike"])
        XCTAssertEqual(try events("whack-up-ts-unacceptable.txt"), ["ts_unacceptable/child"])
        // "No acceptable response to our first Quick Mode message: perhaps peer likes no proposal" is
        // pluto's guess, its own event (a responder that failed to add its SA is silent too)
        XCTAssertEqual(try events("whack-up-v3.20-ikev1-ok.txt"), ["established_ike/ike", "quick_mode_unanswered/child"])
        let ok = try events("whack-up-head-ok.txt")
        XCTAssertEqual(ok.first, "established_ike/ike"); XCTAssertEqual(ok.last, "established_child/child")
    }

    func testFields() throws {
        let text = try Fixtures.text("real/pluto-log/whack-up-invalid-ke.txt")
        let r = parse("pluto-log", text)
        let first = try XCTUnwrap(r.records.first)
        XCTAssertEqual(first.str("code"), "1v2")
        XCTAssertEqual(first.str("connection"), "westnet-eastnet-ikev2")
        XCTAssertEqual(first.int("serial"), 1)
        XCTAssertEqual(first.str("message"), "initiating IKEv2 IKE SA")
    }

    /// Every `ipsec auto --up` block of the test suite: no line lost, pluto lines become records.
    func testBulkCorpus() throws {
        let text = try Fixtures.corpus("libreswan-up.txt")
        var blocks = 0, records = 0, unparsed = 0
        for block in Fixtures.bulkBlocks(text) {
            let r = parse("pluto-log", block.body)
            assertNoLineLost(r, block.body, "libreswan-up ### \(block.origin)")
            if block.body.split(separator: "\n").contains(where: { $0.contains("\" #") }) {
                XCTAssertFalse(r.records.isEmpty, "### \(block.origin)")
            }
            records += r.records.count; unparsed += r.unparsed.count
            blocks += 1
        }
        XCTAssertGreaterThan(blocks, 500)
        XCTAssertLessThan(unparsed * 50, records, "unparsed \(unparsed) vs \(records) records")
    }

    /// The Openswan log excerpt (time stamps and connection names stripped by the page): `#N:` lines.
    func testOpenswanSerialOnly() throws {
        let text = try Fixtures.text("real/pluto-log/linogate-openswan-l2tp-responder-ok.txt")
        let r = parse("pluto-log", text)
        XCTAssertTrue(r.unparsed.isEmpty)
        XCTAssertEqual(r.records.first?.int("serial"), 4)
        XCTAssertEqual(r.records.compactMap { $0.str("event") }, ["established_ike", "established_child"], "\"no NAT detected\" is not a NAT")
    }

    func testGarbage() throws {
        let text = try Fixtures.text("real/pluto-log/whack-up-head-ok.txt")
        assertRobust("pluto-log", sample: text)
        assertLinear("pluto-log", sample: text)
    }
}
