import Facts

/// A packet asked about of a BSD packet filter's rules (pf, IP Filter).
struct FilterPacket {
    var direction: String          // "in", "out"
    /// The interface it passes: a name (`enc0`, where OpenBSD filters tunnel traffic), or nil
    /// for the gateway's outside or inside interface, whose name no snapshot gives.
    var interface: String?
    var proto: String              // "udp", "esp", "any"
    var sport: Int? = nil
    var dport: Int? = nil
    var src: CIDR?
    var dst: CIDR?
    /// The gateway's own address (IKE and ESP are sent from and to it): what `(self)` matches.
    var me: CIDR?
}

/// The verdict of a rule set on one packet: certain, or undecided because a rule that could
/// change it cannot be evaluated (a table's content, an anchor's rules, a user, a tag ...).
enum FilterVerdict: Equatable {
    case passed
    case blocked(line: Int)
    case undecided
}

/// pf's and IP Filter's evaluation: every rule is evaluated in order, the LAST one that matches
/// decides, unless a matching rule says `quick`, which decides at once (pf.conf(5) "PACKET
/// FILTERING"; ipf.conf(5)). With no matching rule the packet passes (both filters' default).
/// A match is three-valued (FwMatch); the possible outcomes are followed together, and the
/// verdict is certain only when every one of them agrees: never a guess.
///
/// Interfaces: a packet on an interface whose name is not known is asked once per interface
/// name the rules use, and once for "none of them"; the verdict is certain only when all agree
/// (an interface named in no rule, say, may be the one the peer is reached by). A rule `on !
/// IF` on such a packet is `maybe` unless IF is loopback or enc: a real interface may carry
/// several names (its own, `egress`, a group), and only then is the per-name verdict sound.
struct PacketFilter {
    let rules: [Sourced<PacketFilterRuleRecord>]
    /// IP Filter built or set to block what no rule matches (`ipf -V`: `Default: block all`):
    /// the verdict of no match is then a block, reported as line 0.
    var defaultBlock = false

    /// The rule that decided a certain block (for the evidence), by line.
    func rule(at line: Int) -> Sourced<PacketFilterRuleRecord>? { rules.first { $0.record.line == line } }

    /// The interfaces a packet whose own is unknown may pass: "" (one no rule names), and each
    /// name the rules use that may be an outside or inside interface.
    var scenarios: [String] {
        var names = Set<String>()
        for r in rules { if let i = r.record.interface, r.record.interfaceNegated != true, !Self.neverOutside(i) { names.insert(i) } }
        return [""] + names.sorted()
    }

    /// Whether one rule matches the packet on whichever interface it passes: yes or no only
    /// when every interface it may pass agrees.
    func matchOnAnyInterface(_ r: PacketFilterRuleRecord, _ p: FilterPacket) -> FwMatch {
        guard p.interface == nil else { return match(r, p, scenario: nil) }
        let all = Set(scenarios.map { match(r, p, scenario: $0) })
        return all.count == 1 ? all.first! : .maybe
    }

    func verdict(_ p: FilterPacket) -> FilterVerdict {
        guard p.interface == nil else { return evaluate(p, scenario: nil) }
        var verdicts = Set<String>()
        var blockLine: Int?
        for s in scenarios {
            let v = evaluate(p, scenario: s)
            switch v {
            case .undecided: return .undecided
            case .passed: verdicts.insert("pass")
            case let .blocked(line): verdicts.insert("block"); blockLine = blockLine ?? line
            }
        }
        if verdicts == ["pass"] { return .passed }
        if verdicts == ["block"], let l = blockLine { return .blocked(line: l) }
        return .undecided
    }

    /// Loopback and enc carry neither IKE nor ESP nor a LAN's traffic.
    static func neverOutside(_ name: String) -> Bool { name.hasPrefix("lo") || name.hasPrefix("enc") || name.hasPrefix("pflog") }

    private enum Outcome: Hashable { case pass, block(Int) }

    /// The rules on the packet, with its unknown interface taken to be `scenario` ("" = one no
    /// rule names) when the packet's own is nil.
    private func evaluate(_ p: FilterPacket, scenario: String?) -> FilterVerdict {
        var live: Set<Outcome> = defaultBlock ? [.block(0)] : [.pass]
        var final: Set<Outcome> = []
        let groups = IpfGroups(rules)
        scan(groups.main, groups, p, scenario: scenario, inGroup: false, live: &live, final: &final)
        final.formUnion(live)
        let blocks = final.compactMap { if case let .block(l) = $0 { return l } else { return nil } }
        if final == [.pass] { return .passed }
        if !final.contains(.pass), let l = blocks.max() { return .blocked(line: l) }
        return .undecided
    }

