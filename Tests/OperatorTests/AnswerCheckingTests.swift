import Facts
import Foundation
@testable import Operator
import RuleBase
import XCTest

/// What the operator tells ipsec-doctor before any question (`--answer`, `--answers FILE`) is
/// checked against the shipped vocabulary (Rules/facts.yaml), and never silently replaces what
/// the host shows.
final class AnswerCheckingTests: XCTestCase {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let base = RuleBase.load(rules: repo + "/Rules", knowledge: repo + "/Knowledge")

    func read(_ options: [String], file: String? = nil) throws(DoctorError) -> OperatorAnswers {
        try OperatorAnswers.read(options: options, file: file, base: Self.base)
    }

    func error(_ options: [String], file: String? = nil) -> DoctorError? {
        do { _ = try read(options, file: file); return nil } catch { return error }
    }

    func temporaryFile(_ text: String) throws -> String {
        let path = NSTemporaryDirectory() + "answers-\(UUID().uuidString).yaml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: path) }
        return path
    }

    func testAValueTheFactDoesNotTakeIsAUsageErrorListingWhatItTakes() throws {
        let e = try XCTUnwrap(error(["peer.ike_version=banana"]))
        XCTAssertEqual(e.exitCode, 64)
        XCTAssertEqual(e.subject, "--answer peer.ike_version=banana")
        XCTAssertTrue(e.message.contains("peer.ike_version") && e.message.contains("1, 2"), e.message)
        // A number the vocabulary does not list is refused too (IKE has versions 1 and 2).
        XCTAssertEqual(error(["peer.ike_version=3"])?.exitCode, 64)
        let maybe = try XCTUnwrap(error(["ike.daemon.running=maybe"]))
        XCTAssertTrue(maybe.message.contains("yes or no"), maybe.message)
        let os = try XCTUnwrap(error(["host.os=windows"]))
        XCTAssertTrue(os.message.contains("linux, openbsd, illumos"), os.message)
    }

    func testWellFormedAnswersAreTypedAsTheVocabularySays() throws {
        let answers = try read(["peer.ike_version=2", "ike.daemon.running=no", "ike.implementation=strongSwan",
                                "conn.remote_ts=10.1.0.0/24, 10.2.0.0/24"])
        let store = FactStore(answers.facts)
        XCTAssertEqual(store.value("peer.ike_version"), .number(2))
        XCTAssertEqual(store.value("ike.daemon.running"), .bool(false))
        XCTAssertEqual(store.value("ike.implementation"), .string("strongswan"), "written as the vocabulary lists it")
        XCTAssertEqual(store.value("conn.remote_ts"), .list(["10.1.0.0/24", "10.2.0.0/24"]))
    }

    func testAnswersFileValuesAreCheckedWithFileAndLine() throws {
        let path = try temporaryFile("peer.ike_version: 2\nconn.start_action: sometimes\n")
        let e = try XCTUnwrap(error([], file: path))
        XCTAssertEqual(e.exitCode, 65, "an invalid answers file (docs/CONTRACT.md), as an unknown fact in it is")
        XCTAssertEqual(e.subject, "\(path):2")
        XCTAssertTrue(e.message.contains("conn.start_action") && e.message.contains("start, trap, none"), e.message)
        // A list where one value is expected is the wrong type.
        let list = try temporaryFile("ike.daemon.running: [yes, no]\n")
        XCTAssertEqual(error([], file: list)?.exitCode, 65)
        // An unknown fact in the file: the same code, naming the same file and line.
        let unknown = try temporaryFile("peer.ike_version: 2\nnot.a.fact: true\n")
        let u = try XCTUnwrap(error([], file: unknown))
        XCTAssertEqual(u.exitCode, 65)
        XCTAssertEqual(u.subject, "\(unknown):2")
    }

