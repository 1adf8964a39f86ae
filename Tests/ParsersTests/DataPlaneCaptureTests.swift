import XCTest
import Facts
@testable import Parsers

/// Capture evidence of batch 4 (Tests/Fixtures/variants/dp-*, real tcpdump on the lab's WAN):
/// fragmented ESP-in-UDP, and ESP arriving for an SPI the receiver holds no SA for.
final class DataPlaneCaptureTests: XCTestCase {
    /// tcpdump prints a UDP packet's non-first fragment as `ip-proto-17`: after ESP-in-UDP between
    /// the same two addresses, both lines are one fragmented ESP packet.
    func testESPInUDPFragments() throws {
        let r = parse("tcpdump", try Fixtures.text("variants/dp-esp-fragments-dropped/a/tcpdump.txt"))
        XCTAssertTrue(r.unparsed.isEmpty)
        XCTAssertEqual(r.records.prefix(2).map { $0.str("kind") ?? "" }, ["esp-fragment", "esp-fragment"])
        XCTAssertEqual(r.records[1].str("spi"), "0x96f69f67")
        let f = facts(ParsedCollection([ParsedSource(result: r, origin: "tcpdump.txt", kind: .probe)]))
        XCTAssertEqual(f["capture.esp_fragmented"]?.value, .bool(true))
    }

    /// A UDP fragment that follows IKE, or ESP between other hosts, is not an ESP fragment; whole
    /// ESP-in-UDP packets stay `esp`.
    func testOtherUDPFragmentsAreNotESP() {
        let text = """
        23:08:56.243332 IP 192.0.2.1.500 > 192.0.2.2.500: isakmp: parent_sa ikev2_auth[I]
        23:08:56.243364 IP 192.0.2.1 > 192.0.2.2: ip-proto-17
        23:08:57.243332 IP 192.0.2.1.4500 > 192.0.2.2.4500: UDP-encap: ESP(spi=0x96f69f67,seq=0x5), length 136
        23:08:57.243364 IP 192.0.2.9 > 192.0.2.2: ip-proto-17
        """
        let r = parse("tcpdump", text)
        XCTAssertEqual(r.records.map { $0.str("kind") ?? "" }, ["ike", "other", "esp", "other"])
    }

    /// b restarted: ESP for the old SPI arrives and b lists no SA (dp-peer-restarted b). Where ESP
    /// arrives on b's own inbound SA (dp-esp-corrupted b: altered on the path, SPI intact), not.
    func testESPForUnknownSPI() throws {
        func view(_ dir: String) throws -> [String: Fact] {
            let d = "variants/" + dir + "/"
            return facts(ParsedCollection([
                ParsedSource(result: parse("tcpdump", try Fixtures.text(d + "tcpdump.txt")), origin: "tcpdump.txt", kind: .probe),
                ParsedSource(result: parse("swanctl-list-sas", try Fixtures.text(d + "swanctl-list-sas.txt")), origin: "swanctl-list-sas.txt", kind: .probe),
                ParsedSource(result: parse("ip-addr", try Fixtures.text(d + "ip-addr.txt")), origin: "ip-addr.txt", kind: .probe),
            ]))
        }
        XCTAssertEqual(try view("dp-peer-restarted/b")["capture.esp_in_unknown_spi"]?.value, .bool(true))
        XCTAssertEqual(try view("dp-esp-corrupted/b")["capture.esp_in_unknown_spi"]?.value, .bool(false))
    }
}
