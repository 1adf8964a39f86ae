import Facts

/// Linux XFRM: an outbound tunnel-mode policy of `ip xfrm policy` is one child as the kernel holds
/// it, whichever daemon installed it: its selector is ours → theirs, its template names the gateways.
extension XfrmExtractor: TunnelChildSource {
    static func daemonChildren(_ parsed: ParsedCollection) -> [TunnelChild] { [] }

    static func kernelChildren(_ parsed: ParsedCollection) -> [TunnelChild] {
        var out: [TunnelChild] = []
        for s in parsed.sources("xfrm-policy") {
            for r in s.result.records where r.str("dir") == "out" {
                guard let t = r["tmpl"]?.arrayValue?.first(where: { $0.str("mode") == "tunnel" }) else { continue }
                out.append(TunnelChild(conn: "reqid \(t.int("reqid").map(String.init) ?? "?")",
                                       localTS: r.str("src").map { [$0] } ?? [], remoteTS: r.str("dst").map { [$0] } ?? [],
                                       localAddrs: t.str("src").map { [$0] } ?? [], remoteAddrs: t.str("dst").map { [$0] } ?? [],
                                       origin: s.provenance(line: r.recordLine)))
            }
        }
        return out
    }
}
