import Facts

/// OpenBSD's `/etc/ipsec.conf`, read by ipsecctl(8) and keyed by isakmpd(8) (ipsec.conf(5)):
/// one rule a line, `\` continuations, `name = "value"` macros. Records, by `kind`:
///   `ike`      mode (`active`, `passive`, `dynamic`; default active), satype (`esp`/`ah`),
///              tmode (`tunnel`/`transport`), proto, flows (list of {from, to}; `{a, b}` lists
///              expanded), from_port / to_port, local, peer, phase1_mode (`main`/`aggressive`),
///              main / quick (objects: auth, enc, group, lifetime as written), srcid, dstid,
///              auth (`psk` when a key is given, else `rsa`: ipsec.conf(5)), tag
///   `flow`     direction, satype, from, to, peer, type (manual flows)
///   `sa`       satype, tmode, from, to, spi, auth, enc (manual SAs; their keys are never kept)
///   `macro`    name (the value is not kept: it may hold a key)
///   `include`  path
/// A `$name` naming no macro leaves the line unparsed. Records: `IpsecctlConfRecord`.
public struct IpsecctlConfParser: OutputParser {
    public init() {}
    public var source: String { "ipsecctl-conf" }
    public var summary: String { "ipsec.conf of OpenBSD ipsecctl/isakmpd (ike, flow and SA rules)" }

