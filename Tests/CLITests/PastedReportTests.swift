import Foundation
import XCTest

/// The real reports (RealReportTests) as they arrive a second time: pasted into a forum's code
/// block (every line indented by four spaces), a mail reply (a tab, or `> `) or a PDF manual
/// (curly quotes, ellipses, non-breaking spaces), or as a tool showed it (`docker logs -t`,
/// `docker compose logs`, `grep` over several files). The diagnosis must
/// not depend on the wrapping: each report, wrapped, gives the first finding RealReportTests
/// holds it to as published (its confirmed cause, or its known miss). Before PastedLog, 9 of the 186 reports changed when indented (6 no longer read
/// at all, exit 65).
final class PastedReportTests: XCTestCase {
    static let wrappings: [(name: String, wrap: @Sendable (Substring) -> String)] = [
        ("four-space code block", { "    " + $0 }), ("tab-indented mail", { "\t" + $0 }), ("mail quote", { "> " + $0 }),
        ("docker logs -t", { "2023-07-23T12:33:47.123456789Z " + $0 }),
        ("docker compose logs", { "ipsec-vpn-server-1  | " + $0 }),
        ("grep over several files", { "/var/log/syslog:" + $0 }),
        // every quote closing, as a copy from a PDF manual's typeset text often has it
        ("PDF's typography", { line in
            var t = String(line)
            for (plain, typeset) in [("'", "\u{2019}"), ("\"", "\u{201D}"), ("...", "\u{2026}"), ("  ", " \u{00A0}")] {
                t = t.replacingOccurrences(of: plain, with: typeset)
            }
            return t
        }),
    ]

    func firstFinding(_ snapshot: String, _ c: RealReportTests.Case) throws -> String {
        var args = ["diagnose", "--snapshot", snapshot, "--format", "json", "--home", CLI.repo]
        for a in c.answers { args += ["--answer", a] }
        let r = try CLI.run(args)
        guard let json = r.json else { return r.status == 65 ? RealReportTests.unrecognised : "exit \(r.status)" }
        return (json["findings"] as? [[String: Any]])?.first?["id"] as? String ?? "none"
    }

    /// Reports a mail client wrapped at 76 columns and still not diagnosed as published, and why.
    /// Before PastedLog.read rejoined wrapped lines, 53 of 186 changed.
    static let wrapKnown: [String: String] = [
        // the refusal's own line wraps into pieces that pluto reads alone as other messages
        "hwdsl2-setup-ipsec-vpn-860-ike-auth-without-auth-payload": "no time stamps: a piece is read as a bare message",
        "libreswan-838-child-no-proposal": "no time stamps: the Quick Mode context line's piece is read alone",
        "libreswan-faq-async-error-connection-refused": "one FAQ line, no time stamp: its pieces are bare messages",
        "libreswan-faq-async-error-message-too-long": "one FAQ line, no time stamp: its pieces are bare messages",
        "linux-system-roles-vpn-19-fqdn-id-not-in-san-responder": "no time stamps: the identity's piece is read alone",
        "raspberrypi-linux-86-add-sa-protocol-not-supported": "no time stamps: the errno's piece is read alone",
    ]

    /// Greedy word wrap at `width` columns, as mail clients do (words longer than a line stay whole).
    static func wrapped(_ line: Substring, width: Int = 76) -> String {
        guard line.count > width else { return String(line) }
        var out: [String] = [], current = ""
        for word in line.split(separator: " ", omittingEmptySubsequences: false) {
            if !current.isEmpty, current.count + 1 + word.count > width { out.append(current); current = String(word) }
            else { current += current.isEmpty ? String(word) : " " + word }
        }
        out.append(current)
        return out.joined(separator: "\n")
    }

