import XCTest
import Facts
@testable import Parsers

/// Lines from published threads whose cause the thread never confirmed (so they are no report
/// cases in Tests/Fixtures/reports), kept here only for their form or message: what a user
/// pastes from these daemons must be recognised and read. Found while gathering held-out
/// batch 7 (Tests/Fixtures/reports/README.md); each test names its thread.
final class PublishedLogFormsTests: XCTestCase {
    /// strongMan's charon file log (strongswan/strongMan#147): its own strftime time format and
    /// `log_level = yes`, which adds the level to the group (file_logger.c "%.2d[%N%d] ").
    func testFileLoggerWithLevelAndOwnTimeFormat() {
        let text = """
        Thu, 2023-11-02, 17:28:09 13[NET1] <11> received packet: from 101.24.95.166[4703] to 172.17.62.205[500] (1016 bytes)
        Thu, 2023-11-02, 17:28:09 13[ENC1] <11> parsed IKE_SA_INIT request 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) N(FRAG_SUP) N(HASH_ALG) N(REDIR_SUP) ]
        Thu, 2023-11-02, 17:28:09 13[IKE0] <11> 101.24.95.166 is initiating an IKE_SA
        Thu, 2023-11-02, 17:28:09 13[CFG1] <11> selected proposal: IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048
        """
        XCTAssertEqual(LogRecognition.sniff(text)?.source, "charon-log")
        let r = parse("charon-log", text)
        XCTAssertTrue(r.unparsed.isEmpty, "\(r.unparsed)")
        XCTAssertEqual(r.records.map { $0.str("subsystem") ?? "-" }, ["NET", "ENC", "IKE", "CFG"])
        XCTAssertEqual(r.records.first?.str("time"), "Thu, 2023-11-02, 17:28:09")
        XCTAssertEqual(r.records.first?.str("ike_sa"), "11")
        XCTAssertEqual(r.records.last?.str("message"), "selected proposal: IKE:AES_CBC_128/HMAC_SHA2_256_128/PRF_HMAC_SHA2_256/MODP_2048")
        // not a time stamp: a host and a program in front of the thread token stay syslog's
        XCTAssertNil(parse("charon-log", "Thu, 2023-11-02, 17:28:09 gw racoon: 13[IKE] message").records.first)
    }

    /// Openswan 2.x / strongSwan 4.x pluto checking a peer certificate without its CA
    /// (xelerance/Openswan#237, a Cisco peer; lines tagged only `pluto[pid]:`).
    func testPreNSSPlutoCertificateCheck() {
        let text = """
        pluto[1579]: "IPSec_TUN_1" #1: Main mode peer ID is ID_DER_ASN1_DN: 'C=CN, OU=Robustel, CN=robustel.cisco.com'
        pluto[1579]: "IPSec_TUN_1" #1: issuer cacert not found
        pluto[1579]: "IPSec_TUN_1" #1: X.509 certificate rejected
        """
        XCTAssertEqual(LogRecognition.sniff(text)?.source, "pluto-log")
        let r = parse("pluto-log", text)
        XCTAssertEqual(r.records.compactMap { $0.str("event") }, ["cert_untrusted", "cert_rejected"])
        XCTAssertEqual(DaemonLogFacts.table["cert_untrusted"]?.0, "log.cert.untrusted")
    }

    /// Libreswan 3.29 answering an RFC 4754 ECDSA AUTH payload it does not handle
    /// (libreswan/libreswan#283): the peer's auth method, not its key.
    func testUnsupportedAuthMethodInAuthPayload() {
        let text = """
        Oct 28 17:32:05.433983: | verifying AUTH payload
        Oct 28 17:32:05.433990: "ikev2"[1] 192.168.4.101 #1: authentication method: IKEv2_AUTH_ECDSA_P256 not supported in I2 Auth Payload
        Oct 28 17:32:05.433999: "ikev2"[1] 192.168.4.101 #1: responding to IKE_AUTH message (ID 1) from 192.168.4.101:4500 with encrypted notification AUTHENTICATION_FAILED
        """
        let r = parse("pluto-log", text)
        // the method refusal, not the AUTHENTICATION_FAILED it answers with, is the first event
        XCTAssertEqual(r.records.compactMap { $0.str("event") }.first, "auth_method_mismatch")
    }

