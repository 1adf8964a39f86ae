import Facts
import XCTest
@testable import Parsers

/// Which end refused authentication, from charon's own log: the end that sends AUTH_FAILED
/// (a responder's `generating IKE_AUTH response 1 [ N(AUTH_FAILED) ]`, an initiator's
/// `generating INFORMATIONAL request 2 [ N(AUTH_FAILED) ]` when it refuses the responder) refused
/// the peer (`log.ike.auth_refused_locally`); the end that only receives it was refused
/// (`log.ike.auth_refused_by_peer`). As pluto's direction (LibreswanMessages), on real charon 5.9
/// logs of both ends from the lab.
final class CharonAuthDirectionTests: XCTestCase {
    static let fixtures = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func facts(_ log: String) throws -> [String: FactValue] {
        let text = try String(contentsOf: fixtures.appendingPathComponent(log), encoding: .utf8)
        let parsed = ParsedCollection([ParsedSource(result: CharonLogParser().parse(text), origin: "charon.log", kind: .log)])
        var out: [String: FactValue] = [:]
        for f in FactExtraction.facts(from: parsed) { out[f.name] = f.value }
        return out
    }

    /// (log, this end sent AUTH_FAILED, why)
    static let ends: [(String, Bool, String)] = [
        ("lab/psk-mismatch/b/charon.log", true, "swanctl responder: the PSK MAC does not verify, it answers AUTH_FAILED"),
        ("lab/psk-mismatch/a/charon.log", false, "swanctl initiator: receives AUTHENTICATION_FAILED"),
        ("variants/cert-responder-expired/a/charon.log", true, "swanctl initiator refusing b's expired certificate (INFORMATIONAL)"),
        ("variants/cert-responder-expired/b/charon.log", false, "swanctl responder whose certificate a refused"),
        ("variants/st-cert-responder-expired/a/charon.log", true, "stroke initiator refusing b's expired certificate (INFORMATIONAL)"),
        ("variants/st-cert-responder-expired/b/charon.log", false, "stroke responder whose certificate a refused"),
        ("variants/st-cert-own-expired/b/charon.log", true, "stroke responder refusing a's expired certificate"),
        ("variants/st-cert-own-expired/a/charon.log", false, "stroke initiator whose certificate b refused"),
    ]

    func testWhoRefusedWhom() throws {
        for (log, sent, why) in Self.ends {
            let f = try Self.facts(log)
            if !sent { XCTAssertEqual(f["log.ike.auth_failed"], .bool(true), "\(log): \(why)") }
            XCTAssertEqual(f["log.ike.auth_refused_locally"] == .bool(true), sent, "\(log): \(why)")
            XCTAssertEqual(f["log.ike.auth_refused_by_peer"] == .bool(true), !sent, "\(log): \(why)")
        }
    }

    /// The payload list is what is read: a request that merely carries other notifies is no refusal.
    func testOnlyAuthFailedInTheListCounts() {
        XCTAssertTrue(CharonLogParser.sendsAuthFailed("IKE_AUTH response 1 [ N(AUTH_FAILED) ]"))
        XCTAssertTrue(CharonLogParser.sendsAuthFailed("INFORMATIONAL_V1 request 3456 [ HASH N(AUTH_FAILED) ]"))
        XCTAssertFalse(CharonLogParser.sendsAuthFailed("IKE_AUTH request 1 [ IDi CERT N(INIT_CONTACT) CERTREQ IDr AUTH SA TSi TSr ]"))
        XCTAssertFalse(CharonLogParser.sendsAuthFailed("IKE_AUTH response 1 [ N(AUTH_FAILED_X) ]"))
    }
}
