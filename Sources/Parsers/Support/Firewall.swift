import Facts

/// A packet filter in one shape for iptables-save and nft records, with first-match evaluation,
/// so the extractors can ask "would this packet be dropped?" of either tool's rules.
struct FwPacket {
    var proto: String          // "udp", "esp", "any"
    var sport: Int?
    var dport: Int?
    var src: CIDR?
    var dst: CIDR?
    var ipsec: Bool            // matched by `-m policy --pol ipsec` / `meta ipsec exists`
    /// What UDP 4500 carries (RFC 3948 2.2): "ike" (a zero non-ESP marker in the first 4 payload
    /// bytes), "esp" (a non-zero SPI there), nil when it does not matter.
    var payload: String? = nil
}

enum FwMatch {
    case yes, no, maybe

    /// The match of `! TEST`: yes and no swap, maybe stays.
    var negated: FwMatch { self == .yes ? .no : self == .no ? .yes : .maybe }

    /// Both matches at once: no if either is no, else maybe if either is maybe.
    func and(_ other: FwMatch) -> FwMatch { self == .no || other == .no ? .no : self == .maybe || other == .maybe ? .maybe : .yes }
}

struct FwRule {
    var record: JSONValue
    var provenance: Provenance
    var verdict: String?       // accept drop reject return jump goto masquerade snat dnat
    var target: String?
    var isIptables: Bool

    func match(_ p: FwPacket) -> FwMatch {
        var result = FwMatch.yes
        func and(_ m: FwMatch) { result = result.and(m) }
        let r = record
        // protocol
        if let proto = r.str("protocol"), proto != "all", proto != "0" {
            let norm = FwRule.protoName(proto)
            var m: FwMatch = p.proto == "any" ? .maybe : (norm == p.proto ? .yes : .no)
            if r.bool("protocol_negated") == true { m = m.negated }
            and(m)
        }
        let protos = r.strings("protocols")
        if !protos.isEmpty {
            and(p.proto == "any" ? .maybe : (protos.map(FwRule.protoName).contains(p.proto) ? .yes : .no))
        }
        // ports
        for (key, port) in [("dports", p.dport), ("sports", p.sport)] {
            let ports = r.strings(key)
            guard !ports.isEmpty else { continue }
            var m: FwMatch
            if let port { m = ports.contains { FwRule.portMatches($0, port) } ? .yes : .no } else { m = p.proto == "any" ? .maybe : .no }
            if r.bool(key + "_negated") == true { m = m.negated }
            and(m)
        }
        // addresses
        for (keys, addr) in [(["src", "saddr"], p.src), (["dst", "daddr"], p.dst)] {
            for key in keys {
                var items = r.strings(key)
                if items.isEmpty, let s = r.str(key) { items = s.split(separator: ",").map(String.init) }
                guard !items.isEmpty else { continue }
                let cidrs = items.compactMap { CIDR($0) }
                var m: FwMatch
                if cidrs.count != items.count { m = .maybe }
                else if cidrs.contains(where: { $0.prefix == 0 }) { m = .yes }
                else if let a = addr {
                    m = cidrs.contains { $0.contains(a) } ? .yes : (cidrs.contains { $0.overlaps(a) } ? .maybe : .no)
                } else { m = .maybe }
                if r.bool(key + "_negated") == true { m = m.negated }
                and(m)
            }
        }
        // interfaces: the traffic we ask about never uses loopback
        for key in ["in_interface", "out_interface", "iif", "oif"] {
            guard let i = r.str(key) else { continue }
            let isLo = i == "lo" || i == "\"lo\""
            var m: FwMatch = isLo ? .no : .yes
            if r.bool(key + "_negated") == true { m = isLo ? .yes : .maybe }
            and(m)
        }
        // IPsec policy match
        if let pol = r.str("policy_pol") {
            var m: FwMatch = (pol == "ipsec") == p.ipsec ? .yes : .no
            if r.bool("policy_pol_negated") == true { m = m == .yes ? .no : .yes }
            and(m)
        }
        if let ip = r.str("ipsec") { and((ip == "exists") == p.ipsec ? .yes : .no) }
        // connection tracking: the packets asked about open a flow (NEW)
        let ct = r.strings("ctstate") + r.strings("ct_state")
        if !ct.isEmpty {
            var m: FwMatch = ct.contains { $0.lowercased() == "new" } ? .yes : .no
            if r.bool("ctstate_negated") == true || r.bool("ct_state_negated") == true { m = m == .yes ? .no : .yes }
            and(m)
        }
        // anything we do not model makes the rule uncertain: options and matches either parser
        // kept as `unknown`, iptables match modules we do not read, nft words we do not read
        if r["unknown"] != nil { and(.maybe) }
        if isIptables {
            if r.strings("matches").contains(where: { !FwRule.modelledMatches.contains($0) }) { and(.maybe) }
            if let u32 = r.str("u32") { and(U32Match.match(u32, negated: r.bool("u32_negated") == true, p)) }
        } else if var e = r.str("expr") {
            if let (m, rest) = FwRule.nonESPMarkerMatch(e, p) { and(m); e = rest }
            for word in ["limit", "mark", "@", "fib", "socket", "numgen", "flags", "skuid", "skgid", "quota", "meter", "vmap", "ether", "pkttype"] where e.contains(word) {
                and(.maybe); break
            }
        }
        return result
    }

