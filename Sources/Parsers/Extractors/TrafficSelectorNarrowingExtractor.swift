import Facts

/// child.ts_narrowed: an installed CHILD SA covers less than its configuration asks for.
///
/// An IKEv2 responder may narrow the proposed traffic selectors to the part its own
/// configuration allows (RFC 7296 2.9); strongSwan does so silently (its "narrowed" lines are
/// debug level 2). The tunnel then comes up and looks healthy, while hosts outside the
/// narrowed range are not tunnelled: "the tunnel is up, but half the subnet cannot reach the
/// other side". Read from the SAs (`swanctl --list-sas`, or stroke's `ipsec statusall`) against
/// the configured connection of the same name (`swanctl --list-conns`; else swanctl.conf; else
/// the connections of `ipsec statusall`: SwanctlConnsExtractor.connections).
///
/// Configured selectors that are meant to be narrowed are skipped: `dynamic` (the address or
/// virtual IP), and the whole address space (0.0.0.0/0, ::/0), which road-warrior
/// configurations narrow by design. The fact is false when every compared SA covers its
/// configuration, and not set when nothing could be compared.
public struct TrafficSelectorNarrowingExtractor: FactExtractor {
    public init() {}

    /// Configured selectors of one child: (connection, child) → (local, remote).
    typealias Configured = [String: (local: [String], remote: [String], provenance: Provenance)]

    public func facts(from parsed: ParsedCollection) -> [Fact] {
        let configured = TrafficSelectorNarrowingExtractor.configured(parsed)
        guard !configured.isEmpty,
              let saSource = SwanctlSasExtractor.saSources.first(where: parsed.has) else { return [] }
        // The negotiated selectors of every installed SA of each child, merged (rekeying
        // overlaps two SAs of one child for a moment; both have the same selectors).
        var negotiated: [String: (local: [String], remote: [String], provenance: Provenance)] = [:]
        var order: [String] = []
        for r in parsed.typed(SwanctlSaRecord.self, from: saSource) where r.record.kind == "child" && r.record.state == "INSTALLED" {
            guard let conn = r.record.ike, let child = r.record.child else { continue }
            let key = conn + "/" + child
            if negotiated[key] == nil { order.append(key) }
            var n = negotiated[key] ?? ([], [], r.provenance())
            n.local += r.record.localTs
            n.remote += r.record.remoteTs
            negotiated[key] = n
        }
        // The fact keeps the first 8 provenances (FactList.keptProvenances): of the compared
        // SAs (20,000 on a 10,000-tunnel concentrator) no more are held.
        var compared: [Provenance] = []
        var narrowed: [Provenance] = []
        for key in order {
            guard let n = negotiated[key], let c = configured[key] else { continue }
            if compared.count < FactList.keptProvenances { compared.append(n.provenance) }
            var parts: [String] = []
            if let lost = TrafficSelectorNarrowingExtractor.uncovered(configured: c.local, negotiated: n.local) {
                parts.append("local \(c.local.joined(separator: ", ")) configured, \(n.local.joined(separator: ", ")) negotiated (not covered: \(lost.joined(separator: ", ")))")
            }
            if let lost = TrafficSelectorNarrowingExtractor.uncovered(configured: c.remote, negotiated: n.remote) {
                parts.append("remote \(c.remote.joined(separator: ", ")) configured, \(n.remote.joined(separator: ", ")) negotiated (not covered: \(lost.joined(separator: ", ")))")
            }
            if !parts.isEmpty {
                narrowed.append(Provenance(n.provenance.kind, n.provenance.source, line: n.provenance.line,
                                           excerpt: "\(key): " + parts.joined(separator: "; ")))
                narrowed.append(Provenance(c.provenance.kind, c.provenance.source, line: c.provenance.line,
                                           excerpt: "\(key): configured local_ts \(c.local.joined(separator: ", ")), remote_ts \(c.remote.joined(separator: ", "))"))
            }
        }
        guard !compared.isEmpty else { return [] }
        var out = FactList()
        out.bool("child.ts_narrowed", !narrowed.isEmpty, narrowed.isEmpty ? compared : narrowed)
        return out.facts
    }

    /// The configured selectors of each child, from the connections' best source
    /// (SwanctlConnsExtractor.connections).
    static func configured(_ parsed: ParsedCollection) -> Configured {
        var out: Configured = [:]
        for c in SwanctlConnsExtractor.connections(parsed).conns {
            guard let name = c.name else { continue }
            for ch in c.children { out[name + "/" + ch.name] = (ch.localTS, ch.remoteTS, c.provenance(of: ch, nil)) }
        }
        return out
    }

    /// The configured prefixes that no negotiated prefix covers, when the negotiation narrowed
    /// them (some negotiated prefix lies inside one of them); nil when nothing was lost, when a
    /// selector is not a plain prefix we can compare (`dynamic`, ranges, ports), or when the
    /// configuration is the whole address space.
    /// `s.contains("[")`: Foundation's search (through NSString on Linux, 1.3 % of a 10,000-tunnel
    /// diagnosis) only where `s` is not ASCII; in ASCII text it finds `[` exactly where the byte is.
    static func hasPortPart(_ s: String) -> Bool {
        s.utf8.allSatisfy { $0 < 0x80 } ? s.utf8.contains(0x5B) : s.contains("[")
    }

    static func uncovered(configured: [String], negotiated: [String]) -> [String]? {
        guard !configured.isEmpty, !negotiated.isEmpty else { return nil }
        var conf: [CIDR] = []
        for s in configured {
            // A selector with protocol/port (`10.1.0.0/24[tcp/80]`) is narrowed by port too: not compared.
            guard !hasPortPart(s), let c = CIDR(s), c.prefix > 0 else { return nil }
            conf.append(c)
        }
        var neg: [CIDR] = []
        for s in negotiated {
            guard !hasPortPart(s), let c = CIDR(s) else { return nil }
            neg.append(c)
        }
        var lost: [String] = []
        var narrowedInside = false
        for c in conf {
            if neg.contains(where: { $0.contains(c) }) { continue }
            if neg.contains(where: { c.contains($0) }) { narrowedInside = true }
            lost.append(c.description)
        }
        return lost.isEmpty || !narrowedInside ? nil : lost
    }
}
