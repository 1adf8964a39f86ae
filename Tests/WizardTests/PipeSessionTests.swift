import Foundation
import XCTest

/// The wizard driven through a pipe: stdin is not a terminal, so it reads plain lines.
final class PipeSessionTests: XCTestCase {
    let base = ["wizard", "--home", WizardDriver.repo, "--no-probes", "--no-history"]

    func testFullSessionReachesTheDiagnosis() throws {
        let w = try WizardDriver(base)
        let (asked, end) = w.answerAll(Truth.pskMismatch)
        XCTAssertFalse(asked.isEmpty)
        XCTAssertEqual(Set(asked).count, asked.count, "a fact was asked twice: \(asked)")
        XCTAssertTrue(end.contains("PROBLEM: The pre-shared keys differ [ike.auth-failed-psk]"), end)
        XCTAssertTrue(end.contains("What to do:"), end)
        XCTAssertTrue(end.contains("explain ike.auth-failed-psk"), end)
        w.send("how ike.auth-failed-psk")
        let how = w.waitFor("Certainty factors combine") ?? ""
        XCTAssertTrue(how.contains("peer.psk_confirmed_equal = false — your answer"), how)
        let status = w.finish()
        XCTAssertEqual(status, 1, w.text)  // like diagnose: 1 = problem
    }

    func testNeverAsksWhatIsAlreadyKnown() throws {
        let w = try WizardDriver(base + ["--answer", "ike.sa.established=false", "--answer", "peer.psk_confirmed_equal=false"])
        let (asked, _) = w.answerAll(Truth.pskMismatch)
        XCTAssertFalse(asked.contains("ike.sa.established"), "\(asked)")
        XCTAssertFalse(asked.contains("peer.psk_confirmed_equal"), "\(asked)")
        _ = w.finish()
    }

    func testWhyNamesTheHypothesesInTheRulesWords() throws {
        let w = try WizardDriver(base)
        guard let first = w.nextPrompt(), let fact = WizardDriver.fact(in: first.text) else { return XCTFail(w.text) }
        w.send("why --detail")
        let why = w.waitFor("bits for an effort of") ?? ""
        XCTAssertTrue(why.contains("I ask about \(fact) because it tells apart"), why)
        XCTAssertTrue(why.contains("then rule "), why)
        XCTAssertTrue(why.contains("conclude"), why)
        _ = w.finish()
    }

    func testBadAnswerIsAskedAgainWithTheAcceptedValues() throws {
        let w = try WizardDriver(base)
        guard let first = w.nextPrompt(), let fact = WizardDriver.fact(in: first.text) else { return XCTFail(w.text) }
        w.send("perhaps-tomorrow")
        w.waitFor("'perhaps-tomorrow' is not an answer I understand. Please answer")
        guard let again = w.nextPrompt() else { return XCTFail(w.text) }
        XCTAssertTrue(again.atQuestion)
        w.send(WizardDriver.answer(fact, from: Truth.healthy))
        guard let second = w.nextPrompt() else { return XCTFail(w.text) }
        XCTAssertTrue(second.text.contains("Question 2:") || !second.atQuestion, second.text)
        _ = w.finish()
    }

    func testBackUndoesTheLastAnswerAndAsksAgain() throws {
        let w = try WizardDriver(base)
        guard let first = w.nextPrompt(), let fact = WizardDriver.fact(in: first.text) else { return XCTFail(w.text) }
        let answer = WizardDriver.answer(fact, from: Truth.pskMismatch)
        w.send(answer)
        guard let second = w.nextPrompt() else { return XCTFail(w.text) }
        XCTAssertTrue(second.text.contains("Question 2:"), second.text)
        w.send("back")
        guard let again = w.nextPrompt() else { return XCTFail(w.text) }
        XCTAssertTrue(again.text.contains("Undone: your answer \(answer) to "), again.text)
        XCTAssertTrue(again.text.contains("Question 1:"), again.text)
        XCTAssertEqual(WizardDriver.fact(in: again.text), fact)
        w.send("back")
        w.waitFor("There is no answer to undo.")
        _ = w.finish()
    }

