import XCTest
import Facts
@testable import Parsers

/// Real Libreswan 4.10 output, captured from two plutos in network namespaces by
/// Tests/Lab/capture-libreswan-fixtures.sh (Tests/Fixtures/libreswan-lab/SCENARIO/{a,b}; a
/// initiates, b responds; the kernel there has XFRM but no ESP). Each test names the real lines
/// it relies on.
final class LibreswanLabOutputTests: XCTestCase {
    static let dir = "libreswan-lab"

    func path(_ scenario: String, _ side: String, _ file: String) -> String { "\(Self.dir)/\(scenario)/\(side)/\(file)" }

    /// The events of one side's pluto.log, each `event/phase`; every line parsed, none lost.
    func events(_ scenario: String, _ side: String) throws -> [String] {
        let p = path(scenario, side, "pluto.log")
        let text = try Fixtures.text(p)
        let r = parse("pluto-log", text)
        assertNoLineLost(r, text, p)
        XCTAssertTrue(r.unparsed.isEmpty, "\(p): \(r.unparsed.prefix(2))")
        return r.records.compactMap { rec in rec.str("event").map { "\($0)/\(rec.str("phase") ?? "")" } }
    }

    /// The facts of one side, from its captured outputs, as `diagnose --snapshot` reads them.
    func gateway(_ scenario: String, _ side: String) throws -> [String: Fact] {
        let sources: [(String, String, Provenance.Kind)] = [
            ("pluto.log", "pluto-log", .log), ("ipsec-status.txt", "libreswan-status", .probe),
            ("ipsec-trafficstatus.txt", "libreswan-trafficstatus", .probe), ("ipsec.conf", "libreswan-conf", .file),
            ("ip-xfrm-state.txt", "xfrm-state", .probe), ("ip-xfrm-policy.txt", "xfrm-policy", .probe),
        ]
        var items: [ParsedSource] = []
        for (file, source, kind) in sources where Fixtures.exists(path(scenario, side, file)) {
            items.append(ParsedSource(result: parse(source, try Fixtures.text(path(scenario, side, file))), origin: file, kind: kind))
        }
        if items.isEmpty { throw XCTSkip("Libreswan lab scenario \(scenario) not captured") }
        return facts(ParsedCollection(items))
    }

    /// b: `ERROR: "lab" #2: netlink response for Add SA esp.8f139958@192.0.2.1: Protocol not
    /// supported (errno 93)`; a only hears `IKE_AUTH response rejected Child SA with
    /// TS_UNACCEPTABLE` — b's answer to its own failed install, so the peer's word only.
    func testKernelWithoutESP() throws {
        XCTAssertTrue(try events("kernel-no-esp", "b").contains("esp_unsupported/child"))
        XCTAssertTrue(try events("kernel-no-esp", "a").contains("ts_refused_by_peer/child"))
        let a = try gateway("kernel-no-esp", "a")
        XCTAssertEqual(a["log.child.ts_unacceptable"]?.value, .bool(true))
        XCTAssertLessThan(a["log.child.ts_unacceptable"]?.certainty ?? 1, 1, "the peer's TS_UNACCEPTABLE is not certain")
        XCTAssertEqual(a["ike.sa.established"]?.value, .bool(true))
        XCTAssertEqual(try gateway("kernel-no-esp", "b")["log.kernel.esp_unsupported"]?.value, .bool(true))
    }

    /// IKEv1: pluto reserved an SPI (`proto esp spi 0x77c05222 reqid 16389 mode transport`, no
    /// enc/auth line) before the Quick Mode that b could not finish; that larval state is no
    /// proof of kernel ESP. a's `No acceptable response to our first Quick Mode message: perhaps
    /// peer likes no proposal` is pluto's guess, not a refusal.
    func testIKEv1LarvalStateIsNoProofOfESP() throws {
        let a = try gateway("ikev1-kernel-no-esp", "a")
        XCTAssertEqual(a["xfrm.state.count"]?.value, .number(1), "the larval SPI reservation is listed")
        XCTAssertNotEqual(a["kernel.esp_supported"]?.value, .bool(true), "a state without keys proves no ESP")
        XCTAssertTrue(try events("ikev1-kernel-no-esp", "a").contains("quick_mode_unanswered/child"))
        XCTAssertLessThan(a["log.child.no_proposal_chosen"]?.certainty ?? 1, 0.7)
        XCTAssertTrue(try events("ikev1-kernel-no-esp", "b").contains("esp_unsupported/child"))
    }

