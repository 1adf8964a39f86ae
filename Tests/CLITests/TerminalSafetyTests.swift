import Foundation
import XCTest

/// Reports quote what they read, and some of it comes from people who do not wish the reader
/// well: a peer chooses its IKE identity and EAP identity, which charon logs; anyone can hand
/// over a snapshot. A terminal obeys control sequences, so none may reach it as is: the window
/// title sequence, a screen clear, an SGR that hides what follows, a right-to-left override.
final class TerminalSafetyTests: XCTestCase {
    /// A charon log whose quoted identity carries terminal control sequences (as a peer could
    /// send it: strongSwan prints an ID_FQDN's bytes as they came).
    static let hostileLine = "Dec  2 15:10:48 08[IKE] <lab|1> received AUTHENTICATION_FAILED notify error "
        + "\u{1B}]2;owned\u{07}\u{1B}[2J\u{1B}[8mhidden\u{1B}[0m \u{202E}txet desrever"

    func snapshot() throws -> String {
        let dir = NSTemporaryDirectory() + "ipsec-doctor-terminal-\(getpid())"
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try (Self.hostileLine + "\n").write(toFile: dir + "/charon.log", atomically: true, encoding: .utf8)
        return dir
    }

    func testTheTextReportShowsControlSequencesInsteadOfSendingThem() throws {
        let dir = try snapshot()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CLI.run(["diagnose", "--home", CLI.repo, "--snapshot", dir, "--verbose"])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stdout.contains("AUTHENTICATION_FAILED"), "the line is still quoted:\n\(r.stdout)")
        // Shown, so the reader sees what was there ...
        XCTAssertTrue(r.stdout.contains("\\x1b]2;owned\\x07"), r.stdout)
        XCTAssertTrue(r.stdout.contains("\\x1b[2J"), r.stdout)
        XCTAssertTrue(r.stdout.contains("\\x1b[8mhidden"), r.stdout)
        XCTAssertTrue(r.stdout.contains("\\u{202e}txet desrever"), r.stdout)
        // ... and not sent: no ESC but those of a colour reset, no BEL, no bidi override.
        for bad in ["\u{1B}]", "\u{1B}[2J", "\u{1B}[8m", "\u{07}", "\u{202E}"] {
            XCTAssertFalse(r.stdout.contains(bad), "stdout carries \(bad.unicodeScalars.map { String($0.value, radix: 16) })")
        }
    }

    /// JSON keeps the exact text (escaped as JSON escapes it) and stays valid JSON.
    func testJSONKeepsTheExactTextAndStaysValid() throws {
        let dir = try snapshot()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let r = try CLI.run(["diagnose", "--format", "json", "--home", CLI.repo, "--snapshot", dir])
        let json = try XCTUnwrap(r.json, "not JSON: \(r.stdout)")
        let excerpts = ((json["findings"] as? [[String: Any]]) ?? []).flatMap { ($0["evidence"] as? [String]) ?? [] }
        XCTAssertTrue(excerpts.contains { $0.contains("\u{1B}]2;owned\u{07}") }, "\(excerpts)")
        XCTAssertFalse(r.stdout.contains("\u{1B}"), "JSON escapes ESC as \\u001b")
    }

    /// Error messages quote the user's input too (a file name here).
    func testErrorMessagesAreSafeToo() throws {
        let name = NSTemporaryDirectory() + "no-such-\u{1B}]2;owned\u{07}.log"
        let r = try CLI.run(["diagnose", "--home", CLI.repo, "--log", name])
        XCTAssertNotEqual(r.status, 0)
        XCTAssertTrue(r.stderr.contains("no-such-\\x1b]2;owned\\x07.log"), r.stderr)
        XCTAssertFalse(r.stderr.contains("\u{1B}]"), r.stderr)
    }
}
