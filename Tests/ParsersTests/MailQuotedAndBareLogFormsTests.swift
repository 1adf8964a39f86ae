import XCTest
import Facts
@testable import Parsers

/// Kinds found by held-out batch 13 of the real-report set (Tests/Fixtures/reports/README.md):
/// log lines reprinted from mail replies (quoted with `| ` or `> `, wrapped by the mail client),
/// FreeS/WAN's forms (the `Pluto` and `ipsec_setup` tags, KLIPS's kernel lines), a message quoted
/// in double quotes, and racoon messages pasted alone without time, level or full stop. Lines are
/// the reports' own, cited per case; each kind also has lines that must stay unread or keep
/// their reading.
final class MailQuotedAndBareLogFormsTests: XCTestCase {
    /// The FreeS/WAN FAQ, "no connection is known": the Pluto developer's reply quotes the line
    /// with `| ` and the mail wraps it over three lines; it is one message.
    func testBarQuotedLineWrappedOverThreeLines() throws {
        let text = try report("freeswan-faq-quick-mode-no-connection-known")
        XCTAssertEqual(LogRecognition.sniff(text)?.source, "pluto-log")
        let r = parse("pluto-log", text)
        XCTAssertEqual(r.records.count, 1)
        XCTAssertEqual(r.records[0].str("program"), "Pluto")
        XCTAssertEqual(r.records[0].str("connection"), "corp_road")
        XCTAssertEqual(r.records[0].str("message"), "cannot respond to IPsec SA request because no connection is known for 216.112.83.112/32===216.112.83.112...216.67.25.118")
        XCTAssertTrue(r.unparsed.isEmpty, "\(r.unparsed)")
        XCTAssertEqual(logFacts("pluto-log", text)["log.child.ts_unacceptable"]?.value, .bool(true))
    }

    /// `| ` alone starts pluto's debug lines (and Markdown table rows): without a syslog time
    /// after it, the line is not a quoted log line, and a debug line after a record is not
    /// joined to it.
    func testBarWithoutSyslogTimeStaysADebugLine() {
        XCTAssertNil("| find_host_connection me=192.0.2.1:500 him=192.0.2.2:500".mailBarQuoteContent)
        XCTAssertNil("| Jul build 12".mailBarQuoteContent)
        XCTAssertEqual("| Jul 12 15:00:22 gw Pluto[574]: x".mailBarQuoteContent, "Jul 12 15:00:22 gw Pluto[574]: x")
        let text = """
        Dec  2 10:00:00 gw pluto[812]: "lab" #1: cannot respond to IPsec SA request
        | because no connection is known for 10.0.0.0/24===192.0.2.1...192.0.2.2
        """
        // the second line reads as a debug line; it is joined only because the joined message
        // is one the catalogue knows (a mail's wrap keeps the quote marker on every line)
        let r = parse("pluto-log", text)
        XCTAssertEqual(r.records.count, 1)
        XCTAssertEqual(r.records[0].str("event"), "ts_unacceptable")
        // a debug line whose joining makes no known message stays apart
        let apart = parse("pluto-log", "Dec  2 10:00:00 gw pluto[812]: \"lab\" #1: STATE_MAIN_I1: initiate\n| sending 212 bytes for main_outI1")
        XCTAssertEqual(apart.records.count, 1)
        XCTAssertEqual(apart.records[0].str("message"), "STATE_MAIN_I1: initiate")
        XCTAssertNil(apart.records[0].str("event"))
    }

    /// The FreeS/WAN FAQ, "no connection has been authorized": the line quoted with `>  `, the
    /// last part wrapped onto an indented line without the quote marker. FreeS/WAN's older form
    /// says "message from" where later ones say "message received on".
    func testWrappedWithTheMailsIndentation() throws {
        let text = try report("freeswan-faq-main-mode-no-connection-authorized")
        let r = parse("pluto-log", text)
        XCTAssertEqual(r.records.count, 1)
        XCTAssertEqual(r.records[0].str("event"), "no_conn_authorized")
        XCTAssertEqual(logFacts("pluto-log", text)["log.ike.no_ike_config"]?.value, .bool(true))
        let v199 = parse("pluto-log", "Jan  1 00:00:00 gw Pluto[25834]: packet from 192.0.2.2:500: initial Main Mode message received on 192.0.2.1:500 but no connection has been authorized")
        XCTAssertEqual(v199.records.first?.str("event"), "no_conn_authorized")
    }

    /// Lines after a record that are pluto lines of their own are never joined to it, and
    /// lines that make no known message when joined stay apart (rejected, as before).
    func testUnrelatedLinesAreNotJoined() {
        let text = """
        Dec  2 10:00:00 gw pluto[812]: "lab" #1: initiating Main Mode
        Dec  2 10:00:01 gw pluto[812]: "lab" #1: STATE_MAIN_I1: initiate
        something the user typed below the log
        """
        let r = parse("pluto-log", text)
        XCTAssertEqual(r.records.map { $0.str("message") ?? "" }, ["initiating Main Mode", "STATE_MAIN_I1: initiate"])
        XCTAssertEqual(r.unparsed.map(\.line), [3])
    }

