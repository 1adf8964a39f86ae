import Foundation
import XCTest

/// `diagnose --format prometheus` and `--format nagios` read by the tools that consume them:
/// prometheus_client's text-format parser (what node_exporter's textfile collector accepts) and
/// pynag's perfdata parser, on the lab gateways' real outputs.
final class MonitoringFormatTests: XCTestCase {
    func snapshot(_ scenario: String, _ side: String = "a") -> String { CLI.repo + "/Tests/Fixtures/lab/\(scenario)/\(side)" }

    struct Family: Decodable {
        var name: String, type: String, help: String
        var samples: [Sample]
    }
    struct Sample: Decodable { var name: String; var labels: [String: String]; var value: Double }

    func prometheus(_ scenario: String, _ side: String = "a") throws -> (families: [String: Family], status: Int32) {
        let r = try CLI.run(["diagnose", "--format", "prometheus", "--home", CLI.repo, "--snapshot", snapshot(scenario, side)])
        let parsed = try Python.run(CLI.repo + "/Tests/Tools/parse_prometheus.py", [], stdin: r.stdout)
        XCTAssertEqual(parsed.status, 0, "prometheus_client rejects the output: \(parsed.stderr)\n\(r.stdout)")
        let families = try JSONDecoder().decode([Family].self, from: Data(parsed.stdout.utf8))
        return (Dictionary(uniqueKeysWithValues: families.map { ($0.name, $0) }), r.status)
    }

    func testPrometheusOnAPSKMismatch() throws {
        // the responder (b) saw the MAC mismatch itself: the keys differ at 0.9 (the initiator, a,
        // only has the peer's AUTHENTICATION_FAILED and says it conditionally)
        let (m, status) = try prometheus("psk-mismatch", "b")
        XCTAssertEqual(status, 1, "the verdict's exit code, as for text and json")
        for name in ["ipsec_doctor_verdict", "ipsec_doctor_exit_code", "ipsec_doctor_finding_confidence", "ipsec_doctor_findings",
                     "ipsec_doctor_probes", "ipsec_doctor_last_run_timestamp_seconds"] {
            XCTAssertEqual(m[name]?.type, "gauge", name)
            XCTAssertFalse(m[name]?.help.isEmpty ?? true, "\(name) has HELP")
        }
        let verdicts = Dictionary(uniqueKeysWithValues: (m["ipsec_doctor_verdict"]?.samples ?? []).map { ($0.labels["verdict"] ?? "", $0.value) })
        XCTAssertEqual(verdicts, ["healthy": 0, "problem": 1, "inconclusive": 0])
        let psk = m["ipsec_doctor_finding_confidence"]?.samples.first { $0.labels["id"] == "ike.auth-failed-psk" }
        XCTAssertEqual(psk?.labels["severity"], "problem")
        XCTAssertEqual(psk?.value ?? 0, 0.9, accuracy: 0.11)
        XCTAssertEqual(m["ipsec_doctor_findings"]?.samples.first { $0.labels["severity"] == "problem" }?.value, 1)
    }

    func testPrometheusOnAHealthyGateway() throws {
        let (m, status) = try prometheus("healthy")
        XCTAssertEqual(status, 0)
        XCTAssertEqual(m["ipsec_doctor_verdict"]?.samples.first { $0.labels["verdict"] == "healthy" }?.value, 1)
        XCTAssertFalse(m["ipsec_doctor_finding_confidence"]?.samples.contains { $0.labels["severity"] == "problem" } ?? true)
    }

    struct Nagios: Decodable {
        var lines: Int, text: String
        var perfdata_valid: Bool
        var metrics: [Metric]
        struct Metric: Decodable { var label: String; var value: String; var valid: Bool }
    }

    func nagios(_ args: [String]) throws -> (Nagios, Int32) {
        let r = try CLI.run(["diagnose", "--format", "nagios", "--home", CLI.repo] + args)
        let parsed = try Python.run(CLI.repo + "/Tests/Tools/parse_nagios.py", [], stdin: r.stdout)
        XCTAssertEqual(parsed.status, 0, parsed.stderr)
        return (try JSONDecoder().decode(Nagios.self, from: Data(parsed.stdout.utf8)), r.status)
    }

    func testNagiosStatesAndPerfdata() throws {
        let (critical, c) = try nagios(["--snapshot", snapshot("psk-mismatch", "b")])
        XCTAssertEqual(c, 2)
        XCTAssertEqual(critical.lines, 1)
        XCTAssertTrue(critical.text.hasPrefix("IPSEC CRITICAL - The pre-shared keys differ [ike.auth-failed-psk]"), critical.text)
        XCTAssertTrue(critical.perfdata_valid)
        XCTAssertEqual(critical.metrics.first { $0.label == "problems" }?.value, "1")
        XCTAssertEqual(Set(critical.metrics.map(\.label)), ["problems", "warnings", "infos", "confidence", "probes_failed"])

        let (ok, o) = try nagios(["--snapshot", snapshot("healthy")])
        XCTAssertEqual(o, 0)
        XCTAssertTrue(ok.text.hasPrefix("IPSEC OK"), ok.text)
        XCTAssertEqual(ok.metrics.first { $0.label == "problems" }?.value, "0")

        // A snapshot that cannot be read is UNKNOWN (3), not the usual 65.
        let (unknown, u) = try nagios(["--snapshot", "/nonexistent/ipsec-doctor-snapshot"])
        XCTAssertEqual(u, 3)
        XCTAssertTrue(unknown.text.hasPrefix("IPSEC UNKNOWN"), unknown.text)
    }

    /// Answers that leave nothing decided: UNKNOWN, because the check could not see.
    func testNagiosInconclusiveIsUnknown() throws {
        let dir = NSTemporaryDirectory() + "nagios-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.copyItem(atPath: snapshot("healthy") + "/ip-addr.txt", toPath: dir + "/ip-addr.txt")
        let (n, status) = try nagios(["--snapshot", dir])
        XCTAssertEqual(status, 3)
        XCTAssertTrue(n.text.hasPrefix("IPSEC UNKNOWN - not enough facts"), n.text)
    }
}
