import XCTest
import Facts
@testable import Parsers

/// snoop (seed 000) and tcpdump (Libreswan test suite, bulk NFLOG read-backs) and the capture facts.
final class CaptureParserTests: XCTestCase {
    func testAllRealFixtures() throws {
        try assertAllRealFixtures("snoop", minimumFiles: 4)
        try assertAllRealFixtures("tcpdump", minimumFiles: 4)
        for f in realFixtures("snoop") + realFixtures("tcpdump") {
            let src = f.contains("/snoop/") ? "snoop" : "tcpdump"
            XCTAssertTrue(parse(src, try Fixtures.text(f)).unparsed.isEmpty, f)
        }
    }

    func testSnoopKinds() throws {
        let ike = parse("snoop", try Fixtures.text("real/snoop/seed000-ike-udp500.txt"))
        XCTAssertEqual(Set(ike.records.map { $0.str("kind") ?? "" }), ["ike"])
        let esp = parse("snoop", try Fixtures.text("real/snoop/seed000-esp-normal.txt"))
        XCTAssertEqual(esp.records.first?.str("spi"), "0x11a183ba")
        XCTAssertEqual(esp.records.first?.int("seq"), 15027)
        let frag = parse("snoop", try Fixtures.text("real/snoop/seed000-esp-fragmented.txt"))
        XCTAssertEqual(frag.records.first?.str("kind"), "esp-fragment")
        XCTAssertEqual(frag.records[1].int("frag_offset"), 1480)
        XCTAssertEqual(frag.records[1].bool("more_fragments"), false)
        let overlay = parse("snoop", try Fixtures.text("real/snoop/seed000-overlay-udp4790.txt"))
        XCTAssertEqual(overlay.records.first?.int("dport"), 4790)
        XCTAssertEqual(Set(overlay.records.map { $0.str("kind") ?? "" }), ["other"])
    }

    func testTcpdumpKinds() throws {
        let v1 = parse("tcpdump", try Fixtures.text("real/tcpdump/libreswan-ikev1-xfrmi-02-east.txt"))
        XCTAssertEqual(Set(v1.records.map { $0.str("kind") ?? "" }), ["ike"])
        XCTAssertEqual(v1.records.first?.str("src"), "192.1.3.209"); XCTAssertEqual(v1.records.first?.int("sport"), 500)
        let encap = parse("tcpdump", try Fixtures.text("real/tcpdump/libreswan-ikev2-mobike-08-nic-udp-encap.txt"))
        // The NAT gateway's `ICMP 192.1.2.254 udp port 44500 unreachable` after MOBIKE moved away.
        XCTAssertEqual(encap.records.map { $0.str("kind") ?? "" }, ["esp", "esp", "icmp-unreachable"])
        XCTAssertEqual(encap.records.last?.str("unreachable"), "port")
        XCTAssertEqual(encap.records.last?.int("about_port"), 44500)
        XCTAssertEqual(encap.records.first?.bool("encap"), true)
        XCTAssertEqual(encap.records.first?.int("dport"), 4500)
        let icmp = parse("tcpdump", try Fixtures.text("real/tcpdump/tcpdump-nflog-1.txt"))
        XCTAssertTrue(icmp.records.allSatisfy { $0.str("kind") == "other" })
    }

    func testTcpdumpBulk() throws {
        let text = try Fixtures.corpus("tcpdump.txt")
        for block in Fixtures.bulkBlocks(text) {
            let r = parse("tcpdump", block.body)
            assertNoLineLost(r, block.body, "tcpdump ### \(block.origin)")
            XCTAssertTrue(r.unparsed.isEmpty, "### \(block.origin): \(r.unparsed.prefix(2))")
            XCTAssertFalse(r.records.isEmpty, "### \(block.origin)")
        }
    }

    /// Seed 000 "what can go wrong": negotiation from both sides; ESP fragmented one way.
    func testSeed000Facts() throws {
        let ike = try facts([("snoop", "real/snoop/seed000-ike-udp500.txt")], kind: .capture)
        XCTAssertEqual(ike["capture.ike_out"]?.value, .bool(true))
        XCTAssertEqual(ike["capture.ike_in"]?.value, .bool(true))
        XCTAssertEqual(ike["capture.esp_out"]?.value, .bool(false))
        XCTAssertEqual(ike["capture.ike_out"]?.certainty, 0.6, "no local address known: first source taken as us")
        let frag = try facts([("snoop", "real/snoop/seed000-esp-fragmented.txt")], kind: .capture)
        XCTAssertEqual(frag["capture.esp_fragmented"]?.value, .bool(true))
        XCTAssertEqual(frag["capture.esp_in"]?.value, .bool(true))
        let overlay = try facts([("snoop", "real/snoop/seed000-overlay-udp4790.txt")], kind: .capture)
        XCTAssertEqual(overlay["capture.any_ipsec"]?.value, .bool(false))
    }

    /// A `local ADDR` hint decides direction: the mobike capture seen from 192.1.2.23.
    func testLocalHint() throws {
        let text = "# local 192.1.2.23\n" + (try Fixtures.text("real/tcpdump/libreswan-ikev2-mobike-08-nic-udp-encap.txt"))
        let r = parse("tcpdump", text)
        XCTAssertEqual(r.records.first?.str("kind"), "hint")
        let f = facts(ParsedCollection([ParsedSource(result: r, origin: "cap", kind: .capture)]))
        XCTAssertEqual(f["capture.esp_out"]?.value, .bool(true))
        XCTAssertEqual(f["capture.esp_in"]?.value, .bool(true))
        XCTAssertEqual(f["capture.esp_in"]?.certainty, 1)
        XCTAssertEqual(f["capture.ike_out"]?.value, .bool(false))
    }

    func testGarbage() throws {
        let s = try Fixtures.text("real/snoop/seed000-esp-fragmented.txt")
        assertRobust("snoop", sample: s); assertLinear("snoop", sample: s)
        let t = try Fixtures.text("real/tcpdump/libreswan-ikev2-xfrmi-16-rekey-road.txt")
        assertRobust("tcpdump", sample: t); assertLinear("tcpdump", sample: t)
    }
}
