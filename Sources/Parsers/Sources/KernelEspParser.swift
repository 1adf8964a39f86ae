import Facts

/// The kernel-ESP report the `kernel-esp` probe writes (one check per line, `check: result
/// (detail)`): whether esp4 is loaded (/proc/modules, /sys/module/esp4), built in
/// (modules.builtin), loadable (modules.dep) or configured (CONFIG_INET_ESP in /proc/config.gz or
/// /boot/config-RELEASE). Results: loaded, not-loaded, present, absent, builtin, not-builtin,
/// loadable, not-loadable, y, m, n, unreadable.
public struct KernelEspParser: OutputParser {
    public init() {}
    public var source: String { "kernel-esp" }
    public var summary: String { "kernel ESP support report of the kernel-esp probe (esp4 module, CONFIG_INET_ESP)" }

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [KernelEspRecord] = []
        for line in text.numberedLines where !line.isBlank {
            let t = line.trimmed
            guard let colon = t.firstIndex(of: ":") else { acc.reject(line); continue }
            let check = t[..<colon].trimmedSpaces
            var rest = String(t[t.index(after: colon)...]).trimmedSpaces
            var detail: String?
            if let open = rest.firstIndex(of: "("), rest.hasSuffix(")") {
                detail = String(rest[rest.index(after: open)..<rest.index(before: rest.endIndex)])
                rest = rest[..<open].trimmedSpaces
            }
            guard !check.isEmpty, !check.contains(" "), let result = rest.words.first else { acc.reject(line); continue }
            var r = KernelEspRecord(line: line.number)
            r.set(.check, check)
            r.set(.result, result)
            r.set(.detail, detail)
            records.append(r)
            acc.account(line.number)
        }
        return acc.result(source: source, typed: records)
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension KernelEspParser: EvidenceSource {
    public var yields: [String] {
        ["kernel.esp_supported"]
    }
    public var probes: [ProbeSpec] {
        [
            ProbeSpec("kernel-esp", source: "kernel-esp", .kernelEsp),
        ]
    }
}
