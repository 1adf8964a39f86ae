import Foundation
import XCTest

/// Batch 5: strongSwan in its ipsec.conf form (starter/stroke), both ends real strongSwan 5.9
/// gateways made by `Tests/Lab/stroke-variants.sh capture VARIANT DIR` (starter reads
/// /etc/ipsec.conf and /etc/ipsec.secrets, `ipsec up lab` on a; captured: `ipsec statusall`,
/// `ipsec status`, ipsec.conf, ipsec.secrets with the PSK cut, charon.log, routes, firewall,
/// `ps`). One interop variant has Libreswan 4.10 in b. The expectations are the table in
/// Tests/Fixtures/variants/README.md, "Batch 5", committed before any variant was captured or
/// diagnosed; the notation is LabExpect's.
final class StrokeVariantTests: XCTestCase {
    static let batch5: [(variant: String, a: LabExpect, b: LabExpect, why: String)] = {
        let pskRefused = LabExpectations.pskInitiatorRefused
        let certRefused = LabExpectations.certInitiatorRefused
        return [
            ("st-healthy", .healthy, .healthy, "a working tunnel, pinged through"),
            ("st-psk-mismatch", .first(["ike.auth-failed-psk"]), .first(["ike.auth-failed-psk"]),
             "a: AUTHENTICATION_FAILED on a PSK conn (authby=secret); b: MAC mismatched"),
            ("st-ikev1-psk-mismatch", .first(pskRefused), .first(["ike.auth-failed-psk"]),
             "keyexchange=ikev1: a cannot decrypt b's answer; b cannot decrypt a's ID payload"),
            ("st-ike-proposal-mismatch", .first(["ike.proposal-mismatch"]), .first(["ike.proposal-mismatch"]),
             "a: NO_PROPOSAL_CHOSEN to IKE_SA_INIT with a strict ike=...!; b: received proposals unacceptable"),
            ("st-esp-proposal-mismatch", .first(["child.proposal-mismatch"]), .first(["child.proposal-mismatch"]),
             "IKE SA up; a: NO_PROPOSAL_CHOSEN for the CHILD_SA; b: no acceptable proposal found"),
            ("st-ts-mismatch", .first(["child.ts-mismatch"]), .first(["child.ts-mismatch"]),
             "IKE SA up; a: TS_UNACCEPTABLE; b: traffic selectors unacceptable"),
            ("st-id-mismatch", .blind(pskRefused), .first(["ike.id-mismatch"]),
             "a: a bare AUTHENTICATION_FAILED; b: no matching peer config for gw-a.lab.test"),
            ("st-route-not-triggered", .first(["child.not-triggered"]), .blind([]),
             "a: auto=route, a trap policy (ROUTED in ipsec status), no traffic; b never contacted"),
            ("st-cert-untrusted-ca", .blind(certRefused), .first(["cert.untrusted"]),
             "a: its certificate refused; b: no issuer certificate found (only a stranger CA in ipsec.d/cacerts)"),
            ("st-psk-not-found", .blind(pskRefused), .first(["ike.psk-not-found"]),
             "a: AUTHENTICATION_FAILED; b: no shared key found for gw-b.lab.test - gw-a.lab.test"),
            ("st-lsw-psk-mismatch", .first(["ike.auth-failed-psk"]), .first(["ike.auth-failed-psk"]),
             "stroke strongSwan a, Libreswan b: a gets AUTHENTICATION_FAILED; pluto's AUTH payload check fails"),
        ]
    }()

    /// Views the tool still gets wrong, each with why; the test fails when one of them turns
    /// right (then take it out) as when any other view is wrong.
    static let knownMisses: [String: String] = [:]

    func testBatch5FromEachEnd() throws {
        try VariantJudge.check("batch 5 (stroke)", VariantView.bothEnds(Self.batch5), knownMisses: Self.knownMisses)
    }
}

extension StrokeVariantTests {
    /// What the text report of a stroke gateway must say (and must not): strongSwan's stroke
    /// commands, not swanctl's or Libreswan's, since the connection lives in ipsec.conf.
    static let reportLines: [(variant: String, side: String, has: [String], hasNot: [String])] = [
        ("st-route-not-triggered", "a", ["ipsec up lab", "conn lab: auto=route"], ["ipsec auto --up", "swanctl --initiate"]),
        ("st-psk-not-found", "b", ["in /etc/ipsec.secrets, then ipsec rereadsecrets"], ["ipsec secrets\n", "swanctl: a secrets"]),
        ("st-psk-mismatch", "b", ["ipsec rereadsecrets && ipsec up lab"], ["swanctl --load-creds", "ipsec auto --up"]),
        ("st-psk-mismatch", "a", ["ipsec statusall   # our local id"], ["swanctl --list-conns"]),
    ]

    func testTheReportSpeaksStroke() throws {
        for c in Self.reportLines {
            let dir = CLI.repo + "/Tests/Fixtures/variants/\(c.variant)/\(c.side)"
            let r = try CLI.run(["diagnose", "--home", CLI.repo, "--snapshot", dir])
            for line in c.has { XCTAssertTrue(r.stdout.contains(line), "\(c.variant)/\(c.side) lacks \"\(line)\":\n\(r.stdout)") }
            for line in c.hasNot { XCTAssertFalse(r.stdout.contains(line), "\(c.variant)/\(c.side) says \"\(line)\":\n\(r.stdout)") }
            // the daemon is strongSwan, driven by starter; its `ipsec status` is not Libreswan's
            let json = try CLI.run(["diagnose", "--format", "json", "--home", CLI.repo, "--snapshot", dir]).json
            let facts = json?["facts"] as? [String: Any] ?? [:]
            XCTAssertEqual(facts["ike.implementation"] as? String, "strongswan", "\(c.variant)/\(c.side)")
            XCTAssertEqual(facts["ike.strongswan_frontend"] as? String, "stroke", "\(c.variant)/\(c.side)")
        }
    }
}
