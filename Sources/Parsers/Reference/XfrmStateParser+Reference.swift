import Facts

/// The character-level reading of `XfrmStateParser` (the first version), kept for text that is not
/// plain ASCII (see `ByteText`) and as the reference the byte-level parser is tested against.
extension XfrmStateParser {
    func referenceParse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var current: Record?
        var lines: [Int] = []
        var section = ""          // "lifetime config", "lifetime current", "stats", "anti-replay"
        var flags: [String] = []

        func flush() {
            if var r = current {
                if !flags.isEmpty { r.set("flags", flags) }
                acc.add(r, lines: lines)
            }
            current = nil; lines = []; section = ""; flags = []
        }

        for line in text.numberedLines {
            if line.isBlank { continue }
            let w = line.trimmed.words
            if !line.isIndented {
                if w.first == "src", w.count >= 4, w[2] == "dst" {
                    flush()
                    var r = Record(line: line.number)
                    r.set("src", w[1]); r.set("dst", w[3])
                    current = r; lines = [line.number]
                    continue
                }
                flush()
                acc.reject(line)
                continue
            }
            guard var r = current, let key = w.first else { acc.reject(line); continue }
            var ok = true
            switch key {
            case "proto":
                let p = WordPairs(w)
                r.set("proto", p.value("proto"))
                if let spi = p.value("spi") {
                    // -s prints 0x6e45ab4b(1850059595); keep the hex as printed without the decimal.
                    let hex = spi.split(separator: "(").first.map(String.init) ?? spi
                    r.set("spi", hex)
                    if let v = parseInt(hex) { r.set("spi_number", v) }
                }
                if let reqid = p.value("reqid") {
                    let dec = reqid.split(separator: "(").first.map(String.init) ?? reqid
                    if let v = parseInt(dec) { r.set("reqid", v) } else { r.set("reqid_text", reqid) }
                }
                r.set("mode", p.value("mode"))
                section = ""
            case "replay-window" where section == "stats":
                let p = WordPairs(w)
                r.set("stats_replay_window", p.int("replay-window"))
                r.set("stats_replay", p.int("replay"))
                r.set("stats_integrity_failed", p.int("failed"))
            case "replay-window":
                let p = WordPairs(w)
                r.set("replay_window", p.int("replay-window"))
                if let fi = w.firstIndex(of: "flag") {
                    for f in w[(fi + 1)...] where !f.hasPrefix("(") { flags.append(f) }
                }
            case "auth", "auth-trunc", "enc", "aead", "comp":
                let prefix = key == "auth-trunc" ? "auth" : key
                if w.count >= 2 { r.set(prefix, w[1]) }
                if key == "auth-trunc" { r.set("auth_truncated", true) }
                // words after the name: key (0x...), optional "(N bits)", then ICV/trunc length
                var rest = Array(w.dropFirst(2))
                if let k = rest.first, k.hasPrefix("0x") {
                    rest.removeFirst()
                    let hex = k.dropFirst(2)
                    if !hex.isEmpty, hex.allSatisfy({ $0.isHexDigit }) { r.set(prefix + "_key_bits", hex.count * 4) }
                }
                if rest.count >= 2, rest[0].hasPrefix("("), rest[1].hasPrefix("bits") {
                    if let b = Int(rest[0].dropFirst()) { r.set(prefix + "_key_bits", b) }
                    rest.removeFirst(2)
                }
                if let n = rest.first.flatMap({ Int($0) }) {
                    r.set(key == "aead" ? "aead_icv_bits" : prefix + "_trunc_bits", n)
                }
            case "encap":
                let p = WordPairs(w)
                r.set("encap_type", p.value("type"))
                r.set("encap_sport", p.int("sport"))
                r.set("encap_dport", p.int("dport"))
                r.set("encap_oa", p.value("addr"))
            case "mark":
                if w.count >= 2 { r.set("mark", w[1]) }
            case "output-mark":
                if w.count >= 2 { r.set("output_mark", w[1]) }
            case "if_id":
                if w.count >= 2 { r.set("if_id", w[1]) }
            case "sel":
                let p = WordPairs(w)
                r.set("sel_src", p.value("src")); r.set("sel_dst", p.value("dst"))
                r.set("sel_proto", p.value("proto"))
                r.set("sel_sport", p.int("sport")); r.set("sel_dport", p.int("dport"))
            case "dir":
                if w.count >= 2 { r.set("dir", w[1]) }
            case "lifetime":
                section = "lifetime " + (w.count > 1 ? w[1].replacingOccurrences(of: ":", with: "") : "")
            case "stats:":
                section = "stats"
            case "anti-replay":
                section = "anti-replay"
                if let seq = WordPairs(w.map { $0.replacingOccurrences(of: ",", with: "") }).value("oseq") {
                    r.set("oseq", parseInt(seq))
                }
                if let seq = WordPairs(w.map { $0.replacingOccurrences(of: ",", with: "") }).value("seq") {
                    r.set("seq", parseInt(seq))
                }
            case "limit:", "expire":
                ok = section == "lifetime config"
            case "add":
                ok = section.hasPrefix("lifetime")
                if ok, section == "lifetime current" {
                    let t = line.trimmed
                    // `add use -` (no time before "use") would cut a backwards range: keep nothing
                    if let useRange = t.range(of: " use "), t.distance(from: t.startIndex, to: useRange.lowerBound) >= 4 {
                        r.set("add_time", String(t[t.index(t.startIndex, offsetBy: 4)..<useRange.lowerBound]))
                        r.set("use_time", String(t[useRange.upperBound...]))
                    }
                }
            case "seq-hi", "replay_window", "lastused", "security", "offload", "crypto", "tfcpad", "extra-flag", "ctx":
                break
            default:
                if section == "lifetime current", key.hasSuffix("(bytes),") {
                    // u64 in the kernel: read as such, never through Int
                    r.set("bytes", parseCounter(key.dropLast("(bytes),".count)).map { Double($0) })
                    if w.count > 1, w[1].hasSuffix("(packets)") { r.set("packets", parseCounter(w[1].dropLast("(packets)".count)).map { Double($0) }) }
                } else if section == "anti-replay", w.allSatisfy({ $0.allSatisfy { $0.isHexDigit || $0 == "X" } }) {
                    break   // ESN bitmap words
                } else {
                    ok = false
                }
            }
            current = r
            if ok { lines.append(line.number) } else { acc.reject(line) }
        }
        flush()
        return acc.result(source: source)
    }
}
