import Facts

/// `ip route show table all`, `ip route`, and `ip route get ADDR`: one record per route:
/// type (unicast, local, broadcast, unreachable, blackhole, prohibit, throw, ...), dst, via,
/// dev, table, proto, scope, src, metric. `RTNETLINK answers: ...` (what `ip route get` prints
/// for an unreachable address) is a record of `type: error` with `error` text.
///
/// Plain ASCII output (all `ip route` prints; see `ByteText`) is read on its bytes
/// (`IpRouteScan`), anything else by `referenceParse`: the same records and unparsed lines.
public struct IpRouteParser: OutputParser {
    public init() {}
    public var source: String { "ip-route" }
    public var summary: String { "ip route show table all / ip route get ADDR" }

    static let types: Set<String> = ["unicast", "local", "broadcast", "multicast", "anycast", "unreachable",
                                     "blackhole", "prohibit", "throw", "nat"]

    public func parse(_ text: String) -> ParseResult {
        ByteText.withASCII(text) { IpRouteScan(buf: $0).run(source: source) } ?? referenceParse(text)
    }

    public func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) -> ParseResult {
        ByteText.ifASCII(bytes) { IpRouteScan(buf: $0).run(source: source) } ?? referenceParse(String(decoding: bytes, as: UTF8.self))
    }

    /// The reading of any text, a String per line and word (what `IpRouteScan` must match).
    func referenceParse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [IpRouteRecord] = []
        var last: Int?
        for line in text.numberedLines where !line.isBlank {
            let t = line.trimmed
            if line.isIndented, last != nil { acc.account(line.number); continue }   // "cache", nexthops
            if let rest = t.after("RTNETLINK answers: ") ?? t.after("Error: ") {
                records.append(IpRouteRecord(line: line.number, error: rest))
                acc.account(line.number); last = line.number; continue
            }
            var w = t.words
            guard !w.isEmpty else { continue }
            var type = "unicast"
            if IpRouteParser.types.contains(w[0]) { type = w.removeFirst() }
            guard let dst = w.first, dst == "default" || CIDR(dst) != nil else { acc.reject(line); last = nil; continue }
            let p = WordPairs(Array(w.dropFirst()))
            records.append(IpRouteRecord(line: line.number, type: type, dst: dst, via: p.value("via"), dev: p.value("dev"),
                                         table: p.value("table"), proto: p.value("proto"), scope: p.value("scope"),
                                         src: p.value("src"), metric: p.int("metric")))
            acc.account(line.number); last = line.number
        }
        return acc.result(source: source, typed: records)
    }
}

/// The byte-level reading of plain ASCII `ip route` output: `referenceParse` line for line,
/// with words as ranges of the input (ByteWords) and no String per line; a concentrator's
/// 10,000 routes were a one-core stretch at the end of `diagnose --snapshot`'s parsing
/// (PERFORMANCE.md, tenth pass).
struct IpRouteScan {
    let buf: UnsafeBufferPointer<UInt8>

    func run(source: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [IpRouteRecord] = []
        var accounted = AscendingLines()
        var w = ByteWords(buf)
        var lines = ByteLineIterator(buf)
        var last = false
        while let line = lines.next() {
            // blank (only spaces and tabs in ASCII): skipped, as `isBlank`
            guard w.read(line) else { continue }
            let first = buf[line.start]
            if first == 0x20 || first == 0x09, last { accounted.add(line.number, to: &acc); continue }
            // trimmed text starts at the first word; "RTNETLINK answers: " / "Error: " is a prefix of it
            let t = w.starts[0], end = w.ends[w.count - 1]
            if let rest = after(t, end, "RTNETLINK answers: ") ?? after(t, end, "Error: ") {
                records.append(IpRouteRecord(line: line.number, error: ByteWords.string(buf, rest, end)))
                accounted.add(line.number, to: &acc); last = true; continue
            }
            var d = 0
            var type = "unicast"
            if let named = IpRouteScan.type(w) { type = named; d = 1 }
            guard d < w.count else { reject(line, &acc); last = false; continue }
            let dst = w.string(d)
            guard dst == "default" || CIDR(dst) != nil else { reject(line, &acc); last = false; continue }
            func value(_ key: StaticString) -> Int? {
                guard let i = w.index(of: key, from: d + 1), i + 1 < w.count else { return nil }
                return i + 1
            }
            func string(_ key: StaticString) -> String? { value(key).map { w.string($0) } }
            records.append(IpRouteRecord(line: line.number, type: type, dst: dst, via: string("via"), dev: string("dev"),
                                         table: string("table"), proto: string("proto"), scope: string("scope"),
                                         src: string("src"), metric: w.int(value("metric"))))
            accounted.add(line.number, to: &acc); last = true
        }
        accounted.flush(to: &acc)
        return acc.result(source: source, typed: records)
    }

    /// The start of the rest after `prefix` when bytes `s..<e` start with it.
    private func after(_ s: Int, _ e: Int, _ prefix: StaticString) -> Int? {
        let n = prefix.utf8CodeUnitCount
        guard e - s >= n, ByteWords.equal(buf, s, s + n, prefix) else { return nil }
        return s + n
    }

    /// A rejected line, as `acc.reject` keeps it (the line's text, untrimmed).
    private func reject(_ line: ByteLine, _ acc: inout ParseAccumulator) {
        acc.unparsed.append(UnparsedLine(line: line.number, text: ByteWords.string(buf, line.start, line.end)))
    }

    /// Word 0 when it is one of `IpRouteParser.types`.
    private static func type(_ w: ByteWords) -> String? {
        for t: StaticString in ["unicast", "local", "broadcast", "multicast", "anycast", "unreachable",
                                "blackhole", "prohibit", "throw", "nat"] where w.is(0, t) {
            return t.description
        }
        return nil
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
