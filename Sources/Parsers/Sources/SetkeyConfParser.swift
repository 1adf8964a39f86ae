import Facts

/// racoon's setkey.conf (`/etc/racoon/setkey.conf`, Debian's `/etc/ipsec-tools.conf`,
/// FreeBSD's `/usr/local/etc/racoon/setkey.conf`): the input of `setkey -f`, statements ended
/// by `;` that may span lines, `#` comments. The policies (`spdadd SRC[port] DST[port] UPPER -P
/// DIR [prio N] ACTION [PROTO/MODE/SRC-DST/LEVEL ...];`, setkey(8)) are records with the fields
/// of `setkey -DP`'s (src, dst, upperspec, dir, action, templates), so racoon's children read
/// either alike (Racoon+Children). Manual SAs (`add SRC DST PROTO SPI ... -E ALG KEY -A ALG KEY`)
/// keep their addresses, protocol and SPI, never a key: the record has no field for one. Other
/// statements (`flush`, `spdflush`, `spddelete`, `delete`) are kept by name. Records:
/// `SetkeyConfRecord`.
public struct SetkeyConfParser: OutputParser {
    public init() {}
    public var source: String { "setkey-conf" }
    public var summary: String { "setkey.conf / ipsec-tools.conf (setkey -f input: spdadd policies)" }

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [SetkeyConfRecord] = []
        var words: [String] = [], lines: [Int] = []
        func statement() {
            defer { words = []; lines = [] }
            guard let first = words.first else { return }
            var r = SetkeyConfRecord(line: lines[0])
            r.set(.kind, first)
            switch first {
            case "spdadd", "spddelete":
                guard let p = words.firstIndex(of: "-P"), p >= 4, p + 2 < words.count,
                      let a = PFKeyDump.endpoint(words[1]), let b = PFKeyDump.endpoint(words[2]) else { return reject() }
                r.set(.src, a.0); r.set(.dst, b.0); r.set(.srcPort, a.1); r.set(.dstPort, b.1)
                r.set(.upperspec, words[3..<p].joined(separator: " "))
                var rest = Array(words[(p + 1)...])
                r.set(.dir, rest.removeFirst())
                if rest.first == "prio" || rest.first == "priority", rest.count >= 2 { r.set(.priority, rest[1]); rest.removeFirst(2) }
                guard let action = rest.first else { return reject() }
                r.set(.action, action)
                r.set(.templates, Array(rest.dropFirst()))
            case "add", "delete", "get":
                guard words.count >= 5, UInt32(words[4]) != nil || words[4].hasPrefix("0x") else { return reject() }
                r.set(.src, words[1]); r.set(.dst, words[2]); r.set(.proto, words[3]); r.set(.spi, words[4])
            case "flush", "spdflush", "deleteall", "dump", "spddump": break
            default: return reject()
            }
            records.append(r); acc.account(lines)
        }
        func reject() { for n in lines { acc.unparsed.append(UnparsedLine(line: n, text: SetkeyConfParser.hidden)) } }
        for line in text.numberedLines where !line.isBlank {
            var t = Substring(line.trimmed)
            if let hash = t.firstIndex(of: "#") { t = t[..<hash] }
            if t.trimmingCharacters(in: .whitespaces).isEmpty { acc.account(line.number); continue }
            lines.append(line.number)
            for part in t.split(separator: ";", omittingEmptySubsequences: false).enumerated() {
                if part.offset > 0 { statement() ; if !part.element.trimmingCharacters(in: .whitespaces).isEmpty { lines.append(line.number) } }
                words += part.element.words
            }
        }
        if !words.isEmpty { reject(); words = []; lines = [] }   // no closing `;`: setkey refuses it too
        return acc.result(source: source, typed: records)
    }

    /// What an unreadable statement is shown as: it may hold a manual SA's key.
    static let hidden = "(a statement of setkey.conf that is not read; not shown: it may hold a key)"
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension SetkeyConfParser: EvidenceSource {
    public var kind: ProbeSpec.Kind { .config }
    /// The selectors and gateways of its outbound `spdadd` policies (ChildSelectorsExtractor).
    public var yields: [String] { ["conn.local_addrs", "conn.local_ts", "conn.remote_addrs", "conn.remote_ts"] }
    /// Read from snapshots and `parse` only: a manual SA's `-E`/`-A` keys stand on its lines in
    /// forms `collect`'s config redaction is not proven on, so no probe copies the file.
    public var snapshotNames: [String] { ["setkey.conf", "ipsec-tools.conf"] }
}
