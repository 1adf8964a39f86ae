import Facts

/// OpenBSD: iked.conf and isakmpd's ipsec.conf (`ikev2 "lab" esp from A to B peer P`, one child
/// per flow), and the kernel's flows of `ipsecctl -sa` (`flow esp out from A to B peer P`).
extension OpenBSDExtractor: TunnelChildSource {
    static func daemonChildren(_ parsed: ParsedCollection) -> [TunnelChild] {
        var out: [TunnelChild] = []
        // A rule with flows (an `ike`/`ikev2` policy, a manual `flow`) or a peer: one child per
        // flow, or one with its gateways alone.
        func children(_ s: ParsedSource, line: Int, hasFlows: Bool, name: String?, local: String?, peer: String?, flows: [ConfigFlow]) {
            guard hasFlows || peer != nil else { return }
            let conn = name ?? peer ?? "?"
            let la = local.map { [$0] } ?? [], ra = peer.map { [$0] } ?? []
            for f in flows {
                out.append(TunnelChild(conn: conn, localTS: [f.from], remoteTS: [f.to], localAddrs: la, remoteAddrs: ra, origin: s.provenance(line: line)))
            }
            if flows.isEmpty { out.append(TunnelChild(conn: conn, localAddrs: la, remoteAddrs: ra, origin: s.provenance(line: line))) }
        }
        for s in parsed.sources("iked-conf") {
            for r in s.result.typed(IkedConfRecord.self) {
                children(s, line: r.line, hasFlows: r.fields[.flows] != nil, name: r.name, local: r.local, peer: r.peer, flows: r.flows)
            }
        }
        for s in parsed.sources("ipsecctl-conf") {
            for r in s.result.typed(IpsecctlConfRecord.self) {
                children(s, line: r.line, hasFlows: r.fields[.flows] != nil, name: r.name, local: r.local, peer: r.peer, flows: r.flows)
            }
        }
        return out
    }

    static func kernelChildren(_ parsed: ParsedCollection) -> [TunnelChild] {
        var out: [TunnelChild] = []
        for s in parsed.sources("ipsecctl-sa") {
            for r in s.result.typed(IpsecctlSaRecord.self) where r.kind == "flow" && r.dir == "out" {
                out.append(TunnelChild(conn: r.peer ?? "flow", localTS: r.from.map { [$0] } ?? [], remoteTS: r.to.map { [$0] } ?? [],
                                       localAddrs: r.local.map { [$0] } ?? [], remoteAddrs: r.peer.map { [$0] } ?? [],
                                       origin: s.provenance(line: r.line)))
            }
        }
        return out
    }
}
