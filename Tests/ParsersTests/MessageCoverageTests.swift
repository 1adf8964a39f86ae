import XCTest
import Facts
@testable import Parsers

/// How much of what the daemons print on failure ipsec-doctor classifies. The denominator is
/// every failure format found in the daemons' own sources (Tests/Fixtures/messages/*-formats.tsv,
/// made by Tests/Tools/extract_failure_formats.py); the third column says what each must mean:
/// an event of the catalogue, a `~class` deliberately without diagnosis (its reason is in the
/// file's header), or `?` (not decided). Each format is printed as the daemon logs it, parsed by
/// the daemon's log parser and turned into facts by its extractor, so a row counts only when
/// the whole chain recognises it. The undecided rows and the no-diagnosis rows are listed in
/// Tests/Fixtures/messages/UNCLASSIFIED.md, which this test keeps in sync (run it with
/// UPDATE_MESSAGE_COVERAGE=1 to rewrite the file).
final class MessageCoverageTests: XCTestCase {
    struct Row { let file: String; let format: String; let verdict: String; let versions: String }

    struct Daemon: Sendable {
        let name: String
        let fixture: String
        let source: String
        let wrap: @Sendable (String) -> String
        let extractor: any FactExtractor
        /// how many formats the fixture must keep (a guard against a fixture that lost its rows)
        var minimumRows = 700
    }

    static let daemons = [
        Daemon(name: "strongSwan 5.9/6.0 (charon)", fixture: "strongswan-failure-formats.tsv", source: "charon-log",
               wrap: { "Dec  2 10:00:00 gw charon: 09[IKE] <lab|1> " + $0 }, extractor: CharonLogExtractor()),
        Daemon(name: "Libreswan 4/5 (pluto)", fixture: "libreswan-failure-formats.tsv", source: "pluto-log",
               wrap: { "Dec  2 10:00:00 gw pluto[812]: \"lab\" #1: " + $0 }, extractor: LibreswanExtractor()),
        Daemon(name: "racoon (ipsec-tools 0.8)", fixture: "racoon-failure-formats.tsv", source: "racoon-log",
               wrap: { "Dec  2 10:00:00 gw racoon: ERROR: " + $0 }, extractor: RacoonExtractor()),
        Daemon(name: "OpenBSD iked 7.3/7.4", fixture: "iked-failure-formats.tsv", source: "iked-log",
               wrap: { "Dec  2 10:00:00 gw iked[812]: " + $0 }, extractor: OpenBSDExtractor(), minimumRows: 450),
        Daemon(name: "OpenBSD isakmpd (2020)", fixture: "isakmpd-failure-formats.tsv", source: "isakmpd-log",
               wrap: { "Dec  2 10:00:00 gw isakmpd[812]: " + $0 }, extractor: OpenBSDExtractor(), minimumRows: 450),
    ]

    /// Events that are context for the daemons' own extractors (successes, phase bookkeeping)
    /// rather than a fact of the shared table.
    static let contextEvents: Set<String> = ["established_ike", "established_child", "retransmit", "nat_detected",
                                             "child_timeout", "daemon_started",
                                             "informational", "revocation_unknown"]

    static func rows(_ fixture: String) throws -> (rows: [Row], reasons: [String: String]) {
        var rows: [Row] = [], reasons: [String: String] = [:]
        for line in try Fixtures.text("messages/" + fixture).split(separator: "\n") {
            if line.hasPrefix("#~") {
                let p = line.dropFirst().split(separator: "\t", maxSplits: 1)
                if p.count == 2 { reasons[String(p[0])] = String(p[1]) }
                continue
            }
            if line.hasPrefix("#") { continue }
            let p = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard p.count == 4 else { XCTFail("\(fixture): not file<TAB>format<TAB>verdict<TAB>versions: \(line)"); continue }
            rows.append(Row(file: p[0], format: p[1], verdict: p[2], versions: p[3]))
        }
        return (rows, reasons)
    }

    /// The fact a log event becomes, through the one event → fact table.
    static func fact(of event: String, phase: String) -> String? {
        if event == "no_proposal_chosen" { return phase == "child" ? "log.child.no_proposal_chosen" : "log.ike.no_proposal_chosen" }
        if event == "invalid_id" { return phase == "child" ? "log.child.ts_unacceptable" : "log.ike.no_peer_config" }
        return DaemonLogFacts.table[event]?.0
    }

