import XCTest
import Facts
@testable import Parsers

/// Logs in every form users paste them, recognised by content: the sniffer names the daemon
/// of every real log fixture, console output of `strongswan up` / `ipsec auto --up` parses,
/// and text that is no daemon log is said to be so.
final class LogFormsTests: XCTestCase {
    /// Every real log fixture is attributed to its own daemon by its content alone.
    func testSnifferNamesTheDaemonOfEveryRealLog() throws {
        var checked = 0
        for source in ["charon-log", "pluto-log", "racoon-log", "iked-log", "isakmpd-log"] {
            for f in realFixtures(source) {
                let text = try Fixtures.text(f)
                guard text.contains(where: { !$0.isWhitespace }) else { continue }
                XCTAssertEqual(LogRecognition.sniff(text)?.source, source, f)
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 60)
    }

    /// `strongswan up` on the console (no time, no thread): libreswan's interop tests.
    func testStrongswanUpConsole() throws {
        let text = try Fixtures.text("real/charon-log/libreswan-interop-strongswan-up-no-proposal.txt")
        let r = parse("charon-log", text)
        XCTAssertTrue(r.unparsed.isEmpty, "\(r.unparsed)")
        XCTAssertEqual(r.records.compactMap { $0.str("event") }, ["no_proposal_chosen"])
        XCTAssertEqual(r.records.last(where: { $0["event"] != nil })?.str("phase"), "ike")
    }

    /// The whole bulk corpus of `strongswan up` and `ipsec auto --up` output: each block is
    /// attributed to the right daemon and most of its lines are records.
    func testConsoleCorpora() throws {
        for (file, source) in [("strongswan-up.txt", "charon-log"), ("libreswan-up.txt", "pluto-log")] {
            let text = try Fixtures.corpus(file)
            var blocks = 0, right = 0, lines = 0, records = 0
            for block in Fixtures.bulkBlocks(text) where block.body.contains(where: { !$0.isWhitespace }) {
                blocks += 1
                if LogRecognition.sniff(block.body)?.source == source { right += 1 }
                let r = parse(source, block.body)
                lines += block.body.split(separator: "\n").count
                records += r.records.count
            }
            XCTAssertGreaterThan(blocks, 50, file)
            XCTAssertGreaterThanOrEqual(Double(right), Double(blocks) * 0.97, "\(file): \(right) of \(blocks) blocks attributed to \(source)")
            XCTAssertGreaterThanOrEqual(Double(records), Double(lines) * 0.8, "\(file): \(records) records of \(lines) lines")
        }
    }

    func testSwanctlInitiateRelay() {
        // swanctl --initiate relays the daemon log as "[SUB] message" (swanctl/commands/initiate.c)
        let r = parse("charon-log", "[IKE] received AUTHENTICATION_FAILED notify error\n[IKE] initiating IKE_SA home[1] to 192.0.2.1")
        XCTAssertEqual(r.records.count, 2)
        XCTAssertEqual(r.records.first?.str("subsystem"), "IKE")
        XCTAssertEqual(r.records.first?.str("event"), "auth_refused_by_peer")
    }

    func testNothingRecognised() {
        XCTAssertNil(LogRecognition.sniff("Dec  2 06:00:01 host CRON[123]: (root) CMD (run-parts /etc/cron.hourly)\nhello world\n"))
    }
}
