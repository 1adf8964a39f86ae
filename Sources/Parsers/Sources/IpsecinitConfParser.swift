import Facts

/// illumos/Solaris IPsec policy: `/etc/inet/ipsecinit.conf` (read by svc:/network/ipsec/policy at
/// boot), and `ipsecconf` without options, which prints the loaded file entries in the same
/// syntax, each after an `#INDEX n` comment (ipsecconf.c: `index_tag`). One entry is
/// `{pattern} action {properties} [or action {properties}]...`, over as many lines as it likes;
/// `#` starts a comment. Keywords as ipsecconf.c's tables spell them:
///  - pattern: laddr/local, raddr/remote, saddr/src/srcaddr, daddr/dst/dstaddr, smask, dmask,
///    lport, rport, sport, dport, ulp/proto, type, code, dir, negotiate (tunnel|transport),
///    tunnel (an IP-in-IP interface: the policy of that tunnel, not the host's);
///  - actions: ipsec, apply (outbound), permit (inbound), bypass/pass, drop, `or` between
///    alternatives;
///  - properties: auth_algs, encr_algs, encr_auth_algs, sa (shared|unique), dir.
/// One record per entry: the pattern's keywords as written (each one value), `action` (the
/// first), `actions` (every alternative: action and its properties as written):
/// `IpsecinitConfRecord`.
public struct IpsecinitConfParser: OutputParser {
    public init() {}
    public var source: String { "ipsecinit-conf" }
    public var summary: String { "/etc/inet/ipsecinit.conf (illumos/Solaris IPsec policy)" }

    static let patternKeys: Set<String> = ["laddr", "local", "raddr", "remote", "saddr", "src", "srcaddr", "daddr", "dst",
                                           "dstaddr", "smask", "dmask", "lport", "rport", "sport", "dport", "ulp", "proto",
                                           "type", "code", "dir", "negotiate", "tunnel"]
    static let actions: Set<String> = ["ipsec", "apply", "permit", "bypass", "pass", "drop"]
    static let propertyKeys: Set<String> = ["auth_algs", "encr_algs", "encr_auth_algs", "sa", "dir"]

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [IpsecinitConfRecord] = []
        let t = ConfigTokenizer.tokens(text, lineBreaks: false)
        let lines = text.numberedLines
        var i = 0
        var rejected = Set<Int>()
        while i < t.count {
            let start = i
            var used: [Int] = []
            if let r = Self.entry(t, &i, &used) {
                records.append(r); acc.account(used)
            } else {
                // skip to the next `{` that opens a line's entry, rejecting what was read
                if i == start { used.append(t[i].line); i += 1 }
                while i < t.count, !t[i].is("{") { used.append(t[i].line); i += 1 }
                for n in Set(used).sorted() where lines.indices.contains(n - 1) && rejected.insert(n).inserted { acc.reject(lines[n - 1]) }
            }
        }
        return acc.result(source: source, typed: records)
    }

    /// `{ key value ... }`: the words between braces as key-value pairs, each key one of `keys`.
    static func braces(_ t: [ConfigToken], _ i: inout Int, _ used: inout [Int], keys: Set<String>) -> [(String, String)]? {
        guard i < t.count, t[i].is("{") else { return nil }
        used.append(t[i].line)
        i += 1
        var pairs: [(String, String)] = []
        while i < t.count {
            let k = t[i]
            used.append(k.line)
            i += 1
            if k.is("}") { return pairs }
            guard keys.contains(k.text), !k.quoted, i < t.count, !t[i].is("}"), !t[i].is("{") else { return nil }
            used.append(t[i].line)
            pairs.append((k.text, t[i].text))
            i += 1
        }
        return nil
    }

    static func entry(_ t: [ConfigToken], _ i: inout Int, _ used: inout [Int]) -> IpsecinitConfRecord? {
        guard i < t.count else { return nil }
        var r = IpsecinitConfRecord(line: t[i].line)
        guard let pattern = braces(t, &i, &used, keys: patternKeys) else { return nil }
        var alternatives: [JSONValue] = []
        repeat {
            if !alternatives.isEmpty { used.append(t[i].line); i += 1 }     // `or`
            guard i < t.count, actions.contains(t[i].text), !t[i].quoted else { return nil }
            let action = t[i].text
            used.append(t[i].line)
            i += 1
            guard let props = braces(t, &i, &used, keys: propertyKeys) else { return nil }
            alternatives.append(.object([("action", .string(action))] + props.map { ($0.0, .string($0.1)) }))
        } while i < t.count && t[i].is("or")
        r.set(.kind, "policy")
        // every key is one of `patternKeys`, each a case of the record's fields
        for (k, v) in pattern { if let key = IpsecinitConfRecord.Field(rawValue: k) { r.set(key, v) } }
        r.set(.action, alternatives.first?["action"]?.stringValue)
        r.set(.actions, json: .array(alternatives))
        return r
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension IpsecinitConfParser: EvidenceSource {
    public var kind: ProbeSpec.Kind { .config }
    public var probes: [ProbeSpec] {
        [
            ProbeSpec("ipsecinit-conf", source: "ipsecinit-conf", .file("/etc/inet/ipsecinit.conf"), platform: .only(.illumos), kind: .config),
        ]
    }
    /// `ipsecconf` (no option) prints the loaded entries of the file in its syntax.
    public var snapshotNames: [String] { ["ipsecinit.conf", "ipsecconf"] }
    /// The tunnel's selectors (and a transport policy's hosts), from its TunnelChilds
    /// (IllumosExtractor, ChildSelectorsExtractor).
    public var yields: [String] { ["conn.local_addrs", "conn.local_ts", "conn.remote_addrs", "conn.remote_ts", "host.os"] }
}
