import XCTest
import Facts
@testable import Parsers

/// Forms and messages found while gathering held-out batch 8 (Tests/Fixtures/reports/README.md):
/// lines quoted with Markdown's `> `, pluto's debug lines behind its own prefix, and pluto's
/// refusals of an IKE_AUTH without AUTH payload (an EAP request) or without a shared RFC 7427
/// signature hash. Each test names the thread its lines come from (short excerpts; public
/// addresses replaced by documentation ones where noted).
final class QuotedAndDebugLogFormsTests: XCTestCase {
    /// A strongSwan Android log pasted as a Markdown blockquote, every line behind `> `
    /// (jawj/IKEv2-setup#145; the server address replaced by 203.0.113.169).
    func testBlockquotedCharonLines() {
        let text = """
        > Sep  6 12:10:26 07[IKE] initiating IKE_SA android[5] to 203.0.113.169
        > Sep  6 12:10:26 07[ENC] generating IKE_SA_INIT request 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) N(FRAG_SUP) N(HASH_ALG) N(REDIR_SUP) ]
        > establishing IKE_SA failed, peer not responding
        """
        XCTAssertEqual(LogRecognition.sniff(text)?.source, "charon-log")
        let r = parse("charon-log", text)
        XCTAssertTrue(r.unparsed.isEmpty, "\(r.unparsed)")
        XCTAssertEqual(r.records.first?.str("subsystem"), "IKE")
        XCTAssertEqual(r.records.last?.str("event"), "giving_up")
    }

    /// The marker alone is taken off: nested quotes too, but not a `>` that is part of a word,
    /// nor a quote with nothing in it.
    func testBlockquoteMarkerOnly() {
        XCTAssertEqual("> > text".markdownQuoteContent, "text")
        XCTAssertEqual(">> text".markdownQuoteContent, "text")
        XCTAssertEqual("  > text".markdownQuoteContent, "text")
        XCTAssertNil(">text".markdownQuoteContent)
        XCTAssertNil("> ".markdownQuoteContent)
        XCTAssertNil("text > more".markdownQuoteContent)
    }

    /// pluto's debug lines (`plutodebug`, lswlog.h `DEBUG_PREFIX "| "`) behind its syslog tag
    /// (libreswan/libreswan#47) or its log file's time (hwdsl2/setup-ipsec-vpn#860): pluto's own,
    /// accounted for, and a paste of nothing else is still read as pluto's. A Markdown table,
    /// whose rows also start with `| `, is nobody's.
    func testPlutoDebugLinesBehindItsPrefix() {
        let syslog = """
        Feb 22 16:12:42 dublin.dev.router pluto[5691]: | keysize is NOT required - NOT sent key length attribute
        Feb 22 16:12:42 dublin.dev.router pluto[5691]: | going to send a certreq
        """
        let file = """
        Sep 29 09:42:29.495253: | resume sending helper answer for #4 suppresed complete_v2_state_transition()
        Sep 29 09:42:29.495271: | in statetime_stop() and could not find #4
        """
        for text in [syslog, file] {
            XCTAssertEqual(LogRecognition.sniff(text)?.source, "pluto-log", text)
            let r = parse("pluto-log", text)
            XCTAssertTrue(r.unparsed.isEmpty, "\(r.unparsed)")
            XCTAssertTrue(r.records.isEmpty)
        }
        XCTAssertNil(LogRecognition.sniff("| a | b |\n|---|---|\n| c | d |"))
        // charon's lines behind `ipsec[pid]:` (ipsec starter) are not pluto's debug lines
        XCTAssertFalse(PlutoLogParser.isPrefixedDebugLine("Jul 06 16:14:49 gittest ipsec[14464]: | not pluto"))
    }

    /// An IKE_AUTH request without AUTH payload is an EAP request (RFC 7296 2.16), refused by a
    /// responder that wants signatures: Libreswan 3.23 (hwdsl2/setup-ipsec-vpn#461, an iOS
    /// client set up by hand). Another missing payload stays a malformed message.
    func testIkeAuthWithoutAuthPayload() {
        let text = """
        Oct 08 16:58:45 nerdoflinux.com pluto[16210]: "l2tp-psk"[1] x.x.x.x #1: missing payload(s) (ISAKMP_NEXT_v2AUTH). Message dropped.
        Oct 08 16:58:45 nerdoflinux.com pluto[16210]: | ikev2_parent_inI2outR2_tail returned STF_FAIL with v2N_INVALID_SYNTAX
        Oct 08 16:58:45 nerdoflinux.com pluto[16210]: "l2tp-psk"[1] x.x.x.x #1: sending unencrypted notification v2N_INVALID_SYNTAX to x.x.x.x:500
        """
        let r = parse("pluto-log", text)
        XCTAssertTrue(r.unparsed.isEmpty, "\(r.unparsed)")
        XCTAssertEqual(r.records.compactMap { $0.str("event") }.first, "auth_method_mismatch")
        let other = parse("pluto-log", "\"c\" #1: missing payload(s) (ISAKMP_NEXT_v2SA). Message dropped.")
        XCTAssertNotEqual(other.records.first?.str("event"), "auth_method_mismatch")
        let dropped = parse("pluto-log", "\"c\"[1] 192.0.2.7 #4: dropping unexpected IKE_AUTH message containing INITIAL_CONTACT... notification; message payloads: SK; encrypted payloads: IDi,N,IDr,CP,SA,TSi,TSr; missing payloads: AUTH")
        XCTAssertEqual(dropped.records.first?.str("event"), "auth_method_mismatch")
    }

    /// No RFC 7427 signature hash in common: the responder's refusal of the peer's AUTH (3.x
    /// ikev2_parent.c form, the one hwdsl2/setup-ipsec-vpn#930 reports; 4.x/5.x ikev2_auth.c form)
    /// and the initiator's own failure,
    /// which it ends with NO_PROPOSAL_CHOSEN (libreswan/libreswan#422, `ipsec auto --up`).
    func testNoSharedSignatureHash() {
        for message in ["no acceptable ECDSA/RSA-PSS ASN.1 signature hash proposal included for rsasig in I2 Auth Payload",
                        "authentication failed: no acceptable ECDSA/RSA-PSS ASN.1 signature hash proposal included for rsasig"] {
            XCTAssertEqual(parse("pluto-log", "\"ikev2-cp\"[45] 192.0.2.19 #3: " + message).records.first?.str("event"), "auth_method_mismatch", message)
        }
        let console = """
        181 "rsa" : STATE_PARENT_I1: sent v2I1, expected v2R1
        003 "rsa" : **DigSig: no compatible DigSig hash algo**
        214 "rsa" : state transition 'Initiator: process IKE_SA_INIT reply, initiate IKE_AUTH' failed with v2N_NO_PROPOSAL_CHOSEN
        """
        let r = parse("pluto-log", console)
        XCTAssertEqual(r.records.compactMap { $0.str("event") }.first, "auth_method_mismatch")
        XCTAssertEqual(r.records[1].str("message"), "DigSig: no compatible DigSig hash algo")
    }

    private func parse(_ source: String, _ text: String) -> ParseResult {
        ParserRegistry.parser(named: source)!.parse(text)
    }
}
