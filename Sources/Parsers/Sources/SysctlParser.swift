import Facts

/// `sysctl -a` / `sysctl KEY` output (`key = value`), and single-value files such as
/// /proc/sys/net/ipv4/ip_forward: a bare value is a record without `key`; the fact extractor
/// takes the key from the file's path (the source's origin), `/proc/sys/net/ipv4/ip_forward`
/// → `net.ipv4.ip_forward`. Records: `SysctlRecord`.
public struct SysctlParser: OutputParser {
    public init() {}
    public var source: String { "sysctl" }
    public var summary: String { "sysctl -a / sysctl KEY, or a /proc/sys file's value" }

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [SysctlRecord] = []
        let lines = text.numberedLines.filter { !$0.isBlank }
        for line in lines {
            let t = line.trimmed
            if let eq = t.range(of: " = ") ?? t.range(of: "=") {
                let key = t[..<eq.lowerBound].trimmedSpaces
                if !key.isEmpty, !key.contains(" "), key.contains(".") || key.contains("/") {
                    records.append(SysctlRecord(line: line.number, key: key.replacingOccurrences(of: "/", with: "."),
                                                value: String(t[eq.upperBound...]).trimmedSpaces))
                    acc.account(line.number); continue
                }
            }
            if lines.count == 1, !t.contains(":"), t.count < 200 {
                records.append(SysctlRecord(line: line.number, key: nil, value: t))
                acc.account(line.number); continue
            }
            acc.reject(line)
        }
        return acc.result(source: source, typed: records)
    }

    /// `/proc/sys/net/ipv4/ip_forward` → `net.ipv4.ip_forward`; nil for other paths.
    public static func key(fromPath path: String) -> String? {
        guard let r = path.range(of: "/proc/sys/") else { return nil }
        let k = path[r.upperBound...].replacingOccurrences(of: "/", with: ".")
        return k.isEmpty ? nil : k
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension SysctlParser: EvidenceSource {
    public var yields: [String] {
        ["system.ip_forward"]
    }
    public var probes: [ProbeSpec] {
        [
            ProbeSpec("sysctl", source: "sysctl", .command(["sysctl", "net.ipv4.ip_forward", "net.ipv4.conf.all.rp_filter",
                                                        "net.ipv4.conf.default.rp_filter"])),
        ]
    }
    public var snapshotNames: [String] { ["sysctl-ip_forward"] }
}
