import Facts

/// `ip -o addr show` (one line per address) and plain `ip addr show`: one record per address:
/// index, ifname, family (inet/inet6), address (with prefix, as printed), scope, label (`IpAddrRecord`).
public struct IpAddrParser: OutputParser {
    public init() {}
    public var source: String { "ip-addr" }
    public var summary: String { "ip -o addr show (interface addresses)" }

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [IpAddrRecord] = []
        var currentIf: (Int, String)?
        for line in text.numberedLines where !line.isBlank {
            let w = line.trimmed.words
            if !line.isIndented, let f = w.first, f.hasSuffix(":"), let idx = Int(f.dropLast()), w.count >= 2 {
                var name = w[1]
                if name.hasSuffix(":") { name.removeLast() }
                if let at = name.firstIndex(of: "@") { name = String(name[..<at]) }
                currentIf = (idx, name)
                if let fi = w.firstIndex(where: { $0 == "inet" || $0 == "inet6" }), fi + 1 < w.count {
                    records.append(IpAddrParser.record(line.number, idx, name, Array(w[fi...]))); acc.account(line.number)
                } else if w.contains(where: { $0.hasPrefix("<") }) || w.contains("mtu") || w.count == 2 {
                    acc.account(line.number)   // link header of `ip addr show`
                } else {
                    acc.reject(line)
                }
                continue
            }
            if line.isIndented, let cur = currentIf, let f = w.first {
                if f == "inet" || f == "inet6", w.count >= 2 {
                    records.append(IpAddrParser.record(line.number, cur.0, cur.1, w)); acc.account(line.number); continue
                }
                if f.hasPrefix("link/") || f == "valid_lft" || f == "altname" { acc.account(line.number); continue }
            }
            acc.reject(line)
        }
        return acc.result(source: source, typed: records)
    }

    /// `w`: the words from `inet`/`inet6` on (at least two).
    static func record(_ line: Int, _ idx: Int, _ name: String, _ w: [String]) -> IpAddrRecord {
        let p = WordPairs(w)
        var r = IpAddrRecord(line: line, index: idx, ifname: name, family: w[0], address: w[1],
                             peer: p.value("peer"), brd: p.value("brd"), scope: p.value("scope"))
        if let si = w.firstIndex(of: "scope"), si + 2 < w.count {
            let label = w[si + 2].replacingOccurrences(of: "\\", with: "")
            if !label.isEmpty, label != "valid_lft", label != "dynamic", label != "noprefixroute" { r.label = label }
        }
        return r
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension IpAddrParser: EvidenceSource {
    public var probes: [ProbeSpec] {
        [
            ProbeSpec("ip-addr", source: "ip-addr", .command(["ip", "-o", "addr", "show"])),
        ]
    }
}
