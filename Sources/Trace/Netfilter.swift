import Parsers

/// What the packet looks like to netfilter at one hook.
struct FilterContext {
    var packet: TracePacket
    var src: CIDR
    var dst: CIDR
    var inIface: String?
    var outIface: String?
    /// `-m policy --dir out --pol ipsec` / `rt ipsec exists`: an XFRM policy will transform it.
    var ipsecOut: Bool
    /// `-m policy --dir in --pol ipsec` / `meta ipsec exists`: it arrived decapsulated.
    var ipsecIn: Bool
}

struct FilterOutcome {
    enum Decision: Equatable { case accept, drop, reject, nat(String), none }
    var decision: Decision
    var rule: FilterRule?
    var chain: String
    /// Where the decision came from: "FORWARD rule 3" or "FORWARD policy DROP".
    var label: String
    var evidence: TraceEvidence?
    var uncertain: Bool
    var steps: [TraceStep]
}

/// Runs iptables chains and nft base chains for one hook, first match wins, jumps followed, the
/// way the kernel does: for nft every base chain on the hook runs in priority order and an
/// accept ends only its own chain; a drop anywhere is final.
enum Netfilter {
    static func run(_ host: HostModel, hook: String, table: String, stage: TraceStage, _ ctx: FilterContext) -> FilterOutcome {
        let fam = ctx.packet.isIPv6 ? 6 : 4
        var steps: [TraceStep] = []
        var uncertain = false
        var result = FilterOutcome(decision: .none, rule: nil, chain: hook.uppercased(), label: "", evidence: nil, uncertain: false, steps: [])
        let iptTable = host.iptables.first { $0.family == fam && $0.name == table }
        if let t = iptTable, let chain = t.chains[hook.uppercased()] {
            var walk = Walk(table: t.chains, ctx: ctx, isNat: table == "nat")
            let d = walk.run(chain.name, depth: 0)
            steps += walk.steps.map { TraceStep(stage, "iptables \(table) " + $0.0, evidence: $0.1, uncertain: $0.2) }
            uncertain = uncertain || walk.uncertain
            if let d {
                result = FilterOutcome(decision: d.0, rule: d.1, chain: d.2, label: "\(d.2) rule \(d.1.number)", evidence: d.1.evidence,
                                       uncertain: walk.uncertain, steps: [])
            } else if let pol = chain.policy?.lowercased(), pol == "drop" || pol == "reject", table == "filter" {
                result = FilterOutcome(decision: .drop, rule: nil, chain: chain.name, label: "\(chain.name) policy \(chain.policy!)",
                                       evidence: chain.evidence, uncertain: walk.uncertain, steps: [])
                steps.append(TraceStep(stage, "iptables \(table) \(chain.name): no rule decides, chain policy \(chain.policy!)", evidence: chain.evidence.map { [$0] } ?? []))
            } else if !chain.rules.isEmpty {
                steps.append(TraceStep(stage, "iptables \(table) \(chain.name): no rule matches (\(chain.rules.count) rules), policy \(chain.policy ?? "ACCEPT")",
                                       evidence: chain.evidence.map { [$0] } ?? []))
            }
        }
        if result.decision == .drop || result.decision == .reject || (table == "nat" && result.decision != .none) {
            result.steps = steps; result.uncertain = uncertain; return result
        }
        // nft base chains on this hook, skipping the tables iptables-nft made (already read above).
        let nftType = table == "nat" ? "nat" : "filter"
        let fams = ctx.packet.isIPv6 ? ["ip6", "inet"] : ["ip", "inet"]
        let bases = host.nftChains.filter { $0.hook == hook.lowercased() && fams.contains($0.family) && ($0.type ?? "filter") == nftType }
            .filter { c in !(iptTable != nil && isIptablesNft(c)) }
            .sorted { $0.priority < $1.priority }
        for base in bases {
            let chains = Dictionary(host.nftChains.filter { $0.family == base.family && $0.table == base.table }.map { ($0.name, FilterChain(name: $0.name, policy: $0.policy, evidence: $0.evidence, rules: $0.rules)) },
                                    uniquingKeysWith: { a, _ in a })
            var walk = Walk(table: chains, ctx: ctx, isNat: table == "nat")
            let d = walk.run(base.name, depth: 0)
            let label = "nft \(base.family) \(base.table) \(base.name)"
            steps += walk.steps.map { TraceStep(stage, "\(label): " + $0.0, evidence: $0.1, uncertain: $0.2) }
            uncertain = uncertain || walk.uncertain
            if let d, d.0 != .accept {
                result = FilterOutcome(decision: d.0, rule: d.1, chain: d.2, label: "\(label) rule \(d.1.number)", evidence: d.1.evidence, uncertain: uncertain, steps: steps)
                return result
            }
            if d == nil, base.policy == "drop", table == "filter" {
                steps.append(TraceStep(stage, "\(label): no rule decides, chain policy drop", evidence: [base.evidence]))
                return FilterOutcome(decision: .drop, rule: nil, chain: base.name, label: "\(label) policy drop", evidence: base.evidence, uncertain: uncertain, steps: steps)
            }
            if d == nil, !base.rules.isEmpty {
                steps.append(TraceStep(stage, "\(label): no rule matches, policy \(base.policy ?? "accept")", evidence: [base.evidence]))
            }
            if let d, d.0 == .accept, result.decision == .none { result.decision = .accept; result.label = "\(label) rule \(d.1.number)"; result.evidence = d.1.evidence }
        }
        result.steps = steps; result.uncertain = uncertain
        return result
    }

