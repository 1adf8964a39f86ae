import Facts

/// strongSwan's starter/stroke: the connections of `ipsec statusall` (`lab:  192.0.2.1...192.0.2.2`,
/// `lab:   child:  10.1.0.0/24 === 10.2.0.0/24 TUNNEL`). Its ipsec.conf is read with Libreswan's
/// (the same file format, `LibreswanExtractor.daemonChildren`); its SAs with swanctl's.
extension StrokeConfExtractor: TunnelChildSource {
    static func daemonChildren(_ parsed: ParsedCollection) -> [TunnelChild] {
        var out: [TunnelChild] = []
        for s in parsed.sources("stroke-status") {
            for r in s.result.typed(StrokeStatusRecord.self) where r.kind == "conn" {
                let name = r.name ?? "?"
                let la = r.localAddrs, ra = r.remoteAddrs
                let children = r.children
                for ch in children {
                    out.append(TunnelChild(conn: name, child: ch.name, localTS: ch.localTs, remoteTS: ch.remoteTs,
                                           localAddrs: la, remoteAddrs: ra, origin: s.provenance(line: ch.line ?? r.line)))
                }
                if children.isEmpty {
                    out.append(TunnelChild(conn: name, localAddrs: la, remoteAddrs: ra, origin: s.provenance(line: r.line)))
                }
            }
        }
        return out
    }
}
