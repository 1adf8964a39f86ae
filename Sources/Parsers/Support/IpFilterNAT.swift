import Facts

/// Whether illumos IP Filter's NAT (`ipnat -l`, IpnatListParser) rewrites a tunnel's traffic
/// before IPsec sees it — the illumos counterpart of Linux's POSTROUTING MASQUERADE and pf's
/// rdr-to (PacketFilterNAT).
///
/// Where ipnat translates on illumos: IP Filter is called from the IP stack's firewall hooks.
/// The outbound one (physical_out) runs in ip_xmit(), when a packet is handed to its interface,
/// which is after ipsec_out_process() has applied the host's IPsec policy (ip_output.c): a `map`
/// on the outside interface sees ESP, never the clear packet, so it does not hide the tunnel's
/// traffic from the policy. Forwarded traffic is protected only by a tunnel's own policy
/// (ipsecconf(8): "Datagrams that are being forwarded will not be subjected to policy checks"
/// of the host's entries), applied by the IP-in-IP interface as it encapsulates: a `map` on
/// that interface (`iptun0`, Solaris 10's `ip.tun0`, or the name ipsecinit.conf's `tunnel`
/// gives) translates the inner packet before its policy lookup. An inbound `rdr` on the
/// interface the LAN's traffic enters by rewrites its destination before anything else; no
/// snapshot says which interface that is, so an rdr that takes the tunnel's traffic leaves the
/// answer open. The active translations are proof either way: a MAP session from a local
/// selector to a remote one, or an RDR session of traffic to a remote selector, is the
/// tunnel's traffic translated.
enum IpFilterNAT {
    enum Verdict: Equatable {
        case rewritten(line: Int)
        case untouched
        case undecided
    }

    /// An IP-in-IP tunnel interface, where a tunnel's IPsec policy is applied.
    static func isTunnelInterface(_ name: String, tunnels: Set<String>) -> Bool {
        tunnels.contains(name) || name.hasPrefix("ip.tun") || name.hasPrefix("ip6.tun") || name.hasPrefix("iptun")
    }

    /// How an address field of a rule takes a selector: all of it, part of it, or none.
    static func takes(_ field: String?, negated: Bool, _ selector: CIDR) -> FwMatch {
        guard let field else { return .yes }                     // no such restriction
        guard !negated else { return .maybe }
        let f = field.lowercased() == "any" ? "0.0.0.0/0" : field
        guard let c = CIDR(f), c.isIPv6 == selector.isIPv6 else { return f.contains(":") != selector.isIPv6 ? .no : .maybe }
        if c.contains(selector) { return .yes }
        return c.overlaps(selector) ? .maybe : .no
    }

    /// The tunnel's traffic from `local` to `remote` against the rules, in order: the first
    /// rule that certainly takes it decides (a translation is looked up rule by rule and the
    /// first that matches makes the session); one that may take it first leaves it undecided.
    static func verdict(rules: [IpnatRecord], local: CIDR, remote: CIDR, tunnels: Set<String>) -> Verdict {
        for r in rules where r.kind == "rule" {
            let type = r.type ?? ""
            let m: FwMatch
            if type == "rdr" {
                m = r.match != nil ? takes(r.match, negated: false, remote)
                    : both(takes(r.from, negated: r.fromNegated, local),
                           takes(r.to, negated: r.toNegated, remote))
                if m == .no { continue }
                // on a tunnel interface an rdr takes what comes out of the tunnel, not what goes in
                if isTunnelInterface(r.interface ?? "", tunnels: tunnels) { continue }
                return .undecided                                // the inside interface is not known
            }
            m = r.match != nil ? takes(r.match, negated: false, local)
                : both(takes(r.from, negated: r.fromNegated, local),
                       takes(r.to, negated: r.toNegated, remote))
            if m == .no { continue }
            // a map on the outside interface runs after the IPsec policy (ip_xmit)
            guard isTunnelInterface(r.interface ?? "", tunnels: tunnels) else { continue }
            return m == .yes ? .rewritten(line: r.line) : .undecided
        }
        return .untouched
    }

    static func both(_ a: FwMatch, _ b: FwMatch) -> FwMatch {
        if a == .no || b == .no { return .no }
        return a == .yes && b == .yes ? .yes : .maybe
    }

    /// The first active translation of the tunnel's traffic: a MAP/BIMAP session from inside
    /// `local` to a peer inside `remote`, or an RDR session of a client in `local` whose
    /// destination in `remote` was redirected.
    static func session(_ records: [IpnatRecord], local: CIDR, remote: CIDR) -> IpnatRecord? {
        func within(_ a: String?, _ c: CIDR) -> Bool { a.flatMap { CIDR($0) }.map { c.contains($0) } ?? false }
        return records.first { r in
            guard r.kind == "session", r.inside != r.outside else { return false }
            switch r.type {
            case "MAP", "BIMAP", "MAP-BLOCK": return within(r.inside, local) && within(r.remote, remote)
            case "RDR": return within(r.remote, local) && within(r.outside, remote)
            default: return false
            }
        }
    }
}
