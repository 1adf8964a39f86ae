import Facts

/// racoon's `racoon.conf` (ipsec-tools; racoon.conf(5)): `;`-terminated statements and
/// `{ ... }` sections. Records, by `kind`:
///   `remote`     name (`anonymous` or the peer's address), port, settings (object: every
///                statement as written), exchange_mode (list: `main`, `aggressive`, `base`),
///                my_identifier / peers_identifier (`address 192.1.2.45` as written),
///                verify_identifier, lifetime_seconds, nat_traversal, dpd_delay, passive,
///                generate_policy, proposal_check, and proposals (list of objects:
///                encryption_algorithm, key_length, hash_algorithm, authentication_method,
///                dh_group, lifetime_seconds)
///   `sainfo`     anonymous (bool), local / remote (the `address`/`subnet` selectors as
///                written, nil for `anonymous`), pfs_group, lifetime_seconds,
///                encryption_algorithm / authentication_algorithm / compression_algorithm (lists)
///   `section`    name (`listen`, `padding`, `timer`, `mode_cfg`, ...)
///   `statement`  words (`path pre_shared_key ...`, `log debug2`)
/// The pre-shared keys live in the file `path pre_shared_key` names, not here; a statement whose
/// keyword names a secret (`*passw*`, `*secret*`, `*psk*` but not `pre_shared_key` paths) keeps
/// only its keyword. Records: `RacoonConfRecord` (`Field(rawValue: st.keyword)!` below: the
/// keyword is one its `case` lists, each a field of the record; ConfigRecordTests checks them).
public struct RacoonConfParser: OutputParser {
    public init() {}
    public var source: String { "racoon-conf" }
    public var summary: String { "racoon.conf of racoon/ipsec-tools (remote, sainfo, proposal sections)" }

