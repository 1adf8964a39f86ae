import XCTest
import Facts
@testable import Parsers

/// racoon (ipsec-tools) logs: pfSense docs excerpts, F5's racoon.log guide, Android logcat.
final class RacoonLogParserTests: XCTestCase {
    func testAllRealFixtures() throws {
        try assertAllRealFixtures("racoon-log", minimumFiles: 9)
        for f in realFixtures("racoon-log") {
            let r = parse("racoon-log", try Fixtures.text(f))
            XCTAssertTrue(r.unparsed.isEmpty, "\(f): \(r.unparsed.prefix(2))")
        }
    }

    func event(_ path: String) throws -> [String] {
        parse("racoon-log", try Fixtures.text("real/racoon-log/" + path)).records.compactMap { $0.str("event") }
    }

    func testSignatures() throws {
        XCTAssertEqual(try event("pfsense-mismatched-local-remote-subnets.txt"), ["ts_unacceptable"])
        // sendto EPERM is a local filter (issue 11), the two follow-up lines are generic send errors
        XCTAssertEqual(try event("pfsense-send-errors.txt"), ["send_not_permitted", "unreachable", "unreachable"])
        XCTAssertEqual(try event("pfsense-unsupported-cipher-key-length-for-cryptographic-accelerator-displayed.txt"), ["install_failed", "install_failed"])
        // F5's article lists its lines newest first (2018-03-20, then 2014-06-02): read oldest first
        XCTAssertEqual(try event("f5-racoon-log-info-tunnel-state.txt"), ["established_child", "established_child", "selector_refused"])
        XCTAssertEqual(try event("intra2net-android-logcat-ok.txt"), ["established_ike"])
    }

    func testFields() throws {
        let r = parse("racoon-log", try Fixtures.text("real/racoon-log/pfsense-mismatched-local-remote-subnets.txt"))
        XCTAssertEqual(r.records.first?.str("time"), "Feb 20 10:33:41")
        XCTAssertEqual(r.records.first?.str("level"), "ERROR")
        XCTAssertEqual(r.records.last?.str("message"), "failed to get sainfo.")
        let f5 = parse("racoon-log", try Fixtures.text("real/racoon-log/f5-racoon-log-info-tunnel-state.txt"))
        XCTAssertEqual(f5.records.last?.str("time"), "2018-03-20 09:38:16")
        XCTAssertEqual(f5.records.last?.str("level"), "DEBUG")
        XCTAssertEqual(f5.json["records"]?.arrayValue?.last?.recordLine, 1, "the newest line is the paste's first")
        // logcat continuation line belongs to the message before it
        let lc = try Fixtures.text("real/racoon-log/intra2net-android-logcat-ok.txt")
        let rl = parse("racoon-log", lc)
        XCTAssertTrue(rl.accounted.contains(6))
        XCTAssertNil(rl.records.first { $0.recordLine == 6 })
    }

    /// racoon facts from the pfSense excerpts (no real "time up" line was found to test with).
    func testFacts() throws {
        let f = try facts([("racoon-log", "real/racoon-log/pfsense-send-errors.txt")], kind: .log)
        XCTAssertEqual(f["ike.implementation"]?.value, .string("racoon"))
        XCTAssertEqual(f["log.ike.unreachable"]?.value, .bool(true))
        XCTAssertEqual(f["log.ike.peer_not_responding"]?.value, .bool(false))
        let ts = try facts([("racoon-log", "real/racoon-log/pfsense-mismatched-local-remote-subnets.txt")], kind: .log)
        XCTAssertEqual(ts["log.child.ts_unacceptable"]?.value, .bool(true))
    }

    func testGarbage() throws {
        let text = try Fixtures.text("real/racoon-log/intra2net-android-logcat-ok.txt")
        assertRobust("racoon-log", sample: text)
        assertLinear("racoon-log", sample: text)
    }
}