    func testAProbesFactIsKeptUnlessTheOperatorOverridesIt() throws {
        var store = FactStore([Fact("ike.daemon.running", .bool(true), from: Provenance(.probe, "processes", excerpt: "charon"))])
        let setAside = try read(["ike.daemon.running=no", "peer.ike_version=2"]).apply(to: &store)
        XCTAssertEqual(store.value("ike.daemon.running"), .bool(true), "the probe saw charon running")
        XCTAssertEqual(store.value("peer.ike_version"), .number(2), "a fact no probe saw is filled")
        XCTAssertEqual(setAside.count, 1)
        XCTAssertTrue(setAside[0].description.contains("ike.daemon.running:="), setAside[0].description)

        let overridden = try read(["ike.daemon.running:=no"]).apply(to: &store)
        XCTAssertTrue(overridden.isEmpty)
        XCTAssertEqual(store.value("ike.daemon.running"), .bool(false))
        XCTAssertEqual(store["ike.daemon.running"]?.provenance.first?.kind, .answer)
    }

    func testOverridesInAnAnswersFile() throws {
        let path = try temporaryFile("answers:\n  peer.ike_version: 1\noverrides:\n  ike.daemon.running: false\n")
        var store = FactStore([Fact("ike.daemon.running", .bool(true), from: Provenance(.probe, "processes"))])
        XCTAssertTrue(try read([], file: path).apply(to: &store).isEmpty)
        XCTAssertEqual(store.value("ike.daemon.running"), .bool(false))
        XCTAssertEqual(store.value("peer.ike_version"), .number(1))
    }

    func testTheLaterAnswerToTheSameFactWins() throws {
        var store = FactStore()
        try read(["log.ike.auth_failed=yes", "log.ike.auth_failed=no"]).apply(to: &store)
        XCTAssertEqual(store.value("log.ike.auth_failed"), .bool(false))
    }

    func testAMissingAnswersFileSaysNoSuchFile() throws {
        let e = try XCTUnwrap(error([], file: "/nonexistent/answers.yaml"))
        XCTAssertEqual(e.exitCode, 65)
        XCTAssertEqual(e.description, "/nonexistent/answers.yaml: no such file")
    }

    /// An alias used as a mapping key, nested: composing it hashes an exponentially large key.
    /// Refused before YAML is composed, so it cannot spin.
    func testYAMLAliasesAreRefusedBeforeComposing() throws {
        var yaml = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...30 { yaml += "a\(i): &a\(i) [*a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1), *a\(i - 1)]\n" }
        yaml += "? *a30\n: 1\n"
        let path = try temporaryFile(yaml)
        let start = Date()
        let e = try XCTUnwrap(error([], file: path))
        let seconds = Date().timeIntervalSince(start)
        XCTAssertEqual(e.exitCode, 65)
        XCTAssertEqual(e.subject, "\(path):1")
        XCTAssertTrue(e.message.contains("aliases"), e.message)
        print("alias-bomb answers file refused in \(String(format: "%.4f", seconds)) s")
        XCTAssertLessThan(seconds, 5, "generous: it is one pass over 2 KB")
    }

    func testStarsAndAmpersandsInsideValuesAreNotAliases() {
        XCTAssertNil(AnswerFile.aliasOrAnchorLine("x: \"*a\"\ny: 'it''s &b'\nz: a*b&c  # *comment\nw: [\"*q\", '&r']\n"))
        XCTAssertEqual(AnswerFile.aliasOrAnchorLine("x: 1\ny: [a, *b]\n"), 2)
        XCTAssertEqual(AnswerFile.aliasOrAnchorLine("x: \"a\\\"\" \ny: &anchor 1\n"), 2)
    }

    func testAnOversizedAnswersFileIsRefused() throws {
        let path = try temporaryFile(String(repeating: "# padding\n", count: AnswerFile.maximumBytes / 10 + 1))
        let e = try XCTUnwrap(error([], file: path))
        XCTAssertEqual(e.exitCode, 65)
        XCTAssertTrue(e.message.contains("too big"), e.message)
    }

    /// 10,000 answers are read and applied in linear time; the figure goes to the test log.
    func testManyAnswersAreReadInLinearTime() throws {
        func seconds(_ n: Int) throws -> Double {
            let options = (0..<n).map { "peer.ike_version=\($0 % 2 + 1)" }
            let start = Date()
            var store = FactStore()
            try read(options).apply(to: &store)
            return Date().timeIntervalSince(start)
        }
        let small = try seconds(1_000), large = try seconds(10_000)
        print("1,000 answers: \(String(format: "%.3f", small)) s; 10,000 answers: \(String(format: "%.3f", large)) s")
        XCTAssertLessThan(large, 10, "generous: quadratic reading took 16 s")
    }
}
