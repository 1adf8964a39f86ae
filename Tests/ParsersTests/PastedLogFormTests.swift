import Facts
import Foundation
import XCTest
@testable import Parsers

/// A log reaches us as someone pasted it: inside a forum's code block (every line indented by four
/// spaces), a mail reply (a tab, or `> `), a quote holding a code block, a blog post's typography,
/// the column a tool puts before each line (`docker logs -t`, `docker compose logs`, `grep -n`
/// over several files, `cat -n`), the JSON docker's log driver keeps each line in. Every log source must
/// read every real log of its source cases (Tests/ParsersTests/Sources/<log source>/) the same
/// way in each of these wrappings — the same facts, the same daemon recognised — so a new log
/// source that forgets them fails here.
final class PastedLogFormTests: XCTestCase {
    static let wrappings: [(name: String, wrap: @Sendable (Substring) -> String)] = [
        ("four-space code block", { "    " + $0 }),
        ("tab-indented mail", { "\t" + $0 }),
        ("mail quote", { $0.isEmpty ? ">" : "> " + $0 }),
        ("quoted code block", { ">     " + $0 }),
        ("blog post's typography", PastedLogFormTests.typeset),
        ("docker logs -t", { "2023-07-23T12:33:47.123456789Z " + $0 }),
        ("docker compose logs", { "ipsec-vpn-server-1  | " + $0 }),
        ("grep -n over files", { "/var/log/syslog:1234:" + $0 }),
        // three digits: pluto's console lines start with a three-digit reply code too
        ("cat -n", { "   107\t" + $0 }),
        ("docker's json-file log", PastedLogFormTests.dockerJSONFile),
    ]

    /// A line as docker's json-file log driver stores it (`/var/lib/docker/containers/<id>/<id>-json.log`):
    /// `{"log":"<line>\n","stream":"stdout","time":"..."}`.
    @Sendable static func dockerJSONFile(_ line: Substring) -> String {
        let entry = ["log": line + "\n", "stream": "stdout", "time": "2023-07-23T12:33:47.123456789Z"]
        return String(decoding: try! JSONSerialization.data(withJSONObject: entry, options: [.sortedKeys]), as: UTF8.self)
    }

    /// What WordPress (wptexturize) and word processors do to text outside a code block: 'x' and
    /// "x" become curly quotes, ... an ellipsis, and a browser copies a double space's &nbsp;.
    @Sendable static func typeset(_ line: Substring) -> String {
        var out = "", openSingle = true, openDouble = true
        for ch in line {
            switch ch {
            case "'": out += openSingle ? "\u{2018}" : "\u{2019}"; openSingle.toggle()
            case "\"": out += openDouble ? "\u{201C}" : "\u{201D}"; openDouble.toggle()
            default: out.append(ch)
            }
        }
        return out.replacingOccurrences(of: "...", with: "\u{2026}").replacingOccurrences(of: "  ", with: " \u{00A0}")
    }

    func testEveryLogSourceReadsPastedLogsAsTheOriginal() throws {
        var checked = 0
        for source in ParserRegistry.sources where source.logWriter != nil {
            for folder in SourceCaseTests.caseFolders(of: source.source) {
                let input = try String(contentsOf: folder.appendingPathComponent("input.txt"), encoding: .utf8)
                let original = logFactValues(source.source, input)
                let recognised = LogRecognition.sniff(input)?.source
                for (name, wrap) in Self.wrappings {
                    let pasted = input.split(separator: "\n", omittingEmptySubsequences: false).map(wrap).joined(separator: "\n")
                    let what = "\(source.source)/\(folder.lastPathComponent) as a \(name)"
                    XCTAssertEqual(logFactValues(source.source, pasted), original, "\(what): other facts")
                    XCTAssertEqual(LogRecognition.sniff(pasted)?.source, recognised, "\(what): another daemon recognised")
                }
                checked += 1
            }
        }
        XCTAssertGreaterThanOrEqual(checked, 8, "fewer log cases than log sources")
    }

    /// Only the indentation every line shares is the paste's: a line indented further (racoon's
    /// logcat continuation lines, a dump's hex rows) keeps the difference.
    /// A column is a tool's only when (nearly) every line has it; a clock or a date is not a line
    /// number, a daemon's own tag is not a file name.
    func testAToolColumnIsFoundOnlyWhenEveryLineHasIt() {
        XCTAssertEqual(ToolColumn.stripped("2023-07-23T12:33:47Z a\n2023-07-23T12:33:48.5+02:00 b\n"), "a\nb\n")
        XCTAssertEqual(ToolColumn.stripped("vpn-1     | a\nvpn-1     | b"), "a\nb")
        XCTAssertEqual(ToolColumn.stripped("/var/log/syslog:12:a\nsyslog.1:b"), "a\nb")
        XCTAssertEqual(ToolColumn.stripped("     1\ta\n    12-b"), "a\nb")
        XCTAssertNil(ToolColumn.stripped("2023-07-23T12:33:47Z a\nDec  2 10:00:00 gw charon: b\n"), "half the lines")
        XCTAssertNil(ToolColumn.stripped("09:42:29.495253: pluto\n12:00:00 x\n"), "a clock")
        XCTAssertNil(ToolColumn.stripped("charon: 11[LIB] x\ncharon: 11[CFG] y\n"), "the daemon's tag")
        XCTAssertNil(ToolColumn.stripped("2006-08-08 01:42:09: ERROR: x\n"), "racoon's own date")
    }

