import Facts

/// Traffic selectors limited to one protocol or port: charon prints the limit after the subnet in
/// brackets (`dynamic[udp/l2f]`, `192.0.2.1/32[udp/1701]`, `10.1.0.0/24[tcp]`; `l2f` is
/// /etc/services' name of UDP 1701). An L2TP/IPsec client is the usual holder: a host-to-host
/// transport-mode connection for UDP 1701 only (`type=transport`, `leftprotoport=17/1701`;
/// swanctl `mode = transport`, `local_ts = dynamic[udp/1701]`). Facing a site-to-site tunnel for
/// subnets, its selectors are refused, and "make the subnets mirror each other" is the wrong
/// remedy: the peer needs a connection for such clients (real charon 5.9 responders, batch 14:
/// `traffic selectors 192.0.2.2/32[udp/l2f] === 192.0.2.1/32[udp/l2f] unacceptable`).
///
/// - `log.child.peer_ts_restricted` (charon log): the peer's selectors that this end refused
///   (`traffic selectors L === R unacceptable`) carry such a limit; false when every refused pair
///   is unlimited. `log.child.peer_refused_ts` names the first refused pair.
/// - `conn.ts_restricted` (derived from conn.local_ts / conn.remote_ts, whatever source set
///   them): this end's own selectors carry such a limit (set only then).
public struct RestrictedSelectorsExtractor: FactExtractor {
    public init() {}

    /// `X[proto]` or `X[proto/port]`: charon's notation of a selector with a protocol limit
    /// (`[0/0]`-less: charon prints no brackets for "any protocol").
    static func isRestricted(_ ts: String) -> Bool {
        guard let open = ts.firstIndex(of: "["), ts.hasSuffix("]") else { return false }
        return ts.index(after: open) < ts.index(before: ts.endIndex)
    }

    public func facts(from parsed: ParsedCollection) -> [Fact] {
        var out = FactList()
        var restricted: [Provenance] = [], unrestricted: [Provenance] = []
        var firstRestricted: String?
        for src in parsed.sources("charon-log") {
            for r in src.result.typed(LogEventRecord.self) where r.event == "ts_unacceptable" {
                guard let message = r.message, message.hasPrefix("traffic selectors "), message.hasSuffix(" unacceptable") else { continue }
                let body = String(message.dropFirst("traffic selectors ".count).dropLast(" unacceptable".count))
                let selectors = body.components(separatedBy: " === ").flatMap { $0.split(separator: " ").map(String.init) }
                let p = Provenance(.log, src.origin, line: r.line, excerpt: r.text ?? message)
                if selectors.contains(where: Self.isRestricted) {
                    restricted.append(p)
                    if firstRestricted == nil { firstRestricted = body }
                } else {
                    unrestricted.append(p)
                }
            }
        }
        if !restricted.isEmpty {
            out.bool("log.child.peer_ts_restricted", true, restricted)
            if let body = firstRestricted { out.add("log.child.peer_refused_ts", .string(body), Array(restricted.prefix(1))) }
        } else if !unrestricted.isEmpty {
            out.bool("log.child.peer_ts_restricted", false, unrestricted)
        }
        return out.facts
    }

    /// conn.ts_restricted from the selectors the extractors found (run after them, whatever source
    /// set conn.local_ts / conn.remote_ts). Set only when a limit is there: an unlimited selector
    /// says nothing a rule needs, and every source of selectors would yield the fact.
    static func derived(from facts: [Fact]) -> [Fact] {
        guard !facts.contains(where: { $0.name == "conn.ts_restricted" }) else { return [] }
        let holders = facts.filter {
            guard $0.name == "conn.local_ts" || $0.name == "conn.remote_ts", case .list(let v) = $0.value else { return false }
            return v.contains(where: isRestricted)
        }
        guard !holders.isEmpty else { return [] }
        var seen = Set<Provenance>()
        let evidence = holders.flatMap(\.provenance).filter { seen.insert($0).inserted }
        return [Fact("conn.ts_restricted", .bool(true), provenance: Array(evidence.prefix(FactList.keptProvenances)))]
    }
}
