import Facts

/// What the tunnel is, read from whichever strongSwan source is present: its traffic selectors
/// and gateway addresses. Shared by the firewall, NAT and forwarding extractors.
struct TunnelContext {
    var localTS: [CIDR] = []
    var remoteTS: [CIDR] = []
    var localAddrs: [CIDR] = []
    var remoteAddrs: [CIDR] = []

    init(_ parsed: ParsedCollection) {
        var lts: [String] = [], rts: [String] = [], la: [String] = [], ra: [String] = []
        for name in ["swanctl-list-conns", "swanctl-conf"] {
            for r in parsed.records(name) {
                for ch in r["children"]?.arrayValue ?? [] { lts += ch.strings("local_ts"); rts += ch.strings("remote_ts") }
                la += r.strings("local_addrs"); ra += r.strings("remote_addrs")
            }
        }
        let saSource = SwanctlSasExtractor.saSources.first(where: parsed.has) ?? "swanctl-list-sas"
        for r in parsed.records(saSource) where r.str("kind") != "shunt" {
            lts += r.strings("local_ts"); rts += r.strings("remote_ts")
            if let h = r.str("local_host") { la.append(h) }
            if let h = r.str("remote_host") { ra.append(h) }
        }
        localTS = unique(lts).compactMap { CIDR($0) }
        remoteTS = unique(rts).compactMap { CIDR($0) }
        localAddrs = unique(la).compactMap { CIDR($0) }
        remoteAddrs = unique(ra).compactMap { CIDR($0) }
    }
}