    /// Tables `iptables-nft` creates: `table ip filter { chain FORWARD ...`.
    static func isIptablesNft(_ c: NftChain) -> Bool {
        ["filter", "nat", "mangle", "raw", "security"].contains(c.table) && (c.family == "ip" || c.family == "ip6")
            && c.name == c.name.uppercased()
    }

    /// One walk through a table's chains.
    struct Walk {
        var table: [String: FilterChain]
        var ctx: FilterContext
        var isNat: Bool
        var steps: [(String, [TraceEvidence], Bool)] = []
        var uncertain = false

        /// The deciding (decision, rule, chain), or nil when the chain falls through/returns.
        mutating func run(_ name: String, depth: Int) -> (FilterOutcome.Decision, FilterRule, String)? {
            guard depth < 32, let chain = table[name] else { return nil }
            for rule in chain.rules {
                let m = Netfilter.match(rule, ctx)
                if m == .no { continue }
                let act = rule.action ?? "continue"
                if m == .maybe {
                    if ["log", "nflog", "continue", "counter", "ulog", "trace"].contains(act) { continue }
                    uncertain = true
                    steps.append(("\(name) rule \(rule.number) may match (\(rule.unmodelled.joined(separator: ", ")) not modelled): \(act) — assumed not to", [rule.evidence], true))
                    continue
                }
                switch act {
                case "accept":
                    steps.append(("\(name) rule \(rule.number): ACCEPT", [rule.evidence], false))
                    return (.accept, rule, name)
                case "drop", "reject":
                    steps.append(("\(name) rule \(rule.number): \(act.uppercased())", [rule.evidence], false))
                    return (act == "drop" ? .drop : .reject, rule, name)
                case "masquerade", "snat", "dnat", "netmap", "redirect":
                    steps.append(("\(name) rule \(rule.number): \(act.uppercased())" + (rule.toAddress.map { " to \($0)" } ?? ""), [rule.evidence], false))
                    return (.nat(act), rule, name)
                case "return":
                    steps.append(("\(name) rule \(rule.number): RETURN", [rule.evidence], false))
                    return nil
                case "jump", "goto":
                    guard let target = rule.target else { continue }
                    steps.append(("\(name) rule \(rule.number): \(act) \(target)", [rule.evidence], false))
                    if let d = run(target, depth: depth + 1) { return d }
                    if act == "goto" { return nil }
                case "notrack":
                    steps.append(("\(name) rule \(rule.number): NOTRACK (no conntrack, so no NAT for it)", [rule.evidence], false))
                default:
                    if act == "mark" || act == "connmark" {
                        uncertain = true
                        steps.append(("\(name) rule \(rule.number): \(rule.target ?? act) changes the mark (not followed)", [rule.evidence], true))
                    } else if act != "continue" {
                        steps.append(("\(name) rule \(rule.number): \(rule.target ?? act) (continues)", [rule.evidence], false))
                    }
                }
            }
            return nil
        }
    }

