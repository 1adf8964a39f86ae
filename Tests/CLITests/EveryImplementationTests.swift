import Foundation
import XCTest

/// The firewall, NAT and forwarding checks must not depend on the host speaking swanctl
/// (issue 11, "every implementation alike"): the same tunnel described by an `ipsec.conf`
/// (Libreswan/Openswan or strongSwan's starter), or known only from the kernel's SPD, must give
/// the same facts. Each case takes a real lab gateway's snapshot (Tests/Fixtures/lab), removes
/// every swanctl output and configuration, and puts the tunnel's description in another form:
/// an admin-written `ipsec.conf` (configuration is input, as the lab writes swanctl.conf) or the
/// real `ip xfrm policy` output of the same tunnel's policies (Tests/Fixtures/spd/README.md).
final class EveryImplementationTests: XCTestCase {
    static let lab = CLI.repo + "/Tests/Fixtures/lab"

    /// The lab's tunnel, as a Libreswan or strongSwan-starter admin writes it; `swapped` writes
    /// this host as `right`, which both daemons accept (they find themselves by address).
    static func ipsecConf(swapped: Bool) -> String {
        let (l, ls, r, rs) = swapped ? ("192.0.2.2", "10.2.0.0/24", "192.0.2.1", "10.1.0.0/24")
                                     : ("192.0.2.1", "10.1.0.0/24", "192.0.2.2", "10.2.0.0/24")
        return """
        conn lab
            left=\(l)
            leftsubnet=\(ls)
            right=\(r)
            rightsubnet=\(rs)
            authby=secret
            ikev2=insist
            auto=start

        """
    }

    /// A copy of a lab snapshot without any swanctl/strongSwan file, plus `extra` files.
    func snapshot(_ scenario: String, adding extra: [String: String]) throws -> String {
        let dir = NSTemporaryDirectory() + "every-impl-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: Self.lab + "/\(scenario)/a", toPath: dir)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        for f in try FileManager.default.contentsOfDirectory(atPath: dir)
        where f.hasPrefix("swanctl") || f == "strongswan.conf" || f == "commands.txt" {
            try FileManager.default.removeItem(atPath: dir + "/" + f)
        }
        for (name, text) in extra { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
        return dir
    }

    func facts(_ dir: String) throws -> (facts: [String: Any], findings: [String]) {
        let r = try CLI.run(["diagnose", "--format", "json", "--home", CLI.repo, "--snapshot", dir])
        let json = try XCTUnwrap(r.json, "no JSON (exit \(r.status)): \(r.stderr)")
        let findings = (json["findings"] as? [[String: Any]] ?? []).filter { $0["severity"] as? String == "problem" }
        return (json["facts"] as? [String: Any] ?? [:], findings.compactMap { $0["id"] as? String })
    }

    func testMasqueradeIsFoundFromAnIpsecConf() throws {
        for swapped in [false, true] {
            let (facts, findings) = try facts(snapshot("masquerade", adding: ["ipsec.conf": Self.ipsecConf(swapped: swapped)]))
            XCTAssertEqual(facts["nat.masquerade_hits_tunnel"] as? Bool, true, "swapped=\(swapped): \(facts)")
            XCTAssertTrue(findings.contains("nat.masquerade-before-ipsec"), "swapped=\(swapped): \(findings)")
        }
    }

    /// racoon's own configuration: the peer in `remote`, the selectors in `sainfo`.
    func testMasqueradeIsFoundFromARacoonConf() throws {
        let racoon = """
        remote 192.0.2.2 {
                exchange_mode main;
                proposal {
                        encryption_algorithm aes;
                        hash_algorithm sha1;
                        authentication_method pre_shared_key;
                        dh_group 14;
                }
        }

        sainfo address 10.1.0.0/24 any address 10.2.0.0/24 any {
                encryption_algorithm aes;
                authentication_algorithm hmac_sha1;
                compression_algorithm deflate;
        }

        """
        let (facts, findings) = try facts(snapshot("masquerade", adding: ["racoon.conf": racoon]))
        XCTAssertEqual(facts["nat.masquerade_hits_tunnel"] as? Bool, true, "\(facts)")
        XCTAssertTrue(findings.contains("nat.masquerade-before-ipsec"), "\(findings)")
    }

    func testHealthyIpsecConfHostHasNoMasqueradeFinding() throws {
        let (facts, findings) = try facts(snapshot("healthy", adding: ["ipsec.conf": Self.ipsecConf(swapped: false)]))
        XCTAssertEqual(facts["nat.masquerade_hits_tunnel"] as? Bool, false, "\(facts)")
        XCTAssertFalse(findings.contains("nat.masquerade-before-ipsec"), "\(findings)")
    }

    func testMasqueradeIsFoundFromTheKernelSPDAlone() throws {
        let policies = try String(contentsOfFile: CLI.repo + "/Tests/Fixtures/spd/lab-tunnel-ip-xfrm-policy.txt", encoding: .utf8)
        let (facts, findings) = try facts(snapshot("masquerade", adding: ["ip-xfrm-policy.txt": policies]))
        XCTAssertEqual(facts["nat.masquerade_hits_tunnel"] as? Bool, true, "\(facts)")
        XCTAssertTrue(findings.contains("nat.masquerade-before-ipsec"), "\(findings)")
    }

    /// Without any description of the tunnel the check cannot run: the fact stays unknown rather
    /// than false.
    func testNoTunnelDescriptionLeavesTheFactUnknown() throws {
        let (facts, _) = try facts(snapshot("masquerade", adding: [:]))
        XCTAssertNil(facts["nat.masquerade_hits_tunnel"], "\(facts)")
    }
}
