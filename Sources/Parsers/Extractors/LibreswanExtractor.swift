import Facts

/// Libreswan/Openswan sources → facts.
///  - any of libreswan-status, -showstates, -globalstatus, -conf, pluto-log: ike.implementation=libreswan
///  - states (status, showstates): ike.sa.count, ike.sa.established, ike.sa.connecting (an IKE
///    state still negotiating: STATE_MAIN_I1..I3/R*, STATE_PARENT_I1/I2, STATE_V2_PARENT_I1, "sent
///    IKE_SA_INIT request" ...), child.sa.installed, child.sa.count (established IPsec SAs),
///    child.sa.bytes_in/out (sum of `Traffic: ESPin/ESPout`); without states, from --globalstatus:
///    ike.sa.count, child.sa.count/installed, ike.sa.connecting (half-open IKE SAs)
///  - connections (status; else ipsec.conf): conn.count, conn.names, conn.local_ts, conn.remote_ts,
///    conn.local_addrs, conn.remote_addrs, conn.ike_version, conn.auth, ike.tunnel_count,
///    conn.multiple_subnets (a conn with leftsubnets/rightsubnets of more than one entry, or the
///    `conn/1x0` instances Libreswan makes of them), conn.ike_lifetimes_identical (two or more
///    tunnels, all with the same IKE and IPsec lifetimes and rekey fuzz 0%)
///  - ipsec.conf: conn.start_action (auto=start → start, route/ondemand → trap, add/ignore → none;
///    only when the tunnels agree), after resolving `also=` and `conn %default`
///  - pluto-log: the log.* facts, log.ike.retransmits, ike.nat_detected; from pluto's `"conn/1x0"`
///    instances of a split subnet list, conn.multiple_subnets and log.child.split_refused_by_peer
///    (PlutoSubnetInstances.swift) As for charon, a failure
///    before a later establishment of the same phase in the same log is not reported.
public struct LibreswanExtractor: FactExtractor {
    public init() {}

    /// IKEv2 initiator states (3.x/4.x; 5.x prints no state name, only the description) that
    /// wait for the IKE_AUTH response
    static let ikeAuthStates: Set<String> = ["STATE_PARENT_I2", "STATE_V2_PARENT_I2"]
    static let ikeAuthDescriptions = ["sent IKE_AUTH request", "sent v2I2"]

