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

    /// Either match: yes if either is yes, else maybe if either is maybe.
    func or(_ other: FwMatch) -> FwMatch { self == .yes || other == .yes ? .yes : self == .maybe || other == .maybe ? .maybe : .no }
}

struct FwRule {
    /// The rule as its tool's parser read it.
    enum Fields {
        case iptables(IptablesRecord)
        case nft(NftRecord)
    }
    var fields: Fields
    var provenance: Provenance
    var verdict: String?       // accept drop reject return jump goto masquerade snat dnat
    var target: String?

    func match(_ p: FwPacket) -> FwMatch {
        switch fields {
        case let .iptables(r): return FwRule.match(r, p)
        case let .nft(r): return FwRule.match(r, p)
        }
    }

    /// An iptables rule (iptables-save, or a listing's) against a packet.
    static func match(_ r: IptablesRecord, _ p: FwPacket) -> FwMatch {
        var result = protocolMatch(r.proto, negated: r.protoNegated, protocols: [], p)
        result = result.and(portsMatch(r.dports, negated: r.dportsNegated, p.dport, p))
        result = result.and(portsMatch(r.sports, negated: r.sportsNegated, p.sport, p))
        result = result.and(eitherPortMatch(r.ports, negated: r.portsNegated, p))
        // `-s`/`-d` as written: one prefix or a comma-separated list
        result = result.and(addressMatch(r.srcItems, negated: r.srcNegated, p.src))
        result = result.and(addressMatch(r.dstItems, negated: r.dstNegated, p.dst))
        result = result.and(interfaceMatch(r.inInterface, negated: r.inInterfaceNegated))
        result = result.and(interfaceMatch(r.outInterface, negated: r.outInterfaceNegated))
        // IPsec policy match
        if let pol = r.policyPol {
            var m: FwMatch = (pol == "ipsec") == p.ipsec ? .yes : .no
            if r.policyPolNegated { m = m == .yes ? .no : .yes }
            result = result.and(m)
        }
        result = result.and(stateMatch(r.ctstate, negated: r.ctstateNegated))
        // anything we do not model makes the rule uncertain: options kept as `unknown`, match
        // modules we do not read
        if r.unknown != nil { result = result.and(.maybe) }
        if r.matches.contains(where: { !FwRule.modelledMatches.contains($0) }) { result = result.and(.maybe) }
        if let u32 = r.u32 { result = result.and(U32Match.match(u32, negated: r.u32Negated, p)) }
        return result
    }

    /// An nft rule against a packet.
    static func match(_ r: NftRecord, _ p: FwPacket) -> FwMatch {
        var result = protocolMatch(r.proto, negated: r.protoNegated, protocols: r.protocols, p)
        result = result.and(portsMatch(r.dports, negated: r.dportsNegated, p.dport, p))
        result = result.and(portsMatch(r.sports, negated: r.sportsNegated, p.sport, p))
        result = result.and(addressMatch(r.saddr, negated: r.saddrNegated, p.src))
        result = result.and(addressMatch(r.daddr, negated: r.daddrNegated, p.dst))
        result = result.and(interfaceMatch(r.iif, negated: r.iifNegated))
        result = result.and(interfaceMatch(r.oif, negated: r.oifNegated))
        if let ip = r.ipsec { result = result.and((ip == "exists") == p.ipsec ? .yes : .no) }
        result = result.and(stateMatch(r.ctState, negated: r.ctStateNegated))
        // anything we do not model makes the rule uncertain: matches kept as `unknown`, nft
        // words we do not read
        if r.unknown != nil { result = result.and(.maybe) }
        if var e = r.expr {
            if let (m, rest) = FwRule.nonESPMarkerMatch(e, p) { result = result.and(m); e = rest }
            for word in ["limit", "mark", "@", "fib", "socket", "numgen", "flags", "skuid", "skgid", "quota", "meter", "vmap", "ether", "pkttype"] where e.contains(word) {
                result = result.and(.maybe); break
            }
        }
        return result
    }

    /// `-p`/`meta l4proto`/`ip protocol`: one protocol (`all` and `0` match any), or nft's set.
    static func protocolMatch(_ proto: String?, negated: Bool, protocols: [String], _ p: FwPacket) -> FwMatch {
        var result = FwMatch.yes
        if let proto, proto != "all", proto != "0" {
            let norm = FwRule.protoName(proto)
            var m: FwMatch = p.proto == "any" ? .maybe : (norm == p.proto ? .yes : .no)
            if negated { m = m.negated }
            result = result.and(m)
        }
        if !protocols.isEmpty {
            result = result.and(p.proto == "any" ? .maybe : (protocols.map(FwRule.protoName).contains(p.proto) ? .yes : .no))
        }
        return result
    }

    /// A port list against the packet's port (none: a packet of any protocol may or may not have it).
    static func portsMatch(_ ports: [String], negated: Bool, _ port: Int?, _ p: FwPacket) -> FwMatch {
        guard !ports.isEmpty else { return .yes }
        var m: FwMatch
        if let port { m = ports.contains { FwRule.portMatches($0, port) } ? .yes : .no } else { m = p.proto == "any" ? .maybe : .no }
        if negated { m = m.negated }
        return m
    }

