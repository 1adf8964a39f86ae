import XCTest
import Facts
@testable import Parsers

/// Log forms found in published failure reports (Tests/Fixtures/reports/<case>/, each cited in
/// its case.txt): firewall GUI log views, OpenWrt logread, Android logcat, and the marks the log
/// facts use to tell a silent peer from one that answered.
final class ReportLogFormsTests: XCTestCase {
    /// OPNsense's log view exports `time | charon[pid] | 15[IKE] <con1|3> message` (opnsense/core#4438).
    func testOPNsenseTableColumns() throws {
        let text = try report("opnsense-core-4438-no-xauth-secret")
        XCTAssertEqual(LogRecognition.sniff(text)?.source, "charon-log")
        let r = parse("charon-log", text)
        XCTAssertTrue(r.unparsed.isEmpty, "\(r.unparsed)")
        XCTAssertEqual(r.records.first?.str("time"), "2020-11-02T00:25:07")
        XCTAssertEqual(r.records.first?.str("ike_sa"), "con1|3")
        XCTAssertEqual(r.records.compactMap { $0.str("event") }, ["xauth_failed", "xauth_failed"])
    }

    /// A report pasting the client's dialog beside the server's pluto lines (hwdsl2/setup-ipsec-vpn#826):
    /// read as pluto's and as the iOS/macOS client's, whose sentence no daemon prints; a daemon's
    /// log alone stays one source.
    func testClientErrorsBesideTheGatewayLog() throws {
        XCTAssertEqual(LogRecognition.sources(try report("hwdsl2-setup-ipsec-vpn-826-macos-ca-not-trusted")),
                       ["pluto-log", "apple-vpn-client-log"])
        XCTAssertEqual(LogRecognition.sources(try report("opnsense-core-4438-no-xauth-secret")), ["charon-log"])
        // the client's marker lines alone (no failure named) add no second source
        XCTAssertEqual(LogRecognition.sources("Jul 12 18:54:37.988827: loading root certificate cache\nVPN Connection"), ["pluto-log"])
    }

    /// OpenWrt logread: weekday first, year after the time, `daemon.info :` with no tag (openwrt/packages#14360).
    func testOpenWrtLogread() throws {
        let r = parse("charon-log", try report("openwrt-packages-14360-sad-netlink-enoent"))
        XCTAssertTrue(r.unparsed.isEmpty, "\(r.unparsed)")
        XCTAssertEqual(r.records.first?.str("time"), "Tue Dec 27 12:48:55 2020")
        XCTAssertEqual(r.records.last?.str("event"), "install_failed")
        XCTAssertEqual(r.records.last?.str("phase"), "child")
    }

    /// The strongSwan Android app under logcat's brief format (`I/charon: 13[IKE] ...`, X-dea/flutter_vpn#59).
    func testLogcatCharon() throws {
        let text = try report("flutter-vpn-59-logcat-no-response")
        XCTAssertEqual(LogRecognition.sniff(text)?.source, "charon-log")
        let r = parse("charon-log", text)
        XCTAssertEqual(r.records.first { $0.str("event") == "giving_up" }?.str("thread"), "13")
        // the app's own service tag is not charon's
        XCTAssertEqual(r.unparsed.first?.text, "I/CharonVpnService: charon started")
    }

    /// logcat's three layouts, on lines published in reports (intra2net's Android manual page,
    /// piccolo-dev/android_device_bq_piccolo#77, X-dea/flutter_vpn#59).
    func testLogcatLayouts() {
        XCTAssertEqual(AndroidLogcat.split("I/racoon  (12321): begin Identity Protection mode."),
                       AndroidLogcat.Line(time: nil, level: "I", tag: "racoon", message: "begin Identity Protection mode."))
        XCTAssertEqual(AndroidLogcat.split("04-19 21:29:14.867  6097  6097 I racoon  : 10.0.4.5[500] used as isakmp port (fd=6)"),
                       AndroidLogcat.Line(time: "04-19 21:29:14.867", level: "I", tag: "racoon", message: "10.0.4.5[500] used as isakmp port (fd=6)"))
        XCTAssertEqual(AndroidLogcat.split("I/charon: 13[IKE] giving up after 3 retransmits")?.message, "13[IKE] giving up after 3 retransmits")
        // not logcat: syslog, charon's own thread token, a pluto whack line
        XCTAssertNil(AndroidLogcat.split("Mar 26 00:32:53 12[IKE] establishing IKE_SA failed, peer not responding"))
        XCTAssertNil(AndroidLogcat.split("010 \"mtntest\" #1056: STATE_PARENT_I1: retransmission; will wait 1 seconds for response"))
        let r = parse("racoon-log", "04-19 21:29:15.337  6097  6097 I racoon  : initiate new phase 1 negotiation: 10.0.4.5[500]<=>1.2.3.4[500]")
        XCTAssertEqual(r.records.first?.str("time"), "04-19 21:29:15.337")
        XCTAssertEqual(r.records.first?.str("level"), "INFO")
    }

    /// Retransmits of the first request are marked, and so are the lines that prove an answer.
    func testFirstRequestMarks() throws {
        let pluto = parse("pluto-log", try report("libreswan-913-parent-i1-retransmits"))
        XCTAssertEqual(pluto.records.filter { $0["first_request"] == .bool(true) }.count, 5)
        let charon = parse("charon-log", try report("hwdsl2-setup-ipsec-vpn-1166-android-no-response"))
        XCTAssertEqual(charon.records.filter { $0["first_request"] == .bool(true) }.count, 2)
        XCTAssertFalse(charon.records.contains { $0["peer_answered"] == .bool(true) })
        // a console log in which the peer answers (hwdsl2/setup-ipsec-vpn#249)
        let answered = parse("charon-log", try report("hwdsl2-setup-ipsec-vpn-249-no-shared-key"))
        XCTAssertTrue(answered.records.contains { $0["peer_answered"] == .bool(true) })
        XCTAssertFalse(answered.records.contains { $0["first_request"] == .bool(true) })
    }
}
