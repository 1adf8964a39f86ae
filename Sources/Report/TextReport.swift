import Engine
import Facts
import RuleBase

/// The report for people: the verdict first, then each finding with its evidence and remedies,
/// then what could not be probed and what answers would sharpen the diagnosis.
public enum TextReport {
    public static func render(_ d: Diagnosis, base: RuleBase, style: Style, verbose: Bool = false) -> String {
        var out: [String] = []
        let problems = d.findings.filter { $0.severity == .problem }.count
        switch d.verdict {
        case .problem:
            out.append(style.red("PROBLEM") + ": " + (d.findings.first.map { "\($0.title) [\($0.id)]" } ?? "")
                       + (problems > 1 ? " (+\(problems - 1) more)" : ""))
        case .healthy:
            out.append(style.green("HEALTHY") + ": no problem found" + (d.findings.isEmpty ? "" : " (\(d.findings.count) note(s) below)"))
        case .inconclusive:
            out.append(style.yellow("INCONCLUSIVE") + ": not enough facts to decide")
        }
        for (i, f) in d.findings.enumerated() {
            out.append("")
            let sev = f.severity == .problem ? style.red(f.severity.rawValue) : f.severity == .warning ? style.yellow(f.severity.rawValue) : style.dim(f.severity.rawValue)
            out.append(style.bold("\(i + 1). \(f.title)") + "  [\(f.id), \(sev), confidence \(Int((f.confidence * 100).rounded()))%]")
            if let cause = f.explainedBy { out.append("   " + style.dim("probably a consequence of \(cause)")) }
            if !f.evidence.isEmpty {
                out.append("   Evidence:")
                for e in f.evidence.prefix(verbose ? 50 : 6) { out.append("     - " + e) }
                if !verbose, f.evidence.count > 6 { out.append(style.dim("     (\(f.evidence.count - 6) more with --verbose)")) }
            }
            if !f.remedies.isEmpty {
                out.append("   What to do:")
                for (n, r) in f.remedies.enumerated() { out.append("     \(n + 1). " + r) }
            }
            if let a = f.article { out.append("   " + style.dim("Learn more: ipsec-doctor explain \(a)")) }
        }
        let notRun = d.facts.probes.filter { $0.state != .ok }
        if !notRun.isEmpty {
            out.append("")
            out.append("Not probed (\(notRun.count)): " + notRun.map { "\($0.name) (\($0.reason ?? $0.state.rawValue))" }.joined(separator: "; "))
        }
        if !d.unanswered.isEmpty, d.verdict != .problem || verbose {
            out.append("")
            out.append("Answers that would sharpen this (--answer FACT=VALUE, or run `ipsec-doctor wizard`):")
            for id in d.unanswered.prefix(5) {
                guard let q = base.question(id: id) else { continue }
                out.append("  - \(q.subject): \(q.prompt)")
            }
        }
        return out.joined(separator: "\n") + "\n"
    }
}
