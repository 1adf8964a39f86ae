import Facts

/// `ip route show table all`, `ip route`, and `ip route get ADDR`: one record per route:
/// type (unicast, local, broadcast, unreachable, blackhole, prohibit, throw, ...), dst, via,
/// dev, table, proto, scope, src, metric. `RTNETLINK answers: ...` (what `ip route get` prints
/// for an unreachable address) is a record of `type: error` with `error` text.
public struct IpRouteParser: OutputParser {
    public init() {}
    public var source: String { "ip-route" }
    public var summary: String { "ip route show table all / ip route get ADDR" }

    static let types: Set<String> = ["unicast", "local", "broadcast", "multicast", "anycast", "unreachable",
                                     "blackhole", "prohibit", "throw", "nat"]

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var last: Int?
        for line in text.numberedLines where !line.isBlank {
            let t = line.trimmed
            if line.isIndented, last != nil { acc.account(line.number); continue }   // "cache", nexthops
            if let rest = t.after("RTNETLINK answers: ") ?? t.after("Error: ") {
                var r = Record(line: line.number)
                r.set("type", "error"); r.set("error", rest)
                acc.add(r, lines: [line.number]); last = line.number; continue
            }
            var w = t.words
            guard !w.isEmpty else { continue }
            var r = Record(line: line.number)
            var type = "unicast"
            if IpRouteParser.types.contains(w[0]) { type = w.removeFirst() }
            guard let dst = w.first, dst == "default" || CIDR(dst) != nil else { acc.reject(line); last = nil; continue }
            r.set("type", type)
            r.set("dst", dst)
            let p = WordPairs(Array(w.dropFirst()))
            r.set("via", p.value("via")); r.set("dev", p.value("dev"))
            r.set("table", p.value("table")); r.set("proto", p.value("proto"))
            r.set("scope", p.value("scope")); r.set("src", p.value("src"))
            r.set("metric", p.int("metric"))
            acc.add(r, lines: [line.number]); last = line.number
        }
        return acc.result(source: source)
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension IpRouteParser: EvidenceSource {
    public var probes: [ProbeSpec] {
        [
            ProbeSpec("ip-route", source: "ip-route", .command(["ip", "route", "show", "table", "all"])),
        ]
    }
}
