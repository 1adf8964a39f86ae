import Foundation
import XCTest

/// A gateway's logs pasted from a viewer that lists newest first (OPNsense's log page, Kibana,
/// Graylog, `journalctl -r`) give the diagnosis the logs give as written: the lab's real captures
/// (strongSwan and Libreswan ends) with every log turned newest first. Before LogOrder, 48 of the
/// 324 captured ends (lab, libreswan-lab, variants) changed their first finding this way; after it,
/// 1 — a log all in one second (lab/aggressive-vs-main/a), read as pasted until the daemons' own
/// order (LogOrderCues) told it; now none, the ends all in one second included. Every line the
/// report cites is the pasted line that holds its text.
final class NewestFirstDiagnosisTests: XCTestCase {
    static let logNames: Set<String> = ["charon.log", "syslog", "pluto.log"]

    func report(_ snapshot: String) throws -> [String: Any] {
        let r = try CLI.run(["diagnose", "--snapshot", snapshot, "--format", "json", "--home", CLI.repo])
        return try XCTUnwrap(r.json, "\(snapshot): no report (exit \(r.status)): \(r.stderr)")
    }

    static func firstFinding(_ report: [String: Any]) -> String {
        (report["findings"] as? [[String: Any]])?.first?["id"] as? String ?? report["verdict"] as? String ?? "none"
    }

    func testALabEndsLogsShownNewestFirstGiveTheSameDiagnosis() throws {
        let fm = FileManager.default
        let tmp = NSTemporaryDirectory() + "newest-first-\(UUID().uuidString)"
        defer { try? fm.removeItem(atPath: tmp) }
        var changed: [String] = [], compared = 0, oneSecond = 0, citedLines = 0
        for root in ["lab", "libreswan-lab"] {
            let dir = CLI.repo + "/Tests/Fixtures/" + root
            for scenario in try fm.contentsOfDirectory(atPath: dir).sorted() {
                for end in ["a", "b"] {
                    let snapshot = dir + "/" + scenario + "/" + end
                    guard let files = try? fm.contentsOfDirectory(atPath: snapshot), files.contains(where: Self.logNames.contains) else { continue }
                    let copy = tmp + "/" + root + "-" + scenario + "-" + end
                    try fm.createDirectory(atPath: copy, withIntermediateDirectories: true)
                    var seconds = Set<Substring>()
                    for file in files where !file.hasPrefix(".") {
                        var isDir: ObjCBool = false
                        guard fm.fileExists(atPath: snapshot + "/" + file, isDirectory: &isDir), !isDir.boolValue else { continue }
                        guard Self.logNames.contains(file) else {
                            try fm.copyItem(atPath: snapshot + "/" + file, toPath: copy + "/" + file); continue
                        }
                        let lines = try String(contentsOfFile: snapshot + "/" + file, encoding: .utf8).split(separator: "\n")
                        for line in lines { seconds.insert(line.prefix(15)) }  // `Dec  2 10:19:25`
                        try (lines.reversed().joined(separator: "\n") + "\n").write(toFile: copy + "/" + file, atomically: true, encoding: .utf8)
                    }
                    // a log all in one second is told by the daemons' order cues (LogOrderCues)
                    if seconds.count == 1 { oneSecond += 1 }
                    compared += 1
                    let (written, shown) = (try report(snapshot), try report(copy))
                    let (expected, got) = (Self.firstFinding(written), Self.firstFinding(shown))
                    if expected != got { changed.append("\(root)/\(scenario)/\(end): \(expected) → \(got)") }
                    citedLines += try Self.checkCitedLines(shown, in: copy)
                }
            }
        }
        XCTAssertGreaterThanOrEqual(compared, 90, "fewer lab ends with logs than expected")
        XCTAssertGreaterThanOrEqual(oneSecond, 10, "fewer lab ends with a log all in one second than expected")
        XCTAssertGreaterThan(citedLines, 70, "the reports cite few log lines")
        XCTAssertEqual(changed, [], "\n" + changed.joined(separator: "\n"))
        print("lab ends with logs newest first: \(compared) compared (\(oneSecond) of them all in one second), \(changed.count) changed; \(citedLines) cited log lines checked")
    }

    /// Every `file:N: text` the findings' evidence cites from a log names the line holding that
    /// text; how many were checked.
    static func checkCitedLines(_ report: [String: Any], in snapshot: String) throws -> Int {
        var checked = 0
        let cite = try NSRegularExpression(pattern: #"\b(charon\.log|syslog|pluto\.log):(\d+): (.+?)(?:; log |$)"#)
        for finding in report["findings"] as? [[String: Any]] ?? [] {
            for evidence in finding["evidence"] as? [String] ?? [] {
                let ns = evidence as NSString
                for m in cite.matches(in: evidence, range: NSRange(location: 0, length: ns.length)) {
                    let (file, line, text) = (ns.substring(with: m.range(at: 1)), Int(ns.substring(with: m.range(at: 2)))!, ns.substring(with: m.range(at: 3)))
                    let lines = try String(contentsOfFile: snapshot + "/" + file, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
                    let excerpt = text.hasSuffix("…") ? String(text.dropLast()) : text
                    guard lines.contains(where: { $0.contains(excerpt) }) else { continue }  // a summary, not a line's text
                    checked += 1
                    XCTAssertTrue(line <= lines.count && lines[line - 1].contains(excerpt), "\(snapshot): \(file):\(line) is not '\(excerpt)'")
                }
            }
        }
        return checked
    }
}
