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
        /// What this end requires of the peer (`remote { auth }`, `remote ... authentication:`)
        var remoteAuth: [String] = []
        var children: [Child]
        /// The source by one shared reference: 10,000 connections each held a copy of the
        /// parsed source's several references before.
        let ref: SourceRef
        let line: Int?

        struct Child {
            var name: String
            var line: Int?
            var localTS: [String]
            var remoteTS: [String]
            /// mode = drop/pass: a shunt installs a policy, never a tunnel (no CHILD SA to initiate)
            var shunt = false
        }

        var localTS: [String] { children.flatMap(\.localTS) }
        var remoteTS: [String] { children.flatMap(\.remoteTS) }
        func provenance(_ excerpt: String?) -> Provenance { ref.source.provenance(line: line, excerpt: excerpt) }
        func provenance(of child: Child, _ excerpt: String?) -> Provenance { ref.source.provenance(line: child.line, excerpt: excerpt) }
    }

    /// The configured connections, from the best source there is: the loaded ones
    /// (`swanctl --list-conns`), else swanctl.conf's, else those of stroke's `ipsec statusall`
    /// (records shaped as swanctl-list-conns records, read as JSON). Also swanctl.conf's
    /// connection records, the only source of the start action.
    static func connections(_ parsed: ParsedCollection) -> (conns: [Conn], confRecords: [Sourced<SwanctlConfRecord>]) {
        parsed.derived.connections(parsed)
    }

    /// What `connections` returns, made once per collection (`Derived`): three extractors read
    /// it, and each made its own 10,000 connections before (2–3 MiB each, at the same time).
    static func makeConnections(_ parsed: ParsedCollection) -> (conns: [Conn], confRecords: [Sourced<SwanctlConfRecord>]) {
        let confRecords = parsed.typed(SwanctlConfRecord.self, from: "swanctl-conf").filter { $0.record.kind == .connection }
        if parsed.has("swanctl-list-conns") {
            let loaded = parsed.typed(SwanctlLoadedConnRecord.self, from: "swanctl-list-conns").map { c in
                let r = c.record
                return Conn(name: r.name, ikeVersion: r.ikeVersion, localAddrs: r.localAddrs, remoteAddrs: r.remoteAddrs,
                            localAuth: r.localAuth, remoteAuth: r.remoteAuth,
                            children: r.children.map { Conn.Child(name: $0.name, line: $0.line, localTS: $0.localTs ?? [], remoteTS: $0.remoteTs ?? [],
                                                                      shunt: SwanctlConnsExtractor.isShunt($0.mode)) },
                            ref: c.ref, line: r.line)
            }
            return (loaded, confRecords)
        }
        let conf = confRecords.map { c in
            let r = c.record
            return Conn(name: r.name, ikeVersion: r.version, localAddrs: r.localAddrs ?? [], remoteAddrs: r.remoteAddrs ?? [],
                        localAuth: r.localAuth ?? [], remoteAuth: r.remoteAuth ?? [],
                        children: (r.children ?? []).map { Conn.Child(name: $0.name, line: $0.line, localTS: $0.localTs ?? [], remoteTS: $0.remoteTs ?? [],
                                                                             shunt: SwanctlConnsExtractor.isShunt($0.mode)) },
                        ref: c.ref, line: r.line)
        }
        if !conf.isEmpty { return (conf, confRecords) }
        let stroke = parsed.typed(StrokeStatusRecord.self, from: "stroke-status").filter { $0.record.kind == "conn" }.map { c in
            let r = c.record
            return Conn(name: r.name, ikeVersion: r.ikeVersion,
                        localAddrs: r.localAddrs, remoteAddrs: r.remoteAddrs,
                        localAuth: r.localAuth, remoteAuth: r.remoteAuth,
                        children: r.children.map {
                            Conn.Child(name: $0.name ?? "", line: $0.line, localTS: $0.localTs, remoteTS: $0.remoteTs)
                        },
                        ref: c.ref, line: r.line)
        }
        return (stroke, confRecords)
    }

    /// `mode = drop|pass` in swanctl.conf, `DROP`/`PASS` in `swanctl --list-conns`.
    static func isShunt(_ mode: String?) -> Bool { ["drop", "pass"].contains(mode?.lowercased() ?? "") }

    public func facts(from parsed: ParsedCollection) -> [Fact] {
        let (all, confRecords) = SwanctlConnsExtractor.connections(parsed)
        // A connection of shunts only ("block { children { deny { mode = drop } } }") is no tunnel:
        // its name and children are nothing to initiate, its selectors and %any addresses not the
        // tunnel's (variant dp-drop-shunt: a remedy said `swanctl --initiate --child deny`).
        // (One pass, a connection without shunts kept as it is: not a filtered copy of every
        // connection and then a mapped copy of that.)
        let conns: [Conn] = all.compactMap { c in
            guard c.children.contains(where: \.shunt) else { return c }
            guard c.children.contains(where: { !$0.shunt }) else { return nil }
            var t = c
            t.children = c.children.filter { !$0.shunt }
            return t
        }
        var out = FactList()
        if parsed.has("swanctl-list-conns") || !all.isEmpty {
            let prov = conns.isEmpty ? (parsed.wholeSource("swanctl-list-conns") + parsed.wholeSource("swanctl-conf"))
                : conns.firstKept { $0.provenance($0.name) }
            out.number("conn.count", all.count, prov)   // loaded, shunts included
            out.list("conn.names", conns.compactMap(\.name), prov)
            // `swanctl --initiate --child` takes a CHILD config's name, which need not be its connection's.
            let children = unique(conns.flatMap { $0.children.map(\.name) }.filter { !$0.isEmpty })
            if !children.isEmpty { out.list("conn.child_names", children, prov) }
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
                // What one connection requires: the one the log names where it fails, else the first.
                let named = conns.count > 1 ? LogNamedConnection.name(parsed, among: conns.compactMap(\.name)) : nil
                let c = named.flatMap { n in conns.first { $0.name == n.name } } ?? first
                let why = named.map { [$0.provenance] } ?? []
                if let a = c.localAuth.first {
                    out.add("conn.auth", .string(SwanctlConnsExtractor.auth(a)), [c.provenance(c.name)] + why)
                }
                if let a = c.remoteAuth.first {
                    out.add("conn.remote_auth", .string(SwanctlConnsExtractor.auth(a)), [c.provenance("\(c.name ?? "?"): remote auth \(a)")] + why)
                }
            }
        }
        // Connections swanctl.conf holds and the running charon does not (--list-conns answered):
        // `swanctl --load-all` (--load-conns) never ran after the file changed or charon restarted
        // (real charon, variant responder-conn-not-loaded).
        if parsed.has("swanctl-list-conns"), !confRecords.isEmpty, HostExtractor.daemonMayRun(parsed) {
            let loaded = Set(all.compactMap(\.name))
            let missing = confRecords.filter { !loaded.contains($0.record.name ?? "") }
            out.bool("conn.not_loaded", !missing.isEmpty, missing.isEmpty ? parsed.wholeSource("swanctl-list-conns") : missing.firstKept {
                $0.provenance("connection \($0.record.name ?? "?"): in swanctl.conf, not loaded in the running charon")
            })
        }
        // Start action: only swanctl.conf says it.
        if let first = confRecords.first {
            // shunt children (mode = drop/pass) install a policy, never a tunnel: their `trap` is not one
            let actions = confRecords.flatMap { c in
                (c.record.children ?? []).filter { !["drop", "pass"].contains($0.mode ?? "") }.map { $0.startAction ?? "none" }
            }
            if let a = actions.first {
                // swanctl.conf allows `start`, `trap`, `none` and combinations like `trap|start`.
                let v = a.contains("start") ? "start" : a.contains("trap") || a == "route" ? "trap" : "none"
                out.add("conn.start_action", .string(v), [first.provenance("start_action = \(a)")])
            }
        }
        return out.facts
    }
}
