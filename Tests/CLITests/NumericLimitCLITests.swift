import Foundation
import XCTest

/// `diagnose --snapshot` on counters at and past the integer limits (issue 13): the first
/// version died with SIGILL on each of these. Now each gives a report and a verdict code.
final class NumericLimitCLITests: XCTestCase {
    let healthy = CLI.repo + "/Tests/Fixtures/lab/healthy/a"

    /// A copy of the lab's healthy gateway snapshot with some files replaced.
    func snapshot(_ files: [String: String], base: Bool = true) throws -> String {
        let dir = NSTemporaryDirectory() + "numeric-\(UUID().uuidString)"
        if base {
            try XCTSkipUnless(FileManager.default.fileExists(atPath: healthy), "lab fixture not present")
            try FileManager.default.copyItem(atPath: healthy, toPath: dir)
        } else {
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        }
        for (name, text) in files { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        return dir
    }

    func assertDiagnoses(_ dir: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) throws {
        let r = try CLI.run(["diagnose", "--home", CLI.repo, "--snapshot", dir, "--format", "json"])
        XCTAssertTrue((0...2).contains(r.status), "\(what): exit \(r.status), stderr: \(r.stderr.prefix(400))", file: file, line: line)
        XCTAssertFalse(r.stderr.contains("Fatal error"), "\(what): \(r.stderr.prefix(400))", file: file, line: line)
        XCTAssertNotNil(r.json?["verdict"] as? String, "\(what): no JSON report: \(r.stdout.prefix(200))", file: file, line: line)
    }

    func testXfrmStatOfOneLineAtIntMax() throws {
        try assertDiagnoses(try snapshot(["xfrm_stat.txt": "XfrmInError 9223372036854775807\n"], base: false),
                            "xfrm_stat of one line, Int.max")
    }

    func testXfrmStatAtAndPastUInt64() throws {
        for v in ["9223372036854775807", "18446744073709551615", "99999999999999999999"] {
            try assertDiagnoses(try snapshot(["xfrm_stat.txt": "XfrmInError \(v)\nXfrmInNoStates \(v)\n"]), "xfrm_stat \(v)")
        }
    }

    func testTwoChildSAsOfFiveExabytesEach() throws {
        let sas = try String(contentsOfFile: healthy + "/swanctl-list-sas.txt", encoding: .utf8)
        let lines = sas.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let c = try XCTUnwrap(lines.firstIndex { $0.hasPrefix("  net: #1") }, "lab fixture changed")
        let child = lines[c...].prefix { !$0.isEmpty }
        let second = child.map { $0.replacingOccurrences(of: "net: #1, reqid 1", with: "net2: #2, reqid 2") }
        for bytes in ["5000000000000000000", "18446744073709551615", "99999999999999999999"] {
            let text = (lines[..<c] + child + second).joined(separator: "\n")
                .replacingOccurrences(of: "    252 bytes", with: " \(bytes) bytes") + "\n"
            try assertDiagnoses(try snapshot(["swanctl-list-sas.txt": text]), "two CHILD SAs of \(bytes) bytes")
        }
    }

    func testXfrmStateCountersAtUInt64Max() throws {
        let state = """
        src 192.0.2.2 dst 192.0.2.1
        \tproto esp spi 0xc1a2b3c4(3248665540) reqid 1(0x00000001) mode tunnel
        \treplay-window 0 seq 0x00000000 flag af-unspec (0x00100000)
        \tlifetime current:
        \t  18446744073709551615(bytes), 99999999999999999999(packets)
        \t  add 2026-12-01 09:12:44 use 2026-12-01 09:12:44

        """
        try assertDiagnoses(try snapshot(["ip-s-xfrm-state.txt": state, "ip-xfrm-state.txt": state]), "ip -s xfrm state at u64 max")
    }
}
