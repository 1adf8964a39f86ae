import XCTest
import Facts
@testable import Parsers

/// Every message of the catalogues (Sources/Parsers/Messages), fed through its daemon's log
/// parser in the forms the daemon prints it (bare, file logger, syslog, console), is a record
/// classified as the catalogue says; and every event has a meaning in the one event → fact table.
final class MessageCatalogueTests: XCTestCase {
    /// The printed forms of one message per daemon.
    let forms: [(source: String, messages: [LogMessage], wrap: [(String) -> String])] = [
        ("charon-log", StrongswanMessages.all, [
            { "Nov 23 19:40:34 15[IKE] <lab|1> " + $0 },                            // file logger
            { "Jun 23 08:16:10 gw charon[3789]: 13[IKE] <lab|1> " + $0 },          // syslog
            { "Jun 23 08:16:10 gw charon: 4[IKE] " + $0 },                          // one-digit thread
            { "Thu, 2023-11-02, 17:28:09 13[IKE1] <lab|1> " + $0 },                // filelog log_level + own time_format
        ]),
        ("pluto-log", LibreswanMessages.all, [
            { "Nov 23 10:00:00 east pluto[1234]: \"lab\" #1: " + $0 },             // syslog
            { "003 \"lab\" #1: " + $0 },                                            // ipsec auto --up
            { "Nov 23 10:00:00 east pluto1234: \"lab\" #1: " + $0 },                // pid glued to the tag
        ]),
        ("racoon-log", RacoonMessages.all, [
            { "Feb 20 10:33:41 gw racoon: ERROR: " + $0 },                          // syslog
            { "2006-08-08 01:42:09: ERROR: " + $0 },                                // racoon -l file
            { "E/racoon ( 1234): " + $0 },                                          // Android logcat
        ]),
        ("iked-log", IkedMessages.all, [
            { "Dec  2 10:00:00 gw iked[812]: " + $0 },                              // syslog
            { $0 },                                                                 // iked -dv on the terminal
        ]),
        ("isakmpd-log", IsakmpdMessages.all, [
            { "Dec  2 10:00:00 gw isakmpd[812]: " + $0 },                           // syslog
        ]),
    ]

    func testEveryExampleLineIsClassified() {
        var checked = 0
        for (source, messages, wraps) in forms {
            for m in messages {
                for wrap in wraps {
                    let line = wrap(m.example)
                    let r = parse(source, line)
                    guard let rec = r.records.first else { XCTFail("\(source): not a record: \(line)"); continue }
                    let expected = m.event == "invalid_id" ? ["ts_unacceptable", "no_peer_config"] : [m.event]
                    XCTAssertTrue(expected.contains(rec.str("event") ?? "-"),
                                  "\(source) [\(m.file)] \(m.format): got \(rec.str("event") ?? "nothing") for: \(line)")
                    checked += 1
                }
            }
        }
        XCTAssertGreaterThan(checked, 600)
    }

    /// The catalogue entry an example line hits is its own (or one with the same event): an
    /// earlier, more general format does not shadow a later one.
    func testNoEntryIsShadowed() {
        for catalogue in [StrongswanMessages.catalogue, LibreswanMessages.catalogue, RacoonMessages.catalogue] {
            for m in catalogue.messages {
                let hit = catalogue.classify(m.example)
                XCTAssertEqual(hit?.event, m.event, "\(m.format) is shadowed by \(hit?.format ?? "nothing") for \(m.example)")
            }
        }
    }

    func testEveryEventHasAMeaning() {
        let contextOnly: Set<String> = ["established_ike", "established_child", "retransmit", "nat_detected", "no_proposal_chosen",
                                        "invalid_id", "child_timeout", "daemon_started",
                                        "informational", "revocation_unknown",
                                        // responder bookkeeping read by DaemonLogFacts.firstReplyUnanswered
                                        "duplicate_request", "half_open_expired"]
        for m in StrongswanMessages.all + LibreswanMessages.all + RacoonMessages.all + IkedMessages.all + IsakmpdMessages.all where !contextOnly.contains(m.event) {
            XCTAssertNotNil(DaemonLogFacts.table[m.event], "event \(m.event) (\(m.format)) maps to no fact")
        }
    }

