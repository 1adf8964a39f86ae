import Facts

/// strongSwan's configured children: loaded (`swanctl --list-conns`) and in swanctl.conf. One
/// child per CHILD config, with its connection's addresses; a connection without children still
/// names its gateways. Shunts (mode drop/pass) are no children of a tunnel.
extension SwanctlConnsExtractor: TunnelChildSource {
    static func daemonChildren(_ parsed: ParsedCollection) -> [TunnelChild] {
        var out: [TunnelChild] = []
        for s in parsed.sources("swanctl-list-conns") {
            for r in s.result.typed(SwanctlLoadedConnRecord.self) {
                for ch in r.children where !SwanctlConnsExtractor.isShunt(ch.mode) {
                    out.append(TunnelChild(conn: r.name, child: ch.name, localTS: ch.localTs ?? [], remoteTS: ch.remoteTs ?? [],
                                           localAddrs: r.localAddrs, remoteAddrs: r.remoteAddrs, origin: s.provenance(line: ch.line)))
                }
                if r.children.isEmpty {
                    out.append(TunnelChild(conn: r.name, localAddrs: r.localAddrs, remoteAddrs: r.remoteAddrs, origin: s.provenance(line: r.line)))
                }
            }
        }
        for s in parsed.sources("swanctl-conf") {
            for r in s.result.typed(SwanctlConfRecord.self) {
                let name = r.name ?? "?"
                for ch in r.children ?? [] where !SwanctlConnsExtractor.isShunt(ch.mode) {
                    out.append(TunnelChild(conn: name, child: ch.name, localTS: ch.localTs ?? [], remoteTS: ch.remoteTs ?? [],
                                           localAddrs: r.localAddrs ?? [], remoteAddrs: r.remoteAddrs ?? [], origin: s.provenance(line: ch.line)))
                }
                if (r.children ?? []).isEmpty, r.localAddrs != nil || r.remoteAddrs != nil {
                    out.append(TunnelChild(conn: name, localAddrs: r.localAddrs ?? [], remoteAddrs: r.remoteAddrs ?? [], origin: s.provenance(line: r.line)))
                }
            }
        }
        return out
    }
}

/// strongSwan's CHILD SAs (`swanctl --list-sas`, or stroke's `ipsec statusall`): what is
/// negotiated now, shunts aside (a drop/pass shunt is no tunnel).
extension SwanctlSasExtractor: TunnelChildSource {
    static func daemonChildren(_ parsed: ParsedCollection) -> [TunnelChild] {
        let saSource = SwanctlSasExtractor.saSources.first(where: parsed.has) ?? "swanctl-list-sas"
        var out: [TunnelChild] = []
        // One list per host, shared by the SAs that name it (a concentrator's own address is
        // on every SA): not a one-element array per SA and side, 40,000 on 10,000 tunnels.
        var lists: [String: [String]] = [:]
        func list(_ host: String?) -> [String] {
            guard let host else { return [] }
            if let l = lists[host] { return l }
            let l = [host]
            lists[host] = l
            return l
        }
        let sources = parsed.sources(saSource)
        out.reserveCapacity(sources.reduce(0) { $0 + $1.result.recordCount })
        for s in sources {
            for r in s.result.typed(SwanctlSaRecord.self) where r.kind != "shunt" {
                out.append(TunnelChild(conn: r.ike ?? "?", child: r.child, localTS: r.localTs, remoteTS: r.remoteTs,
                                       localAddrs: list(r.localHost), remoteAddrs: list(r.remoteHost),
                                       origin: s.provenance(line: r.line)))
            }
        }
        return out
    }
}