    func testSaveThenResumeAndDiagnoseReadsTheFile() throws {
        let file = NSTemporaryDirectory() + "wizard-session-\(UUID().uuidString).yaml"
        defer { try? FileManager.default.removeItem(atPath: file) }
        let w = try WizardDriver(base)
        var facts: [String] = []
        for _ in 0..<2 {
            guard let p = w.nextPrompt(), p.atQuestion, let fact = WizardDriver.fact(in: p.text) else { return XCTFail(w.text) }
            facts.append(fact)
            w.send(WizardDriver.answer(fact, from: Truth.pskMismatch))
        }
        guard w.nextPrompt() != nil else { return XCTFail(w.text) }
        w.send("save \(file)")
        w.waitFor("to \(file).")
        _ = w.finish()
        let saved = try String(contentsOfFile: file, encoding: .utf8)
        XCTAssertTrue(saved.contains("answers:"), saved)
        for subject in facts where WizardDriver.answer(subject, from: Truth.pskMismatch) != "unknown" {
            XCTAssertTrue(WizardDriver.facts(of: subject).contains { saved.contains("  \($0): ") }, "\(subject) not saved:\n\(saved)")
        }

        // The wizard takes the answers back and goes on from there.
        let r = try WizardDriver(base)
        guard r.nextPrompt() != nil else { return XCTFail(r.text) }
        r.send("resume \(file)")
        r.waitFor("Resumed ")
        guard let next = r.nextPrompt() else { return XCTFail(r.text) }
        if next.atQuestion, let fact = WizardDriver.fact(in: next.text) { XCTAssertFalse(facts.contains(fact), next.text) }
        _ = r.finish()

        // `diagnose --answers FILE` accepts the same file.
        let d = Process()
        d.executableURL = URL(fileURLWithPath: WizardDriver.executable)
        d.arguments = ["diagnose", "--home", WizardDriver.repo, "--snapshot", WizardDriver.repo + "/Tests/Fixtures/lab/healthy/a", "--answers", file]
        d.standardOutput = FileHandle.nullDevice
        d.standardError = FileHandle.nullDevice
        try d.run()
        d.waitUntilExit()
        XCTAssertTrue([0, 1, 2].contains(d.terminationStatus), "diagnose --answers exited \(d.terminationStatus)")
    }

    func testQuitOffersToSave() throws {
        let file = NSTemporaryDirectory() + "wizard-quit-\(UUID().uuidString).yaml"
        defer { try? FileManager.default.removeItem(atPath: file) }
        let w = try WizardDriver(base)
        guard let p = w.nextPrompt(), let fact = WizardDriver.fact(in: p.text) else { return XCTFail(w.text) }
        w.send(WizardDriver.answer(fact, from: Truth.healthy))
        guard w.nextPrompt() != nil else { return XCTFail(w.text) }
        w.send("quit")
        w.waitFor("Save your answers to resume later? [y/N]")
        w.send("y")
        w.waitFor("File [")
        w.send(file)
        let saved = w.waitFor(" to \(file).") ?? ""
        // One answer given (an observation answer sets several facts: issue 12, "Saved 12 answers" after 3).
        let facts = WizardDriver.facts(of: fact).count
        XCTAssertTrue(saved.contains("Saved 1 answer" + (facts > 1 ? " (\(facts) facts)" : " to")), saved)
        _ = w.finish()
        XCTAssertTrue(FileManager.default.fileExists(atPath: file))
    }

    func testCommandsExplainFactsHowAndHelp() throws {
        let w = try WizardDriver(base + ["--answer", "ike.implementation=strongswan"])
        guard w.nextPrompt() != nil else { return XCTFail(w.text) }
        w.send("facts")
        w.waitFor("ike.implementation")
        w.send("explain spi")
        w.waitFor("See also")
        w.send("how ike.auth-failed-psk")
        w.waitFor("ike.auth-failed-psk has not been concluded")
        w.send("help")
        w.waitFor("resume FILE")
        _ = w.finish()
    }

    /// An observation question lists numbered lines with what each means; a number picks one,
    /// and the answer sets every fact the line implies, each shown with its source.
    func testObservationQuestionTakesANumberAndSetsSeveralFacts() throws {
        let w = try WizardDriver(base)
        var block = ""
        for _ in 0..<10 {
            guard let p = w.nextPrompt(), p.atQuestion, let subject = WizardDriver.fact(in: p.text) else { return XCTFail(w.text) }
            if p.text.contains("Answer with a number or a name") { block = p.text; break }
            w.send(WizardDriver.answer(subject, from: Truth.pskMismatch))
        }
        guard let subject = WizardDriver.fact(in: block), let q = WizardDriver.rules.question(id: subject) else {
            return XCTFail("no observation question within 10:\n\(w.text)")
        }
        XCTAssertTrue(block.contains(" 1. \(q.choices[0].answer)"), block)
        XCTAssertTrue(block.contains(q.choices[0].meaning), block)
        w.send("why --detail")
        let why = w.waitFor("bits for an effort of") ?? ""
        XCTAssertTrue(why.contains("I ask about \(subject) because it tells apart"), why)
        XCTAssertTrue(why.contains("if the answer is "), why)
        _ = w.nextPrompt()  // the same question again
        let last = q.choices.count
        w.send(String(last))
        guard w.nextPrompt() != nil else { return XCTFail(w.text) }
        w.send("facts")
        let facts = w.nextPrompt()?.text ?? ""
        let lines = facts.split(separator: "\n")
        for a in q.assignments(for: q.choices[last - 1]) {
            XCTAssertTrue(lines.contains { $0.contains(" \(a.fact) ") && $0.contains("= \(a.value)") && $0.contains("your answer to \(subject)") },
                          "\(a.fact) = \(a.value) missing:\n\(facts)")
        }
        w.send("back")
        let undone = w.waitFor("Undone: your answer \(q.choices[last - 1].answer) to \(subject)") ?? ""
        XCTAssertFalse(undone.isEmpty)
        _ = w.finish()
    }
}
