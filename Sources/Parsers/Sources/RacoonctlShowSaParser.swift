import Facts

/// `racoonctl show-sa esp|ah|ipsec` (the SAD, printed like `setkey -D`: records as in
/// `setkey-D`, `kind` "ipsec") and `racoonctl show-sa isakmp` (one line per ISAKMP SA under
/// the `Destination  Cookies  Created` header: `kind` "isakmp", destination, port,
/// cookies, created, established = the responder cookie is not all zeros).
public struct RacoonctlShowSaParser: OutputParser {
    public init() {}
    public var source: String { "racoonctl-show-sa" }
    public var summary: String { "racoonctl show-sa esp|isakmp (racoon SAs)" }
    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [RacoonctlShowSaRecord] = []
        var sadLines: [NumberedLine] = []
        for line in text.numberedLines where !line.isBlank {
            let w = line.trimmed.words
            if w.first == "Destination", w.contains("Cookies") { acc.account(line.number); continue }
            if w.count >= 2, !line.isIndented, w[1].count == 33, w[1].split(separator: ":").count == 2,
               w[1].split(separator: ":").allSatisfy({ $0.count == 16 && $0.allSatisfy(\.isHexDigit) }) {
                var r = RacoonctlShowSaRecord(line: line.number)
                r.set(.kind, "isakmp")
                var dst = w[0]
                if let dot = dst.lastIndex(of: "."), let p = Int(dst[dst.index(after: dot)...]), CIDR(String(dst[..<dot])) != nil {
                    r.set(.port, p); dst = String(dst[..<dot])
                }
                r.set(.destination, dst)
                r.set(.cookies, w[1])
                if w.count >= 4 { r.set(.created, w[2] + " " + w[3]) }
                r.set(.established, !w[1].hasSuffix(":0000000000000000"))
                records.append(r)
                acc.account(line.number)
                continue
            }
            sadLines.append(line)
        }
        // The rest is a setkey -D style dump; keep the original line numbers.
        var sub = ParseAccumulator()
        var numbered = Array(repeating: "", count: (sadLines.last?.number ?? 0))
        for l in sadLines { numbered[l.number - 1] = l.text }
        for r in PFKeyDump.parseSAD(numbered.joined(separator: "\n"), acc: &sub) {
            // PFKeyDump's fields by name, then `kind` (racoonctl's records say which SA they are)
            var sa = RacoonctlShowSaRecord(line: r.line, fields: OrderedFields(converting: r.fields))
            sa.set(.kind, "ipsec")
            records.append(sa)
        }
        acc.accounted.formUnion(sub.accounted)
        acc.unparsed += sub.unparsed
        records.sort { $0.line < $1.line }
        return acc.result(source: source, typed: records)
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension RacoonctlShowSaParser: EvidenceSource {
    public var yields: [String] {
        ["child.sa.count", "child.sa.installed", "child.sa.reqids", "ike.implementation", "kernel.esp_supported"]
    }
}
