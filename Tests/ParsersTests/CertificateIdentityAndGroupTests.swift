import XCTest
import Facts
@testable import Parsers

/// Kinds of held-out batch 17 of the real-report set (Tests/Fixtures/reports/README.md): a
/// Libreswan responder refusing a client whose IKE ID is not on its certificate, in the 3.2x
/// wordings and in the 3.3x-5.x one, and charon refusing an authenticated peer for a group it
/// lacks. Lines are the reports' own or published pluto output (libreswan/libreswan#237).
final class CertificateIdentityAndGroupTests: XCTestCase {
    func events(_ source: String, _ text: String) -> [String?] { parse(source, text).records.map { $0.str("event") } }

    /// hwdsl2/setup-ipsec-vpn#469 as the maintainer quoted it (grep's `/var/log/secure:` prefix):
    /// the certificate verifies, the ID is not in it. The 3.2x lines carry it.
    func testSecondClientsIdIsNotInItsCertificate() throws {
        let text = try report("hwdsl2-setup-ipsec-vpn-469-second-client-id-not-in-cert")
        XCTAssertEqual(LogRecognition.sniff(text)?.source, "pluto-log")
        XCTAssertTrue(events("pluto-log", text).contains("id_not_in_cert"))
        let f = logFacts("pluto-log", text)
        XCTAssertEqual(f["log.cert.id_not_in_cert"]?.value, .bool(true))
        XCTAssertEqual(f["log.cert.peer_verified"]?.value, .bool(true))
    }

    /// libreswan/libreswan#237: the 3.3x-5.x responder's own refusal, "Peer ID '...' is not
    /// specified on the certificate SubjectAltName (SAN) and no better connection found"
    /// (ikev2_peer_id.c). Alone with the refusal it answers, it names the cause; before it was
    /// read, only the weaker inference from "certificate verified OK" then AUTHENTICATION_FAILED
    /// could. 4.x prints the same message once with a stray backtick in front.
    func testResponderSaysTheIdIsNotOnTheCertificate() {
        let lines = """
        "ikev2-cp"[1] X.X.X.X #4: Peer ID '10.X.X.X (local IP)' is not specified on the certificate SubjectAltName (SAN) and no better connection found
        "ikev2-cp"[1] X.X.X.X #4: responding to IKE_AUTH message (ID 1) from X.X.X.X:X with encrypted notification AUTHENTICATION_FAILED
        """
        XCTAssertEqual(events("pluto-log", lines).first ?? nil, "id_not_in_cert")
        XCTAssertEqual(logFacts("pluto-log", lines)["log.cert.id_not_in_cert"]?.value, .bool(true))
        let backtick = "\"rw\"[1] 192.0.2.7 #1: `Peer ID '192.0.2.7' is not specified on the certificate SubjectAltName (SAN) and no better connection found"
        XCTAssertEqual(events("pluto-log", backtick).first ?? nil, "id_not_in_cert")
        // a connection that merely has another ID is still an ID mismatch, not a certificate matter
        let other = "\"rw\"[1] 192.0.2.7 #1: Peer ID '@road' mismatched on first found connection and no better connection found"
        XCTAssertEqual(events("pluto-log", other).first ?? nil, "id_mismatch")
    }

    /// opnsense/core#9286: charon's group constraint, the one line quoted in Markdown bold.
    func testGroupMembershipRequired() throws {
        let text = try report("opnsense-core-9286-radius-group-membership-required")
        XCTAssertEqual(LogRecognition.sniff(text)?.source, "charon-log")
        XCTAssertEqual(events("charon-log", text).first ?? nil, "not_authorized")
        XCTAssertEqual(logFacts("charon-log", text)["log.ike.not_authorized"]?.value, .bool(true))
    }
}