    /// nft's raw match of the first 4 UDP payload bytes (`@th,64,32 != 0x0`, `@th,64,32 0x0`),
    /// which on UDP 4500 tells ESP (a non-zero SPI) from IKE (the zero non-ESP marker, RFC 3948
    /// 2.2): how a filter passes IKE and drops ESP-in-UDP (Tests/Fixtures/variants/dp-esp-blocked-fw).
    /// The match for the packet (`maybe` off UDP 4500 or when its payload is not known) and the
    /// expression without it; nil when the rule has no such match.
    static func nonESPMarkerMatch(_ expr: String, _ p: FwPacket) -> (FwMatch, String)? {
        let words = expr.split(separator: " ").map(String.init)
        guard let i = words.firstIndex(of: "@th,64,32") else { return nil }
        var j = i + 1, negated = false
        if j < words.count, words[j] == "!=" || words[j] == "==" { negated = words[j] == "!="; j += 1 }
        guard j < words.count, let v = UInt64(words[j].hasPrefix("0x") ? String(words[j].dropFirst(2)) : words[j],
                                              radix: words[j].hasPrefix("0x") ? 16 : 10), v == 0 else { return nil }
        let rest = (words[..<i] + words[(j + 1)...]).joined(separator: " ")
        guard p.proto == "udp", p.dport == 4500 || p.sport == 4500, let payload = p.payload else { return (.maybe, rest) }
        // matches a zero marker (IKE) unless negated, then a non-zero one (ESP)
        return ((payload == "ike") != negated ? .yes : .no, rest)
    }

    /// The iptables match modules `match` reads; any other narrows a rule in a way it cannot decide.
    static let modelledMatches: Set<String> = ["udp", "tcp", "multiport", "policy", "conntrack", "state", "comment", "esp", "icmp", "icmp6", "ah", "u32"]

    static func protoName(_ p: String) -> String {
        switch p.lowercased() {
        case "50", "ipv6-crypt": return "esp"
        case "17": return "udp"
        case "6": return "tcp"
        case "51": return "ah"
        default: return p.lowercased()
        }
    }

    static func portMatches(_ spec: String, _ port: Int) -> Bool {
        let names = ["isakmp": 500, "ipsec-nat-t": 4500]
        for sep in [":", "-"] where spec.contains(sep) {
            let parts = spec.split(separator: Character(sep)).map(String.init)
            if parts.count == 2, let a = Int(parts[0]) ?? names[parts[0]], let b = Int(parts[1]) ?? names[parts[1]] { return port >= a && port <= b }
        }
        return (Int(spec) ?? names[spec]) == port
    }
}

struct FwChain {
    var name: String
    var policy: String?
    var provenance: Provenance?
    var rules: [FwRule] = []
}

/// One table (iptables) or the chains of one family/table (nft).
struct FwTable {
    var chains: [String: FwChain] = [:]
}

enum FwOutcome {
    case accepted, dropped(Provenance), fellThrough, returned
    case translated(Provenance)     // masquerade/snat in a nat chain
}

struct Firewall {
    /// iptables tables by name ("filter", "nat"); nft base chains by hook with their table.
    var iptables: [String: FwTable] = [:]
    var nftTables: [String: FwTable] = [:]
    var nftBase: [(table: String, chain: String, hook: String, type: String)] = []
    var isEmpty: Bool { iptables.isEmpty && nftTables.isEmpty }