    static let transformKeys: Set<String> = ["auth", "enc", "group", "lifetime"]
    // `r.set(IpsecctlConfRecord.Field(rawValue: w)!, ...)`: `w` is one of the words its `case`
    // lists, each a field of the record (ConfigRecordTests checks the names).

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [IpsecctlConfRecord] = []
        let file = BSDRules(text)
        let lines = text.numberedLines
        for (name, line) in file.macros {
            var r = IpsecctlConfRecord(line: line); r.set(.kind, "macro"); r.set(.name, name)
            records.append(r); acc.account(line)
        }
        for rule in file.rules {
            if rule.lines.contains(where: file.undefined.contains) {
                for n in rule.lines where lines.indices.contains(n - 1) { acc.reject(lines[n - 1]) }
                continue
            }
            let record: IpsecctlConfRecord?
            switch rule.keyword {
            case "ike": record = IpsecctlConfParser.ike(rule)
            case "flow": record = IpsecctlConfParser.flow(rule)
            case "esp", "ah", "ipcomp", "ipip", "tcpmd5": record = IpsecctlConfParser.sa(rule)
            case "include":
                var r = IpsecctlConfRecord(line: rule.lines[0]); r.set(.kind, "include"); r.set(.path, rule.words.dropFirst().first?.text)
                record = r
            default: record = nil
            }
            if let record { records.append(record); acc.account(rule.lines) } else {
                for n in rule.lines where lines.indices.contains(n - 1) { acc.reject(lines[n - 1]) }
            }
        }
        return acc.result(source: source, typed: records)
    }

    /// `from A [port p] to B [port q]`, each side a host or a `{...}` list.
    static func flows(_ c: inout WordCursor, _ r: inout IpsecctlConfRecord) -> Bool {
        guard c.take("from") else { return false }
        let from = c.hosts()
        if c.take("port") { r.set(.fromPort, c.next()) }
        guard c.take("to") else { return false }
        let to = c.hosts()
        if c.take("port") { r.set(.toPort, c.next()) }
        r.set(.flows, json: .array(from.flatMap { f in to.map { JSONValue.object([("from", .string(f)), ("to", .string($0))]) } }))
        return true
    }

    /// `auth hmac-sha1 enc aes group modp1536 lifetime 3600` (each optional, any order).
    static func transforms(_ c: inout WordCursor) -> JSONValue {
        var o: [(String, JSONValue)] = []
        while let w = c.peek, transformKeys.contains(w) {
            _ = c.next()
            o.append((w, .string(c.next() ?? "")))
        }
        return .object(o)
    }

    static func ike(_ rule: BSDRules.Rule) -> IpsecctlConfRecord? {
        var r = IpsecctlConfRecord(line: rule.lines[0])
        r.set(.kind, "ike")
        var c = WordCursor(Array(rule.words.dropFirst()))
        var mode = "active", satype = "esp", tmode = "tunnel"
        var auth = "rsa"
        while let w = c.peek, w != "from" {
            switch w {
            case "active", "passive", "dynamic": mode = w
            case "esp", "ah": satype = w
            case "tunnel", "transport": tmode = w
            case "proto": _ = c.next(); r.set(.proto, c.peek)
            default: return nil
            }
            _ = c.next()
        }
        r.set(.mode, mode); r.set(.satype, satype); r.set(.tmode, tmode)
        guard flows(&c, &r) else { return nil }
        while let w = c.next() {
            switch w {
            case "local", "peer": r.set(IpsecctlConfRecord.Field(rawValue: w)!, c.hosts().joined(separator: ","))
            case "main", "aggressive":
                r.set(.phase1Mode, w)
                r.set(.main, json: transforms(&c))
            case "quick": r.set(.quick, json: transforms(&c))
            case "srcid", "dstid", "tag": r.set(IpsecctlConfRecord.Field(rawValue: w)!, c.next())
            case "psk": _ = c.next(); auth = "psk"   // the key itself is never kept
            case "rsa": auth = "rsa"
            default: return nil
            }
        }
        r.set(.auth, auth)
        return r
    }

    static func flow(_ rule: BSDRules.Rule) -> IpsecctlConfRecord? {
        var r = IpsecctlConfRecord(line: rule.lines[0])
        r.set(.kind, "flow")
        var c = WordCursor(Array(rule.words.dropFirst()))
        while let w = c.peek, w != "from" {
            switch w {
            case "esp", "ah", "ipip": r.set(.satype, w)
            case "in", "out": r.set(.direction, w)
            case "proto": _ = c.next(); r.set(.proto, c.peek)
            default: return nil
            }
            _ = c.next()
        }
        guard flows(&c, &r) else { return nil }
        while let w = c.next() {
            switch w {
            case "local", "peer", "type", "srcid", "dstid": r.set(IpsecctlConfRecord.Field(rawValue: w)!, c.next())
            default: return nil
            }
        }
        return r
    }

    static func sa(_ rule: BSDRules.Rule) -> IpsecctlConfRecord? {
        var r = IpsecctlConfRecord(line: rule.lines[0])
        r.set(.kind, "sa")
        r.set(.satype, rule.keyword)
        var c = WordCursor(Array(rule.words.dropFirst()))
        if let w = c.peek, w == "tunnel" || w == "transport" { r.set(.tmode, w); _ = c.next() }
        guard c.take("from") else { return nil }
        r.set(.from, c.next())
        guard c.take("to") else { return nil }
        r.set(.to, c.next())
        while let w = c.next() {
            switch w {
            case "spi", "auth", "enc", "comp": r.set(IpsecctlConfRecord.Field(rawValue: w)!, c.next())
            case "authkey", "enckey":
                // `authkey 0x..:0x..` or `authkey file "a:b"`: never kept
                if c.take("file") { _ = c.next() } else { _ = c.next() }
            default: return nil
            }
        }
        return r
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension IpsecctlConfParser: EvidenceSource {
    public var kind: ProbeSpec.Kind { .config }
    public var probes: [ProbeSpec] {
        [
            ProbeSpec("ipsec-conf", source: "ipsecctl-conf", .file("/etc/ipsec.conf"), platform: .only(.openbsd), kind: .config),
        ]
    }
    public var snapshotNames: [String] { ["openbsd-ipsec.conf"] }
    /// The tunnel's selectors and gateways, from its TunnelChilds (ChildSelectorsExtractor).
    public var yields: [String] { ["conn.local_addrs", "conn.local_ts", "conn.remote_addrs", "conn.remote_ts"] }
}
