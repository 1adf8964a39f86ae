import Foundation
import XCTest

/// `diagnose --snapshot` on what a Libreswan gateway (a, pluto 4.10, initiator) and a strongSwan
/// gateway (b, charon 5.9.8, responder) showed in the interop scenarios of the Libreswan lab
/// (Tests/Fixtures/libreswan-lab/sw-*, captured by Tests/Lab/capture-libreswan-fixtures.sh).
/// The accepted first findings are those of LibreswanLabTests, which runs the same scenarios
/// live and gives the reasons; a side listing one ID must name exactly that cause.
final class InteropSnapshotTests: XCTestCase {
    static let accepted: [String: (a: Set<String>, b: Set<String>)] = [
        // a: `IKE_AUTH response rejected Child SA with NO_PROPOSAL_CHOSEN`; b: `no acceptable proposal found`
        "sw-esp-proposal-mismatch": (["child.proposal-mismatch"], ["child.proposal-mismatch"]),
        // a: TS_UNACCEPTABLE, which a Libreswan peer without kernel ESP also sends (and a has none);
        // b: `traffic selectors 10.2.0.0/24 === 10.1.0.0/24 unacceptable`
        "sw-ts-mismatch": (["child.ts-mismatch", "system.kernel-no-esp"], ["child.ts-mismatch"]),
        // a (Main Mode): ignored NO_PROPOSAL_CHOSEN notifies and retransmits;
        // b (IKEv2 only): `no IKE config found for 192.0.2.2...192.0.2.1, sending NO_PROPOSAL_CHOSEN`
        "sw-ikev1-vs-ikev2": (["ike.version-mismatch", "ike.no-response", "ike.proposal-mismatch"],
                              ["ike.version-mismatch", "ike.no-config-for-address"]),
        // a: Quick Mode unanswered after a NO_PROPOSAL_CHOSEN; b: MODP_2048 received, MODP_3072 configured
        "sw-ikev1-pfs-mismatch": (["child.proposal-mismatch", "system.kernel-no-esp"], ["child.proposal-mismatch"]),
        // a (modecfg client) hears only TS_UNACCEPTABLE; b: `no virtual IP found for %any requested by ...`
        "sw-vip-no-pool": (["child.ts-mismatch", "system.kernel-no-esp", "ike.virtual-ip-failed"], ["ike.virtual-ip-failed"]),
    ]

    func testBothEndsOfEveryInteropScenario() throws {
        var wrong: [String] = []
        for (name, sets) in Self.accepted.sorted(by: { $0.key < $1.key }) {
            for (side, ids) in [("a", sets.a), ("b", sets.b)] {
                let dir = CLI.repo + "/Tests/Fixtures/libreswan-lab/\(name)/\(side)"
                guard FileManager.default.fileExists(atPath: dir) else {
                    wrong.append("\(name)/\(side): no fixture (Tests/Lab/capture-libreswan-fixtures.sh Tests/Fixtures/libreswan-lab \(name))")
                    continue
                }
                let r = try CLI.run(["diagnose", "--format", "json", "--home", CLI.repo, "--snapshot", dir])
                let findings = r.json?["findings"] as? [[String: Any]] ?? []
                let first = findings.first { $0["severity"] as? String == "problem" }?["id"] as? String
                if r.status != 1 || first.map({ !ids.contains($0) }) ?? true {
                    wrong.append("\(name)/\(side): expected first problem in \(ids.sorted()) (exit 1), got \(first ?? "none") exit \(r.status) (findings: \(findings.compactMap { $0["id"] as? String }))")
                }
            }
        }
        XCTAssertEqual(wrong, [], "\n" + wrong.joined(separator: "\n"))
    }

    /// The strongSwan end's report quotes charon's own refusal of the PFS group.
    func testPFSMismatchEvidenceQuotesTheResponder() throws {
        let dir = CLI.repo + "/Tests/Fixtures/libreswan-lab/sw-ikev1-pfs-mismatch/b"
        guard FileManager.default.fileExists(atPath: dir) else { throw XCTSkip("not captured") }
        let r = try CLI.run(["diagnose", "--home", CLI.repo, "--snapshot", dir])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stdout.contains("no matching proposal found"), "the evidence quotes charon's line:\n\(r.stdout)")
    }
}

/// The RADIUS scenarios of lab.sh (Tests/Fixtures/lab/radius-*): what the report of the gateway
/// that talks to the RADIUS server says, and what the capture left out.
final class RadiusSnapshotTests: XCTestCase {
    /// b's charon waited for a RADIUS server that dropped every request (wrong shared secret):
    /// the report must quote libradius's timeout line, which tells this apart from a reject.
    func testSilentRadiusServerIsQuoted() throws {
        let dir = CLI.repo + "/Tests/Fixtures/lab/radius-wrong-secret/b"
        guard FileManager.default.fileExists(atPath: dir) else { throw XCTSkip("not captured (Tests/Lab/capture-fixtures.sh)") }
        let r = try CLI.run(["diagnose", "--home", CLI.repo, "--snapshot", dir])
        XCTAssertEqual(r.status, 1, r.stderr)
        XCTAssertTrue(r.stdout.contains("[ike.eap-failed]"), r.stdout)
        XCTAssertTrue(r.stdout.contains("RADIUS Access-Request timed out after 2 attempts"), r.stdout)
    }

    /// The captured strongswan.conf keeps where the RADIUS server is, never the shared secret.
    func testCaptureKeepsTheServerNotTheSecret() throws {
        for name in ["radius-healthy", "radius-reject", "radius-wrong-secret", "radius-unreachable"] {
            let path = CLI.repo + "/Tests/Fixtures/lab/\(name)/b/strongswan.conf"
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                XCTFail("\(name): no \(path) (Tests/Lab/capture-fixtures.sh \(name))")
                continue
            }
            XCTAssertTrue(text.contains("server = 198.51.100.2"), "\(name): \(text)")
            XCTAssertTrue(text.contains("secret = # (removed by lab.sh capture)"), "\(name): \(text)")
            XCTAssertFalse(text.contains("lab-radius-"), "\(name): a RADIUS secret in the fixture")
        }
    }
}
