import XCTest
import Facts
@testable import Parsers

/// Kinds found by held-out batch 12 of the real-report set (Tests/Fixtures/reports/README.md):
/// charon's console relayed into syslog under the tag of the program that ran it, the ICMP error
/// pluto reports for its IKE socket (port unreachable and fragmentation needed are not an
/// unreachable peer), the responder sending its IKE_AUTH response again, Libreswan 3.x's IKEv2
/// proposal refusal, and Libreswan 4.x's xfrm replies naming a kernel without XFRM support.
/// Lines are the reports' own, cited per case.
final class RelayedConsoleAndSocketErrorTests: XCTestCase {
    /// NixOS/nixpkgs#64965: NetworkManager-l2tp ran `ipsec up` and logged its output under its
    /// own tag; the bare console messages are charon's.
    func testConsoleRelayedUnderAnotherProgramsTag() throws {
        let text = try report("nixpkgs-64965-nm-l2tp-ipsec-secrets-missing")
        let r = parse("charon-log", text)
        XCTAssertTrue(r.unparsed.isEmpty, "\(r.unparsed)")
        XCTAssertEqual(r.records.map { $0.str("program") }, ["charon", "NetworkManager", "NetworkManager", "NetworkManager"])
        XCTAssertEqual(r.records[2].str("message"), "no shared key found for 10.5.4.128 - 4.53.22.116")
        XCTAssertEqual(logFacts("charon-log", text)["log.ike.psk_not_found"]?.value, .bool(true))
        // the program's own lines, and other IKE daemons' tags, are not charon's
        for line in ["NetworkManager[4497]: <info>  [1563371.8872] vpn[0x55d3]: VPN plugin: state changed: starting (3)",
                     "Jul 17 10:00:00 gw pluto[812]: \"conn\" #1: no acceptable Oakley Transform",
                     "xl2tpd[1]: Listening on IP address 0.0.0.0, port 1701"] {
            XCTAssertTrue(parse("charon-log", line).records.isEmpty, line)
        }
    }

    /// Libreswan FAQ: ICMP port unreachable (errno 111) is a peer host without an IKE daemon;
    /// ICMP fragmentation needed (errno 90) packets too large for the path. Neither is an
    /// unreachable peer. 3.x "(sport=500) for message to ..." and 4.x "(addr:port)" forms.
    func testAsynchronousSocketErrorsByTheirICMP() throws {
        let refused = logFacts("pluto-log", try report("libreswan-faq-async-error-connection-refused"))
        XCTAssertEqual(refused["log.ike.port_unreachable"]?.value, .bool(true))
        XCTAssertEqual(refused["log.ike.unreachable"]?.value, .bool(false))
        let tooLong = logFacts("pluto-log", try report("libreswan-faq-async-error-message-too-long"))
        XCTAssertEqual(tooLong["log.ike.message_too_long"]?.value, .bool(true))
        XCTAssertEqual(tooLong["log.ike.unreachable"]?.value, .bool(false))
        let v4 = logFacts("pluto-log", "Dec  2 10:00:00 gw pluto[812]: \"lab\" #1: ERROR: asynchronous network error report on eth0 (192.0.2.2:500), complainant 192.0.2.2: Connection refused [errno 111, origin ICMP type 3 code 3 (not authenticated)]")
        XCTAssertEqual(v4["log.ike.port_unreachable"]?.value, .bool(true))
        // host unreachable stays what it was
        let host = logFacts("pluto-log", "Dec  2 10:00:00 gw pluto[812]: \"lab\" #1: ERROR: asynchronous network error report on eth0 (192.0.2.2:500), complainant 192.0.2.254: No route to host [errno 113, origin ICMP type 3 code 1 (not authenticated)]")
        XCTAssertEqual(host["log.ike.unreachable"]?.value, .bool(true))
        XCTAssertEqual(host["log.ike.port_unreachable"]?.value, .bool(false))
    }

    /// The responder sent its IKE_AUTH response again: 3.2x (the FAQ's line), 3.32 and 4.x/5.x
    /// forms, and charon's. A duplicate IKE_SA_INIT is the first reply unanswered instead.
    func testResponderRetransmitsItsIKEAuthResponse() throws {
        let lines = [try report("libreswan-faq-windows-ike-auth-response-retransmit"),
                     "\"ikev2-cp\"[1] 192.0.2.7 #1: received duplicate IKE_AUTH message request (Message ID 1); retransmitting response",
                     "Dec  2 10:00:00 gw pluto[812]: \"ikev2-cp\"[1] 192.0.2.7 #1: IKE_AUTH request has duplicate Message ID 1; retransmitting response",
                     "\"ikev2-cp\"[1] 192.0.2.7 #1: IKE_AUTH request fragment 1 of 3 has duplicate Message ID 1; retransmitting response"]
        for text in lines {
            XCTAssertEqual(LogRecognition.sniff(text)?.source, "pluto-log", text)
            let f = logFacts("pluto-log", text)
            XCTAssertEqual(f["log.ike.auth_reply_unanswered"]?.value, .bool(true), text)
            XCTAssertEqual(f["log.ike.first_reply_unanswered"]?.value, .bool(false), text)
        }
        let charon = logFacts("charon-log", "Dec  2 10:00:00 gw charon: 12[IKE] <rw|3> received retransmit of request with ID 1, retransmitting response")
        XCTAssertEqual(charon["log.ike.auth_reply_unanswered"]?.value, .bool(true))
        let initDup = logFacts("pluto-log", "\"ikev2-cp\"[1] 192.0.2.7 #1: received duplicate IKE_SA_INIT request; retransmitting response")
        XCTAssertEqual(initDup["log.ike.auth_reply_unanswered"]?.value, .bool(false))
        XCTAssertEqual(initDup["log.ike.first_reply_unanswered"]?.value, .bool(true))
    }

    /// Libreswan 3.x's IKEv2 responder refusing every IKE proposal (the FAQ's message, bare).
    func testNoParentProposalSelected() throws {
        let text = try report("libreswan-faq-no-parent-proposal-selected")
        XCTAssertEqual(LogRecognition.sniff(text)?.source, "pluto-log")
        XCTAssertEqual(logFacts("pluto-log", text)["log.ike.no_proposal_chosen"]?.value, .bool(true))
    }

    /// hwdsl2/setup-ipsec-vpn#1363: pluto 4.x on a kernel without XFRM support: the bypass
    /// policy refused with EOPNOTSUPP, then pluto exits. Another errno is an SA or policy refused.
    func testKernelXfrmReplyNamingNoXfrmSupport() throws {
        let f = logFacts("pluto-log", try report("hwdsl2-setup-ipsec-vpn-1363-rpi-kernel-bypass-policy-eopnotsupp"))
        XCTAssertEqual(f["log.kernel.esp_unsupported"]?.value, .bool(true))
        XCTAssertEqual(f["log.child.install_failed"]?.value, .bool(true))
        let exists = logFacts("pluto-log", "\"lab\" #2: ERROR: kernel: xfrm XFRM_MSG_NEWPOLICY add response for flow 192.0.1.0/24===192.0.2.0/24: File exists (errno 17)")
        XCTAssertEqual(exists["log.child.install_failed"]?.value, .bool(true))
        XCTAssertEqual(exists["log.kernel.esp_unsupported"]?.value, .bool(false))
    }
}
