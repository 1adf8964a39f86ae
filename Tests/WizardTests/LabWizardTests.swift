import Foundation
import XCTest

/// The wizard on the lab's broken gateways: probes read from each scenario's snapshot (what real
/// strongSwan gateways showed, Tests/Fixtures/lab), then questions answered truthfully for that
/// scenario's fault. The probes settle most of it; what only the operator or the peer's admin
/// can tell is asked.
final class LabWizardTests: XCTestCase {
    struct Case {
        var scenario: String
        /// What differs from a working setup, as the operator would answer (see `Truth.healthy`).
        var truth: [String: String]
        /// The headline's diagnosis ID; nil for HEALTHY.
        var expect: String?
    }

    static let down = ["ike.sa.established": "no", "child.sa.installed": "no", "test.tunnel_traffic_works": "no",
                       "capture.esp_out": "no", "capture.esp_in": "no"]

    static let cases: [Case] = [
        Case(scenario: "healthy", truth: [:], expect: nil),
        Case(scenario: "psk-mismatch", truth: down.merging(["peer.psk_confirmed_equal": "no"]) { $1 }, expect: "ike.auth-failed-psk"),
        // the peer's admin reads its log: no connection for our ID (peer-report: id-refused)
        Case(scenario: "id-mismatch", truth: down.merging(["peer.id_matches": "no"]) { $1 }, expect: "ike.id-mismatch"),
        Case(scenario: "ike-proposal-mismatch", truth: down.merging(["peer.proposals_match": "no"]) { $1 }, expect: "ike.proposal-mismatch"),
        Case(scenario: "ikev1-vs-ikev2", truth: down.merging(["conn.ike_version": "1", "peer.ike_version_differs": "yes"]) { $1 },
             expect: "ike.version-mismatch"),
        Case(scenario: "peer-drops-ike", truth: down.merging(["capture.ike_in": "no"]) { $1 }, expect: "ike.no-response"),
        Case(scenario: "no-inbound", truth: ["test.tunnel_traffic_works": "no", "capture.esp_in": "no"], expect: "esp.no-inbound"),
        Case(scenario: "local-fw-drops-ike", truth: down.merging(["fw.drops_ike_out": "yes", "capture.ike_out": "no"]) { $1 },
             expect: "ike.local-firewall-blocks-ike"),
        Case(scenario: "ip-forward-off", truth: ["system.ip_forward": "no", "test.tunnel_traffic_works": "no"],
             expect: "system.ip-forwarding-disabled"),
    ]

    func testEachBrokenGatewayReachesItsDiagnosis() throws {
        var wrong: [String] = []
        for c in Self.cases {
            let truth = Truth.healthy.merging(c.truth) { $1 }
            let dir = WizardDriver.repo + "/Tests/Fixtures/lab/\(c.scenario)/a"
            let w = try WizardDriver(["wizard", "--home", WizardDriver.repo, "--snapshot", dir, "--no-history"])
            let (asked, end) = w.answerAll(truth)
            _ = w.finish()
            let headline = end.split(separator: "\n").first { $0.hasPrefix("PROBLEM:") || $0.hasPrefix("HEALTHY") || $0.hasPrefix("INCONCLUSIVE") }
            let ok = c.expect.map { headline?.hasPrefix("PROBLEM:") == true && headline!.contains("[\($0)]") } ?? (headline?.hasPrefix("HEALTHY") == true)
            print("lab wizard \(c.scenario): \(asked.count) questions \(asked) -> \(headline.map(String.init) ?? "no verdict")")
            // A fault takes a few questions; declaring a tunnel healthy means ruling out the rest.
            if !ok || asked.count > (c.expect == nil ? 8 : 4) {
                wrong.append("\(c.scenario): \(headline.map(String.init) ?? "no verdict") after \(asked.count) questions \(asked)")
            }
        }
        XCTAssertEqual(wrong, [], "\n" + wrong.joined(separator: "\n"))
    }
}
