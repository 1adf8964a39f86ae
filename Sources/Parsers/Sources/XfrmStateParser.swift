import Facts

/// `ip xfrm state` and `ip -s xfrm state`: one record per SA. Key material is never copied:
/// for `auth`/`enc`/`aead`/`comp` the record keeps the algorithm name and the key length in bits.
public struct XfrmStateParser: OutputParser {
    public init() {}
    public var source: String { "xfrm-state" }
    public var summary: String { "ip xfrm state / ip -s xfrm state (Linux SAD)" }

    public func parse(_ text: String) -> ParseResult {
        ByteText.withASCII(text) { XfrmStateScan(buf: $0).run(source: source) } ?? referenceParse(text)
    }
}

/// The byte-level reading of plain ASCII `ip xfrm state` output (see `ByteText`): the same
/// records, field order and unparsed lines as `referenceParse`, without a String per line.
struct XfrmStateScan {
    let buf: UnsafeBufferPointer<UInt8>

    enum Section { case none, lifetimeConfig, lifetimeCurrent, lifetimeOther, stats, antiReplay }

    func run(source: String) -> ParseResult {
        var acc = ParseAccumulator()
        var w = ByteWords(buf)
        var r = FieldList(line: 0)
        var open = false
        var lines: [Int] = []
        var section = Section.none
        var flags: [String] = []

        func flush() {
            if open {
                if !flags.isEmpty { r.set("flags", flags) }
                acc.records.append(r.json)
                acc.account(sorted: lines)
            }
            open = false; lines.removeAll(keepingCapacity: true); section = .none; flags = []
        }

        var it = ByteLineIterator(buf)
        while let line = it.next() {
            guard w.read(line) else { continue }
            if !ByteWords.isBlank(buf[line.start]) {
                flush()
                if w.is(0, "src"), w.count >= 4, w.is(2, "dst") {
                    r = FieldList(line: line.number)
                    r.set("src", w.string(1)); r.set("dst", w.string(3))
                    open = true; lines.append(line.number)
                } else {
                    acc.reject(buf, line)
                }
                continue
            }
            guard open else { acc.reject(buf, line); continue }
            var ok = true
            if w.is(0, "proto") {
                if w.count > 1 { r.set("proto", w.string(1)) }
                if let i = w.value("spi") {
                    let (s, e) = w.beforeParen(i, orWhole: true)
                    r.set("spi", ByteWords.string(buf, s, e))
                    r.set("spi_number", ByteInt.parseIntOrHex(buf, s, e))
                }
                if let i = w.value("reqid") {
                    let (s, e) = w.beforeParen(i, orWhole: true)
                    if let v = ByteInt.parseIntOrHex(buf, s, e) { r.set("reqid", v) } else { r.set("reqid_text", w.string(i)) }
                }
                if let i = w.value("mode") { r.set("mode", w.string(i)) }
                section = .none
            } else if w.is(0, "replay-window") {
                if section == .stats {
                    r.set("stats_replay_window", w.int(w.value("replay-window")))
                    r.set("stats_replay", w.int(w.value("replay")))
                    r.set("stats_integrity_failed", w.int(w.value("failed")))
                } else {
                    r.set("replay_window", w.int(w.value("replay-window")))
                    if let fi = w.index(of: "flag") {
                        for j in (fi + 1)..<w.count where !w.hasPrefix(j, "(") { flags.append(w.string(j)) }
                    }
                }
            } else if let alg = XfrmStateScan.algorithm(w) {
                algorithmLine(alg, w, &r)
            } else if w.is(0, "encap") {
                if let i = w.value("type") { r.set("encap_type", w.string(i)) }
                r.set("encap_sport", w.int(w.value("sport")))
                r.set("encap_dport", w.int(w.value("dport")))
                if let i = w.value("addr") { r.set("encap_oa", w.string(i)) }
            } else if w.is(0, "mark") {
                if w.count >= 2 { r.set("mark", w.string(1)) }
            } else if w.is(0, "output-mark") {
                if w.count >= 2 { r.set("output_mark", w.string(1)) }
            } else if w.is(0, "if_id") {
                if w.count >= 2 { r.set("if_id", w.string(1)) }
            } else if w.is(0, "sel") {
                if let i = w.value("src") { r.set("sel_src", w.string(i)) }
                if let i = w.value("dst") { r.set("sel_dst", w.string(i)) }
                if let i = w.value("proto") { r.set("sel_proto", w.string(i)) }
                r.set("sel_sport", w.int(w.value("sport"))); r.set("sel_dport", w.int(w.value("dport")))
            } else if w.is(0, "dir") {
                if w.count >= 2 { r.set("dir", w.string(1)) }
            } else if w.is(0, "lifetime") {
                if w.count < 2 { section = .lifetimeOther }
                else if w.equal(1, ignoring: 0x3a, "config") { section = .lifetimeConfig }
                else if w.equal(1, ignoring: 0x3a, "current") { section = .lifetimeCurrent }
                else { section = .lifetimeOther }
            } else if w.is(0, "stats:") {
                section = .stats
            } else if w.is(0, "anti-replay") {
                section = .antiReplay
                // `anti-replay context: seq 0x0, oseq 0x0, bitmap 0x00000000`, commas dropped
                if let i = w.index(of: "oseq", ignoring: 0x2c), i + 1 < w.count {
                    r.set("oseq", ByteInt.parseIntOrHex(buf, w.starts[i + 1], w.ends[i + 1], ignoring: 0x2c))
                }
                if let i = w.index(of: "seq", ignoring: 0x2c), i + 1 < w.count {
                    r.set("seq", ByteInt.parseIntOrHex(buf, w.starts[i + 1], w.ends[i + 1], ignoring: 0x2c))
                }
            } else if w.is(0, "limit:") || w.is(0, "expire") {
                ok = section == .lifetimeConfig
            } else if w.is(0, "add") {
                ok = section == .lifetimeConfig || section == .lifetimeCurrent || section == .lifetimeOther
                if ok, section == .lifetimeCurrent { addUse(w, &r) }
            } else if w.is(0, "seq-hi") || w.is(0, "replay_window") || w.is(0, "lastused") || w.is(0, "security")
                        || w.is(0, "offload") || w.is(0, "crypto") || w.is(0, "tfcpad") || w.is(0, "extra-flag") || w.is(0, "ctx") {
                ok = true
            } else if section == .lifetimeCurrent, w.hasSuffix(0, "(bytes),") {
                r.set("bytes", ByteInt.counter(buf, w.starts[0], w.ends[0] - 8))
                if w.count > 1, w.hasSuffix(1, "(packets)") { r.set("packets", ByteInt.counter(buf, w.starts[1], w.ends[1] - 9)) }
            } else if section == .antiReplay, w.allSatisfy({ ByteInt.isHexDigit($0) || $0 == 0x58 }) {
                ok = true   // ESN bitmap words
            } else {
                ok = false
            }
            if ok { lines.append(line.number) } else { acc.reject(buf, line) }
        }
        flush()
        return acc.result(source: source)
    }

