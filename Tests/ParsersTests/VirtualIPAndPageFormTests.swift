import XCTest
import Facts
@testable import Parsers

/// Kinds found by held-out batch 16 of the real-report set (Tests/Fixtures/reports/README.md):
/// a virtual IP the responder could not give (a client that asked for none, a DHCP server whose
/// OFFER never reached charon's dhcp plugin), charon's lines published as a page's HTML, socklog's
/// envelope, and NetworkManager-l2tp finding no `ipsec` script. Lines are the reports' own; the
/// lines that must keep another reading are the daemons' formats (instantiated) or other reports'.
final class VirtualIPAndPageFormTests: XCTestCase {
    func events(_ source: String, _ text: String) -> [String?] { parse(source, text).records.map { $0.str("event") } }

    /// GriffinPlus/docker-strongswan#5, the container's charon.log: the client requested no virtual
    /// IP from a connection that hands them out. The selector refusal after it is its consequence.
    func testVirtualIPRequestExpected() throws {
        let text = try report("griffinplus-docker-strongswan-5-server-expected-vip-request")
        XCTAssertEqual(LogRecognition.sniff(text)?.source, "charon-log")
        XCTAssertEqual(events("charon-log", text).first ?? nil, "vip_failed")
        let f = logFacts("charon-log", text)
        XCTAssertEqual(f["log.ike.virtual_ip_failed"]?.value, .bool(true))
        XCTAssertEqual(f["log.child.ts_unacceptable"]?.value, .bool(true))
    }

    /// FDio/vpp#3374: charon's syslog as Jira's rendered HTML (`<p>`, `<span class="error">&#91;IKE&#93;</span>`,
    /// `<br/>`). The page's containers go, the daemon's angle brackets stay.
    func testHtmlContainersTakenOff() throws {
        let text = try report("fdio-vpp-3374-jira-html-fail-cp-required")
        let read = PastedLog.normalised(text)
        XCTAssertTrue(read.contains("Jun 16 10:24:53 strongswan-ipsec charon: 12[ENC] generating IKE_AUTH response 1 [ IDr AUTH N(FAIL_CP_REQ) ]"), read)
        XCTAssertFalse(read.contains("<"), read)
        XCTAssertEqual(LogRecognition.sniff(text)?.source, "charon-log")
        for kept in ["Aug 27 07:29:41 12[IKE] <IKEv2-EAP-TLS|1> expected a virtual IP request, sending FAILED_CP_REQUIRED",
                     "Jun 09 10:08:38 u001-81tk NetworkManager[536]: <info>  [1749434918.0185] vpn[0x5591e9843550]: starting l2tp"] {
            XCTAssertEqual(HtmlMarkup.undone(kept), kept)
        }
    }

    /// The same report: the IKE_AUTH response charon generates carries N(FAIL_CP_REQ), its own
    /// refusal for want of a virtual IP request. When charon's own line is in the log too, that
    /// line carries the event and the response adds none (counted once).
    func testGeneratedVirtualIPNotify() throws {
        let text = try report("fdio-vpp-3374-jira-html-fail-cp-required")
        XCTAssertEqual(events("charon-log", text).compactMap { $0 }, ["child_failed", "vip_failed"])
        XCTAssertEqual(logFacts("charon-log", text)["log.ike.virtual_ip_failed"]?.value, .bool(true))
        let both = try report("griffinplus-docker-strongswan-5-server-expected-vip-request").components(separatedBy: "\n")[0]
            + "\nAug 27 07:29:41 12[ENC] <IKEv2-EAP-TLS|1> generating IKE_AUTH response 1 [ IDr AUTH N(FAIL_CP_REQ) ]"
        XCTAssertEqual(events("charon-log", both).compactMap { $0 }, ["vip_failed"])
    }

    /// openwrt/packages#25801: charon's dhcp plugin sends DISCOVER again for the same client, so
    /// no OFFER came back in time (dnsmasq's OFFER did not reach it): one `dhcp_unanswered`, on the
    /// second DISCOVER, weaker than the plugin's own time-out. An OFFER answers the DISCOVERs.
    func testDhcpDiscoverRetried() throws {
        let text = try report("openwrt-packages-25801-dhcp-plugin-offer-not-received")
        XCTAssertEqual(LogRecognition.sniff(text)?.source, "charon-log")
        XCTAssertEqual(events("charon-log", text).compactMap { $0 }, ["dhcp_unanswered"])
        let f = logFacts("charon-log", text)
        XCTAssertEqual(f["log.ike.virtual_ip_failed"]?.value, .bool(true))
        XCTAssertEqual(f["log.ike.virtual_ip_failed"]?.certainty ?? 0, 0.7, accuracy: 0.001)
        let first = text.components(separatedBy: "\n")[0]
        let discover = String(first[first.range(of: "09[CFG] ")!.upperBound...])
        let offer = LogMessage.instantiate("received DHCP OFFER %H from %H")
        var ctx = CharonLogParser.Context()
        XCTAssertNil(CharonLogParser.dhcpRetry(discover, context: &ctx))
        XCTAssertNil(CharonLogParser.dhcpRetry(offer, context: &ctx))
        XCTAssertNil(CharonLogParser.dhcpRetry(discover, context: &ctx), "a new transaction after an OFFER")
        for line in ["DHCP DISCOVER timed out", "DHCP REQUEST timed out"] {
            XCTAssertEqual(StrongswanMessages.catalogue.classify(line)?.event, "vip_failed", line)
        }
    }

    /// void-packages#54763: socklog's envelope (`svlogtail`) around NetworkManager's line;
    /// NetworkManager-l2tp found no `ipsec` script (strongSwan 6), so no IKE daemon was started.
    func testSocklogEnvelopeAndNoIpsecScript() throws {
        let text = try report("void-packages-54763-strongswan6-no-ipsec-binary")
        XCTAssertTrue(PastedLog.normalised(text).hasPrefix("Mar 19 18:03:42 NetworkManager[14180]: <warn>"))
        XCTAssertEqual(LogRecognition.sniff(text)?.source, "charon-log")
        XCTAssertEqual(logFacts("charon-log", text)["log.system.daemon_absent"]?.value, .bool(true))
        // an RFC 3339 syslog line (rsyslog's high-precision time, no selector) is no socklog line
        let rfc3339 = "2022-06-14T16:40:59.626148+00:00 1cb06121aa01 /etc/init.d/ipsec[1877]: checkpath: /var/run/pluto: could not open run: No such device or address"
        XCTAssertEqual(PastedLog.normalised(rfc3339), rfc3339)
    }
}
