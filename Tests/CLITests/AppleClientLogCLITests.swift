import Foundation
import XCTest

/// The other end's view when it is an iPhone, iPad or Mac with Apple's built-in VPN client: its
/// users paste the dialog's sentence or the NetworkExtension lines of Console. Each input is the
/// real text of a source case (Tests/ParsersTests/Sources/apple-vpn-client-log/, cited in its
/// SOURCES.md), given to `diagnose --log` beside an empty snapshot of the gateway.
final class AppleClientLogCLITests: XCTestCase {
    func diagnose(_ caseName: String) throws -> ClientLogDiagnosis {
        try ClientLogDiagnosis.run(self, source: "apple-vpn-client-log", case: caseName)
    }

    /// neagent's "Failed to receive IKE SA Init packet": the gateway never answered; the steps
    /// for the Mac or iPhone come after the gateway's, and the client is not this host's daemon.
    func testSaInitNeverAnsweredIsNoResponseWithTheClientsSteps() throws {
        let r = try diagnose("algo-362-sa-init-unanswered")
        XCTAssertEqual(r.ids.first, "ike.no-response", "\(r.ids)")
        r.assertReadAsClient("iOS/macOS VPN client (NetworkExtension)", os: "apple")
        let steps = r.firstRemedies
        XCTAssertTrue(steps.contains { $0.hasPrefix("(iOS/macOS client) macOS: log show") && $0.contains("com.apple.networkextension") }, "\(steps)")
        // the gateway's own steps come first
        let firstClient = try XCTUnwrap(steps.firstIndex { $0.hasPrefix("(iOS/macOS client)") })
        XCTAssertTrue(steps[..<firstClient].contains { $0.contains("tcpdump") }, "\(steps)")
        XCTAssertEqual(r.stepsForOtherClients(than: "iOS/macOS client"), [])
    }

    /// The dialogs' "did not respond", for IKEv2 and for the legacy L2TP/IPsec type alike.
    func testServerDidNotRespondDialogsAreNoResponse() throws {
        for c in ["hwdsl2-483-server-did-not-respond", "hwdsl2-793-l2tp-server-did-not-respond"] {
            let r = try diagnose(c)
            XCTAssertEqual(r.ids.first, "ike.no-response", "\(c): \(r.ids)")
            XCTAssertTrue(r.firstRemedies.contains { $0.hasPrefix("(iOS/macOS client) connect once over another network") }, "\(c): \(r.firstRemedies)")
        }
    }

    /// "User Authentication failed." names no method: shared secret, certificate and EAP users
    /// see the same sentence. Read as an authentication failure of low confidence, PSK only "if
    /// this tunnel uses a PSK", never an EAP or certificate diagnosis it does not support.
    func testUserAuthenticationFailedIsAWeakAuthenticationFailure() throws {
        let r = try diagnose("hwdsl2-826-user-authentication-failed")
        XCTAssertEqual(r.ids.first, "ike.auth-failed-psk", "\(r.ids)")
        XCTAssertLessThan(r.findings.first?["confidence"] as? Double ?? 1, 0.5)
        XCTAssertFalse(r.ids.contains { $0.hasPrefix("cert.") || $0 == "ike.eap-failed" }, "\(r.ids)")
        XCTAssertTrue(r.firstRemedies.contains { $0.hasPrefix("(iOS/macOS client) iOS: Settings > General > VPN & Device Management") }, "\(r.firstRemedies)")
    }

    /// Sentences that name no cause are recognised as the client's, and nothing is guessed.
    func testAmbiguousMessagesAreRecognisedWithoutADiagnosis() throws {
        for c in ["quericy-150-negotiation-failed", "algo-14844-terminated-by-server"] {
            let r = try diagnose(c)
            r.assertReadAsClient("iOS/macOS VPN client (NetworkExtension)", os: "apple")
            XCTAssertFalse(r.ids.contains { $0.hasPrefix("ike.") || $0.hasPrefix("cert.") }, "\(c): \(r.ids)")
        }
    }

    /// NEIKEv2Provider's "empty ike proposals array": the Mac took none of its profile's IKE
    /// proposals; the client's step names the profile's parameters.
    func testEmptyIkeProposalsIsAProposalProblemWithTheProfilesStep() throws {
        let r = try diagnose("jawj-133-empty-ike-proposals")
        XCTAssertEqual(r.ids.first, "ike.proposal-mismatch", "\(r.ids)")
        r.assertReadAsClient("iOS/macOS VPN client (NetworkExtension)", os: "apple")
        XCTAssertTrue(r.firstRemedies.contains { $0.hasPrefix("(iOS/macOS client)") && $0.contains("IKESecurityAssociationParameters") }, "\(r.firstRemedies)")
    }

    /// One pasted file holding the Mac's dialog above the gateway's pluto lines (the report of
    /// hwdsl2/setup-ipsec-vpn#826): read as pluto's and as the client's, and stderr says both.
    func testTheClientsDialogBesideTheGatewaysLogIsReadAsBoth() throws {
        let file = CLI.repo + "/Tests/Fixtures/reports/hwdsl2-setup-ipsec-vpn-826-macos-ca-not-trusted/snapshot/report.log"
        let dir = NSTemporaryDirectory() + "mixed-log-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        try """
            {"tool": "ipsec-doctor", "version": "test", "host": "h", "time": "2026-12-03T06:00:00Z", "os": "linux",
             "secretsIncluded": false, "entries": []}
            """.write(toFile: dir + "/manifest.json", atomically: true, encoding: .utf8)
        let r = try CLI.run(["diagnose", "--snapshot", dir, "--log", file, "--answer", "conn.auth=pubkey", "--format", "json", "--home", CLI.repo])
        XCTAssertTrue(r.stderr.contains("read as a Libreswan/Openswan pluto log"), r.stderr)
        XCTAssertTrue(r.stderr.contains("its iOS/macOS VPN client (NetworkExtension) lines are read as that client's too"), r.stderr)
        let json = try XCTUnwrap(r.json, r.stderr)
        let facts = json["facts"] as? [String: Any] ?? [:]
        XCTAssertEqual(facts["peer.client_os"] as? String, "apple")
        XCTAssertEqual(facts["ike.implementation"] as? String, "libreswan")
        XCTAssertEqual((json["findings"] as? [[String: Any]])?.first?["id"] as? String, "cert.untrusted")
    }
}
