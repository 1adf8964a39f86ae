import Facts
import Parsers
import Probes

/// The connections a strongSwan daemon has loaded, as `swanctl --list-conns` lists them, for a
/// gateway whose configuration files are not in the snapshot: `collect` without root, a
/// snapshot whose swanctl.conf was left out because it holds the PSK, or saved command outputs
/// only. Without them compare would call the tunnel missing at that end.
///
/// The listing is the daemon's view (what it will negotiate with), but it leaves most settings
/// out: no IKE or ESP proposals, no exchange mode, no encapsulation, MOBIKE, ports or life
/// times (swanctl's list_conns.c prints addresses, authentication rounds, identities, the rekey
/// time and each CHILD's mode and selectors). Those are marked unknown so that no check reads a
/// missing setting as the daemon's default.
extension SnapshotAdapter {
    /// Tunnels from `swanctl --list-conns` whose name no configuration file given already holds.
    static func loadedSwanctlTunnels(_ g: Gathered, configured: [TunnelConfig], texts: inout TextCache) -> [TunnelConfig] {
        let known = Set(configured.map(\.name))
        var out: [TunnelConfig] = []
        for src in g.parsed.sources("swanctl-list-conns") {
            let file = texts.display(src.origin)
            let lines = texts.lines(src.origin)
            for rec in src.result.typed(SwanctlLoadedConnRecord.self) where !known.contains(rec.name) {
                out.append(loadedSwanctlTunnel(rec, file: file, lines: lines))
            }
        }
        return out
    }

    static func loadedSwanctlTunnel(_ r: SwanctlLoadedConnRecord, file: String, lines: [String]) -> TunnelConfig {
        func at(_ n: Int) -> SourceLine {
            SourceLine(file: file, line: n, text: lines.indices.contains(n - 1) ? lines[n - 1].trimmingCharacters(in: .whitespaces) : nil)
        }
        var t = TunnelConfig(
            name: r.name, dialect: .swanctl, ikeVersion: r.ikeVersion, aggressive: nil,
            localAddrs: r.localAddrs, remoteAddrs: r.remoteAddrs,
            localID: r.localId?.first, remoteID: r.remoteId?.first,
            localAuth: r.localAuth.first.map(authKeyword), remoteAuth: r.remoteAuth.first.map(authKeyword),
            ikeProposals: nil, dpdDelay: r.dpdDelay.map { "\($0)s" }, encap: nil, mobike: nil,
            rekeyTime: r.rekeyTime.map { "\($0)s" }, children: [], origin: at(r.line))
        t.settingsKnown = false
        // every setting's line is the connection's header: the listing has no line per setting
        for key in ["version", "local_addrs", "remote_addrs", "local.id", "remote.id", "local.auth", "remote.auth"] {
            t.lines[key] = at(r.line)
        }
        for c in r.children {
            var child = ChildConfig(name: c.name, localTS: c.localTs ?? [], remoteTS: c.remoteTs ?? [],
                                    espProposals: nil, ahProposals: nil, mode: c.mode.lowercased(), startAction: nil,
                                    rekeyTime: c.rekeyTime.map { "\($0)s" }, lifeTime: nil)
            child.espKnown = false
            child.lines["child"] = at(c.line)
            child.lines["local_ts"] = at(c.line)
            child.lines["remote_ts"] = at(c.line)
            t.children.append(child)
        }
        return t
    }

    /// swanctl prints an authentication round by its class (`pre-shared key`, `public key`,
    /// `EAP_MSCHAPV2`, `XAuth`, `unspecified`); compare reads swanctl.conf's keywords.
    static func authKeyword(_ printed: String) -> String {
        let p = printed.lowercased()
        switch p {
        case "pre-shared key": return "psk"
        case "public key": return "pubkey"
        case "unspecified", "any": return "any"
        default:
            if p.hasPrefix("eap") { return "eap" + (p.dropFirst(3).first == "_" ? "-" + p.dropFirst(4) : "") }
            if p.hasPrefix("xauth") { return "xauth" }
            return p
        }
    }
}