    /// `STATE_MAIN_R2`, `STATE_AGGR_R1`, `STATE_PARENT_R1`, `STATE_V2_PARENT_R1` ...: `_R` and a digit.
    static func isResponderState(_ s: String) -> Bool {
        let b = Array(s.utf8)
        return b.indices.dropLast(2).contains { b[$0] == UInt8(ascii: "_") && b[$0 + 1] == UInt8(ascii: "R") && (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(b[$0 + 2]) }
    }

    static let sources = ["libreswan-status", "libreswan-showstates", "libreswan-globalstatus", "libreswan-conf", "pluto-log"]

    public func facts(from parsed: ParsedCollection) -> [Fact] {
        guard LibreswanExtractor.sources.contains(where: { parsed.has($0) }) else { return [] }
        // An ipsec.conf alone may be strongSwan's (starter/stroke): StrokeConfExtractor reads it then.
        guard IpsecConfOwner.strongswanEvidence(parsed) == nil else { return [] }
        var out = FactList()
        let anySource = LibreswanExtractor.sources.flatMap { parsed.wholeSource($0) }
        out.add("ike.implementation", .string("libreswan"), Array(anySource.prefix(1)))
        states(parsed, &out)
        connections(parsed, &out)
        conf(parsed, &out)
        logs(parsed, &out)
        return out.facts
    }

    // MARK: states

    func states(_ parsed: ParsedCollection, _ out: inout FactList) {
        let srcs = ["libreswan-status", "libreswan-showstates"]
        guard srcs.contains(where: { parsed.has($0) }) else { globalStatus(parsed, &out); return }
        let recs = srcs.flatMap { parsed.typed(LibreswanStatusRecord.self, from: $0) }
        func ex(_ r: Sourced<LibreswanStatusRecord>) -> Provenance {
            let c = r.record.connection ?? ""
            return r.provenance("#\(r.record.serial ?? "?"): \"\(c)\" \(r.record.state ?? "") \(r.record.stateText ?? "")")
        }
        let whole = srcs.flatMap { parsed.wholeSource($0) }
        let st = recs.filter { $0.record.kind == "state" || $0.record.kind == "pending" }
        let ike = st.filter { $0.record.phase == "ike" }
        let ikeUp = ike.filter { $0.record.status == "established" }
        let ikeConnecting = ike.filter { $0.record.status == "connecting" }
        let child = st.filter { $0.record.phase == "child" && $0.record.status == "established" }
        out.number("ike.sa.count", ike.count, ike.isEmpty ? whole : ike.map(ex))
        out.bool("ike.sa.established", !ikeUp.isEmpty, ikeUp.isEmpty ? whole : ikeUp.map(ex))
        out.bool("ike.sa.connecting", !ikeConnecting.isEmpty, ikeConnecting.isEmpty ? whole : ikeConnecting.map(ex))
        // Responder states (`STATE_MAIN_R2`, `STATE_V2_PARENT_R1`): the peer started and did not go
        // on, as swanctl's `_r*` SPI says for charon (lsw-ikev1-id-mismatch, b: `#2: "lab"
        // STATE_MAIN_R2 (sent Main Mode R2)` after refusing a's ID). Libreswan 5 prints no state
        // name: then unknown.
        let named = ikeConnecting.compactMap { $0.record.state }
        if !ikeConnecting.isEmpty, named.count == ikeConnecting.count {
            let responding = ikeConnecting.filter { LibreswanExtractor.isResponderState($0.record.state ?? "") }
            out.bool("ike.sa.connecting_as_responder_only", responding.count == ikeConnecting.count, ikeConnecting.map(ex))
        }
        // An IKEv2 initiator retransmitting IKE_AUTH to the peer's UDP 4500 (`#3: "lab":4500
        // STATE_V2_PARENT_I2 (sent IKE_AUTH request); RETRANSMIT in 0s`): the peer answered
        // IKE_SA_INIT on 500, IKE moved to 4500 (NAT, or encapsulation=yes) and is unanswered
        // there (real pluto, variant lsw-udp4500-dropped). pluto's log does not show the port.
        let authOn4500 = ikeConnecting.filter { r in
            r.record.port == 4500 && r.record.event == "RETRANSMIT"
                && (LibreswanExtractor.ikeAuthStates.contains(r.record.state ?? "")
                    || LibreswanExtractor.ikeAuthDescriptions.contains { r.record.stateText?.hasPrefix($0) == true })
        }
        if !ikeConnecting.isEmpty {
            out.bool("ike.sa.auth_retransmitted_on_4500", !authOn4500.isEmpty, authOn4500.isEmpty ? ikeConnecting.map(ex) : authOn4500.map(ex))
        }
        out.bool("child.sa.installed", !child.isEmpty, child.isEmpty ? whole : child.map(ex))
        out.number("child.sa.count", child.count, child.isEmpty ? whole : child.map(ex))
        let sas = recs.filter { $0.record.kind == "sa" }
        let withBytes = sas.filter { $0.record.bytesIn != nil || $0.record.bytesOut != nil }
        if !withBytes.isEmpty {
            let prov = withBytes.map { $0.provenance("#\($0.record.serial ?? "?") \"\($0.record.connection ?? "")\" ESPin=\($0.record.bytesInText ?? "?")B ESPout=\($0.record.bytesOutText ?? "?")B") }
            out.number("child.sa.bytes_in", withBytes.compactMap { $0.record.bytesIn }.reduce(0) { $0.addingSaturating($1) }, prov)
            out.number("child.sa.bytes_out", withBytes.compactMap { $0.record.bytesOut }.reduce(0) { $0.addingSaturating($1) }, prov)
        }
    }

    /// Without a state list, `ipsec whack --globalstatus` still counts states: ike.sa.count
    /// (current.states.ike), child.sa.count (current.states.ipsec), ike.sa.connecting
    /// (current.states.iketype.halfopen > 0).
    func globalStatus(_ parsed: ParsedCollection, _ out: inout FactList) {
        let recs = parsed.typed(LibreswanGlobalStatusRecord.self, from: "libreswan-globalstatus")
        func counter(_ name: String) -> (Int, Provenance)? {
            guard let r = recs.last(where: { $0.record.name == name }), let v = r.record.value else { return nil }
            return (v, r.provenance("\(name)=\(v)"))
        }
        if let (n, p) = counter("current.states.ike") { out.number("ike.sa.count", n, [p]) }
        if let (n, p) = counter("current.states.ipsec") {
            out.number("child.sa.count", n, [p])
            out.bool("child.sa.installed", n > 0, [p])
        }
        if let (n, p) = counter("current.states.iketype.halfopen") { out.bool("ike.sa.connecting", n > 0, [p]) }
    }

    // MARK: connections from status

    func connections(_ parsed: ParsedCollection, _ out: inout FactList) {
        let status = parsed.typed(LibreswanStatusRecord.self, from: "libreswan-status")
        let conns = status.filter { $0.record.kind == "connection" }
        guard !conns.isEmpty else {
            if let t = status.first(where: { $0.record.kind == "totals" }), let n = t.record.loaded {
                out.number("conn.count", n, [t.provenance("Total IPsec connections: loaded \(n)")])
            }
            return
        }
        let prov = conns.map { $0.provenance("\"\($0.record.name ?? "")\": \($0.record.localTs ?? "")...\($0.record.remoteTs ?? "")") }
        let names = unique(conns.compactMap { $0.record.name })
        out.list("conn.names", names, prov)
        if let t = status.first(where: { $0.record.kind == "totals" }), let n = t.record.loaded {
            out.number("conn.count", n, [t.provenance("Total IPsec connections: loaded \(n)")])
        } else {
            out.number("conn.count", names.count, prov)
        }
        // Tunnels: the base names (a `/1x0` instance of leftsubnets is part of its conn).
        let bases = unique(names.map(LibreswanExtractor.baseName))
        out.number("ike.tunnel_count", bases.count, prov)
        func nonEmpty(_ field: (LibreswanStatusRecord) -> String?) -> [String] {
            unique(conns.compactMap { field($0.record) }.filter { !$0.isEmpty && !Wildcard.isAnyPeer($0) })
        }
        var lts = nonEmpty(\.localTs)
        let rts = nonEmpty(\.remoteTs)
        // A Mode Config client with no subnet of its own and no lease yet (a lease shows as its
        // `ADDR/32===`) proposes its own address: ipsec.conf(5), leftsubnet "if omitted,
        // essentially assumed to be left/32" (the lab's sw-vip-no-pool: the peer's charon logs
        // "traffic selectors 10.2.0.0/24 === 192.0.2.1/32 unacceptable").
        let clients = conns.filter { ($0.record.localTs ?? "").isEmpty && $0.record.modecfgClient }
        for c in clients {
            guard let host = c.record.local, !host.contains("/"), CIDR(host) != nil else { continue }
            let ts = host + (host.contains(":") ? "/128" : "/32")
            if !lts.contains(ts) { lts.append(ts) }
        }
        if !lts.isEmpty { out.list("conn.local_ts", lts, prov) }
        if !rts.isEmpty { out.list("conn.remote_ts", rts, prov) }
        let la = nonEmpty(\.local), ra = nonEmpty(\.remote)
        if !la.isEmpty { out.list("conn.local_addrs", la, prov) }
        if !ra.isEmpty { out.list("conn.remote_addrs", ra, prov) }
        let versions = Set(conns.compactMap { $0.record.ikeVersion })
        if versions.count == 1, let v = versions.first { out.number("conn.ike_version", v, prov) }
        let auths = Set(conns.compactMap { $0.record.auth })
        if auths.count == 1, let a = auths.first { out.add("conn.auth", .string(a), prov) }
        let split = conns.filter { LibreswanExtractor.baseName($0.record.name ?? "") != $0.record.name }
        out.bool("conn.multiple_subnets", !split.isEmpty, split.isEmpty ? prov : split.map { $0.provenance("\"\($0.record.name ?? "")\": one SA per subnet pair") })
        if bases.count >= 2 {
            let lifes = Set(conns.map { "\($0.record.ikeLife ?? "")|\($0.record.ipsecLife ?? "")" })
            let fuzz = Set(conns.map { $0.record.rekeyFuzz ?? "" })
            out.bool("conn.ike_lifetimes_identical", lifes.count == 1 && fuzz == ["0%"], prov)
        }
    }

    static func baseName(_ n: String) -> String {
        guard let slash = n.lastIndex(of: "/") else { return n }
        let tail = n[n.index(after: slash)...]
        let parts = tail.split(separator: "x")
        if parts.count == 2, parts.allSatisfy({ $0.allSatisfy(\.isNumber) }) { return String(n[..<slash]) }
        return n
    }

    // MARK: ipsec.conf

    struct Conn { var name: String; var settings: [String: String]; var also: [String]; var source: Sourced<LibreswanConfRecord> }

    /// Resolved conns of every libreswan-conf source: `%default` first, then `also=` (depth ≤ 8),
    /// then the conn's own settings. Conns only used as `also=` targets, `%default`, and
    /// `auto=ignore` ones are not tunnels.
    static func resolvedConns(_ parsed: ParsedCollection) -> [(Conn, [String: String])] {
        var conns: [Conn] = []
        for r in parsed.typed(LibreswanConfRecord.self, from: "libreswan-conf") where r.record.kind == "conn" {
            var d: [String: String] = [:]
            for s in r.record.settings { d[s.key] = s.value }
            conns.append(Conn(name: r.record.name ?? "", settings: d, also: r.record.also, source: r))
        }
        var byName: [String: Conn] = [:]
        for c in conns { byName[c.name] = c }
        let alsoTargets = Set(conns.flatMap(\.also))
        func merged(_ c: Conn, depth: Int) -> [String: String] {
            var d: [String: String] = [:]
            for a in c.also where depth < 8 {
                if let t = byName[a] { for (k, v) in merged(t, depth: depth + 1) where d[k] == nil { d[k] = v } }
            }
            for (k, v) in c.settings { d[k] = v }
            return d
        }
        let defaults = byName["%default"]?.settings ?? [:]
        var out: [(Conn, [String: String])] = []
        for c in conns where c.name != "%default" && !alsoTargets.contains(c.name) {
            var d = defaults
            for (k, v) in merged(c, depth: 0) { d[k] = v }
            if d["auto"] == "ignore" { continue }
            out.append((c, d))
        }
        return out
    }

    func conf(_ parsed: ParsedCollection, _ out: inout FactList) {
        guard parsed.has("libreswan-conf") else { return }
        let conns = LibreswanExtractor.resolvedConns(parsed)
        guard !conns.isEmpty else { return }
        let status = parsed.typed(LibreswanStatusRecord.self, from: "libreswan-status")
        let fromStatus = status.contains { $0.record.kind == "connection" }
        var derived: [(Conn, LibreswanConfRecord)] = []
        for (c, d) in conns {
            var r = LibreswanConfRecord(line: c.source.record.line)
            LibreswanConfParser.applyDerived(&r, d)
            derived.append((c, r))
        }
        let prov = derived.map { $0.0.source.provenance("conn \($0.0.name)") }
        // start action
        let autos = derived.map { LibreswanExtractor.startAction($0.1.auto) }
        if Set(autos).count == 1, let a = autos.first {
            out.add("conn.start_action", .string(a), derived.map { $0.0.source.provenance("conn \($0.0.name): auto=\($0.1.auto ?? "(unset: add)")") })
        }
        // several subnets on one side (seed 002)
        let multi = derived.filter { $0.1.multipleSubnets == true }
        if !multi.isEmpty || !fromStatus {
            out.bool("conn.multiple_subnets", !multi.isEmpty, multi.isEmpty ? prov : multi.map {
                $0.0.source.provenance("conn \($0.0.name): leftsubnets=\($0.1.localSubnets.joined(separator: ",")) rightsubnets=\($0.1.remoteSubnets.joined(separator: ","))")
            })
        }
        // Conns the file holds and the running pluto does not list ("Total IPsec connections:
        // loaded N" shows it answered): the file changed and `ipsec auto --add` (or a restart)
        // never followed (real pluto, variant lsw-conn-not-added).
        if status.contains(where: { $0.record.kind == "totals" }), HostExtractor.daemonMayRun(parsed) {
            let loaded = Set(status.filter { $0.record.kind == "connection" }.compactMap { $0.record.name.map(LibreswanExtractor.baseName) })
            let missing = derived.filter { !loaded.contains($0.0.name) }
            out.bool("conn.not_loaded", !missing.isEmpty, missing.isEmpty ? prov : missing.map {
                $0.0.source.provenance("conn \($0.0.name): in ipsec.conf, not loaded in the running pluto")
            })
        }
        guard !fromStatus else { return }
        out.number("ike.tunnel_count", derived.count, prov)
        if !status.contains(where: { $0.record.kind == "totals" }) {
            out.number("conn.count", derived.count, prov)
        }
        out.list("conn.names", derived.map { $0.0.name }, prov)
        let lts = unique(derived.flatMap { $0.1.localSubnets }), rts = unique(derived.flatMap { $0.1.remoteSubnets })
        if !lts.isEmpty { out.list("conn.local_ts", lts, prov) }
        if !rts.isEmpty { out.list("conn.remote_ts", rts, prov) }
        // addresses or host names only (`%defaultroute`, `%any` and annotated values are not addresses)
        func isAddress(_ v: String) -> Bool {
            CIDR(v) != nil || (!v.isEmpty && v.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") })
        }
        let la = unique(derived.compactMap { $0.1.left }.filter(isAddress))
        let ra = unique(derived.compactMap { $0.1.right }.filter(isAddress))
        if !la.isEmpty { out.list("conn.local_addrs", la, prov) }
        if !ra.isEmpty { out.list("conn.remote_addrs", ra, prov) }
        let versions = Set(derived.map { $0.1.ikeVersion ?? 1 })   // Libreswan < 4: IKEv1 unless ikev2=
        if versions.count == 1, let v = versions.first, derived.contains(where: { $0.1.ikeVersion != nil }) {
            out.number("conn.ike_version", v, prov)
        }
        let auths = Set(derived.map { ($0.1.authby ?? "rsasig").lowercased() })
        if auths.count == 1, let a = auths.first {
            out.add("conn.auth", .string(a == "secret" ? "psk" : a.hasPrefix("rsa") || a.hasPrefix("ecdsa") ? "pubkey" : a), prov)
        }
        // what the conn requires of the peer: rightauth= (4.x), else the symmetric authby=
        // (the derived record has no `rightauth`: applyDerived does not copy it, so this has
        // always read authby= alone; left as it was, see type18a's report)
        let remoteAuths = Set(derived.map { ($0.1.authby ?? "rsasig").lowercased() })
        if remoteAuths.count == 1, let a = remoteAuths.first {
            out.add("conn.remote_auth", .string(a == "secret" || a == "psk" ? "psk" : a.hasPrefix("rsa") || a.hasPrefix("ecdsa") || a == "pubkey" ? "pubkey" : a.hasPrefix("eap") ? "eap" : a), prov)
        }
        if derived.count >= 2 {
            let lifes = Set(derived.map { "\($0.1.ikelifetime ?? "default")|\($0.1.salifetime ?? "default")" })
            let fuzz = Set(derived.map { $0.1.rekeyfuzz ?? "100%" })
            out.bool("conn.ike_lifetimes_identical", lifes.count == 1 && fuzz == ["0%"], prov)
        }
    }

    static func startAction(_ auto: String?) -> String {
        switch auto?.lowercased() {
        case "start"?, "up"?: return "start"
        case "route"?, "ondemand"?: return "trap"
        default: return "none"
        }
    }

    // MARK: pluto log

    static let logFacts = DaemonLogFacts(catalogue: LibreswanMessages.catalogue)

    func logs(_ parsed: ParsedCollection, _ out: inout FactList) {
        LibreswanExtractor.logFacts.add(parsed.sources("pluto-log"), to: &out)
        ownKey(parsed.sources("pluto-log"), &out)
        subnetInstances(parsed, &out)
    }

    /// pluto 4.10 with a certificate whose private key is not in NSS logs no cause, in its log
    /// or on the console (real daemons, variant lsw-cert-no-private-key): adding the conn lacks
    /// `loaded private key matching left certificate 'gw-a'`, and after the peer's IKE_SA_INIT
    /// response it stops with a bare `encountered fatal error in state STATE_V2_PARENT_I1`
    /// (every other such stop in Libreswan's test suite names its cause on the line before).
    ///  - log.cert.own_key_loaded: a conn add of this log loaded a private key for its certificate
    ///    (reported only when the log shows a conn being added)
    ///  - log.ike.initiator_failed_silently: a fatal error while processing IKE_SA_INIT's response,
    ///    with no line naming a failure on that state before it
    ///  - log.conn.add_failed: pluto refused to add a conn (`"lab": failed to add connection: left
    ///    certificate 'gw-b' is expired or not yet valid`, connections.c): the running daemon has
    ///    no such conn, whatever the file says, and the line names why (batch 13,
    ///    lsw-cert-responder-not-yet-valid); reported only when the log shows a conn being added
    func ownKey(_ sources: [ParsedSource], _ out: inout FactList) {
        guard !sources.isEmpty else { return }
        var added = false
        var loaded: [Provenance] = []
        var silent: [Provenance] = []
        var addFailed: [Provenance] = []
        for src in sources {
            var explained = Set<Int>()     // serials with a failure line since their IKE_SA_INIT
            for r in src.result.typed(LogEventRecord.self) {
                guard let m = r.message else { continue }
                let line = r.line, serial = r.serial
                if m.hasPrefix("added IKEv") || m.hasPrefix("IKE SA proposals (connection add)") || m.hasPrefix("added connection") { added = true }
                if m.hasPrefix("loaded private key matching") {
                    loaded.append(Provenance(.log, src.origin, line: line, excerpt: r.text ?? m))
                }
                if m.hasPrefix("failed to add connection: ") {
                    added = true
                    addFailed.append(Provenance(.log, src.origin, line: line, excerpt: r.text ?? m))
                }
                if let e = r.event, !LibreswanExtractor.notAFailure.contains(e), let s = serial { explained.insert(s) }
                if m.hasPrefix("encountered fatal error in state "),
                   LibreswanExtractor.ikeSaInitStates.contains(where: { m.hasSuffix($0) }),
                   serial.map({ !explained.contains($0) }) ?? false {
                    silent.append(Provenance(.log, src.origin, line: line, excerpt: r.text ?? m))
                }
            }
        }
        let whole = sources.map { Provenance(.log, $0.origin) }
        if added || !loaded.isEmpty { out.bool("log.cert.own_key_loaded", !loaded.isEmpty, loaded.isEmpty ? whole : loaded) }
        out.bool("log.ike.initiator_failed_silently", !silent.isEmpty, silent.isEmpty ? whole : silent)
        if added { out.bool("log.conn.add_failed", !addFailed.isEmpty, addFailed.isEmpty ? whole : addFailed) }
    }

    /// Events that do not explain a stop (context, retransmits)
    static let notAFailure: Set<String> = ["established_ike", "established_child", "retransmit", "nat_detected", "informational"]
    /// The initiator's state while it processes the IKE_SA_INIT response (3.x, 4.x, 5.x)
    static let ikeSaInitStates = ["STATE_PARENT_I1", "STATE_V2_PARENT_I1", "IKE_SA_INIT_I"]
}
