import Facts

/// /proc/net/xfrm_stat: one record per counter (`name`, `value`, 0 ... 2^64-1).
public struct XfrmStatParser: OutputParser {
    public init() {}
    public var source: String { "xfrm-stat" }
    public var summary: String { "/proc/net/xfrm_stat (Linux XFRM error counters)" }

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [XfrmStatRecord] = []
        for line in text.numberedLines where !line.isBlank {
            let w = line.trimmed.words
            // The kernel prints these as unsigned long (u64 on 64-bit): read them so, a number
            // past UInt64.max stays an unparsed line.
            if w.count >= 2, w[0].hasPrefix("Xfrm"), w[0].allSatisfy({ $0.isLetter || $0.isNumber }), let v = parseCounter(w[1]) {
                var r = XfrmStatRecord(line: line.number)
                r.set(.name, w[0]); r.fields.set(.value, Double(v))
                records.append(r)
                acc.account(line.number)
            } else {
                acc.reject(line)
            }
        }
        return acc.result(source: source, typed: records)
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension XfrmStatParser: EvidenceSource {
    public var yields: [String] {
        ["xfrm.stat.*"]
    }
    public var probes: [ProbeSpec] {
        [
            ProbeSpec("xfrm-stat", source: "xfrm-stat", .file("/proc/net/xfrm_stat")),
            // The second read, about two seconds later: ProbeExtractor turns the rise into xfrm.delta.*.
            ProbeSpec("xfrm-stat-later", source: "xfrm-stat", .delayedFile("/proc/net/xfrm_stat", delay: 2)),
        ]
    }
    // `xfrm-stat-later`: the second read a collection made about two seconds after the first
    // (the live probe's name), so a saved folder gives xfrm.delta.* as the live probe does.
    public var snapshotNames: [String] { ["xfrm_stat", "xfrm-stat-later"] }
}
