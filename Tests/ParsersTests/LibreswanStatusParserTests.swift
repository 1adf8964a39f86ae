import XCTest
import Facts
@testable import Parsers

/// `ipsec status` / `ipsec whack --status` of Libreswan/Openswan: seed 004 and the Libreswan test
/// suite (v3.10 … HEAD), with and without `000 `.
final class LibreswanStatusParserTests: XCTestCase {
    func testAllRealFixtures() throws {
        try assertAllRealFixtures("libreswan-status", minimumFiles: 4)
    }

    /// Seed 004: IKEv1 STATE_QUICK_I2 + STATE_MAIN_I4 with a Traffic line.
    func testSeed004States() throws {
        let text = try Fixtures.text("real/libreswan-status/seed004-status-states-ikev1.txt")
        let r = parse("libreswan-status", text)
        assertNoLineLost(r, text, "seed004")
        let states = records(r, where: "kind", "state")
        XCTAssertEqual(states.map { $0.str("state") }, ["STATE_QUICK_I2", "STATE_MAIN_I4"])
        XCTAssertEqual(states[0].str("phase"), "child"); XCTAssertEqual(states[0].str("status"), "established")
        XCTAssertEqual(states[1].str("phase"), "ike"); XCTAssertEqual(states[1].str("status"), "established")
        XCTAssertEqual(states[0].str("connection"), "redhat")
        XCTAssertEqual(states[0].str("event"), "EVENT_SA_REPLACE_IF_USED")
        let sa = try XCTUnwrap(records(r, where: "kind", "sa").first)
        XCTAssertEqual(sa.strings("spis"), ["9c01f20f", "e12dd706"])
        XCTAssertEqual(sa.int("bytes_in"), 0); XCTAssertEqual(sa.int("bytes_out"), 0)
        XCTAssertEqual(records(r, where: "kind", "totals").first?.int("loaded"), 6)
        XCTAssertEqual(records(r, where: "kind", "ike_sas").first?.int("half_open"), 0)
    }

    /// Seed 004: the connection list of the `redhat` XAUTH connection (two topology lines).
    func testSeed004Connection() throws {
        let text = try Fixtures.text("real/libreswan-status/seed004-status-connection-redhat.txt")
        let r = parse("libreswan-status", text)
        let conns = records(r, where: "kind", "connection")
        XCTAssertEqual(conns.count, 2)
        XCTAssertEqual(conns[0].str("local_ts"), "10.3.228.119/32")
        XCTAssertEqual(conns[0].str("local"), "192.168.10.124")
        XCTAssertEqual(conns[0].str("nexthop"), "192.168.10.1")
        XCTAssertEqual(conns[0].str("remote_ts"), "0.0.0.0/0")
        XCTAssertEqual(conns[0].str("routing"), "erouted")
        XCTAssertEqual(conns[0].int("eroute_owner"), 2)
        XCTAssertEqual(conns[1].str("remote_ts"), "10.0.0.0/8")
        XCTAssertEqual(conns[1].str("auth"), "psk")
        XCTAssertEqual(conns[1].str("ike_life"), "86400s")
        XCTAssertEqual(conns[1].int("newest_ike_sa"), 3)
        XCTAssertEqual(conns[1].int("ike_version"), 0)
        XCTAssertEqual(conns[1].str("ike_algorithm"), "AES_CBC_128-SHA1-MODP1024")
    }

    /// Libreswan 4.15: IKEv2 STATE_V2_ESTABLISHED_* with sanitized SPIs and byte counters.
    func testV415Established() throws {
        let text = try Fixtures.text("real/libreswan-status/status-v4.15-ikev2-established.txt")
        let r = parse("libreswan-status", text)
        XCTAssertTrue(r.unparsed.isEmpty, "\(r.unparsed.prefix(3))")
        let conn = try XCTUnwrap(records(r, where: "kind", "connection").first)
        XCTAssertEqual(conn.str("name"), "westnet-eastnet-ikev2")
        XCTAssertEqual(conn.str("local_ts"), "192.0.1.0/24")
        XCTAssertEqual(conn.str("remote_ts"), "192.0.2.0/24")
        XCTAssertEqual(conn.str("local_id"), "@west")
        XCTAssertEqual(conn.int("ike_version"), 2)
        let states = records(r, where: "kind", "state")
        XCTAssertEqual(states.map { $0.str("state") }, ["STATE_V2_ESTABLISHED_IKE_SA", "STATE_V2_ESTABLISHED_CHILD_SA"])
        XCTAssertEqual(states[1].int("ike_serial"), 1)
        XCTAssertEqual(records(r, where: "kind", "sa").first?.int("bytes_in"), 84)
        XCTAssertFalse(records(r, where: "kind", "interface").isEmpty)
    }

    func testUnprefixedV5() throws {
        let text = try Fixtures.text("real/libreswan-status/status-v5.0-unprefixed.txt")
        let r = parse("libreswan-status", text)
        assertNoLineLost(r, text, "v5.0")
        XCTAssertFalse(records(r, where: "kind", "connection").isEmpty)
        XCTAssertEqual(records(r, where: "kind", "totals").first?.int("loaded"), 1)
    }

    /// Every `ipsec status` block of the Libreswan test suite: no line lost, records where the
    /// block shows connections or states, and the state lines' phase/status always set.
    func testBulkCorpus() throws {
        let text = try Fixtures.corpus("libreswan-status.txt")
        var blocks = 0, unparsedLines = 0, total = 0
        for block in Fixtures.bulkBlocks(text) {
            let r = parse("libreswan-status", block.body)
            assertNoLineLost(r, block.body, "libreswan-status ### \(block.origin)")
            let lines = block.body.split(separator: "\n")
            if lines.contains(where: { $0.contains("Total IPsec connections") || $0.contains(": \"") && $0.contains("STATE_") }) {
                XCTAssertFalse(r.records.isEmpty, "### \(block.origin): no records")
            }
            for s in records(r, where: "kind", "state") {
                XCTAssertNotNil(s.str("phase"), "### \(block.origin) line \(s.recordLine ?? 0)")
            }
            if lines.contains(where: { $0.contains("STATE_V2_ESTABLISHED_CHILD_SA") }) {
                XCTAssertTrue(records(r, where: "status", "established").contains { $0.str("phase") == "child" }, "### \(block.origin)")
            }
            unparsedLines += r.unparsed.count
            total += lines.count
            blocks += 1
        }
        XCTAssertGreaterThan(blocks, 100)
        XCTAssertLessThan(Double(unparsedLines), Double(total) * 0.01, "unparsed \(unparsedLines) of \(total) lines")
    }

    func testGarbage() throws {
        let text = try Fixtures.text("real/libreswan-status/status-v4.15-ikev2-established.txt")
        assertRobust("libreswan-status", sample: text)
        assertLinear("libreswan-status", sample: text)
        let r = parse("libreswan-status", "#: \"\n\"\":\n000\n#12: \"x\n\"a\"[1][: ...\n")
        XCTAssertEqual(r.accounted.count + r.unparsed.count, 5)
    }
}
