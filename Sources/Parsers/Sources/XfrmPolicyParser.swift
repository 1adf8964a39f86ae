import Facts

/// `ip xfrm policy` and `ip -s xfrm policy`: one record per policy, with its templates.
/// `dir` is `in`/`out`/`fwd`, or `socket in`/`socket out` for per-socket bypass policies.
public struct XfrmPolicyParser: OutputParser {
    public init() {}
    public var source: String { "xfrm-policy" }
    public var summary: String { "ip xfrm policy / ip -s xfrm policy (Linux SPD)" }

    public func parse(_ text: String) -> ParseResult {
        ByteText.withASCII(text) { XfrmPolicyScan(buf: $0).run(source: source) } ?? referenceParse(text)
    }
}

/// The byte-level reading of plain ASCII `ip xfrm policy` output (see `ByteText`): the same
/// records, field order and unparsed lines as `referenceParse`, without a String per line.
struct XfrmPolicyScan {
    let buf: UnsafeBufferPointer<UInt8>

    enum Section { case none, tmpl, lifetime }

    func run(source: String) -> ParseResult {
        var acc = ParseAccumulator()
        var w = ByteWords(buf)
        var r = FieldList(line: 0)
        var open = false
        var lines: [Int] = []
        var tmpls: [[(String, JSONValue)]] = []
        var section = Section.none

        func flush() {
            if open {
                r.put("tmpl", .array(tmpls.map { .object($0) }))
                r.put("reqids", .array(tmpls.compactMap { t in t.first { $0.0 == "reqid" }?.1 }))
                acc.records.append(r.json)
                acc.account(sorted: lines)
            }
            open = false; lines.removeAll(keepingCapacity: true); tmpls = []; section = .none
        }

        var it = ByteLineIterator(buf)
        while let line = it.next() {
            guard w.read(line) else { continue }
            if !ByteWords.isBlank(buf[line.start]) {
                flush()
                if w.is(0, "src"), w.count >= 4, w.is(2, "dst") {
                    r = FieldList(line: line.number)
                    r.set("src", w.string(1)); r.set("dst", w.string(3))
                    if let i = w.value("proto") { r.set("proto", w.string(i)) }
                    r.set("sport", w.int(w.value("sport"))); r.set("dport", w.int(w.value("dport")))
                    // ICMP selectors print `type N code M` (the kernel keeps them in sport/dport).
                    r.set("icmp_type", w.int(w.value("type"))); r.set("icmp_code", w.int(w.value("code")))
                    if let i = w.value("dev") { r.set("dev", w.string(i)) }
                    open = true; lines.append(line.number)
                } else {
                    acc.reject(buf, line)
                }
                continue
            }
            guard open else { acc.reject(buf, line); continue }
            var ok = true
            if w.is(0, "dir") || w.is(0, "socket") {
                let socket = w.is(0, "socket")
                section = .none
                if w.count >= 2 { r.set("dir", socket ? "socket " + w.string(1) : w.string(1)) }
                r.set("socket", socket)
                if let i = w.value("action") { r.set("action", w.string(i)) }
                r.set("priority", w.int(w.value("priority")))
                if let i = w.value("ptype") { r.set("ptype", w.string(i)) }
                r.set("index", w.int(w.value("index")))
            } else if w.is(0, "mark") {
                if let i = w.value("mark") { r.set("mark", w.string(i)) }
            } else if w.is(0, "if_id") {
                if let i = w.value("if_id") { r.set("if_id", w.string(i)) }
            } else if w.is(0, "action") {
                if let i = w.value("action") { r.set("action", w.string(i)) }
            } else if w.is(0, "tmpl") {
                section = .tmpl
                tmpls.append([("src", .string(w.value("src").map { w.string($0) } ?? "")),
                              ("dst", .string(w.value("dst").map { w.string($0) } ?? ""))])
            } else if w.is(0, "proto"), section == .tmpl, !tmpls.isEmpty {
                let t = tmpls.count - 1
                if let i = w.value("proto") { tmpls[t].append(("proto", .string(w.string(i)))) }
                if let i = w.value("spi") {
                    let (s, e) = w.beforeParen(i, orWhole: false)
                    if let n = ByteInt.parseIntOrHex(buf, s, e), n != 0 {
                        tmpls[t].append(("spi", .string(ByteWords.string(buf, s, e))))
                    }
                }
                if let i = w.value("reqid") {
                    let (s, e) = w.beforeParen(i, orWhole: false)
                    if let n = ByteInt.parseIntOrHex(buf, s, e) { tmpls[t].append(("reqid", .number(Double(n)))) }
                }
                if let i = w.value("mode") { tmpls[t].append(("mode", .string(w.string(i)))) }
            } else if w.is(0, "level"), section == .tmpl, !tmpls.isEmpty {
                if let i = w.value("level") { tmpls[tmpls.count - 1].append(("level", .string(w.string(i)))) }
            } else if w.is(0, "lifetime") {
                section = .lifetime
            } else if w.is(0, "limit:") || w.is(0, "expire") || w.is(0, "add") {
                ok = section == .lifetime
            } else if w.is(0, "security") || w.is(0, "share") || w.is(0, "flag") || w.is(0, "spid") {
                ok = true
            } else {
                ok = section == .lifetime && w.hasSuffix(0, "(bytes),")
            }
            if ok { lines.append(line.number) } else { acc.reject(buf, line) }
        }
        flush()
        return acc.result(source: source)
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension XfrmPolicyParser: EvidenceSource {
    public var yields: [String] {
        ["xfrm.policy.count"]
    }
    public var probes: [ProbeSpec] {
        [
            ProbeSpec("xfrm-policy", source: "xfrm-policy", .command(["ip", "-s", "xfrm", "policy"]), needsRoot: true),
        ]
    }
    public var snapshotNames: [String] { ["ip-xfrm-policy", "ip-s-xfrm-policy", "xfrm_policy"] }
}
