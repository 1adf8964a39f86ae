import XCTest
import Facts
@testable import Parsers

/// Kinds found by held-out batch 11 of the real-report set (Tests/Fixtures/reports/README.md):
/// the host's crypto library refusing the signature algorithm (NSS naming it, charon only saying
/// its own signature failed), the older plutos' "We cannot identify ourselves" when a
/// connection's addresses are not this host's, and two paste forms (bold-italic Markdown around a
/// message, a peer address the user masked with a placeholder holding blanks). Lines are the
/// reports' own, cited per case.
final class CryptoPolicyAndOrientationTests: XCTestCase {
    /// libreswan#810 marked two messages `**_..._**` and `_**...**_`; underscores inside a
    /// message (or one `_`/`*` pair alone) are no emphasis.
    func testBoldItalicMarkdownAroundAMessage() {
        let wrapped: [(line: String, inner: String?)] = [
            ("**_ignoring CERTREQ payload_**", "ignoring CERTREQ payload"),
            ("_**NSS: SGN_Digest(SHA-1) function failed**_", "NSS: SGN_Digest(SHA-1) function failed"),
            ("***message***", "message"),
            ("_SEC_ERROR_SIGNATURE_ALGORITHM_DISABLED_", nil),
            ("*x*", nil),
        ]
        for w in wrapped { XCTAssertEqual(w.line.markdownBoldContent, w.inner, w.line) }
    }

    /// libreswan#810: the peer address masked as `<masked host IP>`, followed by one or two blanks.
    func testMaskedPeerAddressPlaceholder() throws {
        let r = parse("pluto-log", try report("libreswan-810-nss-sha1-signature-disabled"))
        XCTAssertTrue(r.unparsed.isEmpty, "\(r.unparsed)")
        XCTAssertEqual(r.records.map { $0.int("serial") }, [1, 1, 1, nil, 1, 1])
        XCTAssertEqual(r.records[0].str("message"), "ignoring CERTREQ payload that is not ASN1: content is not binary ASN.1")
        XCTAssertEqual(r.records[3].str("message"), "deleting connection instance with peer <masked host IP>  {isakmp=#0/ipsec=#0}")
        XCTAssertEqual(r.records.last?.str("event"), "algorithm_disabled")
    }

    /// NSS names the refused algorithm: the cause, certain.
    func testNSSSignatureAlgorithmDisabled() throws {
        let f = logFacts("pluto-log", try report("libreswan-810-nss-sha1-signature-disabled"))
        XCTAssertEqual(f["log.system.algorithm_refused"]?.value, .bool(true))
        XCTAssertEqual(f["log.system.algorithm_refused"]?.certainty ?? 0, 1, accuracy: 0.001)
        // any other failure of pluto's own signature: the same fact, weaker
        let other = logFacts("pluto-log", "\"rw\"[1] 192.0.2.7 #1: NSS: SGN_Digest(SHA-256) function failed: SEC_ERROR_LIBRARY_FAILURE: security library failure.")
        XCTAssertEqual(other["log.system.algorithm_refused"]?.certainty ?? 0, 0.7, accuracy: 0.001)
    }

    /// hwdsl2/setup-ipsec-vpn#1368: two bare pluto messages, no prefix at all: read as pluto's by
    /// their content.
    func testBarePlutoMessagesRecognised() throws {
        let text = try report("hwdsl2-setup-ipsec-vpn-1368-nss-sha1-disabled-rocky9")
        XCTAssertEqual(LogRecognition.sniff(text)?.source, "pluto-log")
        XCTAssertEqual(logFacts("pluto-log", text)["log.system.algorithm_refused"]?.value, .bool(true))
    }

    /// strongswan#3017: charon could not make its own signature; the key was there (no "no private
    /// key found"), so the scheme: weaker than NSS's named refusal, and not a missing key.
    func testCharonOwnSignatureFailed() throws {
        let f = logFacts("charon-log", try report("strongswan-3017-rsa-signature-myself-failed"))
        XCTAssertEqual(f["log.system.algorithm_refused"]?.value, .bool(true))
        XCTAssertEqual(f["log.system.algorithm_refused"]?.certainty ?? 0, 0.7, accuracy: 0.001)
        XCTAssertNotEqual(f["log.cert.no_private_key"]?.value, .bool(true))
        // success is no failure
        let ok = logFacts("charon-log", "authentication of 'vpn.example.com' (myself) with RSA signature successful")
        XCTAssertNotEqual(ok["log.system.algorithm_refused"]?.value, .bool(true))
    }

    /// Openswan 2.6 (xelerance/Openswan#105) and Libreswan 3.x (libreswan#242) capitalise the
    /// orientation failure; current pluto writes it lower-case (both read as no_ike_config).
    func testOlderPlutoCannotIdentifyOurselves() throws {
        for name in ["openswan-105-cannot-identify-ourselves", "libreswan-242-cannot-identify-ourselves-not-usable"] {
            XCTAssertEqual(logFacts("pluto-log", try report(name))["log.ike.no_ike_config"]?.value, .bool(true), name)
        }
    }
}
