import Engine
import Facts
import Foundation

/// `diagnose --format prometheus`: the Prometheus text exposition format, for node_exporter's
/// textfile collector (write to a `.prom` file, atomically). The metric names are part of the
/// contract (docs/CONTRACT.md): dashboards and alerts are built on them, so they never change.
public enum PrometheusReport {
    public static func render(_ d: Diagnosis, time: Date = Date()) -> String {
        var out = ""
        func family(_ name: String, _ help: String, _ samples: [(labels: [(String, String)], value: Double)]) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) gauge\n"
            for s in samples {
                let labels = s.labels.isEmpty ? "" : "{" + s.labels.map { "\($0.0)=\"\(escape($0.1))\"" }.joined(separator: ",") + "}"
                out += "\(name)\(labels) \(JSONValue.format(number: s.value))\n"
            }
        }
        family("ipsec_doctor_verdict", "The verdict of the diagnosis: 1 for the verdict named by the label, 0 for the others.",
               [Verdict.healthy, .problem, .inconclusive].map { ([("verdict", $0.rawValue)], $0 == d.verdict ? 1 : 0) })
        family("ipsec_doctor_exit_code", "The exit code of diagnose: 0 healthy, 1 problem, 2 inconclusive.",
               [([], Double(d.verdict.exitCode))])
        family("ipsec_doctor_finding_confidence", "Confidence (0 to 1) of each finding; the series exists only while the finding is diagnosed.",
               d.findings.map { ([("id", $0.id), ("severity", $0.severity.rawValue)], ($0.confidence * 100).rounded() / 100) })
        family("ipsec_doctor_findings", "Number of findings by severity.",
               ["problem", "warning", "info"].map { sev in ([("severity", sev)], Double(d.findings.filter { $0.severity.rawValue == sev }.count)) })
        family("ipsec_doctor_probes", "Probes by outcome (ok, unavailable, failed, timeout, skipped).",
               PrometheusReport.probeStates.map { st in ([("status", st.rawValue)], Double(d.facts.probes.filter { $0.state == st }.count)) })
        family("ipsec_doctor_last_run_timestamp_seconds", "Unix time when the diagnosis ran.",
               [([], time.timeIntervalSince1970.rounded())])
        return out
    }

    static let probeStates: [ProbeStatus.State] = [.ok, .unavailable, .failed, .timeout, .skipped]

    /// Label values escape backslash, double quote and newline (the text format's rules).
    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
            .replacingOccurrences(of: "\n", with: "\\n")
    }
}
