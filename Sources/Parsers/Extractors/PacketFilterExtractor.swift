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
/// guessed. NAT (`nat-to`, ipnat) is not read: nat.masquerade_hits_tunnel is not set here.
public struct PacketFilterExtractor: FactExtractor {
    public init() {}

    static let sourceNames = ["pfctl-rules", "ipfstat-rules"]

    public func facts(from parsed: ParsedCollection) -> [Fact] {
        var out = FactList()
        for name in Self.sourceNames where parsed.has(name) {
            let rules = parsed.typed(PacketFilterRuleRecord.self, from: name)
            // no rule is "everything passes" only when the output said so (nothing, or ipfstat's
            // "empty list"), not when it was an error message or something else altogether
            if rules.isEmpty, parsed.sources(name).contains(where: { !$0.result.unparsed.isEmpty }) { continue }
            let filter = PacketFilter(rules: rules)
            facts(filter, parsed, whole: parsed.wholeSource(name), pf: name == "pfctl-rules", &out)
        }
        return out.facts
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