    static func match(_ r: FilterRule, _ c: FilterContext) -> Match {
        var m = Match.yes
        let proto = Protocols.name(c.packet.proto)
        if let p = r.protocol_ {
            let rp = Protocols.name(p)
            let same = rp == proto || (rp == "icmp" && proto == "ipv6-icmp" && false)
            m = m && (same ? Match.yes : .no).negated(if: r.protocolNegated)
        }
        if !r.protocols.isEmpty { m = m && (r.protocols.map(Protocols.name).contains(proto) ? .yes : .no) }
        m = m && addresses(r.src, c.src).negated(if: r.srcNegated)
        m = m && addresses(r.dst, c.dst).negated(if: r.dstNegated)
        m = m && iface(r.inIface, c.inIface).negated(if: r.inNegated && r.inIface != nil)
        m = m && iface(r.outIface, c.outIface).negated(if: r.outNegated && r.outIface != nil)
        // ports: only TCP, UDP and SCTP have them (a port test never matches another protocol)
        let hasPorts = proto == "tcp" || proto == "udp" || proto == "sctp"
        for (ports, negated, port) in [(r.sports, r.sportsNegated, c.packet.sport), (r.dports, r.dportsNegated, c.packet.dport)] where !ports.isEmpty {
            m = m && (hasPorts ? Self.port(port, in: ports).negated(if: negated) : .no)
        }
        if !r.eitherPorts.isEmpty {  // multiport --ports: the source or the destination port
            let either = Self.port(c.packet.sport, in: r.eitherPorts) || Self.port(c.packet.dport, in: r.eitherPorts)
            m = m && (hasPorts ? either.negated(if: r.eitherPortsNegated) : .no)
        }
        if !r.ctStates.isEmpty {
            m = m && (r.ctStates.contains { $0.uppercased() == c.packet.ctState.uppercased() } ? Match.yes : .no).negated(if: r.ctNegated)
        }
        if let pol = r.policyPol {
            let flag = (r.policyDir ?? "out") == "in" ? c.ipsecIn : c.ipsecOut
            m = m && ((pol == "ipsec") == flag ? Match.yes : .no).negated(if: r.policyNegated)
        }
        if !r.unmodelled.isEmpty, m != .no { m = .maybe }
        return m
    }

    /// The packet's port against a rule's list (`22`, `1000:2000`, a service name); maybe for a
    /// port the packet does not give or a list item trace cannot read.
    static func port(_ port: Int?, in ports: [String]) -> Match {
        guard let port else { return .maybe }
        let hits = ports.map { Protocols.port($0, contains: port) }
        return hits.contains { $0 == true } ? .yes : hits.contains { $0 == nil } ? .maybe : .no
    }

    static func addresses(_ items: [String], _ a: CIDR) -> Match {
        guard !items.isEmpty else { return .yes }
        let cidrs = items.compactMap { CIDR($0.trimmingCharacters(in: ["{", "}", " "])) }
        if cidrs.count != items.count { return .maybe }
        return cidrs.contains { $0.isIPv6 == a.isIPv6 && $0.contains(a) } ? .yes : .no
    }

    /// `eth+` matches every name starting with `eth`; no interface (INPUT has no -o) never matches.
    static func iface(_ rule: String?, _ actual: String?) -> Match {
        guard let rule else { return .yes }
        guard let actual else { return .no }
        if rule.hasSuffix("+") || rule.hasSuffix("*") { return actual.hasPrefix(String(rule.dropLast())) ? .yes : .no }
        return rule == actual ? .yes : .no
    }
}