    /// The FreeS/WAN FAQ, "no suitable connection": the message alone in double quotes after a
    /// quote marker. A pluto line that starts with a quoted connection name is untouched.
    func testMessageInDoubleQuotes() throws {
        let text = try report("freeswan-faq-no-suitable-connection-for-peer")
        XCTAssertEqual(LogRecognition.sniff(text)?.source, "pluto-log")
        XCTAssertEqual(parse("pluto-log", text).records.first?.str("event"), "id_mismatch")
        let conn = parse("pluto-log", "\"lab\" #1: no suitable connection for peer '@west'")
        XCTAssertEqual(conn.records.first?.str("connection"), "lab")
        XCTAssertEqual(conn.records.first?.str("event"), "id_mismatch")
        // a quoted text that is no pluto message is not read
        XCTAssertTrue(parse("pluto-log", "> \"why does my tunnel not come up\"").records.isEmpty)
    }

    /// The FreeS/WAN FAQ, KLIPS missing: `ipsec_setup:` (FreeS/WAN's and Openswan's setup
    /// script) lines, the last wrapped before "KLIPS.": the kernel cannot hold IPsec SAs.
    func testSetupScriptSaysTheKernelLacksKLIPS() throws {
        let text = try report("freeswan-faq-klips-missing")
        XCTAssertEqual(LogRecognition.sniff(text)?.source, "pluto-log")
        let r = parse("pluto-log", text)
        XCTAssertEqual(r.records.map { $0.str("program") ?? "" }, ["ipsec_setup", "ipsec_setup", "ipsec_setup"])
        XCTAssertEqual(r.records.last?.str("event"), "esp_unsupported")
        XCTAssertEqual(logFacts("pluto-log", text)["log.kernel.esp_unsupported"]?.value, .bool(true))
        // 1.99's words, on one line
        XCTAssertEqual(parse("pluto-log", "Jan  1 00:00:00 gw ipsec_setup: kernel appears to lack KLIPS").records.first?.str("event"), "esp_unsupported")
    }

    /// The FreeS/WAN FAQ, "no eroute!": KLIPS's debug lines; the drop is a packet no policy
    /// covers. A line mentioning klips_debug inside other text is not KLIPS's.
    func testKLIPSDropsAPacketWithoutEroute() throws {
        let text = try report("freeswan-faq-klips-no-eroute")
        XCTAssertEqual(LogRecognition.sniff(text)?.source, "pluto-log")
        XCTAssertEqual(logFacts("pluto-log", text)["log.esp.no_policy_drop"]?.value, .bool(true))
        XCTAssertEqual(parse("pluto-log", "Jan  1 00:00:00 gw kernel: klips_debug:ipsec_tunnel_start_xmit: shunt SA of DROP or no eroute: dropping.").records.first?.str("event"), "no_policy_drop")
        XCTAssertNil(PlutoLogParser.klipsMessage("I grepped for klips_debug: in my logs"))
        XCTAssertEqual(PlutoLogParser.klipsMessage("[  12.345] klips_debug:rj_match: ***** not found."), "rj_match: ***** not found.")
    }

    /// ReceptiveIT's racoon error list: messages alone, without time, level or full stop, are
    /// racoon's when the catalogue knows them; an unknown bare line stays unread.
    func testBareRacoonMessages() throws {
        let cases: [(String, String, String)] = [
            ("receptiveit-racoon-failed-to-get-proposal-for-responder", "proposal_unavailable", "log.child.no_proposal_chosen"),
            ("receptiveit-racoon-unable-to-get-local-issuer", "cert_untrusted", "log.cert.untrusted"),
            ("receptiveit-racoon-failed-to-get-subjectaltname", "id_not_in_cert", "log.cert.id_not_in_cert"),
        ]
        for (name, event, fact) in cases {
            let text = try report(name)
            XCTAssertEqual(LogRecognition.sniff(text)?.source, "racoon-log", name)
            XCTAssertEqual(parse("racoon-log", text).records.first?.str("event"), event, name)
            XCTAssertEqual(logFacts("racoon-log", text)[fact]?.value, .bool(true), name)
        }
        XCTAssertTrue(parse("racoon-log", "the tunnel does not come up").records.isEmpty)
        // with racoon's level and full stop, as before
        XCTAssertEqual(parse("racoon-log", "2013-03-11 11:11:34: ERROR: failed to get proposal for responder.").records.first?.str("event"), "proposal_unavailable")
    }

    /// racoon's proposal_unavailable is weak (0.6): its own "no policy found" names a selector
    /// problem when that is the reason.
    func testProposalUnavailableIsWeak() {
        let f = logFacts("racoon-log", "ERROR: failed to get proposal for responder.")
        XCTAssertEqual(f["log.child.no_proposal_chosen"]?.value, .bool(true))
        XCTAssertEqual(f["log.child.no_proposal_chosen"]?.certainty ?? 1, 0.6, accuracy: 0.001)
    }
}
