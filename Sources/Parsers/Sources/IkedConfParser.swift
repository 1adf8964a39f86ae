import Facts

/// OpenBSD iked(8)'s `/etc/iked.conf` (iked.conf(5)): `ikev2` policies one a line (`\`
/// continuations), `set` options, `user`, macros, `include`. Records, by `kind`:
///   `ikev2`    name, eval (`quick`/`skip`/`default`), mode (`passive` unless `active`: iked.conf(5)),
///              tmode, satype, af, proto, rdomain, flows (list of {from, to}), local, peer,
///              ikesa / childsa (lists of proposals, each {auth, enc, prf, group, esn} lists),
///              srcid, dstid, ikelifetime_seconds, lifetime_seconds, lifetime_bytes,
///              auth (`psk`, `rsa`, `ecdsa256`, `eap mschap-v2`, ...; never the key), config
///              (list: `address 10.0.0.0/24` ...), tag, tap, iface
///   `set`      option (`mobike`, `nomobike`, `dpd_check_interval 60`, ...)
///   `user`     name (the password is never kept)
///   `macro`    name (the value is never kept)
///   `include`  path
/// (`IkedConfRecord`).
public struct IkedConfParser: OutputParser {
    public init() {}
    public var source: String { "iked-conf" }
    public var summary: String { "iked.conf of OpenBSD iked (ikev2 policies)" }

