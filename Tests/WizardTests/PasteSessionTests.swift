import Foundation
import XCTest

/// The wizard listens: whatever the operator already has in hand (the peer's log line, a
/// notify name read out on the phone, a command's output) can be pasted at any prompt; it is
/// read with the parsers, becomes facts ("you pasted ..."), and what it settles is not asked.
final class PasteSessionTests: XCTestCase {
    let base = ["wizard", "--home", WizardDriver.repo, "--no-probes", "--no-history"]

    /// Phase 1 fails on proposals (what the VyOS responder's log below shows).
    static var ikeProposalMismatch: [String: String] {
        var t = Truth.healthy
        for (k, v) in ["peer.proposals_match": "no", "ike.sa.established": "no", "child.sa.installed": "no", "ike.sa.connecting": "yes",
                       "test.tunnel_traffic_works": "no", "capture.esp_out": "no", "capture.esp_in": "no",
                       "log.ike.no_proposal_chosen": "yes"] { t[k] = v }
        return t
    }

    /// A real responder line (Tests/Fixtures/real/charon-log/vyos-ike-proposal-mismatch-responder.txt).
    static let peerLine = "Jun 23 07:36:33 charon[2440]: 01[IKE] <1> received proposals unacceptable"

    /// On a real terminal (readline), the first thing typed is the peer's log line.
    func testPastedPeerLogLineLeadsToTheDiagnosisWithoutAskingWhatItSettled() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs util-linux script")
        let w = try WizardDriver(["wizard", "--home", WizardDriver.repo, "--no-probes", "--no-history"], terminal: true)
        guard let first = w.nextPrompt(), first.atQuestion else { return XCTFail(w.text) }
        w.send(Self.peerLine)
        w.waitFor("Read what you pasted as a charon log line: log.ike.no_proposal_chosen = true")
        let (asked, end) = w.answerAll(Self.ikeProposalMismatch)
        XCTAssertFalse(asked.contains("log-first-error"), "asked about the log the paste already showed: \(asked)")
        XCTAssertFalse(asked.contains("log.ike.no_proposal_chosen"), "\(asked)")
        XCTAssertTrue(end.contains("PROBLEM: No common IKE (phase 1) proposal [ike.proposal-mismatch]"), end)
        w.send("facts")
        let facts = w.waitFor("Known facts") .flatMap { _ in w.waitFor("ipsec-doctor> ") } ?? ""
        XCTAssertTrue(facts.contains("you pasted “\(Self.peerLine)”"), facts)
        w.send("quit")
        w.waitFor("[y/N]")
        w.send("n")
        XCTAssertEqual(w.finish(), 1, w.text)
    }

    /// "the branch admin says NO_PROPOSAL_CHOSEN": a notify name inside a sentence.
    func testNotifyNameInASentence() throws {
        let w = try WizardDriver(base)
        guard w.nextPrompt() != nil else { return XCTFail(w.text) }
        w.send("the branch admin says NO_PROPOSAL_CHOSEN")
        XCTAssertNotNil(w.waitFor("Read what you pasted as the notify NO_PROPOSAL_CHOSEN: log.ike.no_proposal_chosen = true"))
        w.send("paste the peer reports TS_UNACCEPTABLE for the CHILD_SA")
        XCTAssertNotNil(w.waitFor("log.child.ts_unacceptable = true"))
        XCTAssertFalse(w.text.contains("is not an answer I understand"), w.text)
        _ = w.finish()
    }

    /// After the last question the prompt still takes evidence: "The questions are over" must
    /// not swallow a paste.
    func testPasteAfterTheQuestionsEnd() throws {
        let w = try WizardDriver(base)
        let (_, end) = w.answerAll(Truth.pskMismatch)
        XCTAssertTrue(end.contains("[ike.auth-failed-psk]"), end)
        w.send("Nov 23 19:40:34 15[IKE] <lab|1> received AUTHENTICATION_FAILED notify error")
        w.waitFor("Read what you pasted as a charon log line")
        w.send("banana")
        w.waitFor("The questions are over. Paste a log line")
        let before = w.text.components(separatedBy: "The questions are over").count - 1
        XCTAssertEqual(before, 1, "only `banana` is not evidence: \(w.text.suffix(2000))")
        _ = w.finish()
    }

    /// `paste`, then a command's output, then an empty line.
    func testPasteBlockOfCommandOutput() throws {
        let sas = try String(contentsOfFile: WizardDriver.repo + "/Tests/Fixtures/real/swanctl-list-sas/strongswan-docs-list-sas-home.txt", encoding: .utf8)
        let w = try WizardDriver(base)
        guard w.nextPrompt() != nil else { return XCTFail(w.text) }
        w.send("paste")
        w.waitFor("Paste the text, then an empty line:")
        for line in sas.split(separator: "\n", omittingEmptySubsequences: false) where !line.trimmingCharacters(in: .whitespaces).isEmpty {
            w.send(String(line))
        }
        w.send("")
        XCTAssertNotNil(w.waitFor("Read what you pasted as swanctl-list-sas output:"))
        XCTAssertNotNil(w.waitFor("ike.sa.established = true"))
        _ = w.finish()
    }

    /// `why` is short and plain; `why --detail` keeps the rules' trace.
    func testWhyIsPlainAndDetailKeepsTheTrace() throws {
        let w = try WizardDriver(base)
        guard w.nextPrompt() != nil else { return XCTFail(w.text) }
        w.send("why")
        let why = w.waitFor("(`why --detail`: the rules behind this)") ?? ""
        XCTAssertTrue(why.contains("I suspect") || why.contains("I already suspect"), why)
        XCTAssertFalse(why.contains("bits for an effort"), why)
        XCTAssertFalse(why.contains("cf 0."), why)
        let sentences = why.components(separatedBy: ". ").count
        XCTAssertLessThanOrEqual(sentences, 4, why)
        w.send("why --detail")
        XCTAssertNotNil(w.waitFor("bits for an effort of"))
        _ = w.finish()
    }

    /// With a problem already suspected, `why` names it.
    func testWhyNamesWhatIsAlreadySuspected() throws {
        let w = try WizardDriver(["wizard", "--home", WizardDriver.repo, "--no-history", "--snapshot",
                                  WizardDriver.repo + "/Tests/Fixtures/lab/psk-mismatch/a"])
        guard let first = w.nextPrompt(), first.atQuestion else { return XCTFail(w.text) }
        w.send("why")
        let why = w.waitFor("(`why --detail`") ?? ""
        XCTAssertTrue(why.contains("I already suspect the pre-shared keys differ (ike.auth-failed-psk)"), why)
        _ = w.finish()
    }

    /// Answers loaded with `resume` are not questions asked: numbering starts at 1 and the end
    /// counts only what was asked in this session (issue 12: "after 7 questions" after 1).
    func testResumedAnswersAreNotCountedAsQuestions() throws {
        let file = NSTemporaryDirectory() + "resume-\(UUID().uuidString).yaml"
        defer { try? FileManager.default.removeItem(atPath: file) }
        try """
        answers:
          ike.daemon.running: true
          ike.sa.established: false
          child.sa.installed: false
          conn.auth: psk
          host.os: linux
          ike.implementation: strongswan
          test.tunnel_traffic_works: false
        """.write(toFile: file, atomically: true, encoding: .utf8)
        let w = try WizardDriver(base)
        guard w.nextPrompt() != nil else { return XCTFail(w.text) }
        w.send("resume \(file)")
        w.waitFor("Resumed 7 answers")
        guard let first = w.nextPrompt(), first.atQuestion, let subject = WizardDriver.fact(in: first.text) else { return XCTFail(w.text) }
        XCTAssertTrue(first.text.contains("Question 1:"), first.text)
        w.send(WizardDriver.answer(subject, from: Truth.pskMismatch))
        let (rest, end) = w.answerAll(Truth.pskMismatch)
        let asked = 1 + rest.count
        XCTAssertTrue(end.contains("=== Diagnosis after \(asked) question\(asked == 1 ? "" : "s")"), end)
        _ = w.finish()
    }
}
