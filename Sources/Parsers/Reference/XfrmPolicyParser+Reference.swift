import Facts

/// The character-level reading of `XfrmPolicyParser` (the first version), kept for text that is not
/// plain ASCII (see `ByteText`) and as the reference the byte-level parser is tested against.
extension XfrmPolicyParser {
    func referenceParse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var current: Record?
        var lines: [Int] = []
        var tmpls: [[(String, JSONValue)]] = []
        var section = ""

        func flush() {
            if var r = current {
                r.set("tmpl", json: .array(tmpls.map { .object($0) }))
                r.set("reqids", json: .array(tmpls.compactMap { t in t.first { $0.0 == "reqid" }?.1 }))
                acc.add(r, lines: lines)
            }
            current = nil; lines = []; tmpls = []; section = ""
        }

        for line in text.numberedLines {
            if line.isBlank { continue }
            let w = line.trimmed.words
            if !line.isIndented {
                if w.first == "src", w.count >= 4, w[2] == "dst" {
                    flush()
                    var r = Record(line: line.number)
                    let p = WordPairs(w)
                    r.set("src", w[1]); r.set("dst", w[3])
                    r.set("proto", p.value("proto"))
                    r.set("sport", p.int("sport")); r.set("dport", p.int("dport"))
                    r.set("icmp_type", p.int("type")); r.set("icmp_code", p.int("code"))
                    r.set("dev", p.value("dev"))
                    current = r; lines = [line.number]
                    continue
                }
                flush()
                acc.reject(line)
                continue
            }
            guard var r = current, let key = w.first else { acc.reject(line); continue }
            var ok = true
            let p = WordPairs(w)
            switch key {
            case "dir", "socket":
                section = ""
                if w.count >= 2 { r.set("dir", key == "socket" ? "socket " + w[1] : w[1]) }
                r.set("socket", key == "socket")
                r.set("action", p.value("action"))
                r.set("priority", p.int("priority"))
                r.set("ptype", p.value("ptype"))
                r.set("index", p.int("index"))
            case "mark":
                r.set("mark", p.value("mark"))
            case "if_id":
                r.set("if_id", p.value("if_id"))
            case "action":
                r.set("action", p.value("action"))
            case "tmpl":
                section = "tmpl"
                tmpls.append([("src", .string(p.value("src") ?? "")), ("dst", .string(p.value("dst") ?? ""))])
            case "proto" where section == "tmpl" && !tmpls.isEmpty:
                if let v = p.value("proto") { tmpls[tmpls.count - 1].append(("proto", .string(v))) }
                if let v = p.value("spi"), let n = parseInt(String(v.split(separator: "(").first ?? "")) , n != 0 {
                    tmpls[tmpls.count - 1].append(("spi", .string(String(v.split(separator: "(").first ?? ""))))
                    _ = n
                }
                if let v = p.value("reqid") {
                    let dec = String(v.split(separator: "(").first ?? "")
                    if let n = parseInt(dec) { tmpls[tmpls.count - 1].append(("reqid", .number(Double(n)))) }
                }
                if let v = p.value("mode") { tmpls[tmpls.count - 1].append(("mode", .string(v))) }
            case "level" where section == "tmpl" && !tmpls.isEmpty:
                if let v = p.value("level") { tmpls[tmpls.count - 1].append(("level", .string(v))) }
            case "lifetime":
                section = "lifetime"
            case "limit:", "expire", "add":
                ok = section == "lifetime"
            case "security", "share", "flag", "spid":
                break
            default:
                if section == "lifetime", key.hasSuffix("(bytes),") { break }
                ok = false
            }
            current = r
            if ok { lines.append(line.number) } else { acc.reject(line) }
        }
        flush()
        return acc.result(source: source)
    }
}