    func testTypographyBecomesTheASCIIItReplaced() {
        XCTAssertEqual(PastedLog.typographyUndone("peer config \u{2018}gw\u{2019} \u{201C}x\u{201D} 1.2.3.4\u{2026}5.6.7.8 Dec\u{00A0} 2\u{200B}"),
                       "peer config 'gw' \"x\" 1.2.3.4...5.6.7.8 Dec  2")
        let utf8Subject = "CN=M\u{00FC}ller, O=Stra\u{00DF}e"
        XCTAssertEqual(PastedLog.typographyUndone(utf8Subject), utf8Subject, "other non-ASCII is content")
    }

    func testOnlyTheCommonIndentationIsTakenOff() {
        XCTAssertEqual(PastedLog.dedented("    a\n\n      b\n    c\n"), "a\n\n  b\nc\n")
        XCTAssertEqual(PastedLog.dedented("\ta\r\n\t\tb\r\n"), "a\r\n\tb\r\n")
        let untouched = "Dec  2 06:00:01 gw charon: 10[IKE] x\n    indented continuation\n"
        XCTAssertEqual(PastedLog.dedented(untouched), untouched)
        XCTAssertEqual(PastedLog.dedented("   \n  \n"), "   \n  \n", "blank lines only: nothing to take off")
    }
}

/// A mail client wraps long lines at 72–80 columns; the pieces are joined back to their line.
final class MailWrappedLogTests: XCTestCase {
    /// googlecloud community#1367's lines (Tests/Fixtures/reports/googlecloud-community-1367-no-ike-config),
    /// wrapped at 76 columns as a mail client does, and journalctl's boot marker after them.
    let wrapped = """
    Jul 23 12:33:47 ip-10-10-10-225 ipsec[1233]: 15[CFG] looking for an ike
    config for 10.10.10.225...34.105.183.25
    Jul 23 12:33:47 ip-10-10-10-225 ipsec[1233]: 15[IKE] no IKE config found for
    10.10.10.225...34.105.183.25, sending NO_PROPOSAL_CHOSEN
    -- Boot 3e2b4f5ad1a24e0e9a2a0a6f5d3c3c1e --
    """

    func testPiecesAreJoinedToTheirLine() {
        let r = parse("charon-log", wrapped)
        XCTAssertEqual(r.records.compactMap { $0.str("message") }, [
            "looking for an ike config for 10.10.10.225...34.105.183.25",
            "no IKE config found for 10.10.10.225...34.105.183.25, sending NO_PROPOSAL_CHOSEN",
        ])
        XCTAssertEqual(r.records.last?.str("event"), "no_ike_config")
        // the pieces' lines are read (as part of their line), the journal's marker is not a piece
        XCTAssertTrue(r.accounted.contains(2) && r.accounted.contains(4), "\(r.accounted)")
        XCTAssertEqual(r.unparsed.map(\.line), [5])
        for start in ["-- Boot 3e2b4f5ad1a24e0e9a2a0a6f5d3c3c1e --", "002 \"lab\" #1: initiating Main Mode", "pluto[812]: x", "| debug", "04-19 21:29:14.781 x"] {
            XCTAssertTrue(PastedLog.startsLikeALogLine(start), start)
        }
        for piece in ["error", "10.10.10.225...34.105.183.25, sending NO_PROPOSAL_CHOSEN", "'/etc/ipsec.d/cacerts/cacert.pem' failed", "0e"] {
            XCTAssertFalse(PastedLog.startsLikeALogLine(piece), piece)
        }
    }

    /// Without time stamps a short unread line may be the paster's own words: it is joined only
    /// when that makes a failure readable.
    func testWithoutTimeStampsOnlyAJoinThatReadsAFailureIsKept() {
        let prose = "Dec  2 10:00:01 gw pluto[812]: \"lab\" #1: STATE_MAIN_I1: initiate and wait for more\nsomething the user typed below the log\n"
        XCTAssertEqual(parse("pluto-log", prose).unparsed.map(\.line), [2])
    }
}