    /// The issue's examples, as users paste them, give the fact the diagnosis reads.
    func testIssueExamples() {
        let cases: [(String, String, String)] = [
            ("charon-log", "Mar 10 10:00:01 vpn charon: 09[IKE] traffic selectors 10.0.0.0/24 === 10.1.0.0/24 inacceptable", "log.child.ts_unacceptable"),
            ("charon-log", "Mar 10 10:00:01 vpn charon: 09[IKE] no IKE config found for 203.0.113.5...198.51.100.9, sending NO_PROPOSAL_CHOSEN", "log.ike.no_ike_config"),
            ("charon-log", "09[IKE] no shared key found for 'vpn.example.org' - '198.51.100.9'", "log.ike.psk_not_found"),
            ("charon-log", "13[IKE] Aggressive Mode PSK disabled for security reasons", "log.ike.exchange_mode_mismatch"),
            ("charon-log", "12[NET] error writing to socket: Operation not permitted", "log.ike.send_not_permitted"),
            ("charon-log", "11[KNL] received netlink error: Protocol not supported (93)", "log.kernel.esp_unsupported"),
            // real reports of held-out batch 6 (raspberrypi/linux#424, strongswan/strongswan#1620)
            ("charon-log", "received netlink error: Address family not supported by protocol (97)", "log.kernel.esp_unsupported"),
            ("charon-log", "07[KNL] allocating SPI failed: Operation not supported (95)", "log.kernel.esp_unsupported"),
            ("charon-log", "11[IKE] unable to install inbound and outbound IPsec SA (SAD) in kernel", "log.child.install_failed"),
            ("charon-log", "00[LIB] failed to load 1 critical plugin feature", "log.system.plugin_missing"),
            ("charon-log", "11[IKE] no XAuth method found for 'pam'", "log.system.plugin_missing"),
            ("pluto-log", "Jan  5 09:12:01 gw pluto[812]: \"vpn\" #1: we require peer to have ID '203.0.113.5', but peer declares '@office'", "log.ike.no_peer_config"),
            ("pluto-log", "Jan  5 09:12:01 gw pluto[812]: ERROR: \"vpn\" #2: netlink response for Add SA esp.b2a1f3c4@192.0.2.1 included errno 93: Protocol not supported", "log.kernel.esp_unsupported"),
            ("pluto-log", "Jan  5 09:12:01 gw pluto[812]: \"vpn\" #1: ERROR: \"vpn\" #1: sendto on eth0 to 198.51.100.9:500 failed in main_outI1. Errno 1: Operation not permitted", "log.ike.send_not_permitted"),
            // Libreswan's test suite (testing/pluto/ikev2-supported-auth-methods-03-fail/west.console.txt)
            ("pluto-log", "\"westnet-eastnet-ikev2\" #1: authentication failed: peer authentication requires policy ECDSA", "log.ike.auth_method_mismatch"),
            ("racoon-log", "2006-08-08 01:42:09: ERROR: can't start the quick mode, there is no ISAKMP-SA, 2a6c5b2f1e0d9c8b:0000000000000000:00000001", "log.ike.peer_sa_unknown"),
            ("racoon-log", "Feb 20 10:33:41 gw racoon: ERROR: couldn't find the pskey for 198.51.100.9.", "log.ike.psk_not_found"),
        ]
        for (source, line, fact) in cases {
            let r = parse(source, line)
            XCTAssertEqual(r.records.count, 1, line)
            let f = facts(ParsedCollection([ParsedSource(result: r, origin: "t", kind: .log)]))
            if fact == "-" {
                XCTAssertNotNil(r.records.first?.str("event"), line)
            } else {
                XCTAssertEqual(f[fact]?.value, .bool(true), "\(fact) from: \(line)")
            }
        }
    }
}
