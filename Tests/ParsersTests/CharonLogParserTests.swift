import XCTest
import Facts
@testable import Parsers

final class CharonLogParserTests: XCTestCase {
    func event(_ path: String, _ event: String) throws -> [JSONValue] {
        records(parse("charon-log", try Fixtures.text(path)), where: "event", event)
    }

    func testFileLoggerLineFields() throws {
        let r = parse("charon-log", try Fixtures.text(lab("psk-mismatch", "b", "charon.log")))
        XCTAssertTrue(r.unparsed.isEmpty, "\(r.unparsed.prefix(3))")
        let mac = records(r, where: "event", "mac_mismatch")
        XCTAssertEqual(mac.count, 1)
        XCTAssertEqual(mac[0].str("time"), "Nov 23 19:40:34")
        XCTAssertEqual(mac[0].int("thread"), 3)
        XCTAssertEqual(mac[0].str("subsystem"), "IKE")
        XCTAssertEqual(mac[0].str("ike_sa"), "lab|1")
        XCTAssertEqual(mac[0].str("message"), "tried 1 shared key for 'gw-b.lab.test' - 'gw-a.lab.test', but MAC mismatched")
        XCTAssertEqual(mac[0].str("phase"), "ike")
    }

    func testLabSignatures() throws {
        let cases: [(String, String, String, String)] = [
            ("psk-mismatch", "a", "auth_refused_by_peer", "received AUTHENTICATION_FAILED notify error"),
            ("ike-proposal-mismatch", "a", "no_proposal_chosen", "received NO_PROPOSAL_CHOSEN notify error"),
            ("ike-proposal-mismatch", "b", "no_proposal_chosen", "received proposals unacceptable"),
            ("esp-proposal-mismatch", "a", "no_proposal_chosen", "received NO_PROPOSAL_CHOSEN notify, no CHILD_SA built"),
            ("esp-proposal-mismatch", "b", "no_proposal_chosen", "no acceptable proposal found"),
            ("id-mismatch", "b", "no_peer_config", "no matching peer config found"),
            ("ts-mismatch", "a", "ts_unacceptable", "received TS_UNACCEPTABLE notify, no CHILD_SA built"),
            ("ts-mismatch", "b", "ts_unacceptable", "traffic selectors 10.2.0.0/24 === 10.1.0.0/24 unacceptable"),
            ("peer-drops-ike", "a", "giving_up", "giving up after 3 retransmits"),
            ("peer-drops-ike", "a", "retransmit", "retransmit 1 of request with message ID 0"),
            ("kernel-no-esp", "a", "esp_unsupported", "received netlink error: Protocol not supported (93)"),
            ("kernel-no-esp", "a", "install_failed", "unable to install inbound and outbound IPsec SA (SAD) in kernel"),
            ("ikev1-vs-ikev2", "b", "no_ike_config", "no IKE config found for 192.0.2.2...192.0.2.1, sending NO_PROPOSAL_CHOSEN"),
            ("healthy", "a", "nat_detected", "remote host is behind NAT"),
            ("healthy", "a", "established_child", "CHILD_SA net{1} established with SPIs 0f48db21_i a4a506cb_o and TS 10.1.0.0/24 === 10.2.0.0/24"),
        ]
        for (scenario, side, ev, message) in cases {
            let path = lab(scenario, side, "charon.log")
            guard Fixtures.exists(path) else { continue }
            let hits = try event(path, ev)
            XCTAssertTrue(hits.contains { $0.str("message") == message }, "\(scenario)/\(side): \(ev) on '\(message)'")
        }
        // Phases where the message alone does not tell.
        XCTAssertEqual(try event(lab("esp-proposal-mismatch", "b", "charon.log"), "no_proposal_chosen").first?.str("phase"), "child")
        XCTAssertEqual(try event(lab("ike-proposal-mismatch", "a", "charon.log"), "no_proposal_chosen").first?.str("phase"), "ike")
    }

    func testSyslogFormOfTheLab() throws {
        let r = parse("charon-log", try Fixtures.text(lab("psk-mismatch", "a", "syslog")))
        XCTAssertTrue(r.unparsed.isEmpty)
        let hit = records(r, where: "event", "auth_refused_by_peer").first
        XCTAssertEqual(hit?.str("program"), "charon")
        XCTAssertEqual(hit?.int("thread"), 15)
        XCTAssertEqual(hit?.str("message"), "received AUTHENTICATION_FAILED notify error")
    }

    func testPfSenseIKEv1Signatures() throws {
        let dir = "real/charon-log/"
        XCTAssertEqual(try event(dir + "pfsense-phase-1-pre-shared-key-mismatch-responder.txt", "decrypt_failed").first?.str("message"),
                       "invalid ID_V1 payload length, decryption failed?")
        XCTAssertEqual(try event(dir + "pfsense-phase-1-dh-group-mismatch-responder.txt", "no_proposal_chosen").first?.str("phase"), "ike")
        XCTAssertEqual(try event(dir + "pfsense-phase-2-pfs-mismatch-initiator.txt", "no_proposal_chosen").first?.str("phase"), "child")
        XCTAssertEqual(try event(dir + "pfsense-phase-2-hash-algorithm-mismatch-responder.txt", "no_proposal_chosen").first?.str("phase"), "child")
        XCTAssertEqual(try event(dir + "pfsense-phase-1-dh-group-mismatch-initiator.txt", "no_proposal_chosen").first?.str("phase"), "ike")
        XCTAssertEqual(try event(dir + "pfsense-phase-2-network-mismatch-initiator.txt", "ts_unacceptable").first?.str("message"),
                       "received INVALID_ID_INFORMATION error notify")
        XCTAssertFalse(try event(dir + "pfsense-phase-2-network-mismatch-responder.txt", "ts_unacceptable").isEmpty)
        XCTAssertFalse(try event(dir + "pfsense-phase-1-identifier-mismatch-responder.txt", "no_peer_config").isEmpty)
        XCTAssertFalse(try event(dir + "pfsense-mismatched-identifier-with-nat-responder.txt", "nat_detected").isEmpty)
    }

    func testVyOSJournalWithCharonSystemdLines() throws {
        let path = "real/charon-log/vyos-psk-mismatch-responder.txt"
        let r = parse("charon-log", try Fixtures.text(path))
        XCTAssertTrue(r.unparsed.isEmpty)
        let mac = records(r, where: "event", "mac_mismatch").first
        XCTAssertEqual(mac?.str("program"), "charon-systemd")
        XCTAssertNil(mac?["thread"])
        XCTAssertEqual(try event("real/charon-log/vyos-esp-proposal-mismatch-responder.txt", "no_proposal_chosen").first?.str("phase"), "child")
        XCTAssertFalse(try event("real/charon-log/vyos-ts-unacceptable-responder.txt", "ts_unacceptable").isEmpty)
    }

    func testNonCharonLinesAreUnparsed() {
        let text = "[...]\nNov 23 19:40:02 host sshd[12]: Accepted publickey\nNov 23 19:40:02 09[IKE] remote host is behind NAT\n"
        let r = parse("charon-log", text)
        XCTAssertEqual(r.records.count, 1)
        XCTAssertEqual(r.unparsed.map(\.line), [1, 2])
        XCTAssertEqual(r.records[0].str("event"), "nat_detected")
    }

    func testAllReal() throws { try assertAllRealFixtures("charon-log", minimumFiles: 10, requireRecords: true) }

    func testRobustAndLinear() throws {
        let text = try Fixtures.text(lab("healthy", "a", "charon.log"))
        assertRobust("charon-log", sample: text)
        assertLinear("charon-log", sample: text)
    }
}
