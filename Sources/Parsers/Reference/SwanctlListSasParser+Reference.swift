import Facts

/// The character-level reading of `SwanctlListSasParser` (the first version), kept for text that is not
/// plain ASCII (see `ByteText`) and as the reference the byte-level parser is tested against.
extension SwanctlListSasParser {
    func referenceParse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var ike: Record?
        var ikeHasChild = false
        var child: Record?

        func flushChild() {
            if let c = child { acc.records.append(c.json) }
            child = nil
        }
        func flushIKE() {
            flushChild()
            if let i = ike, !ikeHasChild { acc.records.append(i.json) }
            ike = nil; ikeHasChild = false
        }

        for line in text.numberedLines {
            if line.isBlank { continue }
            let indent = line.text.prefix { $0 == " " || $0 == "\t" }.count
            let t = line.trimmed
            if indent == 0 {
                if let r = SwanctlListSasParser.ikeHeader(t, line: line.number) {
                    flushIKE()
                    ike = r
                    acc.account(line.number)
                } else {
                    flushIKE()
                    acc.reject(line)
                }
                continue
            }
            guard var i = ike else { acc.reject(line); continue }
            var ok = true
            if indent <= 2 || child == nil {
                if let c = SwanctlListSasParser.childHeader(t, line: line.number, ike: i) {
                    flushChild()
                    child = c
                    ikeHasChild = true
                    acc.account(line.number)
                    continue
                }
                if child != nil, indent <= 2 { flushChild() }
                if let rest = t.after("local "), child == nil {
                    SwanctlListSasParser.endpoint(rest, prefix: "local", into: &i)
                } else if let rest = t.after("remote "), child == nil {
                    SwanctlListSasParser.endpoint(rest, prefix: "remote", into: &i)
                } else if t.hasPrefix("established ") {
                    i.set("established_ago", SwanctlListSasParser.seconds(after: "established", in: t))
                    i.set("rekey_in", SwanctlListSasParser.seconds(after: "rekeying in", in: t))
                } else if t.hasPrefix("queued:") || t.hasPrefix("active:") || t.hasPrefix("passive:") {
                    let parts = t.split(separator: ":", maxSplits: 1)
                    i.set("tasks_" + String(parts[0]), parts.count > 1 ? String(parts[1]).trimmedSpaces : "")
                } else if !t.contains(" "), t.contains("/") || t.uppercased() == t, t.first?.isLetter == true {
                    i.set("proposal", t)
                } else {
                    ok = false
                }
                ike = i
                if ok { acc.account(line.number) } else { acc.reject(line) }
                continue
            }
            // Lines of the current CHILD SA (indented deeper).
            guard var c = child else { acc.reject(line); continue }
            if t.hasPrefix("installed ") {
                c.set("installed_ago", SwanctlListSasParser.seconds(after: "installed", in: t))
                c.set("rekey_in", SwanctlListSasParser.seconds(after: "rekeying in", in: t))
                c.set("expires_in", SwanctlListSasParser.seconds(after: "expires in", in: t))
            } else if let rest = t.after("in ") {
                SwanctlListSasParser.traffic(rest, dir: "in", into: &c)
            } else if let rest = t.after("out ") {
                SwanctlListSasParser.traffic(rest, dir: "out", into: &c)
            } else if let rest = t.after("local ") {
                c.set("local_ts", rest.words)
            } else if let rest = t.after("remote ") {
                c.set("remote_ts", rest.words)
            } else {
                ok = false
            }
            child = c
            if ok { acc.account(line.number) } else { acc.reject(line) }
        }
        flushIKE()
        acc.records.sort { ($0.recordLine ?? 0) < ($1.recordLine ?? 0) }
        return acc.result(source: source)
    }
}
