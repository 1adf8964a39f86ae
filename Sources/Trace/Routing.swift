import Parsers

/// The route the kernel picks (fib_rules_lookup, then the table's longest prefix): rules in
/// priority order, each selecting on source, destination, incoming interface, mark and
/// protocol/ports; `lookup TABLE` takes the most specific route of that table (then the lowest
/// metric), a `throw` route or `suppress_prefixlength` moves on to the next rule.
struct RouteDecision {
    enum Kind { case unicast, local, unreachable, blackhole, prohibit, noRoute }
    var kind: Kind
    var route: Route?
    var rule: RouteRule?
    var steps: [TraceStep]
}

enum Routing {
    /// The kernel's rules when `ip rule` was not captured, plus strongSwan's 220 when its table is in use.
    static func defaultRules(_ host: HostModel, ipv6: Bool) -> ([RouteRule], Bool) {
        func r(_ p: Int, _ t: String) -> RouteRule {
            RouteRule(priority: p, not: false, from: nil, to: nil, iif: nil, oif: nil, fwmark: nil, ipproto: nil, sport: nil, dport: nil,
                      action: "lookup", table: t, suppressPrefixLength: nil, unmodelled: [],
                      evidence: TraceEvidence("assumed", nil, "\(p): from all lookup \(t) (kernel default)"))
        }
        var rules = [r(0, "local"), r(32766, "main")] + (ipv6 ? [] : [r(32767, "default")])
        let has220 = host.routes.contains { $0.table == "220" }
        if has220 {
            var s = r(220, "220"); s.evidence.text = "220: from all lookup 220 (strongSwan's default, assumed)"
            rules.insert(s, at: 1)
        }
        return (rules, has220)
    }

    static func lookup(_ host: HostModel, _ p: TracePacket, dst: CIDR, iif: String) -> RouteDecision {
        var steps: [TraceStep] = []
        let captured = p.isIPv6 ? host.rules6 : host.rules4
        var rules: [RouteRule]
        if let captured {
            rules = captured
        } else {
            let (d, has220) = defaultRules(host, ipv6: p.isIPv6)
            rules = d
            steps.append(TraceStep(.routing, "no `ip \(p.isIPv6 ? "-6 " : "")rule show` output: assuming the kernel's default rules"
                                   + (has220 ? " and strongSwan's `220: from all lookup 220` (routes of table 220 are present)" : ""),
                                   evidence: [], uncertain: has220))
        }
        rules.sort { $0.priority < $1.priority }
        var i = 0
        var visited = 0
        while i < rules.count, visited < 256 {
            visited += 1
            let rule = rules[i]
            let m = matches(rule, p, dst: dst, iif: iif)
            if m == .no { i += 1; continue }
            if m == .maybe {
                steps.append(TraceStep(.routing, "rule \(rule.priority) selects on \(rule.unmodelled.joined(separator: ", ")), which trace does not know for this packet: skipped",
                                       evidence: [rule.evidence], uncertain: true))
                i += 1; continue
            }
            switch rule.action {
            case "goto":
                if let j = rules.firstIndex(where: { $0.priority >= (Int(rule.table ?? "") ?? rule.priority + 1) }) { i = j } else { i = rules.count }
                continue
            case "nop": i += 1; continue
            case "unreachable", "blackhole", "prohibit":
                steps.append(TraceStep(.routing, "rule \(rule.priority) matches: \(rule.action)", evidence: [rule.evidence]))
                return RouteDecision(kind: rule.action == "blackhole" ? .blackhole : rule.action == "prohibit" ? .prohibit : .unreachable,
                                     route: nil, rule: rule, steps: steps)
            default: break
            }
            let table = rule.table ?? "main"
            guard let route = best(host, table: table, dst: dst) else { i += 1; continue }
            if route.type == "throw" {
                steps.append(TraceStep(.routing, "table \(table): throw route, next rule", evidence: [rule.evidence, route.evidence])); i += 1; continue
            }
            if let s = rule.suppressPrefixLength, route.dst.prefix <= s {
                steps.append(TraceStep(.routing, "table \(table) gives a /\(route.dst.prefix) route, suppressed by suppress_prefixlength \(s): next rule",
                                       evidence: [rule.evidence, route.evidence])); i += 1; continue
            }
            let kind: RouteDecision.Kind
            switch route.type {
            case "local", "broadcast", "multicast", "anycast": kind = .local
            case "unreachable": kind = .unreachable
            case "blackhole": kind = .blackhole
            case "prohibit": kind = .prohibit
            default: kind = .unicast
            }
            let what = kind == .local ? "delivered to this host" : kind == .unicast ? "out via \(route.dev ?? "?")" + (route.via.map { " gateway \($0)" } ?? "") : route.type
            steps.append(TraceStep(.routing, "rule \(rule.priority) (lookup \(table)) → \(route.dst) \(what)", evidence: [rule.evidence, route.evidence]))
            return RouteDecision(kind: kind, route: route, rule: rule, steps: steps)
        }
        steps.append(TraceStep(.routing, "no route to \(dst.address) in any table the rules consult (Network is unreachable)",
                               evidence: rules.map(\.evidence)))
        return RouteDecision(kind: .noRoute, route: nil, rule: nil, steps: steps)
    }

    static func matches(_ r: RouteRule, _ p: TracePacket, dst: CIDR, iif: String) -> Match {
        var m = Match.yes
        if let f = r.from { m = m && (f.contains(p.src) ? .yes : .no) }
        if let t = r.to { m = m && (t.contains(dst) ? .yes : .no) }
        if let i = r.iif { m = m && (i == iif ? .yes : .no) }
        // An oif rule applies only to sockets bound to that device; a traced packet is not.
        if r.oif != nil { m = m && .no }
        if let fw = r.fwmark { m = m && ((p.mark & fw.mask) == fw.value ? .yes : .no) }
        if let pr = r.ipproto { m = m && (Protocols.name(pr) == Protocols.name(p.proto) ? .yes : .no) }
        if let s = r.sport { m = m && (p.sport.map { s.contains($0) ? Match.yes : .no } ?? .no) }
        if let d = r.dport { m = m && (p.dport.map { d.contains($0) ? Match.yes : .no } ?? .no) }
        m = m.negated(if: r.not)
        if !r.unmodelled.isEmpty, m != .no { m = .maybe }
        return m
    }

    /// Longest prefix, then lowest metric, in one table and family.
    static func best(_ host: HostModel, table: String, dst: CIDR) -> Route? {
        let t = table == "254" ? "main" : table == "255" ? "local" : table == "253" ? "default" : table
        return host.routes
            .filter { $0.table == t && $0.dst.isIPv6 == dst.isIPv6 && $0.dst.contains(dst) }
            .min { a, b in a.dst.prefix != b.dst.prefix ? a.dst.prefix > b.dst.prefix : a.metric < b.metric }
    }

    /// The route for the ESP packet itself, from the local address to the peer.
    static func outerRoute(_ host: HostModel, src: CIDR, dst: CIDR) -> RouteDecision {
        let p = TracePacket(src: src, dst: dst, proto: "esp")
        return lookup(host, p, dst: dst, iif: "lo")
    }
}
