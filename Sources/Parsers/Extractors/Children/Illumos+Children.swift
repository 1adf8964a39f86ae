import Facts

/// illumos/Solaris in.iked: `/etc/inet/ike/config` rules name the gateways (`local_addr`,
/// `remote_addr`); the selectors are the IPsec policy's, in `/etc/inet/ipsecinit.conf`
/// (IpsecinitConfParser), which names no IKE rule: each of its entries that protects traffic
/// (`ipsec`, `apply`, `permit`) is a child of its own.
extension IllumosExtractor: TunnelChildSource {
    static func daemonChildren(_ parsed: ParsedCollection) -> [TunnelChild] {
        var out: [TunnelChild] = []
        for s in parsed.sources("illumos-ike-config") {
            for r in s.result.typed(IllumosIkeConfigRecord.self) where r.kind == "rule" {
                out.append(TunnelChild(conn: r.label ?? "rule", localAddrs: r.localAddr, remoteAddrs: r.remoteAddr,
                                       origin: s.provenance(line: r.line)))
            }
        }
        for s in parsed.sources("ipsecinit-conf") {
            for r in s.result.typed(IpsecinitConfRecord.self) where r[.kind] == "policy" {
                if let c = policyChild(r, s.provenance(line: r.line)) { out.append(c) }
            }
        }
        return out
    }

    /// One ipsecinit.conf entry as a child: its local and remote addresses as selectors.
    /// ipsecconf.c: laddr/raddr name the local and remote ends whatever the direction; the old
    /// saddr/daddr are source and destination, so an inbound `permit` (or `dir in`) has the
    /// remote end in saddr. smask/dmask give a bare saddr/daddr its prefix. Without `tunnel`
    /// the policy is the host's own (transport: forwarded packets are not subject to it,
    /// ipsecconf(8)), so a single host on each side is also the peer; a `tunnel` entry's outer
    /// addresses are the tunnel interface's, not in this file.
    static func policyChild(_ r: IpsecinitConfRecord, _ origin: Provenance) -> TunnelChild? {
        guard ["ipsec", "apply", "permit"].contains(r.action ?? "") else { return nil }
        func masked(_ a: String?, _ mask: String?) -> String? {
            guard let a else { return nil }
            guard let mask, !a.contains("/"), let m = CIDR(mask), m.prefix == 32 || m.prefix == 128 else { return a }
            let bits = mask.split(separator: ".").compactMap { UInt8($0) }.reduce(0) { $0 + $1.nonzeroBitCount }
            return "\(a)/\(bits)"
        }
        let s = masked(r[.saddr] ?? r[.src] ?? r[.srcaddr], r[.smask])
        let d = masked(r[.daddr] ?? r[.dst] ?? r[.dstaddr], r[.dmask])
        let inbound = r.action == "permit" || r[.dir] == "in"
        let local = r[.laddr] ?? r[.local] ?? (inbound ? d : s)
        let remote = r[.raddr] ?? r[.remote] ?? (inbound ? s : d)
        guard local != nil || remote != nil else { return nil }
        let tunnel = r.tunnel
        func host(_ a: String?) -> [String] {
            guard tunnel == nil, let a, let c = CIDR(a), c.prefix == (a.contains(":") ? 128 : 32) else { return [] }
            return [a]
        }
        // "ip.tun0/ipsec", "ipsecinit.conf/apply"
        return TunnelChild(conn: tunnel ?? "ipsecinit.conf", child: r.action ?? "ipsec",
                           localTS: local.map { [$0] } ?? [], remoteTS: remote.map { [$0] } ?? [],
                           localAddrs: host(local), remoteAddrs: host(remote), origin: origin)
    }
}