    func testAMailWrappedReportIsDiagnosedAsPublished() throws {
        let cases = RealReportTests.cases()
        let tmp = NSTemporaryDirectory() + "wrapped-reports-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        var changed: [String] = [], stillKnown = 0
        for c in cases {
            let original = RealReportTests.root + "/" + c.name + "/snapshot"
            let wrapped = tmp + "/" + c.name
            try FileManager.default.createDirectory(atPath: wrapped, withIntermediateDirectories: true)
            for file in try FileManager.default.contentsOfDirectory(atPath: original) {
                let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: original + "/" + file)), as: UTF8.self)
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { Self.wrapped($0) }
                try lines.joined(separator: "\n").write(toFile: wrapped + "/" + file, atomically: true, encoding: .utf8)
            }
            let expected = RealReportTests.known[c.name] ?? c.cause, got = try firstFinding(wrapped, c)
            if Self.wrapKnown[c.name] != nil { if got != expected { stillKnown += 1 }; continue }
            if got != expected { changed.append("\(c.name): \(expected) → \(got)") }
        }
        XCTAssertEqual(changed, [], "\n" + changed.joined(separator: "\n"))
        print("mail-wrapped reports: \(cases.count - changed.count - stillKnown) of \(cases.count) diagnosed as published")
    }

    /// `cat -n`'s column over a report, numbered from `start` (an excerpt of a longer file:
    /// `cat -n pluto.log | tail`).
    static func numbered(_ text: String, from start: Int) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        let trailing = lines.last == ""
        if trailing { lines.removeLast() }
        let out = lines.enumerated().map { i, l in
            let n = String(start + i)
            return String(repeating: " ", count: max(0, 6 - n.count)) + n + "\t" + l
        }
        return out.joined(separator: "\n") + (trailing ? "\n" : "")
    }

    /// Every report as `cat -n` shows it, numbered from line 1 and from line 100: three-digit
    /// numbers and a tab in front of pluto's console lines (`   123<TAB>002 "conn" #1: ...`).
    /// Before the whack reply code had to be followed by a space, 8 of 218 numbered from 100
    /// were no longer diagnosed (the line number was read as the reply code), and a one-line
    /// report under `cat -n` read as the generic failure, not the specific one.
    func testAReportShownByCatNIsDiagnosedAsPublished() throws {
        let cases = RealReportTests.cases()
        let tmp = NSTemporaryDirectory() + "numbered-reports-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        var changed: [String] = []
        for (i, c) in cases.enumerated() {
            // from 100 for every report, from 1 for every other one (the column is the same kind)
            for start in i % 2 == 0 ? [1, 100] : [100] {
                let original = RealReportTests.root + "/" + c.name + "/snapshot"
                let numbered = tmp + "/\(start)/" + c.name
                try FileManager.default.createDirectory(atPath: numbered, withIntermediateDirectories: true)
                for file in try FileManager.default.contentsOfDirectory(atPath: original) {
                    let text = String(decoding: try Data(contentsOf: URL(fileURLWithPath: original + "/" + file)), as: UTF8.self)
                    try Self.numbered(text, from: start).write(toFile: numbered + "/" + file, atomically: true, encoding: .utf8)
                }
                let before = RealReportTests.known[c.name] ?? c.cause, after = try firstFinding(numbered, c)
                if before != after { changed.append("\(c.name) numbered from \(start): \(before) → \(after)") }
            }
        }
        XCTAssertEqual(changed, [], "\n" + changed.joined(separator: "\n"))
    }

    /// A report's log as logrotate leaves it a day later (`report.log.1.gz`: gzip, essential on
    /// Debian), every eighth report: diagnosed as published. Before, a gzip file was read as
    /// garbage ("no daemon recognised").
    func testARotatedCompressedReportIsDiagnosedAsPublished() throws {
        let tmp = NSTemporaryDirectory() + "rotated-reports-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        var changed: [String] = [], checked = 0
        for (i, c) in RealReportTests.cases().enumerated() where i % 8 == 0 {
            let original = RealReportTests.root + "/" + c.name + "/snapshot", rotated = tmp + "/" + c.name
            try FileManager.default.createDirectory(atPath: rotated, withIntermediateDirectories: true)
            for file in try FileManager.default.contentsOfDirectory(atPath: original) {
                let gzip = Process()
                gzip.executableURL = URL(fileURLWithPath: "/bin/gzip")
                gzip.arguments = ["-c", original + "/" + file]
                let out = rotated + "/" + file + ".1.gz"
                FileManager.default.createFile(atPath: out, contents: nil)
                gzip.standardOutput = try FileHandle(forWritingTo: URL(fileURLWithPath: out))
                try gzip.run()
                gzip.waitUntilExit()
            }
            let before = RealReportTests.known[c.name] ?? c.cause, after = try firstFinding(rotated, c)
            if before != after { changed.append("\(c.name) gzipped: \(before) → \(after)") }
            checked += 1
        }
        XCTAssertGreaterThanOrEqual(checked, 25)
        XCTAssertEqual(changed, [], "\n" + changed.joined(separator: "\n"))
    }

    func testAWrappedReportIsDiagnosedAsPublished() throws {
        let cases = RealReportTests.cases()
        XCTAssertGreaterThanOrEqual(cases.count, 149)
        let tmp = NSTemporaryDirectory() + "pasted-reports-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        var changed: [String] = []
        // Each report in one wrapping (in turn), to keep the run short; all three are met.
        for (i, c) in cases.enumerated() {
            let (name, wrap) = Self.wrappings[i % Self.wrappings.count]
            let original = RealReportTests.root + "/" + c.name + "/snapshot"
            let wrapped = tmp + "/" + c.name
            try FileManager.default.createDirectory(atPath: wrapped, withIntermediateDirectories: true)
            for file in try FileManager.default.contentsOfDirectory(atPath: original) {
                let data = try Data(contentsOf: URL(fileURLWithPath: original + "/" + file))
                let text = String(decoding: data, as: UTF8.self)
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : wrap($0) }
                try lines.joined(separator: "\n").write(toFile: wrapped + "/" + file, atomically: true, encoding: .utf8)
            }
            let before = RealReportTests.known[c.name] ?? c.cause, after = try firstFinding(wrapped, c)
            if before != after { changed.append("\(c.name) as a \(name): \(before) → \(after)") }
        }
        XCTAssertEqual(changed, [], "\n" + changed.joined(separator: "\n"))
    }

    /// The journal's other views of a syslog line `Mon DD HH:MM:SS [host] tag[pid]: message`, as
    /// Debian 12's journalctl prints them (Tests/Fixtures/journal/ holds its real output), and
    /// syslog's RFC 5424 form as a collector receives it; nil for a line of another form.
    static let journalViews: [(name: String, view: @Sendable (Substring) -> String?)] = [
        ("journalctl -o short-full", { syslogParts($0).map { "Fri 2023-\($0.month)-\($0.day) \($0.clock) UTC \($0.host) \($0.tag): \($0.message)" } }),
        ("journalctl -o short-monotonic", { syslogParts($0).map { "[ 1234.567890] \($0.host) \($0.tag): \($0.message)" } }),
        ("journalctl -o json", { line in
            syslogParts(line).flatMap { p in
                let fields: [String: String] = ["__REALTIME_TIMESTAMP": "1690115627123456", "_HOSTNAME": p.host, "SYSLOG_IDENTIFIER": p.program,
                                                "_PID": p.pid ?? "4242", "PRIORITY": "6", "_TRANSPORT": "syslog", "MESSAGE": p.message]
                return (try? JSONSerialization.data(withJSONObject: fields)).map { String(decoding: $0, as: UTF8.self) }
            }
        }),
        ("RFC 5424 syslog", { syslogParts($0).map { "<30>1 2023-\($0.month)-\($0.day)T\($0.clock).123456+00:00 \($0.host) \($0.program) \($0.pid ?? "-") - - \($0.message)" } }),
    ]

    static let syslogLine = try! NSRegularExpression(
        pattern: #"^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +(\d{1,2}) (\d\d:\d\d:\d\d)(?:\.\d+)? (?:(\S+) )?([A-Za-z][\w./-]*?)(?:\[(\d+)\])?: ?(.*)$"#)

    static func syslogParts(_ line: Substring) -> (month: String, day: String, clock: String, host: String, program: String, pid: String?, tag: String, message: String)? {
        let s = String(line)
        guard let m = syslogLine.firstMatch(in: s, range: NSRange(s.startIndex..., in: s)) else { return nil }
        func g(_ i: Int) -> String? { Range(m.range(at: i), in: s).map { String(s[$0]) } }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let month = months.firstIndex(of: g(1)!)! + 1, day = Int(g(2)!)!
        let program = g(5)!, pid = g(6)
        return (month < 10 ? "0\(month)" : "\(month)", day < 10 ? "0\(day)" : "\(day)", g(3)!, g(4) ?? "gw", program, pid,
                program + (pid.map { "[\($0)]" } ?? ""), g(7)!)
    }

    /// Each report whose log is in syslog form (51 of 218), read out of the journal in each other
    /// view and received as RFC 5424 syslog, gives the diagnosis it gives as published. Before
    /// LogEnvelope, of 196 reports 23 changed in short-full, 22 in short-monotonic, 34 in RFC 5424
    /// and 36 in JSON (most of them read as no daemon's at all: exit 65).
    func testAReportReadOutOfTheJournalIsDiagnosedAsPublished() throws {
        let tmp = NSTemporaryDirectory() + "journal-reports-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        var changed: [String] = [], viewed = 0
        for c in RealReportTests.cases() {
            let original = RealReportTests.root + "/" + c.name + "/snapshot"
            let files = try FileManager.default.contentsOfDirectory(atPath: original).map { file in
                (file, String(decoding: try Data(contentsOf: URL(fileURLWithPath: original + "/" + file)), as: UTF8.self))
            }
            guard files.contains(where: { $0.1.split(separator: "\n").contains { Self.syslogParts($0) != nil } }) else { continue }
            viewed += 1
            for (name, view) in Self.journalViews {
                let copy = tmp + "/" + c.name + "/" + name.filter(\.isLetter)
                try FileManager.default.createDirectory(atPath: copy, withIntermediateDirectories: true)
                for (file, text) in files {
                    let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { view($0) ?? String($0) }
                    try lines.joined(separator: "\n").write(toFile: copy + "/" + file, atomically: true, encoding: .utf8)
                }
                let expected = RealReportTests.known[c.name] ?? c.cause, got = try firstFinding(copy, c)
                if got != expected { changed.append("\(c.name) as \(name): \(expected) → \(got)") }
            }
        }
        XCTAssertGreaterThanOrEqual(viewed, 40, "fewer reports in syslog form than expected")
        XCTAssertEqual(changed, [], "\n" + changed.joined(separator: "\n"))
        print("reports read out of the journal: \(viewed) reports in syslog form × \(Self.journalViews.count) views, \(changed.count) changed")
    }
}
