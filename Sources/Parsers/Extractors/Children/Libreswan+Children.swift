import Facts

/// Libreswan/Openswan: the connections of `ipsec status` (`"lab/1x0": 10.1.0.0/25===192.0.2.1
/// [@a]...192.0.2.2[@b]===10.2.0.0/24`, one per subnet pair of `leftsubnets={...}`), and the conns
/// of ipsec.conf (also strongSwan starter's), one child per subnet pair as pluto makes them.
extension LibreswanExtractor: TunnelChildSource {
    static func daemonChildren(_ parsed: ParsedCollection) -> [TunnelChild] {
        var out: [TunnelChild] = []
        for s in parsed.sources("libreswan-status") {
            for r in s.result.typed(LibreswanStatusRecord.self) where r.kind == "connection" {
                let name = r.name ?? "?"
                out.append(TunnelChild(conn: baseName(name), child: name,
                                       localTS: r.localTs.map { [$0] } ?? [], remoteTS: r.remoteTs.map { [$0] } ?? [],
                                       localAddrs: r.local.map { [$0] } ?? [], remoteAddrs: r.remote.map { [$0] } ?? [],
                                       origin: s.provenance(line: r.line)))
            }
        }
        out += ipsecConfChildren(parsed)
        return out
    }

    /// Which of left and right is this host is decided as both daemons do: the side whose address
    /// is one of ours (or `%defaultroute`); left when nothing tells. `leftsubnets={a,b}` with
    /// `rightsubnet=c` gives the children `conn/1x0` (a === c) and `conn/2x0` (b === c), pluto's
    /// names for them.
    static func ipsecConfChildren(_ parsed: ParsedCollection) -> [TunnelChild] {
        guard parsed.has("libreswan-conf") else { return [] }
        let mine = parsed.interfaceAddresses
        func isLocal(_ v: String?) -> Bool {
            guard let v else { return false }
            if v == "%defaultroute" { return true }
            return CIDR(v).map { mine.contains($0.address) } ?? false
        }
        var out: [TunnelChild] = []
        for (c, d) in resolvedConns(parsed) {
            var rec = LibreswanConfRecord(line: 0)
            LibreswanConfParser.applyDerived(&rec, d)
            let swap = !isLocal(rec.left) && isLocal(rec.right)
            let lts = swap ? rec.remoteSubnets : rec.localSubnets, rts = swap ? rec.localSubnets : rec.remoteSubnets
            let l = swap ? rec.right : rec.left, rr = swap ? rec.left : rec.right
            let la = l.map { [$0] } ?? [], ra = rr.map { [$0] } ?? []
            let origin = c.source.provenance()
            // Without subnets on a side the conn still is one child (host-to-host, or addresses only).
            let lsub = lts.isEmpty ? [nil] : lts.map { Optional($0) }, rsub = rts.isEmpty ? [nil] : rts.map { Optional($0) }
            let several = lsub.count > 1 || rsub.count > 1
            for (i, a) in lsub.enumerated() {
                for (j, b) in rsub.enumerated() {
                    // pluto names the instances left x right, from 1 on a side that lists several, 0 on the other
                    let (li, ri, ln, rn) = swap ? (j, i, rsub.count, lsub.count) : (i, j, lsub.count, rsub.count)
                    let child = several ? "\(c.name)/\(ln > 1 ? li + 1 : 0)x\(rn > 1 ? ri + 1 : 0)" : c.name
                    out.append(TunnelChild(conn: c.name, child: child, localTS: a.map { [$0] } ?? [], remoteTS: b.map { [$0] } ?? [],
                                           localAddrs: la, remoteAddrs: ra, origin: origin))
                }
            }
        }
        return out
    }
}
