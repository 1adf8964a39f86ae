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
        r.assertReadAsClient("Android IKEv2 client (IKE library)", os: "android")
        let steps = r.firstRemedies
        XCTAssertTrue(steps.contains { $0.hasPrefix("(Android client) Settings > Network & internet > VPN") && $0.contains("MSCHAPv2") }, "\(steps)")
        XCTAssertEqual(r.stepsForOtherClients(than: "Android client"), [])
        // the evidence is the exception's line, not the stack frames after it
        let evidence = r.findings.first?["evidence"] as? [String] ?? []
        XCTAssertTrue(evidence.contains { $0.contains("AuthenticationFailedException") }, "\(evidence)")
    }

    /// An exception that names no cause of the catalogue (InvalidSyntaxException on a Delete
    /// response) is the phone's, and no diagnosis is guessed from it.
    func testInvalidSyntaxIsRecognisedWithoutADiagnosis() throws {
        let r = try diagnose("pixel-volte-24-invalid-syntax")
        r.assertReadAsClient("Android IKEv2 client (IKE library)", os: "android")
        XCTAssertFalse(r.ids.contains { $0.hasPrefix("ike.") || $0.hasPrefix("cert.") }, "\(r.ids)")
    }
}
