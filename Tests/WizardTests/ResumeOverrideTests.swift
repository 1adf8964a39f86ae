import Facts
import Foundation
import Report
import RuleBase
@testable import Wizard
import XCTest

/// `resume FILE` in the wizard follows the `--answers` rules: a saved answer does not replace
/// what the host shows unless it sits under `overrides:`, and a value the fact does not take is
/// reported and ignored.
final class ResumeOverrideTests: XCTestCase {
    func testResumedAnswersDoNotReplaceWhatTheProbesSaw() throws {
        let file = NSTemporaryDirectory() + "resume-\(UUID().uuidString).yaml"
        defer { try? FileManager.default.removeItem(atPath: file) }
        // The healthy snapshot's process list shows charon running.
        try "answers:\n  ike.daemon.running: false\n  peer.ike_version: 7\n  peer.ike_version_differs: false\n"
            .write(toFile: file, atomically: true, encoding: .utf8)
        let w = try WizardDriver(["wizard", "--home", WizardDriver.repo, "--snapshot", WizardDriver.repo + "/Tests/Fixtures/lab/healthy/a"])
        guard w.nextPrompt() != nil else { return XCTFail(w.text) }
        w.send("resume \(file)")
        let seen = w.waitFor("Resumed ") ?? ""
        XCTAssertTrue(seen.contains("\(file):2: ike.daemon.running = false not used, the host shows true"), seen)
        XCTAssertTrue(seen.contains("\(file):3: `7` is not a value of peer.ike_version"), seen)
        w.waitFor("1 answer from \(file).")
        _ = w.finish()

        try "overrides:\n  ike.daemon.running: false\n".write(toFile: file, atomically: true, encoding: .utf8)
        let o = try WizardDriver(["wizard", "--home", WizardDriver.repo, "--snapshot", WizardDriver.repo + "/Tests/Fixtures/lab/healthy/a"])
        guard o.nextPrompt() != nil else { return XCTFail(o.text) }
        o.send("resume \(file)")
        let taken = o.waitFor("from \(file).") ?? ""
        XCTAssertTrue(taken.contains("Resumed 1 answer"), taken)
        _ = o.finish()
    }
}

/// A typed answer at the wizard's prompt is held to the same vocabulary as `--answer`.
final class TypedAnswerValuesTests: XCTestCase {
    func testANumberTheFactDoesNotTakeIsAskedAgainWithItsValues() throws {
        let base = RuleBase.load(rules: WizardDriver.repo + "/Rules", knowledge: WizardDriver.repo + "/Knowledge")
        let session = WizardSession(base: base, gathered: FactStore(), reader: PlainLineReader(), style: Style(enabled: false),
                                    write: { _ in })
        let q = try XCTUnwrap(base.questions.first { $0.fact == "peer.ike_version" })
        XCTAssertNil(session.interpret("7", for: q), "IKE has versions 1 and 2")
        XCTAssertEqual(session.interpret("2", for: q)?.1.first?.value, .number(2))
        XCTAssertEqual(Explainer(base: base, style: Style(enabled: false)).acceptedAnswers(q), ["1", "2"])
    }
}