    struct Outcome { var mapped = 0; var noDiagnosis = 0; var undecided: [Row] = []; var wrong: [String] = [] }

    /// Prints one row as the daemon logs it and checks the whole chain: the record's event is the
    /// row's, and the extractor reports the event's fact true; a `~class` row gets no event.
    static func check(_ row: Row, _ d: Daemon, reasons: [String: String], into out: inout Outcome) {
        var message = LogMessage.instantiate(row.format)
        // plugin_not_loaded counts only for an EAP/XAUTH method's plugin (DaemonLogFacts): name one
        if row.verdict == "plugin_not_loaded" { message = message.replacingOccurrences(of: "plugin 'east'", with: "plugin 'eap-mschapv2'") }
        let line = d.wrap(message)
        let result = parse(d.source, line)
        guard let rec = result.records.first else { out.wrong.append("\(row.file): \(row.format): not read as a \(d.source) line: \(line)"); return }
        let event = rec.str("event")
        if row.verdict == "?" { out.undecided.append(row); return }
        if row.verdict.hasPrefix("~") {
            guard reasons[row.verdict] != nil else { out.wrong.append("\(row.verdict) has no reason in \(d.fixture)'s header"); return }
            if let event, !contextEvents.contains(event) {
                out.wrong.append("\(row.file): \(row.format): decided \(row.verdict) but read as \(event)")
                return
            }
            out.noDiagnosis += 1
            return
        }
        let expected = row.verdict == "invalid_id" ? ["ts_unacceptable", "no_peer_config"] : [row.verdict]
        guard let event, expected.contains(event) else {
            out.wrong.append("\(row.file): \(row.format): expected \(row.verdict), got \(event ?? "nothing") for \(line)")
            return
        }
        if !contextEvents.contains(event) {
            guard let name = fact(of: event, phase: rec.str("phase") ?? "ike") else {
                out.wrong.append("\(row.file): \(row.format): event \(event) has no fact"); return
            }
            let facts = d.extractor.facts(from: ParsedCollection([ParsedSource(result: result, origin: "t.log", kind: .log)]))
            guard facts.contains(where: { $0.name == name && $0.value == .bool(true) }) else {
                out.wrong.append("\(row.file): \(row.format): \(event) did not give \(name) = true"); return
            }
        }
        out.mapped += 1
    }

    func testCoverageOfTheDaemonsFailureMessages() throws {
        var listing = Self.listingHeader
        for d in Self.daemons {
            let (rows, reasons) = try Self.rows(d.fixture)
            var out = Outcome()
            for row in rows { Self.check(row, d, reasons: reasons, into: &out) }
            for w in out.wrong { XCTFail(w) }
            let classified = out.mapped + out.noDiagnosis
            print("message coverage \(d.name): \(classified) of \(rows.count) failure messages classified "
                  + "(\(out.mapped) mapped to a diagnosis event, \(out.noDiagnosis) deliberately without diagnosis, "
                  + "\(out.undecided.count) undecided)")
            XCTAssertGreaterThan(rows.count, d.minimumRows, "\(d.fixture) lost its formats")
            XCTAssertGreaterThanOrEqual(Double(classified), 0.95 * Double(rows.count), "\(d.name): coverage below 95 %")
            listing += Self.listing(d, rows: rows, undecided: out.undecided, reasons: reasons)
        }
        let path = Fixtures.root.appendingPathComponent("messages/UNCLASSIFIED.md")
        if ProcessInfo.processInfo.environment["UPDATE_MESSAGE_COVERAGE"] != nil {
            try listing.write(to: path, atomically: true, encoding: .utf8)
        }
        let onDisk = (try? String(contentsOf: path, encoding: .utf8)) ?? ""
        XCTAssertEqual(onDisk, listing, "Tests/Fixtures/messages/UNCLASSIFIED.md is out of date: rerun with UPDATE_MESSAGE_COVERAGE=1")
    }

