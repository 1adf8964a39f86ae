import XCTest
import Facts
@testable import Parsers

/// `ipsec showstates`: seed 004 (including its joined `000 #…` lines) and the Libreswan test suite.
final class LibreswanShowstatesParserTests: XCTestCase {
    func testAllRealFixtures() throws {
        try assertAllRealFixtures("libreswan-showstates", minimumFiles: 4)
    }

    /// Seed 004: STATE_PARENT_I1 "sent v2I1, expected v2R1" is an IKE SA stuck connecting.
    func testSeed004ParentI1() throws {
        let text = try Fixtures.text("real/libreswan-showstates/seed004-state-parent-i1.txt")
        let r = parse("libreswan-showstates", text)
        let s = try XCTUnwrap(r.records.first)
        XCTAssertEqual(s.str("state"), "STATE_PARENT_I1")
        XCTAssertEqual(s.str("description"), "sent v2I1, expected v2R1")
        XCTAssertEqual(s.str("phase"), "ike")
        XCTAssertEqual(s.str("status"), "connecting")
        XCTAssertEqual(s.str("event"), "EVENT_v2_RETRANSMIT")
        XCTAssertEqual(s.str("peer"), "193.110.157.102")
        XCTAssertEqual(s.str("connection"), "private-or-clear#193.110.157.0/24")
    }

    /// Seed 004's text joined four `000 #` lines into one: all four come back, old IKEv2 child
    /// (STATE_PARENT_R2 with `newest IPSEC`) told from its parent (`newest ISAKMP`).
    func testSeed004JoinedLines() throws {
        let text = try Fixtures.text("real/libreswan-showstates/seed004-state-parent-r2-joined.txt")
        let r = parse("libreswan-showstates", text)
        XCTAssertTrue(r.unparsed.isEmpty)
        let states = records(r, where: "kind", "state")
        XCTAssertEqual(states.map { $0.int("serial") ?? 0 }, [50578, 50577])
        XCTAssertEqual(states.map { $0.str("phase") ?? "" }, ["child", "ike"])
        XCTAssertEqual(states.map { $0.str("status") ?? "" }, ["established", "established"])
        let sa = records(r, where: "kind", "sa")
        XCTAssertEqual(sa.count, 2)
        XCTAssertEqual(sa.first?.strings("spis"), ["9a8c024f", "8758b394"])
    }

    /// Libreswan ≥ 5 prints no STATE_ names: "established IKE SA", "sent IKE_SA_INIT response ...".
    func testHeadWithoutStateNames() throws {
        let text = try Fixtures.text("real/libreswan-showstates/showstates-head-initiating.txt")
        let r = parse("libreswan-showstates", text)
        XCTAssertTrue(r.unparsed.isEmpty)
        let states = records(r, where: "kind", "state")
        XCTAssertEqual(states.count, 3)
        XCTAssertNil(states[0].str("state"))
        XCTAssertEqual(states.map { "\($0.str("phase") ?? "")/\($0.str("status") ?? "")" },
                       ["ike/established", "child/established", "ike/connecting"])
        XCTAssertEqual(records(r, where: "kind", "sa").first?.int("bytes_out"), 168)
    }

    func testBulkCorpus() throws {
        let text = try Fixtures.corpus("libreswan-showstates.txt")
        var blocks = 0
        for block in Fixtures.bulkBlocks(text) {
            let r = parse("libreswan-showstates", block.body)
            assertNoLineLost(r, block.body, "showstates ### \(block.origin)")
            if block.body.split(separator: "\n").contains(where: { $0.contains("#") && $0.contains(": \"") }) {
                XCTAssertFalse(r.records.isEmpty, "### \(block.origin): no records")
            }
            for s in r.records { XCTAssertNotNil(s.str("phase"), "### \(block.origin) line \(s.recordLine ?? 0)") }
            blocks += 1
        }
        XCTAssertGreaterThan(blocks, 50)
    }

    func testGarbage() throws {
        let text = try Fixtures.text("real/libreswan-showstates/showstates-v4.15-000-prefix.txt")
        assertRobust("libreswan-showstates", sample: text)
        assertLinear("libreswan-showstates", sample: text)
    }
}
