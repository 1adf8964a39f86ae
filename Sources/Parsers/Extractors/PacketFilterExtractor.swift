import Facts

/// OpenBSD pf (`pfctl -sr`) and illumos IP Filter (`ipfstat -io`) rules → the same facts the
/// iptables/nftables reader gives (FirewallExtractor), so the same rules fire on every platform:
/// fw.drops_ike_in/out (UDP 500 and 4500 between this gateway and its peer), fw.drops_esp_in/out
/// (protocol 50, and UDP 4500, which neither filter can tell from IKE), fw.forward_blocks_tunnel
/// (traffic between a child's selectors, which pf filters on `enc0` after decryption and before
/// encryption and on the inside interface, and ipf on the interfaces it crosses). The packets are
/// evaluated as each filter does (PacketFilter: last match wins unless `quick`). A fact is set
/// only when the verdict is certain; where a rule cannot be evaluated (a table, an anchor, a
/// user, a tag) and could change it, the fact stays unknown, to be asked or probed, never
/// guessed. A filter that is disabled (pf: `pfctl -si`; IP Filter: its SMF service) filters
/// nothing: then every one of these facts is false, whatever rules are loaded (FilterStatus).
/// pf's NAT (`nat-to`/`rdr-to` in `pfctl -sr`, pf before 4.7's `pfctl -sn`) gives
/// nat.masquerade_hits_tunnel as PacketFilterNAT tells it; illumos ipnat's (`ipnat -l`) as
/// IpFilterNAT tells it (PacketFilterExtractor+IPNat).
public struct PacketFilterExtractor: FactExtractor {
    public init() {}

    static let sourceNames = ["pfctl-rules", "ipfstat-rules"]

    public func facts(from parsed: ParsedCollection) -> [Fact] {
        var out = FactList()
        let status = FilterStatus(parsed)
        status.facts(&out)
        if status.pf?.enabled == false || status.ipf?.enabled == false {
            Self.filtersNothing((status.pf ?? status.ipf)!.evidence, &out)
        }
        for name in Self.sourceNames where parsed.has(name) {
            let pf = name == "pfctl-rules"
            if (pf ? status.pf : status.ipf)?.enabled == false { continue }
            let rules = parsed.typed(PacketFilterRuleRecord.self, from: name)
            // no rule is "everything passes" only when the output said so (nothing, or ipfstat's
            // "empty list"), not when it was an error message or something else altogether
            if rules.isEmpty, parsed.sources(name).contains(where: { !$0.result.unparsed.isEmpty }) { continue }
            let filter = PacketFilter(rules: rules, defaultBlock: !pf && status.ipfDefaultBlock != nil)
            facts(filter, parsed, whole: parsed.wholeSource(name) + (pf ? [] : status.ipfDefaultBlock ?? []), pf: pf, &out)
        }
        if status.pf?.enabled != false { nat(parsed, &out) }
        if status.ipf?.enabled != false { ipnat(parsed, &out) }
        return out.facts
    }

    /// A disabled filter drops and translates nothing.
    static func filtersNothing(_ p: [Provenance], _ out: inout FactList) {
        for name in ["fw.drops_ike_in", "fw.drops_ike_out", "fw.drops_esp_in", "fw.drops_esp_out", "fw.forward_blocks_tunnel",
                     "nat.masquerade_hits_tunnel"] {
            out.bool(name, false, p)
        }
    }

    /// pf's translation rules against each child's traffic (PacketFilterNAT): the rules of
    /// `pfctl -sr` (nat-to, rdr-to, binat-to) and of pf before 4.7's `pfctl -sn` (nat, rdr,
    /// binat), each list on its own, as pf evaluates them.
    func nat(_ parsed: ParsedCollection, _ out: inout FactList) {
        let lists = ["pfctl-rules", "pfctl-nat"].filter { parsed.has($0) }.compactMap { name -> (PacketFilter, [Provenance])? in
            let rules = parsed.typed(PacketFilterRuleRecord.self, from: name)
            if rules.isEmpty, parsed.sources(name).contains(where: { !$0.result.unparsed.isEmpty }) { return nil }
            return (PacketFilter(rules: rules), parsed.wholeSource(name))
        }
        guard !lists.isEmpty else { return }
        let tunnel = TunnelContext.of(parsed, firstOnly: true)
        var asked = 0, undecided = false
        for (l, r, child) in tunnel.selectorPairs {
            asked += 1
            for (filter, _) in lists {
                switch PacketFilterNAT.verdict(filter, local: l, remote: r) {
                case .untouched: continue
                case .undecided: undecided = true
                case let .rewritten(line):
                    let p = evidence(filter, line, []) + [child.evidence]
                    out.bool("nat.masquerade_hits_tunnel", true, p)
                    out.add("nat.masqueraded_local_ts", .string(l.description), p)
                    out.add("nat.masqueraded_remote_ts", .string(r.description), p)
                    return
                }
            }
        }
        if asked > 0, !undecided { out.bool("nat.masquerade_hits_tunnel", false, lists.flatMap(\.1)) }
    }