    /// One list in order: `live` holds the outcomes still open, `final` those a quick rule made.
    private func scan(_ list: [Sourced<PacketFilterRuleRecord>], _ groups: IpfGroups, _ p: FilterPacket, scenario: String?,
                      inGroup: Bool, live: inout Set<Outcome>, final: inout Set<Outcome>) {
        for sourced in list {
            let r = sourced.record
            let m = match(r, p, scenario: scenario, inGroup: inGroup)
            if m == .no { continue }
            let outcome: Outcome
            switch r.action {
            case "pass": outcome = .pass
            case "block": outcome = .block(r.line)
            case let a where a.hasSuffix("anchor") || ["call", "auth", "preauth", "skip"].contains(a):
                // rules we cannot see: anything may follow
                final.formUnion([.pass, .block(r.line)]); live.formUnion([.pass, .block(r.line)])
                continue
            default: continue    // match, scrub, nat, count, log: no pass/block decision
            }
            if let members = groups.members(headedBy: r) {
                // ipf: the head's own action, then its group's rules from there (fil.c
                // fr_scanlist: pass = the head's, passt = fr_scanlist(group, pass)); a quick
                // rule in the group ends the whole evaluation
                var gLive: Set<Outcome> = [outcome], gFinal: Set<Outcome> = []
                scan(members, groups, p, scenario: scenario, inGroup: true, live: &gLive, final: &gFinal)
                final.formUnion(gFinal)
                switch (m, r.quick == true) {
                case (.yes, false): live = gLive
                case (.maybe, false): live.formUnion(gLive)
                // a quick head stops the evaluation only when no rule of its group matched:
                // both followed, so the verdict is certain only where they agree
                default: final.formUnion(gLive); live.formUnion(gLive)
                }
                if live.isEmpty { break }
                continue
            }
            switch (m, r.quick == true) {
            case (.yes, true): final.insert(outcome); live = []
            case (.yes, false): live = [outcome]
            case (.maybe, true): final.insert(outcome)
            case (.maybe, false): live.insert(outcome)
            case (.no, _): break
            }
            if live.isEmpty { break }
        }
    }

    func match(_ r: PacketFilterRuleRecord, _ p: FilterPacket, scenario: String?, inGroup: Bool = false) -> FwMatch {
        var m = FwMatch.yes
        if let d = r.direction, d != p.direction { return .no }
        if let i = r.interface { m = m.and(interfaceMatch(i, negated: r.interfaceNegated == true, p, scenario: scenario)) }
        if let f = r.family {
            let v6 = p.src?.isIPv6 ?? p.dst?.isIPv6
            if let v6 { m = m.and((f == "inet6") == v6 ? .yes : .no) } else { m = m.and(.maybe) }
        }
        if let protos = r.protocols, !protos.isEmpty {
            m = m.and(p.proto == "any" ? .maybe : (protos.map(FwRule.protoName).contains(p.proto) ? .yes : .no))
        }
        if let e = r.from { m = m.and(endpoint(e, p.src, p.sport, p)) }
        if let e = r.to { m = m.and(endpoint(e, p.dst, p.dport, p)) }
        // a group's own rules run after their head matched: their `group N` narrows nothing then
        if let n = r.narrowing, !inGroup || n.contains(where: { IpfGroups.group(of: $0) == nil }) { m = m.and(.maybe) }
        return m
    }

    private func interfaceMatch(_ name: String, negated: Bool, _ p: FilterPacket, scenario: String?) -> FwMatch {
        let positive: FwMatch
        if let known = p.interface {
            // enc0 is in the group `enc`; not in `egress` (the default route's), not loopback
            if name == known || (known.hasPrefix("enc") && name == "enc") { positive = .yes }
            else if Self.neverOutside(name) || name == "egress" { positive = .no }
            else { positive = .maybe }
        } else if Self.neverOutside(name) {
            positive = .no
        } else if negated {
            return .maybe
        } else {
            positive = name == scenario ? .yes : .no
        }
        return negated ? positive.negated : positive
    }

    private func endpoint(_ e: PacketFilterRuleRecord.Endpoint, _ addr: CIDR?, _ port: Int?, _ p: FilterPacket) -> FwMatch {
        var m = address(e.address, addr, p)
        if e.negated == true { m = m.negated }
        if let t = e.port {
            if p.proto == "any" { m = m.and(.maybe) }
            else if p.proto != "udp" && p.proto != "tcp" { m = m.and(.no) }
            else if let port { m = m.and(Self.portMatches(t, port)) }
            else { m = m.and(.maybe) }
        }
        return m
    }

    private func address(_ a: String, _ addr: CIDR?, _ p: FilterPacket) -> FwMatch {
        if a == "any" { return .yes }
        if a == "(self)" || a == "self" {
            guard let addr, let me = p.me else { return .maybe }
            return addr.prefix == addr.bitCount && addr.address == me.address ? .yes : .maybe
        }
        guard let c = CIDR(a), !a.hasPrefix("<"), !a.hasPrefix("(") else { return .maybe }   // tables, interfaces, ranges
        return .address(in: [c], addr)
    }

    /// Port names printfr() and pfctl print from /etc/services (illumos' and OpenBSD's agree on
    /// these): a name not listed matches `maybe`.
    static let services = ["isakmp": 500, "ipsec-nat-t": 4500, "ike": 500, "ftp-data": 20, "ftp": 21, "ssh": 22, "telnet": 23,
                           "smtp": 25, "domain": 53, "bootps": 67, "bootpc": 68, "http": 80, "www": 80, "pop3": 110, "auth": 113,
                           "ntp": 123, "imap": 143, "snmp": 161, "https": 443, "smtps": 465, "syslog": 514, "imaps": 993,
                           "pop3s": 995]

    static func portMatches(_ t: PacketFilterRuleRecord.PortTest, _ port: Int) -> FwMatch {
        guard let a = Int(t.port) ?? services[t.port] else { return .maybe }
        let b = t.to.flatMap { Int($0) ?? services[$0] }
        switch t.op {
        case "=", "eq": return port == a ? .yes : .no
        case "!=", "ne": return port != a ? .yes : .no
        case "<", "lt": return port < a ? .yes : .no
        case "<=", "le": return port <= a ? .yes : .no
        case ">", "gt": return port > a ? .yes : .no
        case ">=", "ge": return port >= a ? .yes : .no
        case ":": guard let b else { return .maybe }; return port >= a && port <= b ? .yes : .no
        case "><": guard let b else { return .maybe }; return port > a && port < b ? .yes : .no
        case "<>": guard let b else { return .maybe }; return port < a || port > b ? .yes : .no
        default: return .maybe
        }
    }
}
