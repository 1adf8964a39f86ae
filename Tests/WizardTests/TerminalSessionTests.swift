import Foundation
import XCTest

/// The wizard on a real pseudo-terminal (util-linux `script` allocates it): readline is active,
/// so line editing, tab completion and Ctrl-C behave as for a person at a terminal.
final class TerminalSessionTests: XCTestCase {
    override func setUpWithError() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs util-linux script")
    }

    let base = ["wizard", "--home", WizardDriver.repo, "--no-probes"]

    func testFullSessionUnderReadline() throws {
        let home = NSTemporaryDirectory() + "wizard-home-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: home) }
        let w = try WizardDriver(base, terminal: true, home: home)
        let (asked, end) = w.answerAll(Truth.pskMismatch)
        XCTAssertFalse(asked.isEmpty, w.text)
        XCTAssertTrue(end.contains("[ike.auth-failed-psk]"), end)
        w.send("quit")
        // Offered to save: decline.
        w.waitFor("[y/N]")
        w.send("n")
        let status = w.finish()
        XCTAssertEqual(status, 1, w.text)
        // readline saved the history in $HOME.
        let history = (try? String(contentsOfFile: home + "/.ipsec_doctor_history", encoding: .utf8)) ?? ""
        XCTAssertTrue(history.contains("quit"), "history: \(history)")
    }

    func testTabCompletesCommandsAndCtrlCDropsTheLine() throws {
        let w = try WizardDriver(base + ["--no-history"], terminal: true)
        guard w.nextPrompt() != nil else { return XCTFail(w.text) }
        // "fac" + TAB completes to the command `facts`.
        w.sendRaw("fac\t\n")
        w.waitFor("Nothing is known yet.")
        // Ctrl-C abandons the line typed so far and prompts again.
        w.waitFor("answer> ")
        w.sendRaw("this-line-is-abandoned")
        Thread.sleep(forTimeInterval: 0.3)
        w.sendRaw("\u{03}")
        Thread.sleep(forTimeInterval: 0.3)
        w.sendRaw("help\n")
        w.waitFor("resume FILE")
        XCTAssertFalse(w.text.contains("'this-line-is-abandoned' is not an answer"), w.text)
        w.sendRaw("\u{04}")  // Ctrl-D ends the session
        let status = w.finish()
        XCTAssertEqual(status, 2, w.text)  // inconclusive: nothing was answered
    }
}
