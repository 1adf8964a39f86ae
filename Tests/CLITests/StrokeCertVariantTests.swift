import Foundation
import XCTest

/// Batch 9: certificate variants on strongSwan's ipsec.conf form (starter/stroke), each end
/// captured with its certificate lists (`ipsec listcerts`, `ipsec listcacerts`, `ipsec listcrls`),
/// made by `Tests/Lab/stroke-variants.sh capture VARIANT DIR`; and a Libreswan XAUTH user the
/// server does not know (`Tests/Lab/libreswan-variants.sh`). The expectations are the table in
/// Tests/Fixtures/variants/README.md, "Batch 9", committed before any variant was captured.
final class StrokeCertVariantTests: XCTestCase {
    static let batch9: [(variant: String, a: LabExpect, b: LabExpect, why: String)] = {
        let certRefused = LabExpectations.certInitiatorRefused
        return [
            ("st-cert-own-expired", .first(["cert.expired"]), .first(["cert.expired"]),
             "a's own certificate expired yesterday: b says so, a's ipsec listcerts shows it"),
            ("st-cert-own-id-not-in-san", .first(["cert.id-not-in-cert"]), .first(["ike.id-mismatch", "cert.id-not-in-cert"]),
             "a's leftid vpn.lab.test is not in its certificate, which names gw-a.lab.test only"),
            ("st-cert-responder-expired", .first(["cert.expired"]), .first(["cert.expired"]),
             "b's certificate expired: a checks it, b's own ipsec listcerts shows it"),
            ("st-cert-responder-revoked", .first(["cert.revocation-failed"]), .blind(certRefused),
             "a's CRL in ipsec.d/crls revokes b's certificate"),
            ("st-cert-responder-pinned-other", .first(["ike.not-authorized"]), .blind(certRefused),
             "a's rightcert pins another certificate for gw-b.lab.test than the one b authenticates with"),
            ("st-cert-responder-group-required", .first(["ike.not-authorized"]), .blind(certRefused),
             "a's rightgroups requires group gateways; b's certificate grants none"),
            ("lsw-xauth-unknown-user", .first(["ike.xauth-failed"]), .first(["ike.xauth-failed"]),
             "Libreswan IKEv1 XAUTH: a answers as bob, b's passwd file knows alice only"),
        ]
    }()

    /// Views the tool still gets wrong, each with why; the test fails when one turns right.
    static let knownMisses: [String: String] = [:]

    func testBatch9FromEachEnd() throws {
        try VariantJudge.check("batch 9 (stroke certificates, lists)", VariantView.bothEnds(Self.batch9), knownMisses: Self.knownMisses)
    }

    /// With the stroke gateway's own certificate listed, the initiator's finding is read from the
    /// list (0.9 or more), as batch 8's swanctl views.
    func testBatch9CertificateListMakesItCertain() throws {
        for view in ["st-cert-own-expired/a", "st-cert-own-id-not-in-san/a"] {
            let first = try Self.findings(view).first { $0["severity"] as? String == "problem" }
            XCTAssertGreaterThanOrEqual(first?["confidence"] as? Double ?? 0, 0.9, "\(view): \(first ?? [:])")
        }
    }

    func testNoSecretInBatch9() throws {
        VariantJudge.assertNoSecrets(in: Self.batch9.map(\.variant), AuthVariantTests.labSecrets)
    }

    static func findings(_ view: String) throws -> [[String: Any]] {
        let r = try CLI.run(["diagnose", "--format", "json", "--home", CLI.repo, "--snapshot",
                             CLI.repo + "/Tests/Fixtures/variants/" + view])
        return r.json?["findings"] as? [[String: Any]] ?? []
    }
}
