import Facts

/// OpenBSD: iked.conf and isakmpd's ipsec.conf (`ikev2 "lab" esp from A to B peer P`, one child
/// per flow), and the kernel's flows of `ipsecctl -sa` (`flow esp out from A to B peer P`).
extension OpenBSDExtractor: TunnelChildSource {
    static func daemonChildren(_ parsed: ParsedCollection) -> [TunnelChild] {
        var out: [TunnelChild] = []
        for name in ["iked-conf", "ipsecctl-conf"] {
            for s in parsed.sources(name) {
                for r in s.result.records where r["flows"] != nil || r.str("peer") != nil {
                    let conn = r.str("name") ?? r.str("peer") ?? "?"
                    let la = r.str("local").map { [$0] } ?? [], ra = r.str("peer").map { [$0] } ?? []
                    let flows = r["flows"]?.arrayValue ?? []
                    for f in flows {
                        out.append(TunnelChild(conn: conn, localTS: f.str("from").map { [$0] } ?? [], remoteTS: f.str("to").map { [$0] } ?? [],
                                               localAddrs: la, remoteAddrs: ra, origin: s.provenance(line: f.recordLine ?? r.recordLine)))
                    }
                    if flows.isEmpty { out.append(TunnelChild(conn: conn, localAddrs: la, remoteAddrs: ra, origin: s.provenance(line: r.recordLine))) }
                }
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
