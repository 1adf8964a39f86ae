import Foundation
import XCTest

/// The other end's view when it is a Windows road warrior: its users paste the RasClient event
/// (or rasdial's error), not a daemon log. Each input is the real line of a source case
/// (Tests/ParsersTests/Sources/windows-rasclient-log/, cited in its SOURCES.md), given to
/// `diagnose --log` as an operator would, beside an empty snapshot of the gateway.
final class WindowsClientLogCLITests: XCTestCase {
    func diagnose(_ caseName: String, extraLog: (String, String)? = nil) throws -> ClientLogDiagnosis {
        try ClientLogDiagnosis.run(self, source: "windows-rasclient-log", case: caseName, extraLog: extraLog)
    }

    func remedies(_ f: [String: Any]?) -> [String] { f?["remedies"] as? [String] ?? [] }

    /// 13868 "Policy match error": no common IKE proposal; the fix is named on both ends.
    func testPolicyMatchErrorIsAProposalMismatchWithTheClientsCommand() throws {
        let r = try diagnose("algo-1063-policy-match")
        XCTAssertEqual(r.ids.first, "ike.proposal-mismatch", "\(r.ids)")
        XCTAssertTrue(r.stderr.contains("read as a Windows VPN client (RasClient) log"), r.stderr)
        let steps = remedies(r.findings.first)
        XCTAssertTrue(steps.contains { $0.hasPrefix("(Windows client) Set-VpnConnectionIPsecConfiguration") }, "\(steps)")
        // the client is the peer, not this host's daemon
        XCTAssertNil(r.facts["ike.implementation"])
        XCTAssertEqual(r.facts["peer.client_os"] as? String, "windows")
    }

    /// 13801 "IKE authentication credentials are unacceptable": the client refused the
    /// gateway's certificate, for its CA or for the name it was dialed by. Both are offered,
    /// neither with the confidence of a daemon's own word.
    func testCredentialsUnacceptableIsACertificateProblemOfUncertainKind() throws {
        let r = try diagnose("algo-1795-credentials-unacceptable")
        XCTAssertEqual(Set(r.ids.prefix(2)), ["cert.untrusted", "cert.id-not-in-cert"], "\(r.ids)")
        for f in r.findings.prefix(2) {
            XCTAssertLessThan(f["confidence"] as? Double ?? 1, 0.7, "\(f["id"] ?? "")")
        }
        XCTAssertFalse(r.ids.contains("ike.auth-failed-psk"), "\(r.ids)")
        let all = r.findings.prefix(2).flatMap(remedies)
        XCTAssertTrue(all.contains { $0.contains("certutil -addstore Root") }, "\(all)")
        XCTAssertTrue(all.contains { $0.contains("subjectAltName exactly as typed") }, "\(all)")
    }

    /// 809: the gateway never answered the client.
    func testError809IsNoResponse() throws {
        let r = try diagnose("aovpn-809-no-response")
        XCTAssertEqual(r.ids.first, "ike.no-response", "\(r.ids)")
        XCTAssertTrue(remedies(r.findings.first).contains { $0.contains("AssumeUDPEncapsulationContextOnSendRule") })
    }

    /// A daemon log beside the client's is read as the daemon's, and its own lines are the evidence.
    func testTheGatewaysOwnLogStillSpeaksForTheGateway() throws {
        // strongSwan's responder refusing a Windows client's proposals (the charon line of the
        // lab's ike-proposal-mismatch responder, Tests/Fixtures/lab/ike-proposal-mismatch/b/charon.log)
        let charon = try String(contentsOfFile: CLI.repo + "/Tests/Fixtures/lab/ike-proposal-mismatch/b/charon.log", encoding: .utf8)
        let r = try diagnose("algo-1063-policy-match", extraLog: ("charon.log", charon))
        XCTAssertEqual(r.ids.first, "ike.proposal-mismatch", "\(r.ids)")
        XCTAssertTrue(r.stderr.contains("charon.log: read as a strongSwan charon log"), r.stderr)
        // the gateway's own refusal ("received proposals unacceptable") is in the evidence
        let evidence = r.findings.first?["evidence"] as? [String] ?? []
        XCTAssertTrue(evidence.contains { $0.contains("charon.log:") }, "\(evidence)")
    }
}