    enum Algorithm { case auth, authTrunc, enc, aead, comp }

    static func algorithm(_ w: ByteWords) -> Algorithm? {
        if w.is(0, "auth") { return .auth }
        if w.is(0, "auth-trunc") { return .authTrunc }
        if w.is(0, "enc") { return .enc }
        if w.is(0, "aead") { return .aead }
        if w.is(0, "comp") { return .comp }
        return nil
    }

    /// `auth-trunc hmac(sha1) 0x5292... 96`, `enc cbc(aes) 0xd7a0... (128 bits)`: the name and
    /// the lengths, never the key.
    func algorithmLine(_ alg: Algorithm, _ w: ByteWords, _ r: inout FieldList) {
        let (name, keyBits, last): (String, String, String)
        switch alg {
        case .auth: (name, keyBits, last) = ("auth", "auth_key_bits", "auth_trunc_bits")
        case .authTrunc: (name, keyBits, last) = ("auth", "auth_key_bits", "auth_trunc_bits")
        case .enc: (name, keyBits, last) = ("enc", "enc_key_bits", "enc_trunc_bits")
        case .aead: (name, keyBits, last) = ("aead", "aead_key_bits", "aead_icv_bits")
        case .comp: (name, keyBits, last) = ("comp", "comp_key_bits", "comp_trunc_bits")
        }
        if w.count >= 2 { r.set(name, w.string(1)) }
        if alg == .authTrunc { r.set("auth_truncated", true) }
        var i = 2
        if i < w.count, w.hasPrefix(i, "0x") {
            let s = w.starts[i] + 2, e = w.ends[i]
            if s < e, (s..<e).allSatisfy({ ByteInt.isHexDigit(buf[$0]) }) { r.set(keyBits, (e - s) * 4) }
            i += 1
        }
        if w.count - i >= 2, w.hasPrefix(i, "("), w.hasPrefix(i + 1, "bits") {
            if let b = ByteInt.parse(buf, w.starts[i] + 1, w.ends[i]) { r.set(keyBits, b) }
            i += 2
        }
        if i < w.count, let n = ByteInt.parse(buf, w.starts[i], w.ends[i]) { r.set(last, n) }
    }

    /// `add 2026-12-01 09:12:44 use 2026-12-01 09:12:44` (the line trimmed, as the reference
    /// cuts it: from the 5th character to " use ", and after it).
    func addUse(_ w: ByteWords, _ r: inout FieldList) {
        let t0 = w.starts[0], t1 = w.ends[w.count - 1]
        var i = t0
        while i + 5 <= t1 {
            if buf[i] == 0x20, buf[i + 1] == 0x75, buf[i + 2] == 0x73, buf[i + 3] == 0x65, buf[i + 4] == 0x20 {
                // the reference traps when " use " starts before the 5th character; keep nothing then
                if i - t0 >= 4 {
                    r.set("add_time", ByteWords.string(buf, t0 + 4, i))
                    r.set("use_time", ByteWords.string(buf, i + 5, t1))
                }
                return
            }
            i += 1
        }
    }

}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension XfrmStateParser: EvidenceSource {
    public var yields: [String] {
        ["kernel.esp_supported", "xfrm.state.count", "xfrm.state.encap"]
    }
    public var probes: [ProbeSpec] {
        [
            ProbeSpec("xfrm-state", source: "xfrm-state", .command(["ip", "-s", "xfrm", "state"]), needsRoot: true),
        ]
    }
    public var snapshotNames: [String] { ["ip-xfrm-state", "ip-s-xfrm-state", "xfrm_state"] }
    public var redaction: RedactionKind { .xfrmKeys }
}