    /// multiport's `--ports`: the source or the destination port is one of them
    /// (iptables-extensions(8)), each read as `--sport`/`--dport` read it.
    static func eitherPortMatch(_ ports: [String], negated: Bool, _ p: FwPacket) -> FwMatch {
        guard !ports.isEmpty else { return .yes }
        let m = portsMatch(ports, negated: false, p.sport, p).or(portsMatch(ports, negated: false, p.dport, p))
        return negated ? m.negated : m
    }

    /// Address items (prefixes) against the packet's address; an item that is no prefix (a
    /// name, a range) makes it uncertain.
    static func addressMatch(_ items: [String], negated: Bool, _ addr: CIDR?) -> FwMatch {
        guard !items.isEmpty else { return .yes }
        let cidrs = items.compactMap { CIDR($0) }
        var m: FwMatch
        if cidrs.count != items.count { m = .maybe }
        else if cidrs.contains(where: { $0.prefix == 0 }) { m = .yes }
        else if let a = addr {
            m = cidrs.contains { $0.contains(a) } ? .yes : (cidrs.contains { $0.overlaps(a) } ? .maybe : .no)
        } else { m = .maybe }
        if negated { m = m.negated }
        return m
    }

    /// An interface match: the traffic we ask about never uses loopback.
    static func interfaceMatch(_ name: String?, negated: Bool) -> FwMatch {
        guard let i = name else { return .yes }
        let isLo = i == "lo" || i == "\"lo\""
        return negated ? (isLo ? .yes : .maybe) : (isLo ? .no : .yes)
    }

    /// Connection tracking: the packets asked about open a flow (NEW).
    static func stateMatch(_ states: [String], negated: Bool) -> FwMatch {
        guard !states.isEmpty else { return .yes }
        let m: FwMatch = states.contains { $0.lowercased() == "new" } ? .yes : .no
        return negated ? (m == .yes ? .no : .yes) : m
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
            for rec in src.result.typed(IptablesRecord.self) {
                guard let t = rec.table, let c = rec.chain else { continue }
                let prov = src.provenance(line: rec.line, excerpt: Firewall.iptablesText(rec))
                var table = iptables[t] ?? FwTable()
                var chain = table.chains[c] ?? FwChain(name: c)
                if rec.isChain {
                    chain.policy = rec.policy?.lowercased(); chain.provenance = prov
                } else {
                    let target = rec.target
                    var verdict = target?.lowercased()
                    if let v = verdict, !["accept", "drop", "reject", "return", "masquerade", "snat", "dnat", "log", "mark", "connmark", "notrack", "ct", "tcpmss", "nflog"].contains(v) {
                        verdict = rec.isGoto ? "goto" : "jump"
                    }
                    chain.rules.append(FwRule(fields: .iptables(rec), provenance: prov, verdict: verdict, target: target))
                }
                table.chains[c] = chain
                iptables[t] = table
            }
        }
        for src in parsed.sources("nft-ruleset") {
            for rec in src.result.typed(NftRecord.self) {
                guard let t = rec.table, let c = rec.chain else { continue }
                let key = (rec.family ?? "") + " " + t
                let prov = src.provenance(line: rec.line, excerpt: rec.expr ?? "chain \(c) policy \(rec.policy ?? "accept")")
                var table = nftTables[key] ?? FwTable()
                var chain = table.chains[c] ?? FwChain(name: c)
                if rec.isChain {
                    chain.policy = rec.policy; chain.provenance = prov
                    if let hook = rec.hook { nftBase.append((key, c, hook, rec.type ?? "filter")) }
                } else {
                    chain.rules.append(FwRule(fields: .nft(rec), provenance: prov, verdict: rec.verdict, target: rec.target))
                }
                table.chains[c] = chain
                nftTables[key] = table
            }
        }
    }

    static func iptablesText(_ r: IptablesRecord) -> String {
        if r.isChain { return ":\(r.chain ?? "") \(r.policy ?? "-")" }
        var parts = ["-A", r.chain ?? ""]
        if let p = r.proto { parts += [r.protoNegated ? "! -p" : "-p", p] }
        if let s = r.src { parts += [r.srcNegated ? "! -s" : "-s", s] }
        if let d = r.dst { parts += [r.dstNegated ? "! -d" : "-d", d] }
        if let i = r.inInterface { parts += ["-i", i] }
        if let o = r.outInterface { parts += ["-o", o] }
        let dp = r.dports; if !dp.isEmpty { parts += ["--dport", dp.joined(separator: ",")] }
        let sp = r.sports; if !sp.isEmpty { parts += ["--sport", sp.joined(separator: ",")] }
        if let d = r.policyDir { parts += ["--dir", d] }
        if let p = r.policyPol { parts += ["--pol", p] }
        if let t = r.target { parts += ["-j", t] }
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
