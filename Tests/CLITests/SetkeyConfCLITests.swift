import Foundation
import XCTest

/// racoon's setkey.conf read by `parse` and by `diagnose --snapshot` as its source cases read it:
/// `-P out` is a policy's direction, not a password. The redaction that runs before any parser
/// took `-P` for `-p` and hid every direction, so a snapshot holding a setkey.conf gave no
/// selector at all (the source cases, which parse unredacted text, did not see it). Input: the
/// FreeBSD Handbook's gateway example (Tests/ParsersTests/Sources/SOURCES.md).
final class SetkeyConfCLITests: XCTestCase {
    static let input = CLI.repo + "/Tests/ParsersTests/Sources/setkey-conf/freebsd-handbook-gateway/input.txt"

    func testParseKeepsEachPolicysDirection() throws {
        let r = try CLI.run(["parse", "setkey-conf", Self.input, "--compact"])
        XCTAssertEqual(r.status, 0, r.stderr)
        XCTAssertTrue(r.stdout.contains(#""dir":"out""#), r.stdout)
        XCTAssertTrue(r.stdout.contains(#""dir":"in""#), r.stdout)
        XCTAssertFalse(r.stdout.contains("[redacted]"), r.stdout)
    }

    func testDiagnoseOfASetkeyConfNamesItsSelectors() throws {
        let dir = NSTemporaryDirectory() + "setkey-conf-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.copyItem(atPath: Self.input, toPath: dir + "/setkey.conf")
        let r = try CLI.run(["diagnose", "--format", "json", "--home", CLI.repo, "--snapshot", dir])
        let facts = try XCTUnwrap(r.json?["facts"] as? [String: Any], "no JSON (exit \(r.status)): \(r.stderr)")
        XCTAssertEqual(facts["conn.local_ts"] as? [String], ["10.246.38.0/24"], "\(facts)")
        XCTAssertEqual(facts["conn.remote_ts"] as? [String], ["10.0.0.0/24"], "\(facts)")
    }
}
