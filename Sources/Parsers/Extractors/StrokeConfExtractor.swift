import Facts

/// strongSwan's ipsec.conf (starter/stroke) → facts, where IpsecConfOwner.strongswanEvidence
/// says the file is strongSwan's (the libreswan-conf parser reads both dialects' syntax; the
/// meaning of some keys differs, strongSwan ipsec.conf(5)):
///  - ike.implementation = strongswan; ike.strongswan_frontend = stroke where the connections
///    are ipsec.conf's (or `ipsec statusall`'s) and swanctl.conf defines none (the remedies then
///    speak `ipsec up`/`ipsec update`, RemedySelector); = swanctl where swanctl.conf defines them
///    and neither ipsec.conf nor `ipsec statusall` does (the remedies drop `ipsec.conf (stroke):` steps)
///  - conn.start_action from `auto=` (start → start, route → trap, add/ignore → none), when the
///    tunnels agree, after `conn %default` and `also=`
///  - conn.not_loaded: a conn of the file that the running charon does not list under
///    `Connections:` of `ipsec statusall` (starter never added it: `ipsec reload`/`update` not run)
///  - without `ipsec statusall`'s connections (SwanctlConnsExtractor reads those): conn.count,
///    conn.names, ike.tunnel_count, conn.local_ts/remote_ts, conn.local_addrs/remote_addrs,
///    conn.ike_version (`keyexchange=`: ikev1 → 1, ikev2 or the default `ike` → 2, strongSwan
///    initiating IKEv2), conn.auth (`leftauth=`, else `authby=`, whose default is pubkey)
public struct StrokeConfExtractor: FactExtractor {
    public init() {}

    public func facts(from parsed: ParsedCollection) -> [Fact] {
        var out = FactList()
        let why = IpsecConfOwner.strongswanEvidence(parsed)
        // charon under starter loads vici too, so swanctl's commands may answer on a stroke host:
        // what tells the front end is where the connections are defined (swanctl.conf has none).
        let swanctlConns = parsed.typed(SwanctlConfRecord.self, from: "swanctl-conf").contains { $0.record.kind == .connection }
        let status = parsed.typed(StrokeStatusRecord.self, from: "stroke-status")
        let strokeConns = status.contains { $0.record.kind == "conn" }
            || !(why == nil ? [] : LibreswanExtractor.resolvedConns(parsed)).isEmpty
        if !swanctlConns, strokeConns {
            out.add("ike.strongswan_frontend", .string("stroke"), why ?? Array(parsed.wholeSource("stroke-status").prefix(1)))
        } else if swanctlConns, !strokeConns {
            // swanctl.conf defines the connections and neither ipsec.conf nor `ipsec statusall`
            // shows one: a swanctl host, whose fix list has no use for ipsec.conf's counterparts
            // (RemedySelector). Without this nothing marked it (a gateway captured as the
            // Libreswan lab captures its strongSwan peer: swanctl.conf, --list-conns, charon.log).
            let conf = parsed.typed(SwanctlConfRecord.self, from: "swanctl-conf").filter { $0.record.kind == .connection }
            out.add("ike.strongswan_frontend", .string("swanctl"), conf.prefix(1).map { $0.provenance("connection \($0.record.name ?? "?") in swanctl.conf") })
        }
        guard let why else { return out.facts }
        out.add("ike.implementation", .string("strongswan"), why)
        let conns = LibreswanExtractor.resolvedConns(parsed)
        guard !conns.isEmpty else { return out.facts }
        let prov = conns.map { $0.0.source.provenance("conn \($0.0.name)") }
        let autos = conns.map { LibreswanExtractor.startAction($0.1["auto"]) }
        if Set(autos).count == 1, let a = autos.first {
            out.add("conn.start_action", .string(a), conns.map { $0.0.source.provenance("conn \($0.0.name): auto=\($0.1["auto"] ?? "(unset: ignore)")") })
        }
        let loaded = status.filter { $0.record.kind == "conn" }
        let statusall = status.contains { $0.record.kind == "daemon" }
        if statusall, HostExtractor.daemonMayRun(parsed) {
            let names = Set(loaded.compactMap { $0.record.name })
            let missing = conns.filter { !names.contains($0.0.name) }
            out.bool("conn.not_loaded", !missing.isEmpty, missing.isEmpty ? prov : missing.map {
                $0.0.source.provenance("conn \($0.0.name): in ipsec.conf, not loaded in the running charon")
            })
        }
        guard loaded.isEmpty else { return out.facts }
        out.number("conn.count", conns.count, prov)
        out.number("ike.tunnel_count", conns.count, prov)
        out.list("conn.names", conns.map { $0.0.name }, prov)
        let lts = unique(conns.flatMap { LibreswanConfParser.subnets($0.1["leftsubnet"] ?? "") })
        let rts = unique(conns.flatMap { LibreswanConfParser.subnets($0.1["rightsubnet"] ?? "") })
        if !lts.isEmpty { out.list("conn.local_ts", lts, prov) }
        if !rts.isEmpty { out.list("conn.remote_ts", rts, prov) }
        let la = unique(conns.compactMap { $0.1["left"] }.filter { CIDR($0) != nil })
        let ra = unique(conns.compactMap { $0.1["right"] }.filter { CIDR($0) != nil })
        if !la.isEmpty { out.list("conn.local_addrs", la, prov) }
        if !ra.isEmpty { out.list("conn.remote_addrs", ra, prov) }
        let versions = Set(conns.map { $0.1["keyexchange"]?.lowercased() == "ikev1" ? 1 : 2 })
        if versions.count == 1, let v = versions.first { out.number("conn.ike_version", v, prov) }
        let auths = Set(conns.map { StrokeConfExtractor.auth($0.1) })
        if auths.count == 1, let a = auths.first, let a {
            out.add("conn.auth", .string(a), conns.map { $0.0.source.provenance("conn \($0.0.name): \($0.1["leftauth"].map { "leftauth=\($0)" } ?? "authby=\($0.1["authby"] ?? "(unset: pubkey)")")") })
        }
        let remoteAuths = Set(conns.map { StrokeConfExtractor.auth($0.1, side: "right") })
        if remoteAuths.count == 1, let a = remoteAuths.first, let a {
            out.add("conn.remote_auth", .string(a), conns.map { $0.0.source.provenance("conn \($0.0.name): \($0.1["rightauth"].map { "rightauth=\($0)" } ?? "authby=\($0.1["authby"] ?? "(unset: pubkey)")")") })
        }
        return out.facts
    }

    /// The local authentication of a conn: `leftauth=` (pubkey, psk, eap[-method], xauth...), else
    /// `authby=` (secret/psk/xauthpsk → psk, never → none known, the rest and the default → pubkey).
    /// `side: "right"`: what the conn requires of the peer (`rightauth=`, else `authby=`).
    static func auth(_ d: [String: String], side: String = "left") -> String? {
        if let a = d[side + "auth"]?.lowercased() {
            if a.hasPrefix("eap") { return "eap" }
            if a.hasPrefix("xauth") { return "xauth" }
            return a == "secret" ? "psk" : a
        }
        switch d["authby"]?.lowercased() {
        case "secret"?, "psk"?, "xauthpsk"?: return "psk"
        case "never"?: return nil
        default: return "pubkey"
        }
    }
}
