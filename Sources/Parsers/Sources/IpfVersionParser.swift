import Facts

/// IP Filter's `ipf -V` (illumos, as showversion() of usr/src/cmd/ipf/tools/ipf.c prints it; the
/// same lines on NetBSD/FreeBSD):
///   ipf: IP Filter: v4.1.9 (592)
///   Kernel: IP Filter: v4.1.9
///   Running: yes
///   Log Flags: 0 = none set
///   Default: pass all, Logging: available
///   Active list: 0
///   Feature mask: 0x107
/// One record: version (the tool's), kernel, running (Bool), log_flags, default (`pass`,
/// `block`, or `nomatch -> block`: what a packet no rule matches gets), logging, active_list,
/// feature_mask; `default_line`/`running_line` for evidence.
public struct IpfVersionParser: OutputParser {
    public init() {}
    public var source: String { "ipf-version" }
    public var summary: String { "ipf -V (IP Filter running, default verdict)" }

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [IpfVersionRecord] = []
        var r = IpfVersionRecord(line: 1)
        var used: [Int] = []
        for line in text.numberedLines where !line.isBlank {
            let t = line.trimmed
            func after(_ p: String) -> String? { t.hasPrefix(p) ? String(t.dropFirst(p.count)).trimmedSpaces : nil }
            if let v = after("ipf:") { r.set(.version, v) }
            else if let v = after("Kernel:") { r.set(.kernel, v) }
            else if let v = after("Running:"), v == "yes" || v == "no" { r.set(.running, v == "yes"); r.set(.runningLine, line.number) }
            else if let v = after("Log Flags:") { r.set(.logFlags, v) }
            else if let v = after("Default:"), let comma = v.range(of: " all, Logging: ") {
                r.set(.`default`, String(v[..<comma.lowerBound])); r.set(.logging, String(v[comma.upperBound...]))
                r.set(.defaultLine, line.number)
            }
            else if let v = after("Active list:"), let n = Int(v) { r.set(.activeList, n) }
            else if let v = after("Feature mask:") { r.set(.featureMask, v) }
            else { acc.reject(line); continue }
            used.append(line.number)
        }
        if !used.isEmpty {
            // the record starts at the first line read, with the fields in the order they came
            r.line = used[0]
            records.append(r)
            acc.account(used)
        }
        return acc.result(source: source, typed: records)
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension IpfVersionParser: EvidenceSource {
    /// Running: no filters nothing; `Default: block all` blocks what no rule passes
    /// (FilterStatus, PacketFilterExtractor).
    public var yields: [String] { ["fw.drops_esp_in", "fw.drops_esp_out", "fw.drops_ike_in", "fw.drops_ike_out", "fw.filter_enabled",
                                   "fw.forward_blocks_tunnel", "nat.masquerade_hits_tunnel"] }
    public var probes: [ProbeSpec] {
        [
            // read-only: prints the version, whether IP Filter runs and its default verdict
            ProbeSpec("ipf-version", source: "ipf-version", .command(["ipf", "-V"]), timeout: 8, needsRoot: true, platform: .only(.illumos)),
        ]
    }
    public var snapshotNames: [String] { ["ipf-V"] }
}
