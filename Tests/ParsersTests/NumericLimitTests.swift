import XCTest
import Facts
@testable import Parsers

/// Counters as the kernel and charon keep them (u64) never trap (issue 13): near Int.max, at
/// UInt64.max, summed over SAs, or past any integer type (then the line is left unparsed).
final class NumericLimitTests: XCTestCase {
    func testXfrmStatCounterAtIntMaxGivesTheFact() throws {
        let r = parse("xfrm-stat", "XfrmInError 9223372036854775807\n")
        XCTAssertEqual(r.records.first?["value"], .number(Double(Int64.max)))
        XCTAssertTrue(r.unparsed.isEmpty)
        let f = factsOf([("xfrm-stat", "XfrmInError 9223372036854775807\n")])
        XCTAssertEqual(f["xfrm.stat.XfrmInError"]?.value, .number(Double(Int64.max)))
    }

    func testXfrmStatCounterAtUInt64MaxIsRead() throws {
        let r = parse("xfrm-stat", "XfrmInError 18446744073709551615\n")
        XCTAssertEqual(r.records.first?["value"], .number(Double(UInt64.max)))
        let f = factsOf([("xfrm-stat", "XfrmInError 18446744073709551615\nXfrmInNoStates 3\n")])
        XCTAssertEqual(f["xfrm.stat.XfrmInError"]?.value, .number(Double(UInt64.max)))
        XCTAssertEqual(f["xfrm.stat.XfrmInNoStates"]?.value, .number(3))
    }

    func testXfrmStatCounterPastUInt64IsAnUnparsedLine() throws {
        let r = parse("xfrm-stat", "XfrmInError 99999999999999999999\nXfrmInNoStates 3\n")
        XCTAssertEqual(r.records.count, 1)
        XCTAssertEqual(r.unparsed, [UnparsedLine(line: 1, text: "XfrmInError 99999999999999999999")])
        let f = factsOf([("xfrm-stat", "XfrmInError 99999999999999999999\n")])
        XCTAssertNil(f["xfrm.stat.XfrmInError"])
    }

    /// Two CHILD SAs of 5·10^18 bytes each: the sum passes Int.max and saturates there.
    func testChildSABytesSumSaturates() throws {
        let text = try twoChildSAs(bytes: "5000000000000000000")
        let r = parse("swanctl-list-sas", text)
        XCTAssertEqual(r.records.compactMap { $0["bytes_in"] }, [.number(5e18), .number(5e18)])
        let f = factsOf([("swanctl-list-sas", text)])
        XCTAssertEqual(f["child.sa.count"]?.value, .number(2))
        XCTAssertEqual(f["child.sa.bytes_in"]?.value, .number(Double(Int.max)))
        XCTAssertEqual(f["child.sa.packets_in"]?.value, .number(6))
    }

    func testChildSACountersAtAndPastUInt64() throws {
        let max = try twoChildSAs(bytes: "18446744073709551615")
        XCTAssertEqual(parse("swanctl-list-sas", max).records.compactMap { $0["bytes_in"] },
                       [.number(Double(UInt64.max)), .number(Double(UInt64.max))])
        XCTAssertEqual(factsOf([("swanctl-list-sas", max)])["child.sa.bytes_in"]?.value, .number(Double(Int.max)))
        // past u64: charon cannot print it; the field is left out, nothing traps, and with no
        // counter read the byte count is unknown (as for stroke's `ipsec status`), not 0
        let past = try twoChildSAs(bytes: "99999999999999999999")
        XCTAssertTrue(parse("swanctl-list-sas", past).records.allSatisfy { $0["bytes_in"] == nil })
        let f = factsOf([("swanctl-list-sas", past)])
        XCTAssertEqual(f["child.sa.count"]?.value, .number(2))
        XCTAssertNil(f["child.sa.bytes_in"])
    }

    /// `ip -s xfrm state` prints u64 byte and packet counts (iproute2 xfrm_lifetime_print).
    func testXfrmStateLifetimeCountersAreU64() throws {
        let text = """
        src 192.0.2.2 dst 192.0.2.1
        \tproto esp spi 0xc1a2b3c4(3248665540) reqid 1(0x00000001) mode tunnel
        \treplay-window 0 seq 0x00000000 flag af-unspec (0x00100000)
        \tlifetime current:
        \t  18446744073709551615(bytes), 99999999999999999999(packets)
        \t  add 2026-12-01 09:12:44 use 2026-12-01 09:12:44
        \tanti-replay context: seq 0x0, oseq 0x0, bitmap 0x00000000
        """
        let r = parse("xfrm-state", text)
        XCTAssertEqual(r.records.first?["bytes"], .number(Double(UInt64.max)))
        XCTAssertNil(r.records.first?["packets"])
        XCTAssertEqual(r.records.first?["add_time"], .string("2026-12-01 09:12:44"))
        XCTAssertTrue(r.unparsed.isEmpty)
    }

    /// Lines on which the first version trapped: `add use -` (a backwards range) and a SPI of
    /// only "/" in swanctl's traffic line.
    func testLinesThatUsedToTrap() throws {
        let state = "src 192.0.2.2 dst 192.0.2.1\n\tproto esp spi 0x1 reqid 1 mode tunnel\n\tlifetime current:\n\t  add use -\n"
        XCTAssertEqual(parse("xfrm-state", state).records.count, 1)
        XCTAssertEqual(XfrmStateParser().referenceParse(state).records.count, 1)
        let sas = try twoChildSAs(bytes: "1").replacingOccurrences(of: "in  0f48db21,", with: "in  /,")
        XCTAssertEqual(parse("swanctl-list-sas", sas).records.count, 2)
        XCTAssertEqual(SwanctlListSasParser().referenceParse(sas).records.count, 2)
    }

    /// Facts from texts (the shared `facts` helper reads fixture paths).
    func factsOf(_ items: [(String, String)]) -> [String: Fact] {
        facts(ParsedCollection(items.map { ParsedSource(result: parse($0.0, $0.1), origin: "test", kind: .probe) }))
    }

    func testSaturatingHelpers() {
        XCTAssertEqual(Int.max.addingSaturating(1), .max)
        XCTAssertEqual(Int.min.addingSaturating(-1), .min)
        XCTAssertEqual(saturatingInt(1e300), .max)
        XCTAssertEqual(saturatingInt(-1e300), .min)
        XCTAssertNil(saturatingInt(.nan))
        XCTAssertEqual(saturatingInt(42), 42)
        XCTAssertEqual(parseCounter("18446744073709551615"), .max)
        XCTAssertNil(parseCounter("18446744073709551616"))
        XCTAssertNil(parseCounter("-1"))
    }

    /// The lab's real `swanctl --list-sas` (healthy/a) with its CHILD SA twice (the second as
    /// `net2`, reqid 2) and the byte counts of both set to `bytes`.
    func twoChildSAs(bytes: String) throws -> String {
        let real = try Fixtures.text(lab("healthy", "a", "swanctl-list-sas.txt"))
        let lines = real.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let c = lines.firstIndex(where: { $0.hasPrefix("  net: #1") }) else {
            XCTFail("lab fixture changed: no CHILD SA line"); return real
        }
        let child = lines[c...].prefix { !$0.isEmpty }
        let second = child.map { $0.replacingOccurrences(of: "net: #1, reqid 1", with: "net2: #2, reqid 2") }
        return (lines[..<c] + child + second).joined(separator: "\n")
            .replacingOccurrences(of: "    252 bytes", with: " \(bytes) bytes") + "\n"
    }
}
