import Facts

/// What one gateway learns about its peer from the other snapshot, as facts of the vocabulary
/// (Rules/facts.yaml, `peer.*`): the same facts the wizard gets by asking the peer's admin, so
/// the same rules rank the catalogue on a two-sided run.
extension Comparison {
    public func facts(forA: Bool) -> FactStore {
        var store = forA ? a.facts : b.facts
        let peer = forA ? b : a
        let source = "compare:" + peer.name
        func set(_ name: String, _ v: FactValue, _ d: Difference? = nil) {
            let ev = d.map { (forA ? $0.evidenceB : $0.evidenceA).first?.description } ?? nil
            store.set(Fact(name, v, from: Provenance(.probe, source, excerpt: ev)))
        }
        store.set(Fact("peer.compared", .bool(true), from: Provenance(.probe, source)))
        guard let first = tunnels.first else { return store }
        // The tunnel the comparison is about: the first with a problem, else the first.
        let r = tunnels.first { $0.differences.contains { $0.severity == .problem } } ?? first
        let tunnelName = forA ? r.b : r.a
        if let peerTunnel = peer.tunnels.first(where: { $0.name == tunnelName }), let v = peerTunnel.ikeVersion {
            set("peer.ike_version", .number(Double(v)))
        }
        func has(_ item: Difference.Item) -> Difference? { r.differences.first { $0.item == item && $0.severity == .problem } }
        if let d = has(.ikeVersion) { set("peer.ike_version_differs", .bool(true), d) }
        set("peer.proposals_match", .bool(has(.ikeProposal) == nil && has(.espProposal) == nil), has(.ikeProposal) ?? has(.espProposal))
        set("peer.ike_proposals_match", .bool(has(.ikeProposal) == nil), has(.ikeProposal))
        set("peer.esp_proposals_match", .bool(has(.espProposal) == nil), has(.espProposal))
        set("peer.ts_mirror", .bool(has(.trafficSelectors) == nil), has(.trafficSelectors))
        set("peer.id_matches", .bool(has(.identity) == nil), has(.identity))
        set("peer.auth_method_matches", .bool(has(.authMethod) == nil), has(.authMethod))
        set("peer.exchange_mode_matches", .bool(has(.exchangeMode) == nil), has(.exchangeMode))
        set("peer.addresses_match", .bool(has(.addresses) == nil), has(.addresses))
        if let eq = r.pskEqual { set("peer.psk_confirmed_equal", .bool(eq), has(.psk)) }
        if let d = has(.psk), d.confidence < 0.9 { set("peer.psk_suspect", .bool(true), d) }
        if let d = r.differences.first(where: { $0.item == .staleSPI && $0.faultySide == (forA ? "a" : "b") }) {
            set("peer.spi_stale", .bool(true), d)
        } else if !a.sas.isEmpty, !b.sas.isEmpty {
            set("peer.spi_stale", .bool(false))
        }
        return store
    }
}
