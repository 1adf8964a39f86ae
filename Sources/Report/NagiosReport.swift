import Engine
import Facts

/// `diagnose --format nagios`: one Nagios/Icinga plugin line, `IPSEC STATE - summary | perfdata`,
/// and the plugin exit codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.
public enum NagiosReport {
    public enum State: Int32 {
        case ok = 0, warning = 1, critical = 2, unknown = 3
        var word: String { ["OK", "WARNING", "CRITICAL", "UNKNOWN"][Int(rawValue)] }
    }

    /// A problem is CRITICAL; healthy with a warning finding is WARNING; healthy is OK; not
    /// enough facts to decide is UNKNOWN (the check could not see, which is not "fine").
    public static func state(_ d: Diagnosis) -> State {
        switch d.verdict {
        case .problem: return .critical
        case .inconclusive: return .unknown
        case .healthy: return d.findings.contains { $0.severity == .warning } ? .warning : .ok
        }
    }

    public static func render(_ d: Diagnosis) -> String {
        let s = state(d)
        let count = { (sev: String) in d.findings.filter { $0.severity.rawValue == sev }.count }
        var summary: String
        switch s {
        case .critical, .warning:
            let top = d.findings.first { $0.severity == (s == .critical ? .problem : .warning) }!
            let more = count(s == .critical ? "problem" : "warning") - 1
            summary = "\(top.title) [\(top.id)]" + (more > 0 ? " (+\(more) more)" : "")
        case .ok:
            summary = "no problem found" + (d.findings.isEmpty ? "" : " (\(d.findings.count) note(s))")
        case .unknown:
            summary = "not enough facts to decide"
        }
        // The `|` separates perfdata; a title must not contain one.
        summary = summary.replacingOccurrences(of: "|", with: "/")
        let failedProbes = d.facts.probes.filter { $0.state != .ok && $0.state != .skipped }.count
        let perf = [
            "problems=\(count("problem"));;1;0",
            "warnings=\(count("warning"));1;;0",
            "infos=\(count("info"));;;0",
            "confidence=\(JSONValue.format(number: ((d.findings.first?.confidence ?? 0) * 100).rounded() / 100));;;0;1",
            "probes_failed=\(failedProbes);;;0",
        ]
        return "IPSEC \(s.word) - \(summary) | \(perf.joined(separator: " "))\n"
    }

    /// For errors before a diagnosis (unreadable snapshot, bad rule base): UNKNOWN with the reason.
    public static func unknown(_ reason: String) -> String {
        "IPSEC UNKNOWN - \(reason.replacingOccurrences(of: "|", with: "/").split(separator: "\n").first ?? "")\n"
    }
}
