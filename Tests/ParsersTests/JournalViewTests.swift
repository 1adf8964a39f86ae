import Facts
import Foundation
import XCTest
@testable import Parsers

/// A log read out of the journal comes in whichever view the administrator chose: `journalctl`'s
/// default (`short`), with the year and zone (`short-full`), seconds since boot
/// (`short-monotonic`), microseconds (`short-precise`, `short-iso`), as JSON (`-o json`, what log
/// shippers keep, or `-o json-pretty`) or every field (`-o verbose`). Tests/Fixtures/journal/
/// holds what Debian 12's journalctl printed in each view for real daemon lines (capture.sh there
/// made it with a private journald): every view must read as the short one — the same daemon
/// recognised, the same failures, the same facts.
final class JournalViewTests: XCTestCase {
    static let views = ["short-full", "short-iso", "short-precise", "short-monotonic", "json", "json-pretty", "verbose"]

    static func captures() -> [String] {
        Fixtures.files(in: "journal").filter { Fixtures.exists($0 + "/short.txt") }
    }

    func testEveryJournalViewReadsAsTheShortView() throws {
        let captures = Self.captures()
        XCTAssertGreaterThanOrEqual(captures.count, 3, "the journal captures are missing")
        for capture in captures {
            let short = try Fixtures.text(capture + "/short.txt")
            let sourceName = try XCTUnwrap(LogRecognition.sniff(short)?.source, "\(capture): short view not recognised")
            let source = try XCTUnwrap(ParserRegistry.source(named: sourceName))
            let original = source.parse(short)
            XCTAssertGreaterThan(original.classifiedCount, 0, "\(capture): no failure in the short view")
            for view in Self.views {
                let text = try Fixtures.text("\(capture)/\(view).txt")
                let what = "\(capture) as -o \(view)"
                XCTAssertEqual(LogRecognition.sniff(text)?.source, sourceName, "\(what): another daemon recognised")
                let r = source.parse(text)
                XCTAssertEqual(r.records.compactMap { $0.str("event") }, original.records.compactMap { $0.str("event") }, "\(what): other events")
                XCTAssertEqual(r.unparsed.count, original.unparsed.count, "\(what): lines left unread")
                XCTAssertEqual(r.records.compactMap { $0.str("message") }, original.records.compactMap { $0.str("message") }, "\(what): other messages")
                // charon-systemd's views with fields tie messages to their IKE SA (below); else the same facts
                if !(capture.hasSuffix("charon-systemd") && ["json", "json-pretty", "verbose"].contains(view)) {
                    XCTAssertEqual(logFactValues(source.source, text), logFactValues(source.source, short), "\(what): other facts")
                }
            }
        }
    }

    /// charon-systemd sends the thread, subsystem and IKE SA of each message as journal fields
    /// (src/charon-systemd/charon-systemd.c); the JSON and verbose views keep them, so each
    /// message is tied to its IKE SA and subsystem as in charon's own file log — which the short
    /// view (message only) loses.
    func testCharonSystemdFieldsGiveEachMessageItsIKESA() throws {
        let fileLog = try Fixtures.text("lab/psk-mismatch/b/charon.log")
        let fromFile = CharonLogParser().parse(fileLog).records
        func tie(_ r: JSONValue) -> String { "\(r.str("thread") ?? "-") \(r.str("subsystem") ?? "-") \(r.str("ike_sa") ?? "-")" }
        var fileTies: [String: Set<String>] = [:]  // a message logged twice may come from two threads
        for r in fromFile { if let m = r.str("message") { fileTies[m, default: []].insert(tie(r)) } }
        XCTAssertTrue(fromFile.contains { $0.str("ike_sa") != nil }, "the file log ties no message to an IKE SA")
        for view in ["json", "json-pretty", "verbose"] {
            let records = CharonLogParser().parse(try Fixtures.text("journal/charon-systemd/\(view).txt")).records
            XCTAssertGreaterThanOrEqual(records.count, 30, "-o \(view)")
            for r in records {
                let m = try XCTUnwrap(r.str("message"))
                XCTAssertTrue(fileTies[m, default: []].contains(tie(r)), "-o \(view): \(m) read as \(tie(r)), the file log has \(fileTies[m, default: []])")
            }
            XCTAssertEqual(records.filter { $0.str("ike_sa") != nil }.count,
                           fromFile.filter { r in r.str("ike_sa") != nil && records.contains { $0.str("message") == r.str("message") } }.count, "-o \(view)")
        }
        let short = CharonLogParser().parse(try Fixtures.text("journal/charon-systemd/short.txt")).records
        XCTAssertFalse(short.contains { $0.str("ike_sa") != nil }, "the short view was expected to lose the IKE SA")
    }