    init(_ parsed: ParsedCollection) {
        for src in parsed.sources("iptables-save") {
            for rec in src.result.records {
                guard let t = rec.str("table"), let c = rec.str("chain") else { continue }
                let prov = src.provenance(line: rec.recordLine, excerpt: Firewall.iptablesText(rec))
                var table = iptables[t] ?? FwTable()
                var chain = table.chains[c] ?? FwChain(name: c)
                if rec.str("kind") == "chain" {
                    chain.policy = rec.str("policy")?.lowercased(); chain.provenance = prov
                } else {
                    let target = rec.str("target")
                    var verdict = target?.lowercased()
                    if let v = verdict, !["accept", "drop", "reject", "return", "masquerade", "snat", "dnat", "log", "mark", "connmark", "notrack", "ct", "tcpmss", "nflog"].contains(v) {
                        verdict = rec.bool("goto") == true ? "goto" : "jump"
                    }
                    chain.rules.append(FwRule(record: rec, provenance: prov, verdict: verdict, target: target, isIptables: true))
                }
                table.chains[c] = chain
                iptables[t] = table
            }
        }
        for src in parsed.sources("nft-ruleset") {
            for rec in src.result.records {
                guard let t = rec.str("table"), let c = rec.str("chain") else { continue }
                let key = (rec.str("family") ?? "") + " " + t
                let prov = src.provenance(line: rec.recordLine, excerpt: rec.str("expr") ?? "chain \(c) policy \(rec.str("policy") ?? "accept")")
                var table = nftTables[key] ?? FwTable()
                var chain = table.chains[c] ?? FwChain(name: c)
                if rec.str("kind") == "chain" {
                    chain.policy = rec.str("policy"); chain.provenance = prov
                    if let hook = rec.str("hook") { nftBase.append((key, c, hook, rec.str("type") ?? "filter")) }
                } else {
                    chain.rules.append(FwRule(record: rec, provenance: prov, verdict: rec.str("verdict"), target: rec.str("target"), isIptables: false))
                }
                table.chains[c] = chain
                nftTables[key] = table
            }
        }
    }

    static func iptablesText(_ r: JSONValue) -> String {
        if r.str("kind") == "chain" { return ":\(r.str("chain") ?? "") \(r.str("policy") ?? "-")" }
        var parts = ["-A", r.str("chain") ?? ""]
        if let p = r.str("protocol") { parts += [r.bool("protocol_negated") == true ? "! -p" : "-p", p] }
        if let s = r.str("src") { parts += [r.bool("src_negated") == true ? "! -s" : "-s", s] }
        if let d = r.str("dst") { parts += [r.bool("dst_negated") == true ? "! -d" : "-d", d] }
        if let i = r.str("in_interface") { parts += ["-i", i] }
        if let o = r.str("out_interface") { parts += ["-o", o] }
        let dp = r.strings("dports"); if !dp.isEmpty { parts += ["--dport", dp.joined(separator: ",")] }
        let sp = r.strings("sports"); if !sp.isEmpty { parts += ["--sport", sp.joined(separator: ",")] }
        if let d = r.str("policy_dir") { parts += ["--dir", d] }
        if let p = r.str("policy_pol") { parts += ["--pol", p] }
        if let t = r.str("target") { parts += ["-j", t] }
        return parts.joined(separator: " ")
    }

    /// Runs a chain, first match wins; `maybe` matches accept (to avoid false alarms) but never drop.
    func run(_ table: FwTable, _ chainName: String, _ p: FwPacket, depth: Int = 0) -> FwOutcome {
        guard depth < 16, let chain = table.chains[chainName] else { return .fellThrough }
        for rule in chain.rules {
            let m = rule.match(p)
            if m == .no { continue }
            switch rule.verdict {
            case "accept"?: return .accepted
            case "drop"?, "reject"?: if m == .yes { return .dropped(rule.provenance) }
            case "return"?: if m == .yes { return .returned } else { return .accepted }
            case "masquerade"?, "snat"?: if m == .yes { return .translated(rule.provenance) } else { return .accepted }
            case "jump"?, "goto"?:
                guard let target = rule.target else { continue }
                let o = run(table, target, p, depth: depth + 1)
                switch o {
                case .accepted: return .accepted
                case .dropped, .translated: if m == .yes { return o }
                case .returned, .fellThrough: if rule.verdict == "goto", m == .yes { return .returned }
                }
            default: continue
            }
        }
        return .fellThrough
    }

    /// Whether a packet on a hook (input, output, forward) is dropped; the rule or policy that does.
    func dropped(hook: String, _ p: FwPacket) -> Provenance? {
        if let filter = iptables["filter"] {
            let chainName = hook.uppercased()
            switch run(filter, chainName, p) {
            case let .dropped(prov): return prov
            case .fellThrough, .returned:
                if let c = filter.chains[chainName], c.policy == "drop" || c.policy == "reject" { return c.provenance }
            default: break
            }
        }
        for base in nftBase where base.hook == hook && base.type == "filter" {
            guard let table = nftTables[base.table] else { continue }
            switch run(table, base.chain, p) {
            case let .dropped(prov): return prov
            case .fellThrough, .returned:
                if let c = table.chains[base.chain], c.policy == "drop" { return c.provenance }
            default: break
            }
        }
        return nil
    }

    /// The MASQUERADE/SNAT rule that rewrites a packet in POSTROUTING, if any.
    func translated(_ p: FwPacket) -> Provenance? {
        if let nat = iptables["nat"], case let .translated(prov) = run(nat, "POSTROUTING", p) { return prov }
        for base in nftBase where base.hook == "postrouting" {
            guard let table = nftTables[base.table] else { continue }
            if case let .translated(prov) = run(table, base.chain, p) { return prov }
        }
        return nil
    }
}