    func facts(_ filter: PacketFilter, _ parsed: ParsedCollection, whole: [Provenance], pf: Bool, _ out: inout FactList) {
        let tunnel = TunnelContext.of(parsed, firstOnly: true)
        let peer = tunnel.remoteAddrs.first, me = tunnel.localAddrs.first
        func packet(_ proto: String, _ port: Int?, inbound: Bool) -> FilterPacket {
            FilterPacket(direction: inbound ? "in" : "out", interface: nil, proto: proto, sport: port, dport: port,
                         src: inbound ? peer : me, dst: inbound ? me : peer, me: me)
        }
        func set(_ name: String, _ packets: [FilterPacket]) {
            switch Self.combined(packets.map(filter.verdict)) {
            case .passed: out.bool(name, false, whole)
            case let .blocked(line): out.bool(name, true, evidence(filter, line, whole))
            case .undecided: break
            }
        }
        set("fw.drops_ike_in", [packet("udp", 500, inbound: true), packet("udp", 4500, inbound: true)])
        set("fw.drops_ike_out", [packet("udp", 500, inbound: false), packet("udp", 4500, inbound: false)])
        set("fw.drops_esp_in", [packet("esp", nil, inbound: true), packet("udp", 4500, inbound: true)])
        set("fw.drops_esp_out", [packet("esp", nil, inbound: false), packet("udp", 4500, inbound: false)])
        forwarding(filter, tunnel, whole, pf: pf, &out)
    }

    /// The tunnel's traffic, per selector pair (TunnelContext.selectorPairs): remote →
    /// local leaves on the inside interface, local → remote comes in on it; with pf, the first
    /// also comes in on enc0 after decryption, the second leaves on enc0 before encryption
    /// (enc(4)). IP Filter is asked only about the inside interface.
    func forwarding(_ filter: PacketFilter, _ tunnel: TunnelContext, _ whole: [Provenance], pf: Bool, _ out: inout FactList) {
        let enc: String? = pf ? "enc0" : nil
        var verdicts: [FilterVerdict] = []
        var hit: (line: Int, l: CIDR, r: CIDR, child: TunnelChild)?
        for (l, r, child) in tunnel.selectorPairs {
            var legs = [
                FilterPacket(direction: "out", interface: nil, proto: "any", src: r, dst: l),
                FilterPacket(direction: "in", interface: nil, proto: "any", src: l, dst: r),
            ]
            if let enc {
                legs += [FilterPacket(direction: "in", interface: enc, proto: "any", src: r, dst: l),
                         FilterPacket(direction: "out", interface: enc, proto: "any", src: l, dst: r)]
            }
            let v = Self.combined(legs.map(filter.verdict))
            verdicts.append(v)
            if case let .blocked(line) = v { hit = (line, l, r, child); break }
        }
        guard !verdicts.isEmpty else { return }
        if let hit {
            let p = evidence(filter, hit.line, whole) + [hit.child.evidence]
            out.bool("fw.forward_blocks_tunnel", true, p)
            out.add("fw.forward_blocked_local_ts", .string(hit.l.description), p)
            out.add("fw.forward_blocked_remote_ts", .string(hit.r.description), p)
        } else if verdicts.allSatisfy({ $0 == .passed }) {
            out.bool("fw.forward_blocks_tunnel", false, whole)
        }
    }

    /// Blocked if any packet is certainly blocked; passed if all certainly pass; else undecided.
    static func combined(_ verdicts: [FilterVerdict]) -> FilterVerdict {
        if let b = verdicts.first(where: { if case .blocked = $0 { return true } else { return false } }) { return b }
        return verdicts.allSatisfy { $0 == .passed } ? .passed : .undecided
    }

    func evidence(_ filter: PacketFilter, _ line: Int, _ whole: [Provenance]) -> [Provenance] {
        // line 0: no rule matched and IP Filter's default blocks (`ipf -V`), last in `whole`
        if line == 0, filter.defaultBlock, let d = whole.last { return [d] }
        guard let r = filter.rule(at: line) else { return whole }
        return [r.provenance(r.record.summary)]
    }
}

extension PacketFilterRuleRecord {
    /// The rule in the tool's words (what it decides on), for evidence.
    var summary: String {
        var w = [action]
        if let a = anchor { w.append("\"\(a)\"") }
        if let b = blockHow { w.append(b) }
        if let d = direction { w.append(d) }
        if quick == true { w.append("quick") }
        if let i = interface { w += interfaceNegated == true ? ["on", "!", i] : ["on", i] }
        if let f = family { w.append(f) }
        if let p = protocols { w += ["proto", p.joined(separator: "/")] }
        func end(_ e: Endpoint) -> [String] {
            var x = (e.negated == true ? ["!"] : []) + [e.address]
            if let p = e.port { x += p.to.map { p.op == ":" ? ["port", "\(p.port):\($0)"] : ["port", p.port, p.op, $0] } ?? ["port", p.op, p.port] }
            return x
        }
        if from == nil && to == nil { w.append("all") }
        if let f = from { w += ["from"] + end(f) }
        if let t = to { w += ["to"] + end(t) }
        if let n = narrowing { w += n }
        return w.joined(separator: " ")
    }
}