    /// RFC 5424's own examples (section 6.5), and RFC 3164 with its priority as it travels.
    func testSyslogAsItTravels() {
        XCTAssertEqual(LogEnvelope.opened("<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - 'su root' failed for lonvick on /dev/pts/8"),
                       "2003-10-11T22:14:15.003Z mymachine.example.com su: 'su root' failed for lonvick on /dev/pts/8")
        XCTAssertEqual(LogEnvelope.opened("<165>1 2003-10-11T22:14:15.003Z mymachine.example.com evntslog - ID47 [exampleSDID@32473 iut=\"3\" eventSource=\"Application\" eventID=\"1011\"] An application event log entry..."),
                       "2003-10-11T22:14:15.003Z mymachine.example.com evntslog: An application event log entry...")
        XCTAssertEqual(LogEnvelope.opened("<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time to make the do-nuts."),
                       "2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc[8710]: %% It's time to make the do-nuts.")
        XCTAssertEqual(LogEnvelope.opened("<30>Oct 11 22:14:15 gw charon: 09[IKE] message"), "Oct 11 22:14:15 gw charon: 09[IKE] message")
        // a structured-data value may hold an escaped bracket
        XCTAssertEqual(LogEnvelope.opened(#"<30>1 - gw charon 1 - [x@1 a="b\]c"] 09[IKE] m"#), "gw charon[1]: 09[IKE] m")
    }

    /// Only a journal view's own header is taken off: dmesg's seconds before kernel text, a
    /// bracketed line of a daemon, a `<` that is no priority stay as they are.
    func testOtherLinesAreLeftAlone() {
        for line in ["[IKE] initiating IKE_SA lab[1] to 192.0.2.2", "[    5.123456] Key type dns_resolver registered",
                     "[4074162.337447] pluto[29280]: segfault at 28 ip 00007f51026ba57b sp 00007fff602f74d0 error 4 in pluto[7f510265a000+ff000]",
                     "<lab|1> message", "{not json", "Fri Jul 12 15:00:22 2021 daemon.info charon: 09[IKE] m"] {
            XCTAssertEqual(LogEnvelope.opened(line), line)
        }
        XCTAssertEqual(LogEnvelope.opened("Fri 2026-12-04 22:27:53 CET vm charon[1]: m"), "2026-12-04T22:27:53 vm charon[1]: m",
                       "a local zone is written without one")
        XCTAssertEqual(LogEnvelope.opened("[23404.693681 <    0.000123>] vm charon[1]: m"), "vm charon[1]: m", "-o short-delta")
    }

    /// Other collectors' JSON: the message field by its usual names, the program nested
    /// (Elastic's `process.name`), a message the journal stored as bytes.
    func testJSONOfOtherCollectors() {
        XCTAssertEqual(LogEnvelope.opened(#"{"log":"\"conn\" #1: STATE_MAIN_I1\n","stream":"stderr","time":"2023-07-23T12:33:47.1Z"}"#),
                       #""conn" #1: STATE_MAIN_I1"#, "docker's json-file: the line alone")
        XCTAssertEqual(LogEnvelope.opened(#"{"@timestamp":"2023-07-23T12:33:47Z","host":{"name":"gw"},"process":{"name":"charon","pid":12},"message":"09[IKE] m"}"#),
                       "2023-07-23T12:33:47Z gw charon[12]: 09[IKE] m")
        XCTAssertEqual(LogEnvelope.opened(#"{"SYSLOG_IDENTIFIER":"pluto","MESSAGE":[104,105]}"#), "pluto: hi")
        XCTAssertEqual(LogEnvelope.opened(#"{"a":1}"#), #"{"a":1}"#, "an object without a message is no log entry")
    }
}
