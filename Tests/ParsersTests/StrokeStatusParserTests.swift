import Facts
import Foundation
import XCTest
@testable import Parsers

/// strongSwan's stroke `ipsec status` / `statusall` (StrokeStatusParser): every line of the real
/// outputs in the bulk corpus is accounted for, and its SAs give the facts swanctl's do.
final class StrokeStatusParserTests: XCTestCase {
    func testEveryBulkBlockIsRead() throws {
        let blocks = Fixtures.bulkBlocks(try Fixtures.corpus("strongswan-status.txt"))
        XCTAssertGreaterThan(blocks.count, 100)
        var unparsed: [String] = []
        var established = 0
        // One block (interop-ikev2-strongswan-08-nonat@v3.10) holds Libreswan's `ipsec look` of
        // a KLIPS host, not strongSwan output: blocks are checked when they start with a section.
        let stroke = blocks.filter { b in
            let first = b.body.split(separator: "\n").first.map(String.init) ?? ""
            return StrokeStatusParser.sectionHeader(first.trimmedSpaces) != nil
        }
        XCTAssertGreaterThanOrEqual(stroke.count, blocks.count - 1)
        for b in stroke {
            let r = parse("stroke-status", b.body)
            assertNoLineLost(r, b.body, b.origin)
            unparsed += r.unparsed.map { "\(b.origin):\($0.line): \($0.text)" }
            if r.records.contains(where: { $0.str("ike_state") == "ESTABLISHED" }) { established += 1 }
        }
        XCTAssertEqual(unparsed, [], "lines of real stroke output the parser does not read")
        XCTAssertGreaterThan(established, 50, "most interop runs end with an established IKE SA")
    }

    /// The same rule facts as `swanctl --list-sas`, from a stroke host: a NAT-T tunnel whose
    /// CHILD SA is installed (real SPIs, strongSwan on the road host of libreswan's ip-lease test).
    func testStrokeSAsGiveTheSwanctlFacts() throws {
        let text = """
        Security Associations (1 up, 0 connecting):
              client[1]: ESTABLISHED 3 seconds ago, 192.1.3.209[192.1.3.209]...192.1.2.23[192.1.2.23]
              client{1}:  INSTALLED, TUNNEL, reqid 1, ESP in UDP SPIs: c81cb955_i ee8b7d87_o
              client{1}:   192.0.1.254/32 === 192.0.2.0/24

        """
        let parsed = ParsedCollection([ParsedSource(result: parse("stroke-status", text), origin: "stroke-status")])
        let facts = FactStore(FactExtraction.facts(from: parsed))
        XCTAssertEqual(facts.value("ike.sa.established"), .bool(true))
        XCTAssertEqual(facts.value("child.sa.installed"), .bool(true))
        XCTAssertEqual(facts.value("child.sa.reqids"), .list(["1"]))
        XCTAssertEqual(facts.value("ike.nat_detected"), .bool(true))
        XCTAssertNil(facts.value("child.sa.bytes_in"), "`ipsec status` prints no counters: unknown, not 0")
        // With swanctl's own records present, they are preferred (same daemon, richer output).
        let both = ParsedCollection(parsed.items + [ParsedSource(result: parse("swanctl-list-sas", ""), origin: "swanctl-list-sas")])
        XCTAssertEqual(FactStore(FactExtraction.facts(from: both)).value("ike.sa.established"), .bool(false))
    }

    /// The same gateway of the lab, once through stroke and once through vici: the SA and
    /// connection facts the rules read agree (both captures: one IKEv2 tunnel after a 3-packet test ping).
    func testStrokeAndSwanctlOfOneLabGatewayGiveTheSameSAFacts() throws {
        let cases = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Sources")
        func facts(_ source: String, _ folder: String) throws -> FactStore {
            let text = try String(contentsOf: cases.appendingPathComponent("\(source)/\(folder)/input.txt"), encoding: .utf8)
            return FactStore(FactExtraction.facts(from: ParsedCollection([ParsedSource(result: parse(source, text), origin: source)])))
        }
        let stroke = try facts("stroke-status", "lab-healthy-statusall")
        let vici = try facts("swanctl-list-sas", "lab-healthy")
        let conns = try facts("swanctl-list-conns", "lab-healthy")
        for name in ["conn.names", "conn.count", "conn.ike_version", "conn.local_ts", "conn.remote_ts", "conn.local_addrs",
                     "conn.remote_addrs", "conn.auth", "ike.tunnel_count"] {
            XCTAssertNotNil(stroke.value(name), name)
            XCTAssertEqual(stroke.value(name), conns.value(name), name)
        }
        for name in ["ike.sa.established", "ike.sa.count", "ike.sa.connecting", "child.sa.installed", "child.sa.count",
                     "child.sa.bytes_in", "child.sa.bytes_out", "child.sa.packets_in", "child.sa.packets_out",
                     "child.sa.reqids", "ike.nat_detected"] {
            XCTAssertNotNil(stroke.value(name), name)
            XCTAssertEqual(stroke.value(name), vici.value(name), name)
        }
    }
}
