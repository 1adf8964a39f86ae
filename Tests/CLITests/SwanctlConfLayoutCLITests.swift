import Foundation
import XCTest

/// swanctl.conf as users write it, not only one statement per line: strongSwan's settings grammar
/// lets a section open on the line of its first statement and close after a value
/// (`local { auth = psk`, `id = gw-b.lab.test }`). `compare` and `parse` read such a file as
/// they read the usual layout.
final class SwanctlConfLayoutCLITests: XCTestCase {
    /// The real file rewritten: comments dropped, each section's first statement on its `{`
    /// line, each `}` on the line before it.
    static func oneLineSections(_ text: String) -> String {
        var out: [String] = []
        for l in text.split(separator: "\n") {
            let line = String(l.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).first ?? "")
            let s = line.trimmingCharacters(in: .whitespaces)
            if s.isEmpty { continue }
            if let last = out.last, s == "}" || last.hasSuffix("{") { out[out.count - 1] = last + " " + s } else { out.append(line) }
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// The lab's id-mismatch pair (b expects `gw-x.lab.test`, a sends `gw-a.lab.test`), both
    /// swanctl.conf in one-line sections: the same identity difference, b at fault.
    func testCompareReadsOneLineSections() throws {
        let dir = NSTemporaryDirectory() + "sconf-layout-\(getpid())"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        var files: [String] = []
        for side in ["a", "b"] {
            let text = try String(contentsOfFile: CLI.repo + "/Tests/Fixtures/lab/id-mismatch/\(side)/swanctl.conf", encoding: .utf8)
            let rewritten = Self.oneLineSections(text)
            XCTAssertTrue(rewritten.contains("local { auth = psk\n"), rewritten)
            try FileManager.default.createDirectory(atPath: dir + "/" + side, withIntermediateDirectories: true)
            try rewritten.write(toFile: dir + "/\(side)/swanctl.conf", atomically: true, encoding: .utf8)
            files.append(dir + "/" + side)   // a snapshot folder of one file
        }
        let r = try CLI.run(["compare", files[0], files[1], "--format", "json"])
        XCTAssertEqual(r.status, 1, r.stderr)
        let diffs = r.json?["differences"] as? [[String: Any]]
        XCTAssertEqual(diffs?.first?["item"] as? String, "identity", r.stdout)
        XCTAssertEqual(diffs?.first?["faulty_side"] as? String, "b", r.stdout)
        // the evidence quotes the id's own line, found statement by statement
        let text = try CLI.run(["compare", files[0], files[1]]).stdout
        XCTAssertTrue(text.contains("b: b/swanctl.conf:8: id = gw-x.lab.test }"), text)
    }

    /// A real one-line swanctl.conf (HankyZhang/strongswan-gmssl): nothing is unparsed, and
    /// `auth = psk; id = test.local` is read as swanctl reads it — one value, `;` and all.
    func testParseShowsOneLineSectionsAsStrongSwanReadsThem() throws {
        let file = CLI.repo + "/Tests/ParsersTests/Sources/swanctl-conf/one-line-blocks-gmssl/input.txt"
        let r = try CLI.run(["parse", "swanctl-conf", file])
        XCTAssertEqual(r.status, 0, r.stderr)
        let json = try XCTUnwrap(r.json, r.stderr)
        XCTAssertEqual((json["unparsed"] as? [Any])?.count ?? 0, 0, r.stdout)
        let conn = (json["records"] as? [[String: Any]])?.first { $0["kind"] as? String == "connection" }
        XCTAssertEqual(conn?["remote_auth"] as? [String], ["psk"])
        XCTAssertEqual(conn?["local_auth"] as? [String], ["psk; id = test.local"])
    }
}
