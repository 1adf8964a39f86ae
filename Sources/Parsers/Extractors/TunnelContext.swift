import Facts

/// What the tunnel is — its traffic selectors and gateway addresses — read from whichever
/// implementation's evidence is present, so the firewall, NAT and forwarding checks run alike on
/// every host (issue 11: "the same checks must run from their own configs and status").
///
/// Sources are tried in tiers, and the first tier that names selectors or addresses wins:
/// 1. the IKE daemon's configuration and status (strongSwan swanctl or stroke, Libreswan/Openswan
///    or strongSwan `ipsec.conf`, Libreswan `ipsec status`, OpenBSD iked.conf/ipsec.conf,
///    racoon.conf, illumos ike/config): what the admin asked for;
/// 2. the kernel's security policy database (`ip xfrm policy`, KAME `setkey -DP` for racoon,
///    OpenBSD `ipsecctl -sa` flows): what some daemon installed, whatever its config format.
/// Tier 2 is a fallback rather than a union because a concentrator's SPD repeats every selector
/// of its config (30,000 policies for 10,000 tunnels) and would only cost time.
struct TunnelContext {
    var localTS: [CIDR] = []
    var remoteTS: [CIDR] = []
    var localAddrs: [CIDR] = []
    var remoteAddrs: [CIDR] = []

    /// Raw strings gathered from the sources, in order of preference.
    private struct Gathered {
        var lts: [String] = [], rts: [String] = [], la: [String] = [], ra: [String] = []
        var isEmpty: Bool { lts.isEmpty && rts.isEmpty && la.isEmpty && ra.isEmpty }
    }

    /// The collection's context, made once per collection and shared by the extractors.
    static func of(_ parsed: ParsedCollection, firstOnly: Bool = false) -> TunnelContext {
        parsed.derived.tunnel(parsed, firstOnly: firstOnly)
    }

    /// Each list cut to its first prefix: what `init(parsed, firstOnly: true)` gives.
    var firstOnly: TunnelContext {
        var t = TunnelContext()
        t.localTS = Array(localTS.prefix(1)); t.remoteTS = Array(remoteTS.prefix(1))
        t.localAddrs = Array(localAddrs.prefix(1)); t.remoteAddrs = Array(remoteAddrs.prefix(1))
        return t
    }

    private init() {}

    /// `firstOnly`: each list holds only its first prefix (all the firewall extractor looks at),
    /// which spares parsing and de-duplicating the selectors of every tunnel of a concentrator.
    init(_ parsed: ParsedCollection, firstOnly: Bool = false) {
        var g = Gathered()
        TunnelContext.daemon(parsed, &g)
        if g.isEmpty { TunnelContext.kernelSPD(parsed, &g) }
        // The first of `unique(x).compactMap(CIDR.init)` is the first of x that parses.
        func prefixes(_ x: [String]) -> [CIDR] {
            firstOnly ? x.lazy.compactMap { CIDR($0) }.first.map { [$0] } ?? [] : unique(x).compactMap { CIDR($0) }
        }
        localTS = prefixes(g.lts)
        remoteTS = prefixes(g.rts)
        localAddrs = prefixes(g.la)
        remoteAddrs = prefixes(g.ra)
    }

    // MARK: tier 1, the daemon's own view

    private static func daemon(_ parsed: ParsedCollection, _ g: inout Gathered) {
        // strongSwan: configured connections (swanctl, or `ipsec statusall`'s conn blocks, which
        // have the same shape), then the SAs (swanctl or stroke status).
        for s in parsed.sources("swanctl-list-conns") {
            for r in s.result.typed(SwanctlLoadedConnRecord.self) {
                for ch in r.children { g.lts += ch.localTs ?? []; g.rts += ch.remoteTs ?? [] }
                g.la += r.localAddrs; g.ra += r.remoteAddrs
            }
        }
        for s in parsed.sources("swanctl-conf") {
            for r in s.result.typed(SwanctlConfRecord.self) {
                for ch in r.children ?? [] { g.lts += ch.localTs ?? []; g.rts += ch.remoteTs ?? [] }
                g.la += r.localAddrs ?? []; g.ra += r.remoteAddrs ?? []
            }
        }
        for r in parsed.records("stroke-status") where r.str("kind") == "conn" {
            for ch in r["children"]?.arrayValue ?? [] { g.lts += ch.strings("local_ts"); g.rts += ch.strings("remote_ts") }
            g.la += r.strings("local_addrs"); g.ra += r.strings("remote_addrs")
        }
        let saSource = SwanctlSasExtractor.saSources.first(where: parsed.has) ?? "swanctl-list-sas"
        for s in parsed.sources(saSource) {
            for r in s.result.typed(SwanctlSaRecord.self) where r.kind != "shunt" {
                g.lts += r.localTs; g.rts += r.remoteTs
                if let h = r.localHost { g.la.append(h) }
                if let h = r.remoteHost { g.ra.append(h) }
            }
        }
        // Libreswan `ipsec status`: "10.1.0.0/24===192.0.2.1[@a]...192.0.2.2[@b]===10.2.0.0/24".
        for r in parsed.records("libreswan-status") where r.str("kind") == "connection" {
            if let t = r.str("local_ts") { g.lts.append(t) }
            if let t = r.str("remote_ts") { g.rts.append(t) }
            if let a = r.str("local") { g.la.append(a) }
            if let a = r.str("remote") { g.ra.append(a) }
        }
        ipsecConf(parsed, &g)
        otherConfigs(parsed, &g)
    }

