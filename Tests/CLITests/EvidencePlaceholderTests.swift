import Foundation
import XCTest

/// A finding's Evidence says what the snapshot holds. A rule's `{fact}` whose fact is unknown
/// must not reach the operator as a raw `<fact.name>` there ("this side: local <conn.local_ts>"):
/// the engine drops an evidence line none of whose placeholders is known and names a missing
/// value in words in the others (TemplateRenderer.renderEvidence). Remedies keep their `<x>`
/// with a "(fill in <x>: ...)" hint, so only evidence is checked here.
final class EvidencePlaceholderTests: XCTestCase {
    /// The fixture snapshots whose evidence printed a raw placeholder before (29 lines over
    /// lab, libreswan-lab, variants and reports; child.ts-mismatch and ike.version-mismatch).
    static let snapshots = [
        "libreswan-lab/sw-vip-no-pool/a",
        "variants/lsw-modecfg-no-pool/a",
        "reports/f5-racoon-check-and-compare-ids-mismatch/snapshot",
        "reports/freeswan-faq-quick-mode-no-connection-known/snapshot",
        "reports/griffinplus-docker-strongswan-5-server-expected-vip-request/snapshot",
        "reports/libreswan-1406-no-compatible-traffic-selectors/snapshot",
        "reports/libreswan-2026/snapshot",
        "reports/libreswan-3030-ts-range-not-subnet/snapshot",
        "reports/libreswan-801-ts-unacceptable-console/snapshot",
        "reports/opnsense-core-45-unsupported-ike-version/snapshot",
        "reports/pfsense-phase-2-network-mismatch-initiator/snapshot",
        "reports/pfsense-phase-2-network-mismatch-responder/snapshot",
        "reports/strongman-153-remote-ts/snapshot",
        "reports/vyos-ts-unacceptable-initiator/snapshot",
        "reports/vyos-ts-unacceptable-responder/snapshot",
        "reports/zhangke5959-strongswan-17/snapshot",
    ]

    static let raw = try! NSRegularExpression(pattern: "<[a-z_]+\\.[a-z_.]+>")

    func findings(_ path: String) throws -> [[String: Any]] {
        let dir = CLI.repo + "/Tests/Fixtures/" + path
        let r = try CLI.run(["diagnose", "--format", "json", "--home", CLI.repo, "--snapshot", dir])
        let json = try XCTUnwrap(r.json, "no JSON from \(path) (exit \(r.status)): \(r.stderr)")
        return json["findings"] as? [[String: Any]] ?? []
    }

    func testNoEvidenceLineHoldsARawFactName() throws {
        var bad: [String] = []
        for path in Self.snapshots {
            for f in try findings(path) {
                for line in f["evidence"] as? [String] ?? [] {
                    let range = NSRange(line.startIndex..., in: line)
                    if Self.raw.firstMatch(in: line, range: range) != nil {
                        bad.append("\(path) \(f["id"] as? String ?? "?"): \(line)")
                    }
                }
            }
        }
        XCTAssertEqual(bad, [], bad.joined(separator: "\n"))
    }

    /// A Libreswan Mode Config client with no leftsubnet and no lease proposes its own address
    /// (`+MC` in `ipsec status`; the lab's peer logged "10.2.0.0/24 === 192.0.2.1/32 unacceptable").
    func testAModecfgClientsOwnAddressIsItsSelector() throws {
        for path in ["variants/lsw-modecfg-no-pool/a", "libreswan-lab/sw-vip-no-pool/a"] {
            let ts = try XCTUnwrap(findings(path).first { $0["id"] as? String == "child.ts-mismatch" }, path)
            let evidence = (ts["evidence"] as? [String] ?? []).joined(separator: "\n")
            XCTAssertTrue(evidence.contains("this side: local 192.0.2.1/32, remote 10.2.0.0/24"), evidence)
        }
    }

    /// charon's log printed this side's selectors when it looked for a CHILD SA config
    /// ("proposing traffic selectors for us:"): the evidence names them (pfSense's responder
    /// has 10.42.42.0/24, the initiator asked for 10.42.43.0/24).
    func testSelectorsCharonLoggedAreNamed() throws {
        let ts = try XCTUnwrap(findings("reports/pfsense-phase-2-network-mismatch-responder/snapshot").first { $0["id"] as? String == "child.ts-mismatch" })
        let evidence = (ts["evidence"] as? [String] ?? []).joined(separator: "\n")
        XCTAssertTrue(evidence.contains("this side: local 10.42.42.0/24|/0, remote 192.168.48.0/24|/0"), evidence)
    }

    /// The remedies still carry the placeholder and say how to fill it in.
    func testRemediesKeepTheirFillInHint() throws {
        let ts = try XCTUnwrap(findings("reports/libreswan-2026/snapshot").first { $0["id"] as? String == "child.ts-mismatch" })
        let remedies = (ts["remedies"] as? [String] ?? []).joined(separator: "\n")
        if remedies.contains("<conn.local_ts>") { XCTAssertTrue(remedies.contains("(fill in"), remedies) }
    }
}
