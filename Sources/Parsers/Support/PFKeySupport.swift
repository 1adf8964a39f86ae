import Facts

/// The PF_KEY dump format of ipsec-tools' `setkey -D` (and `racoonctl show-sa esp|ah|ipsec`,
/// which prints the same thing), on Linux, NetBSD, FreeBSD and macOS:
///   `SRC DST` (addresses, `[port]` with NAT-T), then tab-indented lines: `esp mode=tunnel
///   spi=3213(0x...) reqid=16388(0x...)`, `E:`/`A:`/`C:` algorithm and KEY lines, `seq=0x..
///   replay=8 flags=0x.. state=mature`, `created:`, `diff:`, `last:`, `current: 128(bytes)`,
///   `allocated: 1`, `sadb_seq=1 pid=.. refcnt=1`.
/// One record per SA: src, dst, src_port, dst_port, proto, mode, spi (`0x…`), reqid, seq,
/// replay, state (mature/larval/dying/dead), enc, auth, comp (algorithm names only — the key
/// bytes after them never reach a record), bytes, allocated, sadb_seq.
enum PFKeyDump {
    /// The SAs of the dump, in order; the lines they account for and the lines no SA does go to `acc`.
    static func parseSAD(_ text: String, acc: inout ParseAccumulator) -> [PFKeySARecord] {
        var records: [PFKeySARecord] = []
        var current: (PFKeySARecord, [Int])?
        func flush() { if let c = current { records.append(c.0); acc.account(c.1) }; current = nil }
        for line in text.numberedLines where !line.isBlank {
            let t = line.trimmed
            if !line.isIndented {
                if t == "No SAD entries." || t == "No SPD entries." { flush(); acc.account(line.number); continue }
                let w = t.words
                if w.count == 2, let a = endpoint(w[0]), let b = endpoint(w[1]) {
                    flush()
                    var r = PFKeySARecord(line: line.number)
                    r.set(.src, a.0); r.set(.dst, b.0); r.set(.srcPort, a.1); r.set(.dstPort, b.1)
                    current = (r, [line.number])
                    continue
                }
                flush(); acc.reject(line); continue
            }
            guard current != nil else { acc.reject(line); continue }
            let w = t.words
            var known = true
            if let f = w.first, ["esp", "ah", "ipcomp", "esp-udp", "tcp"].contains(f), t.contains("mode=") || t.contains("spi=") {
                current!.0.set(.proto, f)
                for item in w.dropFirst() {
                    let kv = item.split(separator: "=", maxSplits: 1).map(String.init)
                    guard kv.count == 2 else { continue }
                    switch kv[0] {
                    case "mode": current!.0.set(.mode, kv[1])
                    case "spi":
                        if let o = kv[1].firstIndex(of: "("), kv[1].hasSuffix(")") {
                            current!.0.set(.spi, String(kv[1][kv[1].index(after: o)..<kv[1].index(before: kv[1].endIndex)]))
                        } else { current!.0.set(.spi, kv[1]) }
                    case "reqid": current!.0.set(.reqid, Int(kv[1].prefix { $0 != "(" }))
                    default: break
                    }
                }
            } else if t.hasPrefix("E:") || t.hasPrefix("A:") || t.hasPrefix("C:") {
                // algorithm name, then key bytes: keep the name only
                let name = w.count >= 2 ? w[1] : nil
                current!.0.set(t.hasPrefix("E:") ? .enc : t.hasPrefix("A:") ? .auth : .comp, name)
            } else if t.hasPrefix("seq=") || t.contains("state=") {
                let pairs = w.map { $0.split(separator: "=", maxSplits: 1).map(String.init) }
                for kv in pairs where kv.count == 2 {
                    switch kv[0] {
                    case "seq": current!.0.set(.seq, parseInt(kv[1]))
                    case "replay": current!.0.set(.replay, Int(kv[1]))
                    case "state": current!.0.set(.state, kv[1])
                    default: break
                    }
                }
            } else if t.hasPrefix("current:"), t.contains("(bytes)") {
                current!.0.set(.bytes, Int(w.count >= 2 ? String(w[1].prefix { $0.isNumber }) : ""))
            } else if t.hasPrefix("allocated:") {
                current!.0.set(.allocated, w.count >= 2 ? Int(w[1]) : nil)
            } else if t.hasPrefix("sadb_seq=") {
                current!.0.set(.sadbSeq, Int(t.dropFirst(9).prefix { $0.isNumber }))
            } else if t.hasPrefix("created:") || t.hasPrefix("diff:") || t.hasPrefix("last:") || t.hasPrefix("refcnt=") {
            } else { known = false }
            if known { current!.1.append(line.number) } else {
                // A key line may wrap onto following lines of hex; those are key bytes, never kept.
                // (a snapshot's redactor replaces them with `[redacted]`)
                if t.allSatisfy({ $0.isHexDigit || $0 == " " || $0 == "\t" }) || t == "[redacted]" { current!.1.append(line.number) } else { acc.reject(line) }
            }
        }
        flush()
        return records
    }

    /// `192.0.2.1`, `192.0.2.1[4500]`, `192.0.2.0/24[any]` → (address or prefix, port)
    static func endpoint(_ s: String) -> (String, String?)? {
        var a = s, port: String?
        if let b = s.firstIndex(of: "["), s.hasSuffix("]") {
            a = String(s[..<b]); port = String(s[s.index(after: b)..<s.index(before: s.endIndex)])
        }
        guard CIDR(a) != nil else { return nil }
        return (a, port)
    }
}
