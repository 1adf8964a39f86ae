import Foundation
import XCTest

/// Inputs that once crashed ipsec-doctor or ran away with it (issue 13), each run as a user
/// would: the command must end by itself, with a clear error or a verdict, never a signal.
final class CrashRegressionTests: XCTestCase {
    func tmpDir() throws -> String {
        let d = NSTemporaryDirectory() + "ipsec-doctor-crash-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: d) }
        return d
    }

    /// 40,000 nested blocks in swanctl.conf overflowed the stack when the parser's tree was
    /// freed (recursive deinit), and when a connection inherited from such a template.
    func testFortyThousandNestedBlocksInSwanctlConf() throws {
        let dir = try tmpDir()
        let depth = 40_000
        let text = "connections {\n  base {\n" + String(repeating: "a {\n", count: depth) + String(repeating: "}\n", count: depth)
            + "  }\n  c : base {\n    version = 2\n  }\n}\n"
        try text.write(toFile: dir + "/swanctl.conf", atomically: true, encoding: .utf8)
        let r = try CLI.run(["parse", "swanctl-conf", dir + "/swanctl.conf", "--compact"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains(#""name":"c","inherits":"base","version":2"#), String(r.stdout.prefix(400)))
        let d = try CLI.run(["diagnose", "--home", CLI.repo, "--snapshot", dir])
        XCTAssertTrue([0, 1, 2].contains(d.status), "diagnose: \(d.status) \(d.stderr)")
    }

    /// `parse < /dev/zero` grew to 4 GB and died; now it stops at the cap with exit 65.
    func testParseOfAnEndlessStdinStopsWithAClearError() throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: CLI.executable)
        p.arguments = ["parse", "xfrm-state"]
        p.standardInput = try FileHandle(forReadingFrom: URL(fileURLWithPath: "/dev/zero"))
        let err = Pipe(), out = Pipe()
        p.standardError = err
        p.standardOutput = out
        let start = Date()
        try p.run()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        XCTAssertEqual(p.terminationReason, .exit, "ended by a signal: \(e)")
        XCTAssertEqual(p.terminationStatus, 65, e)
        XCTAssertTrue(e.contains("stdin: more than 64 MiB"), e)
        XCTAssertTrue(o.isEmpty)
        XCTAssertLessThan(Date().timeIntervalSince(start), 30)
        // The same for a FILE argument that never ends.
        let f = try CLI.run(["parse", "xfrm-state", "/dev/zero"])
        XCTAssertEqual(f.status, 65, f.stderr)
        XCTAssertTrue(f.stderr.contains("/dev/zero: more than 64 MiB"), f.stderr)
    }

    /// A snapshot of random bytes is no evidence: never a problem (1). Each file is refused as
    /// binary, named with why (before, random bytes were parsed line by line: slow, and
    /// inconclusive at best); with nothing left to read the snapshot is unreadable (65), and a
    /// real output beside them is still diagnosed, the binary files listed as not read.
    func testASnapshotOfRandomBytesIsRefusedFileByFile() throws {
        let dir = try tmpDir()
        var rng = SystemRandomNumberGenerator()
        let sources = try CLI.run(["parse", "--list"]).stdout.split(separator: "\n").compactMap { $0.split(separator: " ").first }
        XCTAssertGreaterThan(sources.count, 20)
        for s in sources {
            let bytes = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &rng) }
            FileManager.default.createFile(atPath: "\(dir)/\(s).txt", contents: Data(bytes))
        }
        for format in ["text", "json"] {
            let r = try CLI.run(["diagnose", "--home", CLI.repo, "--snapshot", dir, "--format", format])
            XCTAssertEqual(r.status, 65, "random bytes are no snapshot:\n\(r.stdout.prefix(600))\n\(r.stderr)")
            // the first few named (the message keeps to a line); each is listed in the report below
            XCTAssertTrue(r.stderr.contains(".txt: binary data, not text"), r.stderr)
        }
        // a real report's log beside them (libreswan#913: the peer never answers)
        try FileManager.default.copyItem(atPath: CLI.repo + "/Tests/Fixtures/reports/libreswan-913/snapshot/report.log", toPath: dir + "/report.log")
        let r = try CLI.run(["diagnose", "--home", CLI.repo, "--snapshot", dir, "--format", "json"])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertEqual((r.json?["findings"] as? [[String: Any]])?.first?["id"] as? String, "ike.no-response")
        let probes = r.json?["probes"] as? [[String: Any]] ?? []
        let refused = probes.filter { ($0["reason"] as? String ?? "").contains("binary data, not text") }
        XCTAssertEqual(refused.count, sources.count, "each random file listed as not read")
    }

    /// 10,000 nested `{` overflowed racoon.conf's parser (one stack frame a level): every
    /// source, read alone and in a snapshot, must end with records or an error, never a signal.
    func testTenThousandNestedBracesInAnySource() throws {
        let dir = try tmpDir()
        let depth = 10_000
        let text = "remote 192.0.2.1 {\n" + String(repeating: "a {\n", count: depth) + String(repeating: "}\n", count: depth) + "}\n"
        let sources = try CLI.run(["parse", "--list"]).stdout.split(separator: "\n").compactMap { $0.split(separator: " ").first }
        XCTAssertGreaterThan(sources.count, 20)
        for s in sources {
            try text.write(toFile: "\(dir)/\(s).txt", atomically: true, encoding: .utf8)
            let r = try CLI.run(["parse", String(s), "\(dir)/\(s).txt", "--compact"])
            XCTAssertTrue([0, 65].contains(r.status), "parse \(s): status \(r.status)\n\(r.stderr.prefix(400))")
        }
        let d = try CLI.run(["diagnose", "--home", CLI.repo, "--snapshot", dir])
        XCTAssertTrue([0, 1, 2].contains(d.status), "diagnose: \(d.status) \(d.stderr.prefix(400))")
    }

    /// The section nested too deep is reported unparsed, and the racoon.conf around it still read.
    func testRacoonConfNestedTooDeepIsUnparsedNotACrash() throws {
        let dir = try tmpDir()
        let depth = 10_000
        let text = "remote 192.0.2.1 {\n exchange_mode main;\n deep " + String(repeating: "{ ", count: depth)
            + String(repeating: "} ", count: depth) + "\n}\nsainfo anonymous {\n pfs_group 2;\n}\n"
        try text.write(toFile: dir + "/racoon.conf", atomically: true, encoding: .utf8)
        let r = try CLI.run(["parse", "racoon-conf", dir + "/racoon.conf", "--compact"])
        XCTAssertEqual(r.status, 0, String(r.stderr.prefix(400)))
        XCTAssertTrue(r.stdout.contains(#""kind":"remote","name":"192.0.2.1""#), String(r.stdout.prefix(400)))
        XCTAssertTrue(r.stdout.contains(#""kind":"sainfo""#), String(r.stdout.prefix(400)))
        XCTAssertTrue(r.stdout.contains(#""unparsed":[{"line":3"#), String(r.stdout.suffix(400)))
    }
}
