import Foundation
import XCTest

/// strongSwan in its ipsec.conf form, live: `Tests/Lab/stroke-variants.sh up VARIANT` starts two
/// gateways whose charon runs under starter (`ipsec start`, /etc/ipsec.conf, /etc/ipsec.secrets,
/// no swanctl config) and initiates with `ipsec up lab`; then the built `ipsec-doctor diagnose`
/// runs inside each gateway's namespaces, as its admin would, and must find what the batch 5
/// table (Tests/Fixtures/variants/README.md) says that side can find, from its own probes
/// (`ipsec statusall`, /etc/ipsec.conf, charon.log), and know the daemon as strongSwan.
///
/// Needs root and strongSwan's starter and charon; skipped without them (CI=true fails instead).
/// Run under the lab lock: `IPSEC_LAB_LOCKED=1 flock -o /tmp/ipsec-lab.lock swift test --skip-build --filter StrokeLabTests`.
final class StrokeLabTests: XCTestCase {
    static let script = LabTests.repo + "/Tests/Lab/stroke-variants.sh"
    static let prefix = "stl"

    static let variants: [String: (a: LabExpect, b: LabExpect)] = [
        "st-psk-mismatch": (.first(["ike.auth-failed-psk"]), .first(["ike.auth-failed-psk"])),
        "st-route-not-triggered": (.first(["child.not-triggered"]), .blind([])),
        "st-psk-not-found": (.blind(LabExpectations.pskInitiatorRefused), .first(["ike.psk-not-found"])),
    ]

    func testPSKMismatch() throws { try check("st-psk-mismatch") }
    func testAutoRouteNeverTriggered() throws { try check("st-route-not-triggered") }
    func testPSKNotFound() throws { try check("st-psk-not-found") }

    func requireLab() throws {
        var missing: [String] = []
        let fm = FileManager.default
        if geteuid() != 0 { missing.append("root (network namespaces)") }
        for tool in ["/usr/lib/ipsec/starter", "/usr/lib/ipsec/charon", "/usr/sbin/ipsec"] where !fm.isExecutableFile(atPath: tool) {
            missing.append("\(tool) (Debian: strongswan-starter, strongswan-charon)")
        }
        if !fm.isExecutableFile(atPath: LabTests.executable) { missing.append("the built ipsec-doctor (\(LabTests.executable); run swift build)") }
        guard !missing.isEmpty else { return }
        let message = "the stroke lab needs " + missing.joined(separator: ", ")
        if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail(message + " (CI=true: not skipping)") }
        throw XCTSkip(message)
    }

    static func lab(_ args: [String], timeout: Double) throws -> LabTests.Run {
        try LabTests.run(["/bin/bash", script] + args, timeout: timeout, env: ["VARIANTS_PREFIX": prefix])
    }

    func check(_ variant: String) throws {
        let expect = try XCTUnwrap(Self.variants[variant])
        try requireLab()
        _ = try? Self.lab(["down"], timeout: 60)  // a leftover from a killed run
        defer {
            let down = try? Self.lab(["down"], timeout: 60)
            if let down, down.status != 0 { XCTFail("stroke-variants.sh down failed: \(down.stderr)") }
        }
        let up = try Self.lab(["up", variant], timeout: 150)
        guard up.status == 0, !up.timedOut else { return XCTFail("stroke-variants.sh up \(variant) failed (exit \(up.status)):\n\(up.stderr)") }
        for (side, e) in [("a", expect.a), ("b", expect.b)] {
            let live = try Self.lab(["exec", side, LabTests.executable, "diagnose", "--format", "json", "--home", LabTests.repo], timeout: 90)
            let what = "\(variant)/\(side)"
            XCTAssertFalse(live.timedOut, "\(what): diagnose did not finish")
            let json = try XCTUnwrap(live.json, "\(what): no JSON (exit \(live.status)): \(live.stderr)")
            let findings = json["findings"] as? [[String: Any]] ?? []
            let first = findings.first { $0["severity"] as? String == "problem" }
            let why = e.judge(first: first?["id"] as? String, confidence: first?["confidence"] as? Double,
                              verdict: json["verdict"] as? String, exit: live.status)
            XCTAssertNil(why, "\(what) live: \(why ?? "") \(LabTests.describe(json))")
            // the tool read this gateway's stroke world: strongSwan, its ipsec statusall and ipsec.conf
            let facts = json["facts"] as? [String: Any] ?? [:]
            func fact(_ n: String) -> String? { facts[n].map { "\($0)" } }
            XCTAssertEqual(fact("ike.implementation"), "strongswan", "\(what): implementation; \(LabTests.describe(json))")
            XCTAssertEqual(fact("ike.strongswan_frontend"), "stroke", "\(what): front end")
            XCTAssertEqual(fact("conn.auth"), "psk", "\(what): auth method from ipsec.conf/statusall")
            print("STLAB-RESULT \(what): first=\(first?["id"] as? String ?? "none") exit=\(live.status)")
        }
    }
}
