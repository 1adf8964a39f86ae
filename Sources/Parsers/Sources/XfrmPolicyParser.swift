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

    public func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) -> ParseResult {
        ByteText.ifASCII(bytes) { XfrmPolicyScan(buf: $0).run(source: source) } ?? referenceParse(String(decoding: bytes, as: UTF8.self))
    }
}

/// The byte-level reading of plain ASCII `ip xfrm policy` output (see `ByteText`): the same
/// records, field order and unparsed lines as `referenceParse`, without a String per line.
struct XfrmPolicyScan {
    let buf: UnsafeBufferPointer<UInt8>

    enum Section { case none, tmpl, lifetime }

    func run(source: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [XfrmPolicyRecord] = []
        var w = ByteWords(buf)
        var r = XfrmPolicyRecord(line: 0, src: "", dst: "")
        var open = false
        var lines: [Int] = []
        var tmpls: [XfrmPolicyRecord.Template] = []
        var section = Section.none
        // WHY: a tunnel's in and fwd policies carry the same template, and all three of its
        // policies the same reqids, printed one after the other; each record held its own heap
        // array of both (30,000 policies: 4.1 + 1.1 MiB of a 10,000-tunnel diagnosis' peak,
        // PERFORMANCE.md, tenth pass). A policy whose lists equal the previous policy's shares
        // that policy's arrays: same values, one buffer (arrays copy on write).
        var lastTmpl: [XfrmPolicyRecord.Template] = [], lastReqids: [Int] = []

        func flush() {
            if open {
                if tmpls != lastTmpl { lastTmpl = tmpls }
                if !tmpls.lazy.compactMap(\.reqid).elementsEqual(lastReqids) { lastReqids = tmpls.compactMap(\.reqid) }
                r.tmpl = lastTmpl
                r.reqids = lastReqids
                records.append(r)
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
                    r = XfrmPolicyRecord(line: line.number, src: w.string(1), dst: w.string(3))
                    // `w.value(key)` of the six keys, in one walk over the words.
                    var v = (proto: -1, sport: -1, dport: -1, type: -1, code: -1, dev: -1)
                    for k in 0..<w.count {
                        switch buf[w.starts[k]] {
                        case 0x70: if v.proto < 0, w.is(k, "proto") { v.proto = k }
                        case 0x73: if v.sport < 0, w.is(k, "sport") { v.sport = k }
                        case 0x64:
                            if v.dport < 0, w.is(k, "dport") { v.dport = k } else if v.dev < 0, w.is(k, "dev") { v.dev = k }
                        case 0x74: if v.type < 0, w.is(k, "type") { v.type = k }
                        case 0x63: if v.code < 0, w.is(k, "code") { v.code = k }
                        default: break
                        }
                    }
                    if let i = w.after(v.proto) { r.proto = w.string(i) }
                    r.sport = w.int(w.after(v.sport)); r.dport = w.int(w.after(v.dport))
                    // ICMP selectors print `type N code M` (the kernel keeps them in sport/dport).
                    r.icmpType = w.int(w.after(v.type)); r.icmpCode = w.int(w.after(v.code))
                    if let i = w.after(v.dev) { r.dev = w.string(i) }
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
                if w.count >= 2 { r.dir = socket ? "socket " + w.string(1) : w.string(1) }
                r.socket = socket
                // `w.value(key)` of the four keys, in one walk over the words.
                var v = (action: -1, priority: -1, ptype: -1, index: -1)
                for k in 0..<w.count {
                    switch buf[w.starts[k]] {
                    case 0x61: if v.action < 0, w.is(k, "action") { v.action = k }
                    case 0x70:
                        if v.priority < 0, w.is(k, "priority") { v.priority = k } else if v.ptype < 0, w.is(k, "ptype") { v.ptype = k }
                    case 0x69: if v.index < 0, w.is(k, "index") { v.index = k }
                    default: break
                    }
                }
                if let i = w.after(v.action) { r.action = w.string(i) }
                setIfPresent(&r.priority, w.int(w.after(v.priority)))
                if let i = w.after(v.ptype) { r.ptype = w.string(i) }
                setIfPresent(&r.index, w.int(w.after(v.index)))
            } else if w.is(0, "mark") {
                if let i = w.value("mark") { r.mark = w.string(i) }
            } else if w.is(0, "if_id") {
                if let i = w.value("if_id") { r.ifId = w.string(i) }
            } else if w.is(0, "action") {
                if let i = w.value("action") { r.action = w.string(i) }
            } else if w.is(0, "tmpl") {
                section = .tmpl
                tmpls.append(.init(src: w.value("src").map { w.string($0) } ?? "", dst: w.value("dst").map { w.string($0) } ?? ""))
            } else if w.is(0, "proto"), section == .tmpl, !tmpls.isEmpty {
                let t = tmpls.count - 1
                // a field printed twice keeps its first value, as a reader of the JSON saw it
                if let i = w.value("proto"), tmpls[t].proto == nil { tmpls[t].proto = w.string(i) }
                if let i = w.value("spi") {
                    let (s, e) = w.beforeParen(i, orWhole: false)
                    if let n = ByteInt.parseIntOrHex(buf, s, e), n != 0 {
                        if tmpls[t].spi == nil { tmpls[t].spi = ByteWords.string(buf, s, e) }
                    }
                }
                if let i = w.value("reqid") {
                    let (s, e) = w.beforeParen(i, orWhole: false)
                    if let n = ByteInt.parseIntOrHex(buf, s, e), tmpls[t].reqid == nil { tmpls[t].reqid = n }
                }
                if let i = w.value("mode"), tmpls[t].mode == nil { tmpls[t].mode = w.string(i) }
            } else if w.is(0, "level"), section == .tmpl, !tmpls.isEmpty {
                if let i = w.value("level"), tmpls[tmpls.count - 1].level == nil { tmpls[tmpls.count - 1].level = w.string(i) }
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
        return acc.result(source: source, typed: records)
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
