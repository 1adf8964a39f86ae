import Foundation
import Facts

/// `swanctl --stats`: daemon uptime, IKE_SA counts and the loaded plugins (kernel-libipsec among
/// them means ESP runs in user space).
public struct SwanctlStatsParser: OutputParser {
    public init() {}
    public var source: String { "swanctl-stats" }
    public var summary: String { "swanctl --stats (strongSwan daemon statistics and loaded plugins)" }

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [SwanctlStatsRecord] = []
        let lines = text.numberedLines
        var i = 0
        while i < lines.count {
            let line = lines[i]
            i += 1
            if line.isBlank { continue }
            let t = line.trimmed
            var r = SwanctlStatsRecord(line: line.number)
            if let rest = t.after("loaded plugins:") {
                // Some versions wrap the list; indented lines continue it.
                var words = rest.words
                var used = [line.number]
                while i < lines.count, lines[i].isIndented, !lines[i].trimmed.contains(":") {
                    words += lines[i].trimmed.words
                    used.append(lines[i].number)
                    i += 1
                }
                r.set(.kind, "plugins")
                r.set(.plugins, words)
                records.append(r); acc.account(used)
            } else if let rest = t.after("uptime:") {
                r.set(.kind, "uptime")
                r.set(.text, rest.trimmedSpaces)
                records.append(r); acc.account(line.number)
            } else if let rest = t.after("IKE_SAs:") {
                let w = rest.words
                r.set(.kind, "ike_sas")
                r.set(.total, w.first.flatMap { Int($0) })
                if let h = w.firstIndex(of: "half-open"), h > 0 { r.set(.halfOpen, Int(w[h - 1].trimmingCharacters(in: CharacterSet(charactersIn: ",")))) }
                records.append(r); acc.account(line.number)
            } else if let colon = t.firstIndex(of: ":"), !t[..<colon].isEmpty, t[..<colon].count < 40 {
                r.set(.kind, String(t[..<colon]).trimmedSpaces)
                r.set(.text, String(t[t.index(after: colon)...]).trimmedSpaces)
                records.append(r); acc.account(line.number)
            } else {
                acc.reject(line)
            }
        }
        return acc.result(source: source, typed: records)
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension SwanctlStatsParser: EvidenceSource {
    public var yields: [String] {
        ["ike.daemon.control_socket", "kernel.userspace_esp"]
    }
    public var probes: [ProbeSpec] {
        [
            ProbeSpec("swanctl-stats", source: "swanctl-stats", .command(["swanctl", "--stats"]), needsRoot: true),
        ]
    }
}
