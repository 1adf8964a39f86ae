import Facts

/// charon log + `ip neigh` → radius.server_unresolved: the address eap-radius sent its
/// Access-Request to (`sending RADIUS Access-Request to server '198.51.100.9'`, eap_radius.c) has,
/// on the link towards it, a neighbour entry that is FAILED or INCOMPLETE (the server itself when
/// on-link, else the route's gateway): no host answers ARP there, so the RADIUS server is at a
/// wrong address or down, not silently dropping (real charon 5.9, variant
/// eap-radius-wrong-address b: `198.51.100.9 dev rad0 FAILED`). REACHABLE/STALE: false (a host is
/// there; a silent one drops or refuses). No entry: unknown.
public struct RadiusServerExtractor: FactExtractor {
    public init() {}

    public func facts(from parsed: ParsedCollection) -> [Fact] {
        guard parsed.has("ip-neigh"), let (server, sent) = Self.lastServer(parsed),
              let n = NeighbourExtractor.entry(towards: server, parsed),
              let (unresolved, certainty) = NeighbourExtractor.unresolved(n.states) else { return [] }
        var out = FactList()
        out.add("radius.server_unresolved", .bool(unresolved), certainty: certainty, [sent, n.evidence])
        return out.facts
    }

    /// The server of the last `sending RADIUS Access-Request to server 'ADDR'` of charon's log.
    static func lastServer(_ parsed: ParsedCollection) -> (CIDR, Provenance)? {
        var found: (CIDR, Provenance)?
        for src in parsed.sources("charon-log") {
            for r in src.result.typed(LogEventRecord.self) {
                guard let m = r.message, let rest = m.after("sending RADIUS Access-Request to server '"),
                      let end = rest.firstIndex(of: "'"), let addr = CIDR(String(rest[..<end])) else { continue }
                found = (addr, Provenance(.log, src.origin, line: r.line, excerpt: r.text))
            }
        }
        return found
    }
}
