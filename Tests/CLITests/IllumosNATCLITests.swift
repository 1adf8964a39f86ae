import Foundation
import XCTest

/// An illumos host whose tunnel is described by its own ipsecinit.conf: the NAT check runs from
/// it and from `ipnat -l`, as it does from swanctl and iptables on Linux (issue 11, "every
/// implementation alike"). The snapshot: the real Solaris 11 `svcs -a`
/// (Tests/Fixtures/real/svcs), in.iked's shipped config.sample, Oracle's real `ipnat -l`
/// (ipnat-list/oracle-solaris11-map-net0), and Example 17 of ipsecconf(8) with documentation
/// prefixes (C = 198.51.100.0/27 local, A = 203.0.113.0/24 remote, over ip.tun0).
final class IllumosNATCLITests: XCTestCase {
    static let sources = CLI.repo + "/Tests/ParsersTests/Sources"

    func snapshot(ipnat: (String) -> String) throws -> String {
        let dir = NSTemporaryDirectory() + "illumos-nat-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.copyItem(atPath: CLI.repo + "/Tests/Fixtures/real/svcs/solaris11-svcs-a-cnquery.txt", toPath: dir + "/svcs.txt")
        try FileManager.default.copyItem(atPath: Self.sources + "/illumos-ike-config/config-sample/input.txt", toPath: dir + "/ike.config")
        let oracle = try String(contentsOfFile: Self.sources + "/ipnat-list/oracle-solaris11-map-net0/input.txt", encoding: .utf8)
        try ipnat(oracle).write(toFile: dir + "/ipnat-l.txt", atomically: true, encoding: .utf8)
        try """
            # ip.tun0 between me (C) and remote-site A.
            {tunnel ip.tun0 negotiate tunnel raddr 203.0.113.0/24 laddr
            198.51.100.0/27} ipsec {encr_algs 3des encr_auth_algs md5}

            """.write(toFile: dir + "/ipsecinit.conf", atomically: true, encoding: .utf8)
        return dir
    }

    func diagnose(_ dir: String) throws -> (facts: [String: Any], ids: [String], text: String) {
        let j = try CLI.run(["diagnose", "--format", "json", "--home", CLI.repo, "--snapshot", dir])
        let json = try XCTUnwrap(j.json, "no JSON (exit \(j.status)): \(j.stderr)")
        let ids = (json["findings"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        let t = try CLI.run(["diagnose", "--home", CLI.repo, "--snapshot", dir])
        return (json["facts"] as? [String: Any] ?? [:], ids, t.stdout)
    }

    func testMapOnTheTunnelInterfaceIsFoundWithIllumosRemedies() throws {
        let d = try diagnose(try snapshot { $0.replacingOccurrences(of: "map net0", with: "map ip.tun0") })
        XCTAssertEqual(d.facts["nat.masquerade_hits_tunnel"] as? Bool, true)
        XCTAssertTrue(d.ids.contains("nat.masquerade-before-ipsec"), "\(d.ids)")
        XCTAssertTrue(d.text.contains("ipnat -CF -f /etc/ipf/ipnat.conf"), d.text)
        XCTAssertFalse(d.text.contains("iptables -t nat"), "a Linux remedy on an illumos host")
    }

    func testMapOnTheOutsideInterfaceIsNoFinding() throws {
        let d = try diagnose(try snapshot { $0 })
        XCTAssertEqual(d.facts["nat.masquerade_hits_tunnel"] as? Bool, false)
        XCTAssertFalse(d.ids.contains("nat.masquerade-before-ipsec"), "\(d.ids)")
    }
}
