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

    /// What the facts need of a connection, from whichever source lists it.
    struct Conn {
        var name: String?
        var ikeVersion: Int?
        var localAddrs: [String]
        var remoteAddrs: [String]
        var localAuth: [String]
        var localTS: [String]
        var remoteTS: [String]
        var provenance: (String?) -> Provenance
    }

    public func facts(from parsed: ParsedCollection) -> [Fact] {
        let loaded = parsed.typed(SwanctlLoadedConnRecord.self, from: "swanctl-list-conns").map { c in
            let r = c.record
            return Conn(name: r.name, ikeVersion: r.ikeVersion, localAddrs: r.localAddrs, remoteAddrs: r.remoteAddrs,
                        localAuth: r.localAuth, localTS: r.children.flatMap { $0.localTs ?? [] },
                        remoteTS: r.children.flatMap { $0.remoteTs ?? [] }, provenance: c.provenance)
        }
        let confRecords = parsed.typed(SwanctlConfRecord.self, from: "swanctl-conf").filter { $0.record.kind == .connection }
        let conf = confRecords.map { c in
            let r = c.record
            return Conn(name: r.name, ikeVersion: r.version, localAddrs: r.localAddrs ?? [], remoteAddrs: r.remoteAddrs ?? [],
                        localAuth: r.localAuth ?? [], localTS: (r.children ?? []).flatMap { $0.localTs ?? [] },
                        remoteTS: (r.children ?? []).flatMap { $0.remoteTs ?? [] }, provenance: c.provenance)
        }
        // stroke's `ipsec statusall` lists the loaded connections too, where swanctl is absent
        // (records shaped as swanctl-list-conns records, read as JSON).
        let stroke = parsed.sourced("stroke-status").filter { $0.record.str("kind") == "conn" }.map { c in
            let r = c.record
            return Conn(name: r.str("name"), ikeVersion: r.int("ike_version") ?? r.int("version"),
                        localAddrs: r.strings("local_addrs"), remoteAddrs: r.strings("remote_addrs"),
                        localAuth: r.strings("local_auth"),
                        localTS: (r["children"]?.arrayValue ?? []).flatMap { $0.strings("local_ts") },
                        remoteTS: (r["children"]?.arrayValue ?? []).flatMap { $0.strings("remote_ts") }, provenance: c.provenance)
        }
        let conns = parsed.has("swanctl-list-conns") ? loaded : !conf.isEmpty ? conf : stroke
        var out = FactList()
        if parsed.has("swanctl-list-conns") || !conf.isEmpty || !stroke.isEmpty {
            let prov = conns.isEmpty ? (parsed.wholeSource("swanctl-list-conns") + parsed.wholeSource("swanctl-conf"))
                : conns.map { $0.provenance($0.name) }
            out.number("conn.count", conns.count, prov)
            out.list("conn.names", conns.compactMap(\.name), prov)
            out.number("ike.tunnel_count", conns.count, prov)
            if let first = conns.first {
                if let v = first.ikeVersion { out.number("conn.ike_version", v, [first.provenance(first.name)]) }
                var lts: [String] = [], rts: [String] = []
                for c in conns { lts += c.localTS; rts += c.remoteTS }
                if !lts.isEmpty { out.list("conn.local_ts", unique(lts), prov) }
                if !rts.isEmpty { out.list("conn.remote_ts", unique(rts), prov) }
                let la = unique(conns.flatMap(\.localAddrs))
                let ra = unique(conns.flatMap(\.remoteAddrs))
                if !la.isEmpty { out.list("conn.local_addrs", la, prov) }
                if !ra.isEmpty { out.list("conn.remote_addrs", ra, prov) }
                if let a = first.localAuth.first {
                    out.add("conn.auth", .string(SwanctlConnsExtractor.auth(a)), [first.provenance(first.name)])
                }
            }
        }
        // Start action: only swanctl.conf says it.
        if let first = confRecords.first {
            let actions = confRecords.flatMap { c in (c.record.children ?? []).map { $0.startAction ?? "none" } }
            if let a = actions.first {
                // swanctl.conf allows `start`, `trap`, `none` and combinations like `trap|start`.
                let v = a.contains("start") ? "start" : a.contains("trap") || a == "route" ? "trap" : "none"
                out.add("conn.start_action", .string(v), [first.provenance("start_action = \(a)")])
            }
        }
        return out.facts
    }
}
