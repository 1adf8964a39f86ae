import Facts

/// The isakmpd `S` report (`echo S > /var/run/isakmpd.fifo`, written to
/// /var/run/isakmpd.result by sa_report_all): per SA a block `SA name: NAME (Phase 1/Initiator)`
/// or `(Phase 2)`, `src: A dst: B`, lifetimes, `Flags 0x...`, phase details (cookies, SPIs,
/// transforms), then a blank line. One record per SA: name, phase, role (initiator/responder,
/// phase 1 only), src, dst, flags, spis. Key material is never kept: the detail lines are
/// accounted without their text.
public struct IsakmpdResultParser: OutputParser {
    public init() {}
    public var source: String { "isakmpd-result" }
    public var summary: String { "isakmpd.result S report (OpenBSD isakmpd SAs)" }

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [IsakmpdResultRecord] = []
        var cur: (IsakmpdResultRecord, [Int], [String])?
        func flush() {
            if var c = cur { if !c.2.isEmpty { c.0.set(.spis, c.2) }; records.append(c.0); acc.account(c.1) }
            cur = nil
        }
        for line in text.numberedLines where !line.isBlank {
            let t = line.trimmed
            if let rest = t.after("SA name: ") {
                flush()
                var r = IsakmpdResultRecord(line: line.number)
                var name = rest
                if let open = rest.range(of: " (Phase ", options: .backwards), rest.hasSuffix(")") {
                    name = String(rest[..<open.lowerBound])
                    let inner = rest[open.upperBound..<rest.index(before: rest.endIndex)]
                    let parts = inner.split(separator: "/")
                    r.set(.phase, Int(parts.first ?? ""))
                    if parts.count > 1 { r.set(.role, parts[1].lowercased()) }
                }
                r.set(.name, name)
                cur = (r, [line.number], [])
                continue
            }
            guard cur != nil else { acc.reject(line); continue }
            cur!.1.append(line.number)
            if t.hasPrefix("src:") {
                let w = t.words
                if let i = w.firstIndex(of: "src:"), i + 1 < w.count, w[i + 1] != "dst:" { cur!.0.set(.src, w[i + 1]) }
                if let i = w.firstIndex(of: "dst:"), i + 1 < w.count { cur!.0.set(.dst, w[i + 1]) }
            } else if let f = t.after("Flags ") {
                cur!.0.set(.flags, f)
            } else if t.hasPrefix("SPI "), let colon = t.firstIndex(of: ":") {
                let v = t[t.index(after: colon)...].trimmedSpaces
                if !v.isEmpty { cur!.2.append(v) }
            }
        }
        flush()
        return acc.result(source: source, typed: records)
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension IsakmpdResultParser: EvidenceSource {
    public var yields: [String] {
        [
            "host.os", "ike.implementation", "ike.sa.count", "ike.tunnel_count", "openbsd.half_open_tunnels",
            "openbsd.sa_names",
        ]
    }
}