    /// One statement: its words and, for a section, the statements inside its braces.
    struct Statement {
        var words: [ConfigToken]
        var block: [Statement]?
        var lines: [Int]
        var keyword: String { words.first?.text ?? "" }
        var args: [String] { words.dropFirst().filter { !$0.is(",") }.map(\.text) }
    }

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [RacoonConfRecord] = []
        let tokens = ConfigTokenizer.tokens(text, lineBreaks: false)
        var i = 0
        var unclosed: [Int] = []
        let top = RacoonConfParser.statements(tokens, &i, depth: 0, unclosed: &unclosed)
        for s in top {
            switch (s.keyword, s.block != nil) {
            case ("remote", true): records.append(RacoonConfParser.remote(s)); acc.account(s.lines)
            case ("sainfo", true): records.append(RacoonConfParser.sainfo(s)); acc.account(s.lines)
            case (_, true):
                var r = RacoonConfRecord(line: s.lines.first ?? 1); r.set(.kind, "section"); r.set(.name, s.keyword)
                records.append(r); acc.account(s.lines)
            default:
                var r = RacoonConfRecord(line: s.lines.first ?? 1); r.set(.kind, "statement")
                r.set(.words, RacoonConfParser.isSecret(s.keyword) ? [s.keyword] : s.words.map(\.text))
                records.append(r); acc.account(s.lines)
            }
        }
        // A statement or section the file never closes is not read as one.
        let lines = text.numberedLines
        for n in unclosed where lines.indices.contains(n - 1) { acc.reject(lines[n - 1]) }
        return acc.result(source: source, typed: records)
    }

    static func isSecret(_ keyword: String) -> Bool {
        let k = keyword.lowercased()
        return k.contains("passw") || k.contains("secret") || (k.contains("psk") && !k.contains("path"))
    }

    /// Sections nested deeper than this are not read: racoon.conf(5) nests two levels (`remote {
    /// proposal { } }`), and each level here is a stack frame and a `Statement` inside another,
    /// so 10,000 `{` overflowed the stack (a crash, not an error). A deeper section is skipped
    /// to its `}` without recursing and its first line reported unparsed.
    static let maxDepth = 32

    /// Statements up to the closing brace of this level (or the end); `unclosed` gets the first
    /// line of a statement without its `;` or a section without its `}`, or nested too deep.
    static func statements(_ t: [ConfigToken], _ i: inout Int, depth: Int, unclosed: inout [Int]) -> [Statement] {
        var out: [Statement] = []
        var words: [ConfigToken] = []
        while i < t.count {
            let tok = t[i]
            i += 1
            if tok.is(";") {
                if !words.isEmpty { out.append(Statement(words: words, block: nil, lines: Array(Set(words.map(\.line))).sorted())) }
                words = []
            } else if tok.is("{"), depth >= maxDepth {
                unclosed.append(words.first?.line ?? tok.line)
                skipSection(t, &i)
                words = []
            } else if tok.is("{") {
                let inner = statements(t, &i, depth: depth + 1, unclosed: &unclosed)
                let closed = i <= t.count && i > 0 && t[i - 1].is("}")
                if !closed { unclosed.append(words.first?.line ?? tok.line) }
                var lines = Set(words.map(\.line)); lines.insert(tok.line)
                for s in inner { lines.formUnion(s.lines) }
                if closed { lines.insert(t[i - 1].line) }
                // `proposal { ... }` may end with `;` after the brace in some files: it is skipped then.
                if i < t.count, t[i].is(";") { lines.insert(t[i].line); i += 1 }
                out.append(Statement(words: words, block: inner, lines: lines.sorted()))
                words = []
            } else if tok.is("}") {
                if depth > 0 {
                    if !words.isEmpty { unclosed.append(words[0].line) }
                    return out
                }
                unclosed.append(tok.line)
            } else {
                words.append(tok)
            }
        }
        if let first = words.first { unclosed.append(first.line) }
        return out
    }

    /// Moves `i` past the `}` that closes the section whose `{` was just read (or to the end).
    static func skipSection(_ t: [ConfigToken], _ i: inout Int) {
        var open = 1
        while i < t.count, open > 0 {
            if t[i].is("{") { open += 1 } else if t[i].is("}") { open -= 1 }
            i += 1
        }
    }

    static func settings(_ block: [Statement]) -> JSONValue {
        .object(block.filter { $0.block == nil }.map { s in
            (s.keyword, .string(isSecret(s.keyword) ? "(redacted)" : s.args.joined(separator: " ")))
        })
    }

    static func lifetime(_ s: Statement) -> Int? {
        // `lifetime time 24 hour` (also `lifetime byte ...`, which is not a time)
        let a = s.args
        guard a.count >= 2, a[0] == "time" else { return nil }
        return ConfigTokenizer.seconds(a[1], unit: a.count > 2 ? a[2] : "sec")
    }

    static func remote(_ s: Statement) -> RacoonConfRecord {
        var r = RacoonConfRecord(line: s.lines.first ?? 1)
        r.set(.kind, "remote")
        r.set(.name, s.args.first)
        if s.args.count > 1 { r.set(.port, s.args[1].trimmingBrackets) }
        let block = s.block ?? []
        r.set(.settings, json: settings(block))
        for st in block where st.block == nil {
            let a = st.args
            switch st.keyword {
            case "exchange_mode": r.set(.exchangeMode, a)
            case "my_identifier", "peers_identifier": r.set(RacoonConfRecord.Field(rawValue: st.keyword)!, a.joined(separator: " "))
            case "verify_identifier", "nat_traversal", "passive", "generate_policy", "proposal_check", "ike_frag",
                 "initial_contact", "support_proxy":
                r.set(RacoonConfRecord.Field(rawValue: st.keyword)!, a.first)
            case "dpd_delay": r.set(.dpdDelay, a.first.flatMap { Int($0) })
            case "lifetime": if let l = lifetime(st) { r.set(.lifetimeSeconds, l) }
            default: break
            }
        }
        var proposals: [JSONValue] = []
        for p in block where p.keyword == "proposal" && p.block != nil {
            var o: [(String, JSONValue)] = []
            for st in p.block ?? [] {
                let a = st.args
                switch st.keyword {
                case "encryption_algorithm":
                    o.append(("encryption_algorithm", .string(a.first ?? "")))
                    if a.count > 1, let n = Double(a[1]) { o.append(("key_length", .number(n))) }
                case "hash_algorithm", "authentication_method": o.append((st.keyword, .string(a.first ?? "")))
                case "dh_group": o.append(("dh_group", .string(a.first ?? "")))
                case "lifetime": if let l = lifetime(st) { o.append(("lifetime_seconds", .number(Double(l)))) }
                default: o.append((st.keyword, .string(a.joined(separator: " "))))
                }
            }
            proposals.append(.object(o))
        }
        r.set(.proposals, json: .array(proposals))
        return r
    }

    static func sainfo(_ s: Statement) -> RacoonConfRecord {
        var r = RacoonConfRecord(line: s.lines.first ?? 1)
        r.set(.kind, "sainfo")
        // sainfo (anonymous | address A [proto] | subnet A [proto]) (anonymous | address B ...) [from idtype id] [group name]
        var ids: [String] = []
        var cur: [String] = []
        var a = s.args[...]
        while let w = a.first {
            if w == "from" || w == "group" { break }
            if w == "anonymous" || w == "address" || w == "subnet" {
                if !cur.isEmpty { ids.append(cur.joined(separator: " ")) }
                cur = [w]
            } else { cur.append(w) }
            a = a.dropFirst()
        }
        if !cur.isEmpty { ids.append(cur.joined(separator: " ")) }
        let anonymous = ids.allSatisfy { $0 == "anonymous" }
        r.set(.anonymous, anonymous)
        if let l = ids.first, l != "anonymous" { r.set(.local, l) }
        if ids.count > 1, ids[1] != "anonymous" { r.set(.remote, ids[1]) }
        for st in s.block ?? [] where st.block == nil {
            switch st.keyword {
            case "pfs_group": r.set(.pfsGroup, st.args.first)
            case "lifetime": if let l = lifetime(st) { r.set(.lifetimeSeconds, l) }
            case "encryption_algorithm", "authentication_algorithm", "compression_algorithm":
                // `aes 256, 3des` → ["aes 256", "3des"]
                var items: [String] = [], cur: [String] = []
                for w in st.words.dropFirst() {
                    if w.is(",") { if !cur.isEmpty { items.append(cur.joined(separator: " ")) }; cur = [] } else { cur.append(w.text) }
                }
                if !cur.isEmpty { items.append(cur.joined(separator: " ")) }
                r.set(RacoonConfRecord.Field(rawValue: st.keyword)!, items)
            default: break
            }
        }
        return r
    }
}

extension String {
    /// `[500]` → `500` (racoon writes ports in brackets).
    var trimmingBrackets: String {
        var t = self
        if t.hasPrefix("[") { t.removeFirst() }
        if t.hasSuffix("]") { t.removeLast() }
        return t
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension RacoonConfParser: EvidenceSource {
    public var kind: ProbeSpec.Kind { .config }
    public var probes: [ProbeSpec] {
        [
            ProbeSpec("racoon-conf", source: "racoon-conf", .file("/etc/racoon/racoon.conf"), kind: .config),
        ]
    }
    public var snapshotNames: [String] { ["racoon.conf"] }
    /// The tunnel's selectors and gateways, from its TunnelChilds (ChildSelectorsExtractor).
    public var yields: [String] { ["conn.local_addrs", "conn.local_ts", "conn.remote_addrs", "conn.remote_ts"] }
}
