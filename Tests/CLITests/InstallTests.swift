import Foundation
import XCTest

/// The tool as installed and used outside a checkout: data found under its prefix, completions,
/// help text wrapped once, colour only on a terminal and never with NO_COLOR.
final class InstallTests: XCTestCase {
    /// `make install PREFIX=P` puts the binary in P/bin and the data in P/share/ipsec-doctor.
    func testFindsItsDataUnderTheInstallPrefix() throws {
        let fm = FileManager.default
        let prefix = NSTemporaryDirectory() + "ipsec-doctor-prefix-\(UUID().uuidString)"
        defer { try? fm.removeItem(atPath: prefix) }
        try fm.createDirectory(atPath: prefix + "/bin", withIntermediateDirectories: true)
        try fm.createDirectory(atPath: prefix + "/share/ipsec-doctor", withIntermediateDirectories: true)
        try fm.copyItem(atPath: CLI.executable, toPath: prefix + "/bin/ipsec-doctor")
        for dir in ["Rules", "Knowledge"] { try fm.copyItem(atPath: CLI.repo + "/" + dir, toPath: prefix + "/share/ipsec-doctor/" + dir) }

        let p = Process()
        p.executableURL = URL(fileURLWithPath: prefix + "/bin/ipsec-doctor")
        p.arguments = ["explain", "spi"]
        p.currentDirectoryURL = URL(fileURLWithPath: "/")
        var env = ProcessInfo.processInfo.environment
        env["IPSEC_DOCTOR_HOME"] = nil
        p.environment = env
        let out = Pipe(), err = Pipe()
        p.standardOutput = out; p.standardError = err
        try p.run()
        let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let errors = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationStatus, 0, errors)
        XCTAssertTrue(text.contains("[concept: spi]"), text)
    }

    func testCompletionScripts() throws {
        for shell in ["bash", "zsh", "fish"] {
            let r = try CLI.run(["--generate-completion-script", shell])
            XCTAssertEqual(r.status, 0, r.stderr)
            XCTAssertTrue(r.stdout.contains("diagnose") && r.stdout.contains("prometheus"), "\(shell): \(r.stdout.prefix(300))")
        }
    }

    /// Help text is wrapped by argument-parser alone: no paragraph line broken early by a
    /// newline in the source ("...prints a\nverdict ...").
    func testHelpIsWrappedOnce() throws {
        for args in [["--help"], ["collect", "--help"], ["diagnose", "--help"], ["wizard", "--help"], ["explain", "--help"]] {
            let lines = try CLI.run(args, environment: ["COLUMNS": "80"]).stdout.split(separator: "\n", omittingEmptySubsequences: false)
            for (i, line) in lines.enumerated().dropLast() {
                let next = lines[i + 1].trimmingCharacters(in: .whitespaces)
                guard let first = next.first, first.isLowercase, !line.hasSuffix(":"), !line.hasSuffix(".") else { continue }
                XCTAssertGreaterThan(line.count, 45, "`ipsec-doctor \(args.joined(separator: " "))` breaks a line early: '\(line)' / '\(next)'")
            }
        }
    }

    /// Colour on a terminal only, and never with NO_COLOR (no-color.org).
    func testColourOnlyOnATerminalWithoutNoColor() throws {
        try XCTSkipUnless(FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs util-linux script")
        let snapshot = CLI.repo + "/Tests/Fixtures/lab/psk-mismatch/b"
        func run(terminal: Bool, noColor: Bool) throws -> String {
            let p = Process()
            let argv = [CLI.executable, "diagnose", "--home", CLI.repo, "--snapshot", snapshot]
            if terminal {
                p.executableURL = URL(fileURLWithPath: "/usr/bin/script")
                p.arguments = ["-qec", argv.map { "'\($0)'" }.joined(separator: " "), "/dev/null"]
            } else {
                p.executableURL = URL(fileURLWithPath: CLI.executable)
                p.arguments = Array(argv.dropFirst())
            }
            var env = ProcessInfo.processInfo.environment
            env["NO_COLOR"] = noColor ? "1" : nil
            env["TERM"] = "xterm"
            p.environment = env
            let out = Pipe()
            p.standardOutput = out
            p.standardInput = FileHandle.nullDevice
            try p.run()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            p.waitUntilExit()
            XCTAssertTrue(text.contains("pre-shared keys differ"), text)
            return text
        }
        XCTAssertTrue(try run(terminal: true, noColor: false).contains("\u{1B}["), "a terminal gets colour")
        XCTAssertFalse(try run(terminal: true, noColor: true).contains("\u{1B}["), "NO_COLOR is respected")
        XCTAssertFalse(try run(terminal: false, noColor: false).contains("\u{1B}["), "a pipe gets no colour")
    }

    /// `explain spi reqid`: several topics, one article each.
    func testExplainSeveralTopics() throws {
        let r = try CLI.run(["explain", "--home", CLI.repo, "spi", "reqid"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains("[concept: spi]") && r.stdout.contains("[concept: reqid]"), r.stdout)
        let bad = try CLI.run(["explain", "--home", CLI.repo, "spi", "no-such-topic"])
        XCTAssertEqual(bad.status, 64)
        XCTAssertTrue(bad.stderr.contains("no article for 'no-such-topic'"), bad.stderr)
    }

    func testMissingAnswersFileIsNamed() throws {
        let r = try CLI.run(["diagnose", "--home", CLI.repo, "--snapshot", CLI.repo + "/Tests/Fixtures/lab/healthy/a", "--answers", "/nonexistent/answers.yaml"])
        XCTAssertEqual(r.status, 65)
        XCTAssertTrue(r.stderr.contains("/nonexistent/answers.yaml: no such file"), r.stderr)
    }
}