    /// Main Mode with different PSKs: a `STATE_MAIN_I3: 5 second timeout exceeded after 4
    /// retransmits.  Possible authentication failure: no acceptable response to our first
    /// encrypted message`; b `probable authentication failure (mismatch of preshared secrets?):
    /// malformed payload in packet`.
    func testPSKMismatchMainMode() throws {
        XCTAssertTrue(try events("psk-mismatch-ikev1", "a").contains("auth_failed_maybe/ike"))
        XCTAssertTrue(try events("psk-mismatch-ikev1", "b").contains("decrypt_failed/ike"))
        let a = try gateway("psk-mismatch-ikev1", "a")
        XCTAssertEqual(a["log.ike.auth_failed"]?.value, .bool(true))
        XCTAssertEqual(a["conn.auth"]?.value, .string("psk"))
        XCTAssertEqual(a["conn.ike_version"]?.value, .number(1))
    }

    /// b: `no local proposal matches remote proposals 1:ESP:ENCR=AES_CBC_128;...` (IKE_AUTH) and
    /// `... 1:IKE:ENCR=AES_CBC_128;...` (IKE_SA_INIT): phase 2 and phase 1.
    func testNoLocalProposalMatches() throws {
        XCTAssertTrue(try events("esp-proposal-mismatch", "b").contains("no_proposal_chosen/child"))
        XCTAssertEqual(try gateway("esp-proposal-mismatch", "b")["log.child.no_proposal_chosen"]?.value, .bool(true))
        XCTAssertTrue(try events("ike-proposal-mismatch", "b").contains("no_proposal_chosen/ike"))
        XCTAssertTrue(try events("ike-proposal-mismatch", "a").contains("no_proposal_chosen/ike"), "a drops the unauthenticated notify, but logs it")
    }

    /// b: `"lab" #2: No IKEv2 connection found with compatible Traffic Selectors`.
    func testTrafficSelectorsResponder() throws {
        XCTAssertTrue(try events("ts-mismatch", "b").contains("ts_unacceptable/child"))
        let b = try gateway("ts-mismatch", "b")
        XCTAssertEqual(b["log.child.ts_unacceptable"]?.value, .bool(true))
        XCTAssertEqual(b["log.child.ts_unacceptable"]?.certainty, 1)
    }

    /// IKEv1 a against IKEv2-only b: b logs `packet from 192.0.2.1:500: initial Main Mode message
    /// received but no connection has been authorized with authby=PSK and xauth=no`. Main Mode is
    /// IKEv1's, b's conn is ikev2=yes: the versions differ.
    func testMainModeToAnIKEv2Responder() throws {
        XCTAssertTrue(try events("ikev1-vs-ikev2", "b").contains("no_conn_authorized/ike"))
        let b = try gateway("ikev1-vs-ikev2", "b")
        XCTAssertEqual(b["log.ike.no_ike_config"]?.value, .bool(true))
        XCTAssertEqual(b["log.ike.request_version"]?.value, .number(1))
        XCTAssertEqual(b["conn.ike_version"]?.value, .number(2))
    }

    /// `ipsec status` of 4.10 (the `000 ` form) and the lab's ipsec.conf read without loss.
    func testStatusAndConfigRead() throws {
        for scenario in ["kernel-no-esp", "ikev1-kernel-no-esp"] {
            for side in ["a", "b"] {
                let p = path(scenario, side, "ipsec-status.txt")
                let text = try Fixtures.text(p)
                assertNoLineLost(parse("libreswan-status", text), text, p)
            }
        }
        let a = try gateway("kernel-no-esp", "a")
        XCTAssertEqual(a["ike.implementation"]?.value, .string("libreswan"))
        XCTAssertEqual(a["conn.names"]?.value, .list(["lab"]))
    }
}
