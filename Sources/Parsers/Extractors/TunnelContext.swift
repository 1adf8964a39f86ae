import Facts

/// What the tunnel is, read from whichever strongSwan source is present: its traffic selectors
/// and gateway addresses. Shared by the firewall, NAT and forwarding extractors.
struct TunnelContext {
    var localTS: [CIDR] = []
    var remoteTS: [CIDR] = []
    var localAddrs: [CIDR] = []
    var remoteAddrs: [CIDR] = []

    /// `firstOnly`: each list holds only its first prefix (all the firewall extractor looks at),
    /// which spares parsing and de-duplicating the selectors of every tunnel of a concentrator.
    init(_ parsed: ParsedCollection, firstOnly: Bool = false) {
        var lts: [String] = [], rts: [String] = [], la: [String] = [], ra: [String] = []
        for s in parsed.sources("swanctl-list-conns") {
            for r in s.result.typed(SwanctlLoadedConnRecord.self) {
                for ch in r.children { lts += ch.localTs ?? []; rts += ch.remoteTs ?? [] }
                la += r.localAddrs; ra += r.remoteAddrs
            }
        }
        for s in parsed.sources("swanctl-conf") {
            for r in s.result.typed(SwanctlConfRecord.self) {
                for ch in r.children ?? [] { lts += ch.localTs ?? []; rts += ch.remoteTs ?? [] }
                la += r.localAddrs ?? []; ra += r.remoteAddrs ?? []
            }
        }
        let saSource = SwanctlSasExtractor.saSources.first(where: parsed.has) ?? "swanctl-list-sas"
        for r in parsed.records(saSource) where r.str("kind") != "shunt" {
            lts += r.strings("local_ts"); rts += r.strings("remote_ts")
            if let h = r.str("local_host") { la.append(h) }
            if let h = r.str("remote_host") { ra.append(h) }
        }
        // The first of `unique(x).compactMap(CIDR.init)` is the first of x that parses.
        func prefixes(_ x: [String]) -> [CIDR] {
            firstOnly ? x.lazy.compactMap { CIDR($0) }.first.map { [$0] } ?? [] : unique(x).compactMap { CIDR($0) }
        }
        localTS = prefixes(lts)
        remoteTS = prefixes(rts)
        localAddrs = prefixes(la)
        remoteAddrs = prefixes(ra)
    }
}