    /// Real output where it exists: every line of the shared corpus's `ipsec up`/`ipsec auto --up`
    /// transcripts (Libreswan's test suite, pluto and strongSwan peers) whose message is one of the
    /// fixture's formats must be read as that row decides. Skips where ../shared is absent.
    func testRealOutputAgreesWithTheDecisions() throws {
        let cases = [(Self.daemons[0], "strongswan-up.txt"), (Self.daemons[1], "libreswan-up.txt")]
        var seen = 0, lines = 0
        for (d, file) in cases {
            let text = try Fixtures.corpus(file)
            let (rows, _) = try Self.rows(d.fixture)
            // the most specific format first: the one with the most literal text
            let literal: (String) -> Int = { $0.replacingOccurrences(of: "%[-#0-9.*lhzjtq]*[a-zA-Z]", with: "", options: .regularExpression).count }
            let ordered = rows.sorted { literal($0.format) > literal($1.format) }
            let catalogue = MessageCatalogue(ordered.map { LogMessage($0.format, $0.verdict, .ike, $0.file, example: "") })
            var formats = Set<String>(), wrong: [String: String] = [:]
            for block in Fixtures.bulkBlocks(text) {
                for rec in parse(d.source, block.body).records {
                    guard let message = rec.str("message"), let row = catalogue.classify(message) else { continue }
                    lines += 1
                    formats.insert(row.format)
                    let event = rec.str("event")
                    // A notify named in the line decides over the form around it ("CHILD SA failed:
                    // NO_PROPOSAL_CHOSEN", "ignoring informational payload INVALID_ID_INFORMATION"),
                    // and a form whose wording is all in its value (~generic, ~by-notify) takes
                    // whatever the value is catalogued as.
                    var expected = Self.notifyEvents(in: message)
                    if !row.event.hasPrefix("~") { expected.insert(row.event) }
                    // pluto's state name can change what its timeout means (PlutoLogParser.refine:
                    // an IKEv2 IKE_AUTH retransmitted into silence is unanswered, not refused)
                    if d.source == "pluto-log", !row.event.hasPrefix("~") { expected.insert(PlutoLogParser.refine(row.event, message: message)) }
                    if expected.contains("invalid_id") { expected.formUnion(["ts_unacceptable", "no_peer_config"]) }
                    let ok: Bool
                    if row.event == "~generic" || row.event == "~by-notify" {
                        ok = true
                    } else if let event, !Self.contextEvents.contains(event) {
                        // A more specific catalogue entry may name another event that means the
                        // same fact (Libreswan's "rejected Child SA with TS_UNACCEPTABLE": the
                        // peer refused our selectors, ts_refused_by_peer → log.child.ts_unacceptable).
                        let fact = DaemonLogFacts.table[event]?.0
                        ok = expected.contains(event) || (fact != nil && expected.contains { DaemonLogFacts.table[$0]?.0 == fact })
                    } else {
                        ok = row.event.hasPrefix("~") || expected.contains(event ?? "-")
                    }
                    if !ok { wrong[row.format] = "\(block.origin): \(message) -> \(event ?? "nothing"), decided \(row.event)" }
                }
            }
            print("real output \(d.name): \(formats.count) of the fixture's formats appear in \(file)")
            for (_, w) in wrong.sorted(by: { $0.key < $1.key }) { XCTFail(w) }
            seen += formats.count
        }
        XCTAssertGreaterThan(seen, 20, "the corpus should show some of the daemons' failure formats")
        XCTAssertGreaterThan(lines, 100)
    }

    /// The events of the error notifies a line names (charon's notify meanings, which pluto's
    /// notify names share).
    static func notifyEvents(in message: String) -> Set<String> {
        Set(StrongswanMessages.errorNotifies.filter { message.contains($0.name) }.map(\.event))
    }

    static let listingHeader = """
        # Failure messages without a diagnosis

        Written by MessageCoverageTests from Tests/Fixtures/messages/*-failure-formats.tsv; do not edit
        (run the test with UPDATE_MESSAGE_COVERAGE=1 after changing a fixture). For each daemon: the
        formats not decided yet, then the formats deliberately left without a diagnosis, by reason.

        """

    static func listing(_ d: Daemon, rows: [Row], undecided: [Row], reasons: [String: String]) -> String {
        var s = "\n## \(d.name)\n\n### Not decided (\(undecided.count))\n\n"
        s += undecided.isEmpty ? "None.\n" : undecided.map { "- `\($0.format)` (\($0.file))\n" }.joined()
        let byClass = Dictionary(grouping: rows.filter { $0.verdict.hasPrefix("~") }, by: \.verdict)
        for cls in byClass.keys.sorted() {
            let members = byClass[cls]!
            s += "\n### \(cls) (\(members.count)): \(reasons[cls] ?? "no reason given")\n\n"
            s += members.map { "- `\($0.format)` (\($0.file))\n" }.joined()
        }
        return s
    }
}
