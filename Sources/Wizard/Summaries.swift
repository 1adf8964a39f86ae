import Engine
import Facts
import Report
import RuleBase

/// The short account of what the probes found, shown before the first question, and the end of
/// the session: the diagnosis, or what was ruled out and what to collect next.
public struct Summaries: Sendable {
    public let base: RuleBase
    public let style: Style

    public init(base: RuleBase, style: Style) {
        self.base = base
        self.style = style
    }

    /// Facts worth naming in the opening summary, when the probes found them.
    static let headline = ["host.os", "ike.implementation", "ike.daemon.running", "conn.count", "conn.ike_version",
                           "ike.sa.established", "child.sa.installed", "kernel.esp_supported", "system.ip_forward"]

    public func gathering(_ facts: FactStore, diagnosis d: Diagnosis) -> String {
        var out = style.bold("ipsec-doctor wizard") + " — I look at what this host can tell, then ask you the rest.\n"
        let ok = facts.probes.filter { $0.state == .ok }
        let notRun = facts.probes.filter { $0.state != .ok }
        let observed = facts.facts.values.filter { $0.provenance.first?.kind != .answer }
        let answered = facts.facts.values.filter { $0.provenance.first?.kind == .answer }
        if facts.probes.isEmpty && observed.isEmpty {
            out += "No probe could run here (no IPsec stack, or no snapshot given): I will ask questions only.\n"
        } else {
            if facts.probes.isEmpty {
                out += "From the snapshot and logs: \(observed.count) facts found.\n"
            } else {
                out += "Probes: \(ok.count) ran" + (ok.isEmpty ? "" : " (" + ok.map(\.name).prefix(8).joined(separator: ", ") + (ok.count > 8 ? ", …" : "") + ")")
                out += "; \(observed.count) facts found.\n"
            }
            if !notRun.isEmpty {
                out += "Unavailable (\(notRun.count)): " + notRun.map { "\($0.name) (\(Summaries.short($0.reason ?? $0.state.rawValue)))" }.joined(separator: "; ") + "\n"
            }
            let shown = Summaries.headline.compactMap { name in facts[name].map { "\(name) = \($0.value)" } }
            if !shown.isEmpty { out += "Seen: " + shown.joined(separator: ", ") + "\n" }
        }
        if !answered.isEmpty { out += "Given: \(answered.count) answer(s) from the command line.\n" }
        let early = d.findings.filter { $0.severity == .problem }
        if !early.isEmpty {
            out += "Already suspected: " + early.map { "\($0.id) (\(Int(($0.confidence * 100).rounded()))%)" }.joined(separator: ", ") + "\n"
        }
        out += style.dim("Type `help` for the commands; `why` at any question says why I ask it.") + "\n"
        return out
    }

    /// The end of the questioning.
    public func end(_ d: Diagnosis, asked: Int) -> String {
        var out = "\n" + style.bold("=== Diagnosis") + style.dim(" after \(asked) question\(asked == 1 ? "" : "s")") + "\n"
        out += TextReport.render(d, base: base, style: style)
        if let top = d.findings.first(where: { $0.severity == .problem }) {
            out += "\n" + style.dim("`how \(top.id)` shows how I concluded this; `explain \(top.article ?? top.id)` teaches the background; `back` revisits your last answer.") + "\n"
            return out
        }
        out += "\nI could not pin the cause down with what is known.\n"
        if !d.ruledOut.isEmpty {
            out += "Ruled out (\(d.ruledOut.count)): " + d.ruledOut.joined(separator: ", ") + "\n"
        }
        let open = Set(d.hypotheses.map(\.diagnosis)).sorted()
        if !open.isEmpty {
            out += "Still possible, for lack of facts (\(open.count)): " + open.prefix(10).joined(separator: ", ") + (open.count > 10 ? ", …" : "") + "\n"
        }
        out += "What to collect next:\n"
        out += "  1. A snapshot of both gateways: `ipsec-doctor collect --out DIR` on each, then `ipsec-doctor wizard --snapshot DIR`.\n"
        out += "  2. A packet capture on the outside interface while you send test traffic: \(capture(d.facts))\n"
        out += "  3. The daemon log at a higher level while the tunnel starts (strongSwan: charondebug / filelog level 2; Libreswan: plutodebug=all), read with `--log FILE`.\n"
        return out
    }

    /// The first clause of a probe's failure reason, short enough for one line.
    static func short(_ reason: String) -> String {
        let first = reason.split(separator: ";").first.map(String.init) ?? reason
        return first.count <= 60 ? first : String(first.prefix(59)) + "…"
    }

    func capture(_ facts: FactStore) -> String {
        let command: String
        switch facts.value("host.os").flatMap({ Platform(rawValue: $0.description.lowercased()) }) {
        case .illumos?: command = "`snoop -d <interface> host {peer}`"
        case .openbsd?: command = "`tcpdump -ni <interface> host {peer} and (udp port 500 or udp port 4500 or esp)`"
        default: command = "`tcpdump -ni any host {peer} and (udp port 500 or udp port 4500 or esp)`"
        }
        return TemplateRenderer.withHints(command, facts)
    }
}
