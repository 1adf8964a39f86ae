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
        // a lab scenario's name, or a path under Tests/Fixtures ("variants/forward-blocked")
        let from = scenario.contains("/") ? CLI.repo + "/Tests/Fixtures/\(scenario)/a" : Self.lab + "/\(scenario)/a"
        try FileManager.default.copyItem(atPath: from, toPath: dir)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        for f in try FileManager.default.contentsOfDirectory(atPath: dir)
        where f.hasPrefix("swanctl") || f == "strongswan.conf" || f == "commands.txt" {
            try FileManager.default.removeItem(atPath: dir + "/" + f)
        }
        for (name, text) in extra { try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8) }
        return dir
    }

    func problems(_ dir: String) throws -> (facts: [String: Any], findings: [[String: Any]]) {
        let r = try CLI.run(["diagnose", "--format", "json", "--home", CLI.repo, "--snapshot", dir])
        let json = try XCTUnwrap(r.json, "no JSON (exit \(r.status)): \(r.stderr)")
        return (json["facts"] as? [String: Any] ?? [:], (json["findings"] as? [[String: Any]] ?? []).filter { $0["severity"] as? String == "problem" })
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
    static let racoon = """
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

    func testMasqueradeIsFoundFromARacoonConf() throws {
        let (facts, findings) = try facts(snapshot("masquerade", adding: ["racoon.conf": Self.racoon]))
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

    /// A racoon gateway whose FORWARD chain drops the tunnel's traffic (the real iptables of the
    /// forward-blocked variant): the finding names the sainfo's pair, and the facts carry racoon's
    /// selectors as a swanctl host's do.
    func testRacoonGatewayWithForwardDropNamesItsSainfo() throws {
        let (facts, findings) = try problems(snapshot("variants/forward-blocked", adding: ["racoon.conf": Self.racoon]))
        let first = try XCTUnwrap(findings.first, "\(facts)")
        XCTAssertEqual(first["id"] as? String, "fw.forward-blocked")
        let evidence = (first["evidence"] as? [String] ?? []).joined(separator: "\n")
        XCTAssertTrue(evidence.contains("dropped: between 10.1.0.0/24 and 10.2.0.0/24"), evidence)
        XCTAssertTrue(evidence.contains("sainfo: 10.1.0.0/24 === 10.2.0.0/24"), evidence)
        XCTAssertEqual(facts["conn.local_ts"] as? [String], ["10.1.0.0/24"])
        XCTAssertEqual(facts["conn.remote_ts"] as? [String], ["10.2.0.0/24"])
        XCTAssertEqual(facts["conn.remote_addrs"] as? [String], ["192.0.2.2"])
    }

    /// ip_forward=0 on a racoon gateway: the evidence names the sainfo's local selector where it
    /// printed `<conn.local_ts>` before.
    func testRacoonGatewayWithForwardingOffNamesItsLocalSelector() throws {
        let (_, findings) = try problems(snapshot("ip-forward-off", adding: ["racoon.conf": Self.racoon]))
        let f = try XCTUnwrap(findings.first { $0["id"] as? String == "system.ip-forwarding-disabled" }, "\(findings.compactMap { $0["id"] })")
        let evidence = (f["evidence"] as? [String] ?? []).joined(separator: "\n")
        XCTAssertTrue(evidence.contains("the local selector covers hosts behind this gateway"), evidence)
        XCTAssertTrue(evidence.contains("the local selector: 10.1.0.0/24"), evidence)
        XCTAssertFalse(evidence.contains("<conn.local_ts>"), evidence)
    }
}
