import Foundation
import XCTest

/// OpenBSD's pf read from `pfctl -sr` feeds the same fw.* facts as iptables on Linux, so
/// `diagnose` names a local firewall that blocks IKE on an OpenBSD gateway too (issue 11,
/// "every implementation alike"). The snapshot: a real iked.conf (the Libreswan interop test's
/// OpenBSD responder) beside a real `pfctl -sr` of an OpenBSD host whose pf.conf passes only
/// TCP 22/80/443 in (Tests/Fixtures/real/SOURCES.md, `openbsd-pf-blocks-ike`).
final class PacketFilterCLITests: XCTestCase {
    static let fixture = CLI.repo + "/Tests/Fixtures/real/openbsd-pf-blocks-ike"

    func diagnose(_ dir: String) throws -> (status: Int32, facts: [String: Any], findings: [[String: Any]]) {
        let r = try CLI.run(["diagnose", "--format", "json", "--home", CLI.repo, "--snapshot", dir])
        let json = try XCTUnwrap(r.json, "no JSON (exit \(r.status)): \(r.stderr)")
        return (r.status, json["facts"] as? [String: Any] ?? [:], json["findings"] as? [[String: Any]] ?? [])
    }

    func testPfThatBlocksIKEIsTheFirstFinding() throws {
        let (status, facts, findings) = try diagnose(Self.fixture)
        XCTAssertEqual(status, 1)
        XCTAssertEqual(facts["fw.drops_ike_in"] as? Bool, true, "\(facts)")
        XCTAssertEqual(facts["fw.drops_esp_in"] as? Bool, true, "\(facts)")
        // `block return out log proto udp all user = 55` may drop the daemon's own packets: unknown, not false
        XCTAssertNil(facts["fw.drops_ike_out"], "\(facts)")
        XCTAssertEqual(findings.first?["id"] as? String, "ike.local-firewall-blocks-ike", "\(findings.map { $0["id"] ?? "" })")
        let text = try CLI.run(["diagnose", "--home", CLI.repo, "--snapshot", Self.fixture]).stdout
        XCTAssertTrue(text.contains("pfctl-sr.txt:1: block return all"), text)
    }

    /// The same gateway behind OpenBSD's stock pf.conf (`pass` after `block return`): IKE passes in.
    func testPfThatPassesAllIsNoFinding() throws {
        let dir = NSTemporaryDirectory() + "pf-pass-all-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.copyItem(atPath: Self.fixture + "/iked.conf", toPath: dir + "/iked.conf")
        try FileManager.default.copyItem(atPath: CLI.repo + "/Tests/ParsersTests/Sources/pfctl-rules/openbsd-amsterdam-pass-all/input.txt",
                                         toPath: dir + "/pfctl-sr.txt")
        let (_, facts, findings) = try diagnose(dir)
        XCTAssertEqual(facts["fw.drops_ike_in"] as? Bool, false, "\(facts)")
        XCTAssertFalse(findings.contains { $0["id"] as? String == "ike.local-firewall-blocks-ike" })
    }
}
