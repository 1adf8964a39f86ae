import Parsers

/// The kernel's SPD and SAD lookups (net/xfrm/xfrm_policy.c, xfrm_state.c), on the policies and
/// states `ip xfrm` printed.
enum XfrmLookup {
    /// The flow the kernel matches selectors against: for ICMP the type and code stand in for
    /// the ports (struct flowi's fl4_icmp_type/code share the port fields).
    struct Flow {
        var src: CIDR
        var dst: CIDR
        var proto: String
        var sport: Int?
        var dport: Int?
        var icmpType: Int?
        var oif: String?
        var mark: UInt32
        var ifId: UInt32

        init(_ p: TracePacket, src: CIDR? = nil, dst: CIDR? = nil, oif: String? = nil) {
            self.src = src ?? p.src; self.dst = dst ?? p.dst
            proto = Protocols.name(p.proto); sport = p.sport; dport = p.dport
            icmpType = proto == "icmp" || proto == "ipv6-icmp" ? p.icmpType : nil
            self.oif = oif; mark = p.mark; ifId = p.ifId
        }
    }

    /// xfrm_selector_match plus the policy's mark and if_id (xfrm_policy_match).
    static func matches(_ pol: XfrmPolicy, _ f: Flow) -> Bool {
        guard pol.src.isIPv6 == f.src.isIPv6, pol.src.contains(f.src), pol.dst.contains(f.dst) else { return false }
        if let p = pol.proto, Protocols.name(p) != f.proto, p != "0" { return false }
        if f.icmpType != nil {
            if let t = pol.icmpType, t != f.icmpType { return false }
            // ICMP code 0 (echo): a selector `code N` with N != 0 would not match; sport/dport are not printed for ICMP.
        } else {
            if let s = pol.sport, s != 0, s != f.sport { return false }
            if let d = pol.dport, d != 0, d != f.dport { return false }
        }
        if let dev = pol.dev, dev != f.oif { return false }
        if let m = pol.mark, (f.mark & m.mask) != m.value { return false }
        if pol.ifId != f.ifId { return false }
        return true
    }

    /// Lower priority value wins; among equals the first printed. The kernel breaks ties by
    /// insertion order (`pos`), which `ip xfrm policy` lists in the same order.
    static func lookup(_ policies: [XfrmPolicy], dir: String, _ f: Flow) -> (chosen: XfrmPolicy?, others: [XfrmPolicy]) {
        let hits = policies.filter { $0.dir == dir && !$0.socket && matches($0, f) }
        let sorted = hits.sorted { ($0.priority ?? 0, $0.order) < ($1.priority ?? 0, $1.order) }
        return (sorted.first, Array(sorted.dropFirst()))
    }

    /// The states a template can use (xfrm_state_find): same addresses for tunnel mode, same
    /// protocol and mode, the template's reqid if it has one, a matching mark and if_id, and a
    /// selector that covers the flow when the state has one.
    static func states(_ states: [XfrmSA], for t: XfrmTemplate, policy: XfrmPolicy, _ f: Flow) -> [XfrmSA] {
        states.filter { s in
            guard Protocols.name(s.proto) == Protocols.name(t.proto), (s.mode ?? "transport") == t.mode else { return false }
            if t.mode == "tunnel" || t.mode == "beet" {
                if let d = t.dst, d.host != s.dst.host { return false }
                if let src = t.src, src.prefix > 0, !(src.host == s.src.host) { return false }
            } else {
                if s.dst.host != f.dst.host { return false }
            }
            if let r = t.reqid, r != 0, s.reqid != r { return false }
            if let m = s.mark, (f.mark & m.mask) != m.value { return false }
            if s.ifId != policy.ifId { return false }
            if let ss = s.selSrc, ss.prefix > 0, !ss.contains(f.src) { return false }
            if let sd = s.selDst, sd.prefix > 0, !sd.contains(f.dst) { return false }
            return true
        }
    }

    /// An inbound template check (xfrm_policy_ok/xfrm_state_ok): the SA the packet came through
    /// must be what the policy's template asks for.
    static func templateAccepts(_ t: XfrmTemplate, _ sa: XfrmSA) -> Bool {
        guard Protocols.name(t.proto) == Protocols.name(sa.proto), (sa.mode ?? "transport") == t.mode else { return false }
        if let r = t.reqid, r != 0, sa.reqid != r { return false }
        if t.mode == "tunnel" {
            if let d = t.dst, d.host != sa.dst.host { return false }
            if let s = t.src, s.prefix > 0, s.host != sa.src.host { return false }
        }
        return true
    }
}
