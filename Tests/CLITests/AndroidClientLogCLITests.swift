import Foundation
import XCTest

/// The other end's view when it is an Android phone on the platform's own IKEv2 stack: its users
/// paste logcat, where the IKE library's exception names the cause. Each input is the real text
/// of a source case (Tests/ParsersTests/Sources/android-ike-log/, cited in its SOURCES.md), given
/// to `diagnose --log` beside an empty snapshot of the gateway.
final class AndroidClientLogCLITests: XCTestCase {
    func diagnose(_ caseName: String) throws -> ClientLogDiagnosis {
        try ClientLogDiagnosis.run(self, source: "android-ike-log", case: caseName)
    }

    /// AuthenticationFailedException "EAP Authentication Failed": the EAP exchange failed; the
    /// phone's VPN settings are named after the gateway's steps.
    func testEapAuthenticationFailedIsEapFailedWithThePhonesSteps() throws {
        let r = try diagnose("pixel-volte-315-eap-authentication-failed")
        XCTAssertEqual(r.ids.first, "ike.eap-failed", "\(r.ids)")
        XCTAssertTrue(r.stderr.contains("read as an Android IKEv2 client (IKE library) log"), r.stderr)
        let steps = r.firstRemedies
        XCTAssertTrue(steps.contains { $0.hasPrefix("(Android client) Settings > Network & internet > VPN") && $0.contains("MSCHAPv2") }, "\(steps)")
        XCTAssertFalse(steps.contains { $0.hasPrefix("(iOS/macOS client)") || $0.hasPrefix("(Windows client)") }, "\(steps)")
        // the evidence is the exception's line, not the stack frames after it
        let evidence = r.findings.first?["evidence"] as? [String] ?? []
        XCTAssertTrue(evidence.contains { $0.contains("AuthenticationFailedException") }, "\(evidence)")
        XCTAssertNil(r.facts["ike.implementation"])
        XCTAssertEqual(r.facts["peer.client_os"] as? String, "android")
    }

    /// An exception that names no cause of the catalogue (InvalidSyntaxException on a Delete
    /// response) is the phone's, and no diagnosis is guessed from it.
    func testInvalidSyntaxIsRecognisedWithoutADiagnosis() throws {
        let r = try diagnose("pixel-volte-24-invalid-syntax")
        XCTAssertTrue(r.stderr.contains("read as an Android IKEv2 client"), r.stderr)
        XCTAssertFalse(r.ids.contains { $0.hasPrefix("ike.") || $0.hasPrefix("cert.") }, "\(r.ids)")
        XCTAssertEqual(r.facts["peer.client_os"] as? String, "android")
    }
}
