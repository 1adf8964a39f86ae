import Foundation
import XCTest

/// Faults that look healthy at first sight, captured from real strongSwan 5.9 daemons in the
/// lab's namespaces (Tests/Fixtures/variants/<variant>/<side>, `lab.sh up healthy`, the change
/// below applied to the running gateways, `swanctl --load-all`, re-initiated, then
/// `lab.sh capture`). They are variants the lab's scenarios do not have: in each the tunnel
/// came up, so the failure hides behind an INSTALLED CHILD SA.
///
/// - esp-pfs-rekey: a `esp_proposals = aes128-sha256-modp2048`, b `aes128-sha256-modp3072`. The
///   first CHILD SA is made in IKE_AUTH without DH and comes up; `swanctl --rekey --child net`
///   is refused with NO_PROPOSAL_CHOSEN on both ends. The tunnel would drop at its lifetime.
/// - ts-narrowed: a `local_ts = 10.1.0.0/24`, b `remote_ts = 10.1.0.0/25`. b narrows, the SA
///   carries 10.1.0.0/25: a's hosts in 10.1.0.128/25 are not tunnelled. Only a can see it.
final class FaultVariantTests: XCTestCase {
    struct Expect { let variant: String; let side: String; let first: String?; let verdict: String }

    static let cases: [Expect] = [
        Expect(variant: "esp-pfs-rekey", side: "a", first: "child.proposal-mismatch", verdict: "problem"),
        Expect(variant: "esp-pfs-rekey", side: "b", first: "child.proposal-mismatch", verdict: "problem"),
        Expect(variant: "ts-narrowed", side: "a", first: "child.ts-mismatch", verdict: "problem"),
        // b's SA is exactly what b configured: nothing on b says the ends disagree.
        Expect(variant: "ts-narrowed", side: "b", first: nil, verdict: "healthy"),
    ]

    func testEachVariantFromEachEnd() throws {
        var wrong: [String] = []
        for e in Self.cases {
            let dir = CLI.repo + "/Tests/Fixtures/variants/\(e.variant)/\(e.side)"
            let r = try CLI.run(["diagnose", "--format", "json", "--home", CLI.repo, "--snapshot", dir])
            guard let json = r.json else { wrong.append("\(e.variant)/\(e.side): no JSON (exit \(r.status)): \(r.stderr)"); continue }
            let findings = json["findings"] as? [[String: Any]] ?? []
            let first = findings.first { $0["severity"] as? String == "problem" }?["id"] as? String
            let verdict = json["verdict"] as? String
            if first != e.first || verdict != e.verdict {
                wrong.append("\(e.variant)/\(e.side): first problem \(first ?? "none"), verdict \(verdict ?? "?"); want \(e.first ?? "none"), \(e.verdict)")
            }
        }
        XCTAssertEqual(wrong, [], "\n" + wrong.joined(separator: "\n"))
    }

    /// The report must show where the narrowing is: the configured and the negotiated selectors.
    func testNarrowingEvidenceNamesBothSelectors() throws {
        let dir = CLI.repo + "/Tests/Fixtures/variants/ts-narrowed/a"
        let r = try CLI.run(["diagnose", "--home", CLI.repo, "--snapshot", dir])
        XCTAssertTrue(r.stdout.contains("10.1.0.0/24 configured, 10.1.0.0/25 negotiated"), r.stdout)
        XCTAssertTrue(r.stdout.contains("not covered: 10.1.0.0/24"), r.stdout)
    }

    /// The rekey refusal is told from a CHILD SA that never came up: the evidence quotes the
    /// CREATE_CHILD_SA refusal, and the older rule (which stays quiet while a CHILD SA is
    /// installed) does not claim it.
    func testRekeyRefusalQuotesTheRefusal() throws {
        let dir = CLI.repo + "/Tests/Fixtures/variants/esp-pfs-rekey/a"
        let r = try CLI.run(["diagnose", "--format", "json", "--home", CLI.repo, "--snapshot", dir])
        let facts = r.json?["facts"] as? [String: Any] ?? [:]
        XCTAssertEqual(facts["log.child.rekey_no_proposal_chosen"] as? Bool, true)
        XCTAssertEqual(facts["child.sa.installed"] as? Bool, true)
        XCTAssertTrue(r.stdout.contains("NO_PROPOSAL_CHOSEN"), r.stdout)
    }
}
