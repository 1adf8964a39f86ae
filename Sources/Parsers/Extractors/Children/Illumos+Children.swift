import Facts

/// illumos/Solaris in.iked: `/etc/inet/ike/config` rules name the gateways (`local_addr`,
/// `remote_addr`); the selectors live in ipsecinit.conf, which names no tunnel.
extension IllumosExtractor: TunnelChildSource {
    static func daemonChildren(_ parsed: ParsedCollection) -> [TunnelChild] {
        var out: [TunnelChild] = []
        for s in parsed.sources("illumos-ike-config") {
            for r in s.result.records where r.str("kind") == "rule" {
                out.append(TunnelChild(conn: r.str("label") ?? "rule", localAddrs: r.strings("local_addr"), remoteAddrs: r.strings("remote_addr"),
                                       origin: s.provenance(line: r.recordLine)))
            }
        }
        return out
    }
}
