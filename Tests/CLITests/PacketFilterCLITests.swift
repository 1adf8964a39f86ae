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

    /// The same blocking rules with pf disabled (a real `pfctl -si` of a host whose pf is off,
    /// Tests/ParsersTests/Sources/pfctl-info/macos-disabled-altq): they filter nothing, so the
    /// firewall is no finding and its facts are false, not read from the rules.
    func testDisabledPfIsNoFirewallFinding() throws {
        let dir = NSTemporaryDirectory() + "pf-disabled-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        for f in ["iked.conf", "pfctl-sr.txt"] { try FileManager.default.copyItem(atPath: Self.fixture + "/" + f, toPath: dir + "/" + f) }
        try FileManager.default.copyItem(atPath: CLI.repo + "/Tests/ParsersTests/Sources/pfctl-info/macos-disabled-altq/input.txt",
                                         toPath: dir + "/pfctl-si.txt")
        let (_, facts, findings) = try diagnose(dir)
        XCTAssertEqual(facts["fw.filter_enabled"] as? Bool, false, "\(facts)")
        XCTAssertEqual(facts["fw.drops_ike_in"] as? Bool, false, "\(facts)")
        XCTAssertEqual(facts["fw.drops_esp_in"] as? Bool, false, "\(facts)")
        XCTAssertFalse(findings.contains { ["ike.local-firewall-blocks-ike", "esp.local-firewall-blocks-esp"].contains($0["id"] as? String ?? "") },
                       "\(findings.map { $0["id"] ?? "" })")
    }

    /// A snapshot holding only `pfctl -sr` of an OpenBSD host: the platform is OpenBSD, so the
    /// remedies are pf's.
    func testPfOnlySnapshotIsOpenBSD() throws {
        let dir = NSTemporaryDirectory() + "pf-only-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.copyItem(atPath: Self.fixture + "/pfctl-sr.txt", toPath: dir + "/pfctl-sr.txt")
        let (_, facts, findings) = try diagnose(dir)
        XCTAssertEqual(facts["host.os"] as? String, "openbsd", "\(facts)")
        XCTAssertEqual(findings.first?["id"] as? String, "ike.local-firewall-blocks-ike", "\(findings.map { $0["id"] ?? "" })")
    }
}
