import Facts

/// `setkey -DP` (ipsec-tools): the SPD. One record per policy: src, dst (prefixes as printed,
/// `[port]` split off into src_port/dst_port), upperspec, dir (in/out/fwd), action
/// (ipsec/none/discard/entrust/bypass), priority, templates (`esp/tunnel/A-B/require`,
/// as printed), spid.
public struct SetkeyDPParser: OutputParser {
    public init() {}
    public var source: String { "setkey-DP" }
    public var summary: String { "setkey -DP (ipsec-tools SPD dump)" }
    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [SetkeyDPRecord] = []
        var current: (SetkeyDPRecord, [Int], [String])?
        func flush() {
            if var c = current { c.0.set(.templates, c.2); records.append(c.0); acc.account(c.1) }
            current = nil
        }
        for line in text.numberedLines where !line.isBlank {
            let t = line.trimmed
            let w = t.words
            if !line.isIndented {
                if t == "No SPD entries." { flush(); acc.account(line.number); continue }
                if w.count >= 2, let a = PFKeyDump.endpoint(w[0]), let b = PFKeyDump.endpoint(w[1]) {
                    flush()
                    var r = SetkeyDPRecord(line: line.number)
                    r.set(.src, a.0); r.set(.dst, b.0); r.set(.srcPort, a.1); r.set(.dstPort, b.1)
                    if w.count >= 3 { r.set(.upperspec, w[2...].joined(separator: " ")) }
                    current = (r, [line.number], [])
                    continue
                }
                flush(); acc.reject(line); continue
            }
            guard current != nil else { acc.reject(line); continue }
            if let f = w.first, ["in", "out", "fwd"].contains(f) {
                current!.0.set(.dir, f)
                var rest = Array(w.dropFirst())
                if rest.first == "prio", rest.count >= 2 { current!.0.set(.priority, rest[1]); rest.removeFirst(2) }
                if let act = rest.first { current!.0.set(.action, act) }
            } else if t.split(separator: "/", omittingEmptySubsequences: false).count >= 3,
                      let p = w.first?.split(separator: "/").first, ["esp", "ah", "ipcomp", "tcp"].contains(String(p)) {
                current!.2.append(t)
            } else if t.hasPrefix("spid=") {
                current!.0.set(.spid, Int(t.dropFirst(5).prefix { $0.isNumber }))
            } else if t.hasPrefix("refcnt=") || t.hasPrefix("created:") || t.hasPrefix("lifetime:") {
            } else { acc.reject(line); continue }
            current!.1.append(line.number)
        }
        flush()
        return acc.result(source: source, typed: records)
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension SetkeyDPParser: EvidenceSource {
}