    /// Rows copied from macOS Console (Type, Time, Process, Message; tab-separated), Apple's racoon
    /// as an XAUTH client of Libreswan (libreswan/libreswan#1857, a server-side regression).
    func testMacOSConsoleRows() {
        let text = [
            "default\t09:46:17.474731+0000\tracoon\tIPSec Extended Authentication requested.",
            "default\t09:46:17.487288+0000\tracoon\treceived xauth info command vpn control socket.",
            "default\t09:46:17.525940+0000\tracoon\tIPSec Extended Authentication Passed.",
            "default\t09:46:17.526679+0000\tracoon\tSending MODE_CFG REQUEST",
        ].joined(separator: "\n")
        XCTAssertEqual(LogRecognition.sniff(text)?.source, "racoon-log")
        let r = parse("racoon-log", text)
        XCTAssertTrue(r.unparsed.isEmpty, "\(r.unparsed)")
        XCTAssertEqual(r.records.first?.str("time"), "09:46:17.474731+0000")
        XCTAssertEqual(r.records.last?.str("message"), "Sending MODE_CFG REQUEST")
        // another process's row is not racoon's
        XCTAssertTrue(parse("racoon-log", "default\t09:46:17.474731+0000\tnesessionmanager\tstatus changed to connecting").records.isEmpty)
    }

    /// A charon responder whose first reply the initiator never followed: it answers IKE_SA_INIT
    /// with its SA, gets the same request again, and drops the IKE_SA on the half-open timer
    /// (jawj/IKEv2-setup#46; the `access_1  | ` docker-compose prefix is a strongSwan 5.3.5
    /// container's, from a thread of mainnika/docker-ikev2-vpn-server). No IKE_AUTH arrives.
    func testCharonResponderFirstReplyUnanswered() {
        let text = """
        Dec 17 03:25:10 LNVPN1 charon: 13[ENC] parsed IKE_SA_INIT request 0 [ SA KE No N(REDIR_SUP) N(NATD_S_IP) N(NATD_D_IP) N(FRAG_SUP) ]
        Dec 17 03:25:10 LNVPN1 charon: 13[IKE] yyy.yyy.yyy.yyy is initiating an IKE_SA
        Dec 17 03:25:10 LNVPN1 charon: 13[ENC] generating IKE_SA_INIT response 0 [ SA KE No N(NATD_S_IP) N(NATD_D_IP) N(FRAG_SUP) N(MULT_AUTH) ]
        Dec 17 03:25:40 LNVPN1 charon: 11[JOB] deleting half open IKE_SA after timeout
        """
        let r = parse("charon-log", text)
        XCTAssertEqual(r.records.filter { $0["first_reply"] == .bool(true) }.count, 1)
        XCTAssertEqual(r.records.filter { $0["reply_unanswered"] == .bool(true) }.count, 1)
        XCTAssertEqual(DaemonLogFacts.firstReplyUnanswered(r.typed(LogEventRecord.self), origin: "t").count, 2)
        let docker = parse("charon-log", """
        access_1  | 14[IKE] received retransmit of request with ID 0, retransmitting response
        access_1  | 01[JOB] deleting half open IKE_SA after timeout
        """)
        XCTAssertEqual(docker.records.filter { $0["reply_unanswered"] == .bool(true) }.count, 2)
        // the initiator went on (IKE_AUTH arrived): not this story, whatever follows
        let wentOn = parse("charon-log", text.replacingOccurrences(of: "11[JOB]", with: "12[ENC] parsed IKE_AUTH request 1 [ IDi AUTH SA TSi TSr ]\nDec 17 03:25:40 LNVPN1 charon: 11[JOB]"))
        XCTAssertEqual(DaemonLogFacts.firstReplyUnanswered(wentOn.typed(LogEventRecord.self), origin: "t"), [])
        // an INVALID_KE answer is no first reply
        XCTAssertNil(parse("charon-log", "12[ENC] generating IKE_SA_INIT response 0 [ N(INVAL_KE) ]").records.first?["first_reply"])
    }
}
