import Facts

/// swanctl --list-conns (loaded connections) and swanctl.conf → conn.count, conn.names,
/// conn.ike_version, conn.start_action (swanctl.conf only: --list-conns does not show it;
/// swanctl's default is `none`; `trap` means on traffic), conn.local_ts, conn.remote_ts,
/// conn.local_addrs, conn.remote_addrs, conn.auth, ike.tunnel_count.
/// Where both are present the loaded connections (list-conns) are used and swanctl.conf adds
/// only the start action; without either, stroke's `ipsec statusall` connections (stroke-status).
public struct SwanctlConnsExtractor: FactExtractor {
    public init() {}

    /// swanctl's auth names from either source: `pre-shared key` → psk, `public key` → pubkey.
    static func auth(_ s: String) -> String {
        let l = s.lowercased()
        if l.contains("pre-shared") || l == "psk" { return "psk" }
        if l.contains("public key") || l == "pubkey" || l.hasPrefix("rsa") || l.hasPrefix("ecdsa") { return "pubkey" }
        if l.hasPrefix("xauth") { return "xauth" }
        if l.hasPrefix("eap") || l.contains("eap") { return "eap" }
        return l
    }

    public func facts(from parsed: ParsedCollection) -> [Fact] {
        let loaded = parsed.sourced("swanctl-list-conns")
        let conf = parsed.sourced("swanctl-conf").filter { $0.record.str("kind") == "connection" }
        // stroke's `ipsec statusall` lists the loaded connections too, where swanctl is absent.
        let stroke = parsed.sourced("stroke-status").filter { $0.record.str("kind") == "conn" }
        let conns = parsed.has("swanctl-list-conns") ? loaded : !conf.isEmpty ? conf : stroke
        var out = FactList()
        if parsed.has("swanctl-list-conns") || !conf.isEmpty || !stroke.isEmpty {
            let prov = conns.isEmpty ? (parsed.wholeSource("swanctl-list-conns") + parsed.wholeSource("swanctl-conf"))
                : conns.map { $0.provenance($0.record.str("name")) }
            out.number("conn.count", conns.count, prov)
            out.list("conn.names", conns.compactMap { $0.record.str("name") }, prov)
            out.number("ike.tunnel_count", conns.count, prov)
            if let first = conns.first {
                let v: Int? = first.record.int("ike_version") ?? first.record.int("version")
                if let v { out.number("conn.ike_version", v, [first.provenance(first.record.str("name"))]) }
                var lts: [String] = [], rts: [String] = []
                for c in conns {
                    for ch in c.record["children"]?.arrayValue ?? [] {
                        lts += ch.strings("local_ts"); rts += ch.strings("remote_ts")
                    }
                }
                if !lts.isEmpty { out.list("conn.local_ts", unique(lts), prov) }
                if !rts.isEmpty { out.list("conn.remote_ts", unique(rts), prov) }
                let la = unique(conns.flatMap { $0.record.strings("local_addrs") })
                let ra = unique(conns.flatMap { $0.record.strings("remote_addrs") })
                if !la.isEmpty { out.list("conn.local_addrs", la, prov) }
                if !ra.isEmpty { out.list("conn.remote_addrs", ra, prov) }
                if let a = first.record.strings("local_auth").first {
                    out.add("conn.auth", .string(SwanctlConnsExtractor.auth(a)), [first.provenance(first.record.str("name"))])
                }
            }
        }
        // Start action: only swanctl.conf says it.
        if let first = conf.first {
            let actions = conf.flatMap { c in (c.record["children"]?.arrayValue ?? []).map { $0.str("start_action") ?? "none" } }
            if let a = actions.first {
                // swanctl.conf allows `start`, `trap`, `none` and combinations like `trap|start`.
                let v = a.contains("start") ? "start" : a.contains("trap") || a == "route" ? "trap" : "none"
                out.add("conn.start_action", .string(v), [first.provenance("start_action = \(a)")])
            }
        }
        return out.facts
    }
}
