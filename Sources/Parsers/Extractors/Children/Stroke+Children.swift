import Facts

/// strongSwan's starter/stroke: the connections of `ipsec statusall` (`lab:  192.0.2.1...192.0.2.2`,
/// `lab:   child:  10.1.0.0/24 === 10.2.0.0/24 TUNNEL`). Its ipsec.conf is read with Libreswan's
/// (the same file format, `LibreswanExtractor.daemonChildren`); its SAs with swanctl's.
extension StrokeConfExtractor: TunnelChildSource {
    static func daemonChildren(_ parsed: ParsedCollection) -> [TunnelChild] {
        var out: [TunnelChild] = []
        for s in parsed.sources("stroke-status") {
            for r in s.result.records where r.str("kind") == "conn" {
                let name = r.str("name") ?? "?"
                let la = r.strings("local_addrs"), ra = r.strings("remote_addrs")
                let children = r["children"]?.arrayValue ?? []
                for ch in children {
                    out.append(TunnelChild(conn: name, child: ch.str("name"), localTS: ch.strings("local_ts"), remoteTS: ch.strings("remote_ts"),
                                           localAddrs: la, remoteAddrs: ra, origin: s.provenance(line: ch.recordLine ?? r.recordLine)))
                }
                if children.isEmpty {
                    out.append(TunnelChild(conn: name, localAddrs: la, remoteAddrs: ra, origin: s.provenance(line: r.recordLine)))
                }
            }
        }
        return out
    }
}
