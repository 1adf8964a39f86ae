import Facts

/// `ip neigh` + the route to the peer → route.next_hop (the address the kernel must reach on the
/// link to send anything to the peer: the route's gateway, or the peer itself when it is
/// on-link) and route.next_hop_unresolved (its neighbour entry is INCOMPLETE or FAILED: ARP or
/// neighbour discovery got no answer). This tells an unreachable peer from one that is there and
/// silent (REACHABLE/STALE: the link works, so a silent peer is dropping or not listening).
/// No entry at all leaves the fact unknown: the kernel has not tried yet, or the entry expired.
public struct NeighbourExtractor: FactExtractor {
    public init() {}

    public func facts(from parsed: ParsedCollection) -> [Fact] {
        guard parsed.has("ip-neigh"), let peer = TunnelContext.of(parsed, firstOnly: true).remoteAddrs.first else { return [] }
        let route = HostExtractor.bestRoute(parsed.sourced("ip-route"), to: peer)
        let hop = route?.1.record.str("via").flatMap { CIDR($0) } ?? peer
        let entries = parsed.sourced("ip-neigh").filter { r in
            r.record.bool("deleted") != true && r.record.str("address").flatMap { CIDR($0) }?.address == hop.address
        }
        guard let entry = entries.last else { return [] }
        let states = entry.record.strings("states")
        var out = FactList()
        var evidence = [entry.provenance("\(entry.record.str("address") ?? "") dev \(entry.record.str("dev") ?? "-") \(states.joined(separator: " "))")]
        if let (prefix, r) = route, hop.address != peer.address {
            evidence.insert(r.provenance("\(prefix) via \(hop.address): the next hop towards the peer \(peer.address)"), at: 0)
        }
        out.add("route.next_hop", .string(hop.address), evidence)
        if states.contains("FAILED") {
            out.add("route.next_hop_unresolved", .bool(true), evidence)
        } else if states.contains("INCOMPLETE") {
            // Still resolving: usually a lost cause after a second, but it may yet be answered.
            out.add("route.next_hop_unresolved", .bool(true), certainty: 0.8, evidence)
        } else if !states.isEmpty {
            out.add("route.next_hop_unresolved", .bool(false), evidence)
        }
        return out.facts
    }
}
