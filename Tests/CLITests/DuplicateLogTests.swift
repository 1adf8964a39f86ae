import Foundation
import XCTest

/// One log read from two places (charon.log and syslog both hold charon's lines) must not count
/// its events twice: the peer-drops-ike gateway logged "giving up after 3 retransmits" and the
/// report must say 3, not 6.
final class DuplicateLogTests: XCTestCase {
    func testRetransmitsSeenInCharonLogAndSyslogCountOnce() throws {
        let dir = CLI.repo + "/Tests/Fixtures/lab/peer-drops-ike/a"
        let charon = try String(contentsOfFile: dir + "/charon.log", encoding: .utf8)
        let syslog = try String(contentsOfFile: dir + "/syslog", encoding: .utf8)
        XCTAssertTrue(charon.contains("giving up after 3 retransmits") && syslog.contains("giving up after 3 retransmits"),
                      "the fixture holds the same log twice")
        let r = try CLI.run(["diagnose", "--format", "json", "--home", CLI.repo, "--snapshot", dir])
        let facts = try XCTUnwrap(r.json?["facts"] as? [String: Any])
        XCTAssertEqual(facts["log.ike.retransmits"] as? Double, 3)
        let text = try CLI.run(["diagnose", "--home", CLI.repo, "--snapshot", dir]).stdout
        XCTAssertTrue(text.contains("retransmits logged: 3"), text)
    }
}