    static let flags: [String: String] = [
        "quick": "eval", "skip": "eval", "default": "eval", "passive": "mode", "active": "mode",
        "tunnel": "tmode", "transport": "tmode", "esp": "satype", "ah": "satype", "inet": "af", "inet6": "af",
    ]
    static let transformKeys: Set<String> = ["auth", "enc", "prf", "group"]
    // `r.set(IkedConfRecord.Field(rawValue: w)!, ...)`: `w` is one of the words its `case`
    // lists, each a field of the record (ConfigRecordTests checks the names).
    static let authMethods: Set<String> = ["rsa", "ecdsa256", "ecdsa384", "ecdsa521", "rfc7427", "signature"]

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [IkedConfRecord] = []
        let file = BSDRules(text)
        let lines = text.numberedLines
        for (name, line) in file.macros {
            var r = IkedConfRecord(line: line); r.set(.kind, "macro"); r.set(.name, name)
            records.append(r); acc.account(line)
        }
        for rule in file.rules {
            var record: IkedConfRecord?
            if !rule.lines.contains(where: file.undefined.contains) {
                switch rule.keyword {
                case "ikev2": record = IkedConfParser.policy(rule)
                case "set":
                    var r = IkedConfRecord(line: rule.lines[0]); r.set(.kind, "set")
                    r.set(.option, rule.words.dropFirst().map(\.text).joined(separator: " ")); record = r
                case "user":
                    var r = IkedConfRecord(line: rule.lines[0]); r.set(.kind, "user"); r.set(.name, rule.words.dropFirst().first?.text); record = r
                case "include":
                    var r = IkedConfRecord(line: rule.lines[0]); r.set(.kind, "include"); r.set(.path, rule.words.dropFirst().first?.text); record = r
                default: record = nil
                }
            }
            if let record { records.append(record); acc.account(rule.lines) } else {
                for n in rule.lines where lines.indices.contains(n - 1) { acc.reject(lines[n - 1]) }
            }
        }
        return acc.result(source: source, typed: records)
    }

    /// `ikesa enc aes-256 auth hmac-sha2-256 group ecp256 group modp2048`: the keywords repeat.
    static func proposal(_ c: inout WordCursor, child: Bool) -> JSONValue {
        var o: [String: [String]] = [:]
        var order: [String] = []
        while let w = c.peek {
            if transformKeys.contains(w) {
                _ = c.next()
                if o[w] == nil { order.append(w) }
                o[w, default: []].append(c.next() ?? "")
            } else if child, w == "esn" || w == "noesn" {
                _ = c.next()
                if o["esn"] == nil { order.append("esn") }
                o["esn", default: []].append(w)
            } else { break }
        }
        return .object(order.map { ($0, .array(o[$0]!.map(JSONValue.string))) })
    }

    static func policy(_ rule: BSDRules.Rule) -> IkedConfRecord? {
        var r = IkedConfRecord(line: rule.lines[0])
        r.set(.kind, "ikev2")
        var c = WordCursor(Array(rule.words.dropFirst()))
        // An optional name: a quoted word, or a bare one that is no keyword.
        if !c.atEnd, c.words[c.i].quoted || (flags[c.words[c.i].text] == nil && !["proto", "from", "rdomain", "ipcomp"].contains(c.words[c.i].text)) {
            r.set(.name, c.next())
        }
        var set: [String: String] = ["mode": "passive", "tmode": "tunnel", "satype": "esp"]
        while let w = c.peek, w != "from" {
            if let field = flags[w] { set[field] = w; _ = c.next(); continue }
            switch w {
            case "ipcomp": _ = c.next(); r.set(.ipcomp, true)
            case "proto": _ = c.next(); r.set(.proto, c.hosts().joined(separator: ","))
            case "rdomain": _ = c.next(); r.set(.rdomain, c.next())
            default: return nil
            }
        }
        for k in [IkedConfRecord.Field.eval, .mode, .tmode, .satype, .af] { r.set(k, set[k.rawValue]) }
        var flows: [JSONValue] = []
        while c.take("from") {
            let from = c.hosts()
            if c.take("port") { _ = c.next() }
            // `from 10.10.10.1 (192.168.1.0/24)`: the true local subnet behind an outgoing NAT
            if let p = c.peek, p.hasPrefix("(") { while let w = c.next(), !w.hasSuffix(")") {} }
            guard c.take("to") else { return nil }
            let to = c.hosts()
            if c.take("port") { _ = c.next() }
            flows += from.flatMap { f in to.map { JSONValue.object([("from", .string(f)), ("to", .string($0))]) } }
        }
        r.set(.flows, json: .array(flows))
        var ikesa: [JSONValue] = [], childsa: [JSONValue] = [], config: [String] = []
        var auth: String?
        while let w = c.next() {
            switch w {
            case "local", "peer": r.set(IkedConfRecord.Field(rawValue: w)!, c.hosts().joined(separator: ","))
            case "ikesa": ikesa.append(proposal(&c, child: false))
            case "childsa": childsa.append(proposal(&c, child: true))
            case "srcid", "dstid", "tag", "tap", "iface": r.set(IkedConfRecord.Field(rawValue: w)!, c.next())
            case "ikelifetime": r.set(.ikelifetimeSeconds, c.next().flatMap { ConfigTokenizer.seconds($0) })
            case "lifetime":
                r.set(.lifetimeSeconds, c.next().flatMap { ConfigTokenizer.seconds($0) })
                if c.take("bytes") { r.set(.lifetimeBytes, c.next()) }
            case "psk": _ = c.next(); auth = "psk"   // the key is never kept
            case "eap": auth = "eap " + (c.next() ?? "")
            case "config", "request": config.append([w, c.next() ?? "", c.next() ?? ""].joined(separator: " "))
            default:
                if authMethods.contains(w) { auth = w } else { return nil }
            }
        }
        if !ikesa.isEmpty { r.set(.ikesa, json: .array(ikesa)) }
        if !childsa.isEmpty { r.set(.childsa, json: .array(childsa)) }
        r.set(.auth, auth)
        if !config.isEmpty { r.set(.config, config) }
        return r
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension IkedConfParser: EvidenceSource {
    public var kind: ProbeSpec.Kind { .config }
    public var probes: [ProbeSpec] {
        [
            ProbeSpec("iked-conf", source: "iked-conf", .file("/etc/iked.conf"), platform: .only(.openbsd), kind: .config),
        ]
    }
    public var snapshotNames: [String] { ["iked.conf"] }
    /// The tunnel's selectors and gateways, from its TunnelChilds (ChildSelectorsExtractor).
    public var yields: [String] { ["conn.local_addrs", "conn.local_ts", "conn.remote_addrs", "conn.remote_ts"] }
}