    /// OpenBSD iked.conf / ipsec.conf (`from A to B peer P`), racoon.conf (`remote P`,
    /// `sainfo address A any address B any`), illumos ike/config (`local_addr`/`remote_addr`).
    private static func otherConfigs(_ parsed: ParsedCollection, _ g: inout Gathered) {
        for name in ["iked-conf", "ipsecctl-conf"] {
            for r in parsed.records(name) where r["flows"] != nil || r.str("peer") != nil {
                for f in r["flows"]?.arrayValue ?? [] {
                    if let a = f.str("from") { g.lts.append(a) }
                    if let b = f.str("to") { g.rts.append(b) }
                }
                if let l = r.str("local") { g.la.append(l) }
                if let p = r.str("peer") { g.ra.append(p) }
            }
        }
        for r in parsed.records("racoon-conf") {
            switch r.str("kind") {
            case "remote":
                if let n = r.str("name"), n != "anonymous" { g.ra.append(n) }
            case "sainfo":
                // "address 10.1.0.0/24 any": the second word is the prefix
                func prefix(_ id: String?) -> String? {
                    guard let w = id?.split(separator: " "), w.count >= 2, w[0] == "address" || w[0] == "subnet" else { return nil }
                    return String(w[1])
                }
                if let l = prefix(r.str("local")) { g.lts.append(l) }
                if let x = prefix(r.str("remote")) { g.rts.append(x) }
            default: break
            }
        }
        for r in parsed.records("illumos-ike-config") where r.str("kind") == "rule" {
            g.la += r.strings("local_addr"); g.ra += r.strings("remote_addr")
        }
    }

    /// `ipsec.conf` of Libreswan/Openswan or strongSwan's starter. Which of left and right is this
    /// host is decided as both daemons do: the side whose address is one of ours (or
    /// `%defaultroute`); left when nothing tells.
    private static func ipsecConf(_ parsed: ParsedCollection, _ g: inout Gathered) {
        guard parsed.has("libreswan-conf") else { return }
        let mine = parsed.interfaceAddresses
        func isLocal(_ v: String?) -> Bool {
            guard let v else { return false }
            if v == "%defaultroute" { return true }
            return CIDR(v).map { mine.contains($0.address) } ?? false
        }
        for (_, d) in LibreswanExtractor.resolvedConns(parsed) {
            var r = Record(line: 0)
            LibreswanConfParser.applyDerived(&r, d)
            let rec = r.json
            let swap = !isLocal(rec.str("left")) && isLocal(rec.str("right"))
            let (ls, rs) = swap ? ("remote_subnets", "local_subnets") : ("local_subnets", "remote_subnets")
            let (l, rr) = swap ? ("right", "left") : ("left", "right")
            g.lts += rec.strings(ls); g.rts += rec.strings(rs)
            if let a = rec.str(l) { g.la.append(a) }
            if let a = rec.str(rr) { g.ra.append(a) }
        }
    }

    // MARK: tier 2, the kernel's SPD

    private static func kernelSPD(_ parsed: ParsedCollection, _ g: inout Gathered) {
        // Linux XFRM: an outbound tunnel policy's selector is ours → theirs; its template names
        // the gateways.
        for r in parsed.records("xfrm-policy") where r.str("dir") == "out" {
            guard let t = r["tmpl"]?.arrayValue?.first(where: { $0.str("mode") == "tunnel" }) else { continue }
            if let s = r.str("src") { g.lts.append(s) }
            if let d = r.str("dst") { g.rts.append(d) }
            if let a = t.str("src") { g.la.append(a) }
            if let a = t.str("dst") { g.ra.append(a) }
        }
        // KAME (racoon, setkey -DP): "esp/tunnel/192.0.2.1-192.0.2.2/require".
        for r in parsed.records("setkey-DP") where r.str("dir") == "out" && r.str("action") == "ipsec" {
            guard let t = r.strings("templates").first(where: { $0.split(separator: "/").count >= 3 && $0.split(separator: "/")[1] == "tunnel" }) else { continue }
            if let s = r.str("src") { g.lts.append(s) }
            if let d = r.str("dst") { g.rts.append(d) }
            let ends = t.split(separator: "/")[2].split(separator: "-", maxSplits: 1)
            if ends.count == 2 { g.la.append(String(ends[0])); g.ra.append(String(ends[1])) }
        }
        // OpenBSD `ipsecctl -sa`: "flow esp out from 10.1.0.0/24 to 10.2.0.0/24 peer 192.0.2.2".
        for r in parsed.records("ipsecctl-sa") where r.str("kind") == "flow" && r.str("dir") == "out" {
            if let s = r.str("from") { g.lts.append(s) }
            if let d = r.str("to") { g.rts.append(d) }
            if let p = r.str("peer") { g.ra.append(p) }
            if let l = r.str("local") { g.la.append(l) }
        }
    }
}
