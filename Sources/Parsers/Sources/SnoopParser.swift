import Facts

/// illumos/Solaris `snoop` summary lines (seed 000), `SRC -> DST PROTO details`:
///   `10.0.0.10 -> 10.0.0.11   UDP D=4790 S=49251 LEN=118`        (overlay: kind other)
///   `A -> B  UDP D=500 S=500 LEN=232`                             (kind ike; 4500: nat-t)
///   `A -> B  ESP SPI=0x11a183ba Replay=15027`                    (kind esp)
///   `A -> B  ESP IP fragment ID=12388 Offset=0    MF=1 TOS=0x0 TTL=60`  (kind esp-fragment)
/// with an optional leading time column (`snoop -t a|r|d`). Records as in CaptureLine.
public struct SnoopParser: OutputParser {
    public init() {}
    public var source: String { "snoop" }
    public var summary: String { "snoop summary lines (illumos/Solaris packet capture)" }

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [CaptureRecord] = []
        for line in text.numberedLines where !line.isBlank {
            let t = line.trimmed
            if let h = CaptureLine.hint(t, line: line.number) { records.append(h); acc.account(line.number); continue }
            if t.hasPrefix("Using device") || t.hasPrefix("snoop:") { acc.account(line.number); continue }
            var w = t.words
            guard let arrow = w.firstIndex(of: "->"), arrow >= 1, arrow + 2 < w.count else { acc.reject(line); continue }
            var r = CaptureRecord(line: line.number)
            if arrow >= 2 { r.set(.time, w[0..<(arrow - 1)].joined(separator: " ")) }
            r.set(.src, w[arrow - 1]); r.set(.dst, w[arrow + 1])
            w = Array(w[(arrow + 2)...])
            let proto = w[0]
            var kv: [String: String] = [:]
            for item in w.dropFirst() {
                let p = item.split(separator: "=", maxSplits: 1).map(String.init)
                if p.count == 2 { kv[p[0]] = p[1] }
            }
            switch proto {
            case "UDP", "TCP":
                let d = kv["D"].flatMap { Int($0) }, s = kv["S"].flatMap { Int($0) }
                r.set(.dport, d); r.set(.sport, s)
                r.set(.length, kv["LEN"].flatMap { Int($0) })
                if proto == "UDP", d == 500 || s == 500 { r.set(.kind, "ike") }
                else if proto == "UDP", d == 4500 || s == 4500 { r.set(.kind, "nat-t") }
                else { r.set(.kind, "other"); r.set(.proto, proto.lowercased()) }
            case "ESP":
                if w.count >= 3, w[1] == "IP", w[2] == "fragment" {
                    r.set(.kind, "esp-fragment")
                    r.set(.fragId, kv["ID"].flatMap { Int($0) })
                    r.set(.fragOffset, kv["Offset"].flatMap { Int($0) })
                    r.set(.moreFragments, kv["MF"].map { $0 == "1" })
                } else {
                    r.set(.kind, "esp")
                    r.set(.spi, kv["SPI"])
                    r.set(.seq, kv["Replay"].flatMap { Int($0) })
                }
            default:
                r.set(.kind, "other"); r.set(.proto, proto.lowercased())
            }
            records.append(r)
            acc.account(line.number)
        }
        return acc.result(source: source, typed: records)
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension SnoopParser: EvidenceSource {
    public var yields: [String] {
        [
            "capture.any_ipsec", "capture.esp_fragmented", "capture.esp_in", "capture.esp_out", "capture.ike_in",
            "capture.ike_out", "host.os",
        ]
    }
}
