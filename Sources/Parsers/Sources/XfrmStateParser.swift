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

    public func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) -> ParseResult {
        ByteText.ifASCII(bytes) { XfrmStateScan(buf: $0).run(source: source) } ?? referenceParse(String(decoding: bytes, as: UTF8.self))
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
        var r = OrderedFields<XfrmStateRecord.Field>()
        var recordLine = 0
        var records: [XfrmStateRecord] = []
        var open = false
        var lines: [Int] = []
        var section = Section.none
        var flags: [String] = []

        func flush() {
            if open {
                if !flags.isEmpty { r.set(.flags, flags) }
                r.compact()
                records.append(XfrmStateRecord(line: recordLine, fields: r))
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
                    r = OrderedFields(capacity: 32); recordLine = line.number
                    r.set(.src, ascii: buf, w.starts[1], w.ends[1]); r.set(.dst, ascii: buf, w.starts[3], w.ends[3])
                    open = true; lines.append(line.number)
                } else {
                    acc.reject(buf, line)
                }
                continue
            }
            guard open else { acc.reject(buf, line); continue }
            var ok = true
            if w.is(0, "proto") {
                if w.count > 1 { r.set(.proto, ascii: buf, w.starts[1], w.ends[1]) }
                if let i = w.value("spi") {
                    let (s, e) = w.beforeParen(i, orWhole: true)
                    r.set(.spi, ascii: buf, s, e)
                    r.set(.spiNumber, ByteInt.parseIntOrHex(buf, s, e))
                }
                if let i = w.value("reqid") {
                    let (s, e) = w.beforeParen(i, orWhole: true)
                    if let v = ByteInt.parseIntOrHex(buf, s, e) { r.set(.reqid, v) } else { r.set(.reqidText, ascii: buf, w.starts[i], w.ends[i]) }
                }
                if let i = w.value("mode") { r.set(.mode, ascii: buf, w.starts[i], w.ends[i]) }
                section = .none
            } else if w.is(0, "replay-window") {
                if section == .stats {
                    r.set(.statsReplayWindow, w.int(w.value("replay-window")))
                    r.set(.statsReplay, w.int(w.value("replay")))
                    r.set(.statsIntegrityFailed, w.int(w.value("failed")))
                } else {
                    r.set(.replayWindow, w.int(w.value("replay-window")))
                    if let fi = w.index(of: "flag") {
                        for j in (fi + 1)..<w.count where !w.hasPrefix(j, "(") { flags.append(w.string(j)) }
                    }
                }
            } else if let alg = XfrmStateScan.algorithm(w) {
                algorithmLine(alg, w, &r)
            } else if w.is(0, "encap") {
                if let i = w.value("type") { r.set(.encapType, ascii: buf, w.starts[i], w.ends[i]) }
                r.set(.encapSport, w.int(w.value("sport")))
                r.set(.encapDport, w.int(w.value("dport")))
                if let i = w.value("addr") { r.set(.encapOa, ascii: buf, w.starts[i], w.ends[i]) }
            } else if w.is(0, "mark") {
                if w.count >= 2 { r.set(.mark, ascii: buf, w.starts[1], w.ends[1]) }
            } else if w.is(0, "output-mark") {
                if w.count >= 2 { r.set(.outputMark, ascii: buf, w.starts[1], w.ends[1]) }
            } else if w.is(0, "if_id") {
                if w.count >= 2 { r.set(.ifId, ascii: buf, w.starts[1], w.ends[1]) }
            } else if w.is(0, "sel") {
                if let i = w.value("src") { r.set(.selSrc, ascii: buf, w.starts[i], w.ends[i]) }
                if let i = w.value("dst") { r.set(.selDst, ascii: buf, w.starts[i], w.ends[i]) }
                if let i = w.value("proto") { r.set(.selProto, ascii: buf, w.starts[i], w.ends[i]) }
                r.set(.selSport, w.int(w.value("sport"))); r.set(.selDport, w.int(w.value("dport")))
            } else if w.is(0, "dir") {
                if w.count >= 2 { r.set(.dir, ascii: buf, w.starts[1], w.ends[1]) }
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
                    r.set(.oseq, ByteInt.parseIntOrHex(buf, w.starts[i + 1], w.ends[i + 1], ignoring: 0x2c))
                }
                if let i = w.index(of: "seq", ignoring: 0x2c), i + 1 < w.count {
                    r.set(.seq, ByteInt.parseIntOrHex(buf, w.starts[i + 1], w.ends[i + 1], ignoring: 0x2c))
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
                r.set(.bytes, ByteInt.counter(buf, w.starts[0], w.ends[0] - 8))
                if w.count > 1, w.hasSuffix(1, "(packets)") { r.set(.packets, ByteInt.counter(buf, w.starts[1], w.ends[1] - 9)) }
            } else if section == .antiReplay, w.allSatisfy({ ByteInt.isHexDigit($0) || $0 == 0x58 }) {
                ok = true   // ESN bitmap words
            } else {
                ok = false
            }
            if ok { lines.append(line.number) } else { acc.reject(buf, line) }
        }
        flush()
        return acc.result(source: source, typed: records)
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
    func algorithmLine(_ alg: Algorithm, _ w: ByteWords, _ r: inout OrderedFields<XfrmStateRecord.Field>) {
        let (name, keyBits, last): (XfrmStateRecord.Field, XfrmStateRecord.Field, XfrmStateRecord.Field)
        switch alg {
        case .auth: (name, keyBits, last) = (.auth, .authKeyBits, .authTruncBits)
        case .authTrunc: (name, keyBits, last) = (.auth, .authKeyBits, .authTruncBits)
        case .enc: (name, keyBits, last) = (.enc, .encKeyBits, .encTruncBits)
        case .aead: (name, keyBits, last) = (.aead, .aeadKeyBits, .aeadIcvBits)
        case .comp: (name, keyBits, last) = (.comp, .compKeyBits, .compTruncBits)
        }
        if w.count >= 2 { r.set(name, ascii: buf, w.starts[1], w.ends[1]) }
        if alg == .authTrunc { r.set(.authTruncated, true) }
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
    func addUse(_ w: ByteWords, _ r: inout OrderedFields<XfrmStateRecord.Field>) {
        let t0 = w.starts[0], t1 = w.ends[w.count - 1]
        var i = t0
        while i + 5 <= t1 {
            if buf[i] == 0x20, buf[i + 1] == 0x75, buf[i + 2] == 0x73, buf[i + 3] == 0x65, buf[i + 4] == 0x20 {
                // the reference traps when " use " starts before the 5th character; keep nothing then
                if i - t0 >= 4 {
                    r.set(.addTime, ascii: buf, t0 + 4, i)
                    r.set(.useTime, ascii: buf, i + 5, t1)
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
