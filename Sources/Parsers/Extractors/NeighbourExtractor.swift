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
        guard parsed.has("ip-neigh"), let peer = TunnelContext.of(parsed, firstOnly: true).remoteAddrs.first,
              let n = Self.entry(towards: peer, parsed) else { return [] }
        var out = FactList()
        var evidence = [n.evidence]
        if let (prefix, r) = n.route, n.hop.address != peer.address {
            evidence.insert(r.provenance("\(prefix) via \(n.hop.address): the next hop towards the peer \(peer.address)"), at: 0)
        }
        out.add("route.next_hop", .string(n.hop.address), evidence)
        if let (unresolved, certainty) = Self.unresolved(n.states) {
            out.add("route.next_hop_unresolved", .bool(unresolved), certainty: certainty, evidence)
        }
        return out.facts
    }

    /// The neighbour entry the kernel needs to send to `target`: of the main table's best route's
    /// gateway, or of the target itself when it is on-link; nil without one.
    static func entry(towards target: CIDR, _ parsed: ParsedCollection)
        -> (hop: CIDR, route: (CIDR, Sourced<IpRouteRecord>)?, states: [String], evidence: Provenance)? {
        let route = HostExtractor.bestRoute(parsed.typed(IpRouteRecord.self, from: "ip-route"), to: target)
        let hop = route?.1.record.via.flatMap { CIDR($0) } ?? target
        let entries = parsed.typed(IpNeighRecord.self, from: "ip-neigh").filter { r in
            !r.record.isDeleted && r.record.address.flatMap { CIDR($0) }?.address == hop.address
        }
        guard let entry = entries.last else { return nil }
        let states = entry.record.states
        let shown = entry.provenance("\(entry.record.address ?? "") dev \(entry.record.dev ?? "-") \(states.joined(separator: " "))")
        return (hop, route, states, shown)
    }

    /// Whether an entry's states say no host answered: FAILED yes; INCOMPLETE (still resolving:
    /// usually a lost cause after a second, but it may yet be answered) yes at 0.8; any other
    /// state no; no state: unknown.
    static func unresolved(_ states: [String]) -> (Bool, Double)? {
        if states.contains("FAILED") { return (true, 1) }
        if states.contains("INCOMPLETE") { return (true, 0.8) }
        return states.isEmpty ? nil : (false, 1)
    }
}
