import Facts

/// swanctl --list-sas → ike.sa.count, ike.sa.established, ike.sa.connecting, child.sa.count
/// (INSTALLED CHILD SAs), child.sa.installed, child.sa.bytes_in/out, child.sa.packets_in/out,
/// child.sa.reqids, ike.nat_detected (a CHILD SA is TUNNEL-in-UDP / TRANSPORT-in-UDP).
/// stroke's `ipsec statusall` (stroke-status) gives the same records where swanctl is absent.
public struct SwanctlSasExtractor: FactExtractor {
    public init() {}
    /// The sources of IKE/CHILD SA records, best first: one host's charon answers both alike.
    static let saSources = ["swanctl-list-sas", "stroke-status"]
    /// States of a CHILD SA that a rekey has replaced (child_sa.c's child_sa_state_names)
    static let replacedStates: Set<String> = ["REKEYING", "REKEYED", "DELETING", "DELETED"]

    public func facts(from parsed: ParsedCollection) -> [Fact] {
        guard let source = SwanctlSasExtractor.saSources.first(where: parsed.has) else { return [] }
        let recs = parsed.typed(SwanctlSaRecord.self, from: source).filter { $0.record.kind == "child" || $0.record.kind == "ike" }
        let whole = parsed.wholeSource(source)
        var out = FactList()
        // IKE SAs in the order of the output (a dictionary's order changes from run to run, and
        // so did the evidence shown); the first record of each IKE SA gives its state.
        var seen = Set<String>()
        var ikeStates: [(String, Sourced<SwanctlSaRecord>)] = []
        for r in recs {
            let id = r.record.ikeId ?? r.record.ike ?? "?"
            if !seen.contains(id), let s = r.record.ikeState { seen.insert(id); ikeStates.append((s, r)) }
        }
        out.number("ike.sa.count", ikeStates.count, whole)
        // a fact keeps 8 provenance entries (FactList.add): describe no more than that
        let established = ikeStates.filter { $0.0 == "ESTABLISHED" || $0.0 == "REKEYING" || $0.0 == "REKEYED" }
        out.bool("ike.sa.established", !established.isEmpty,
                 established.isEmpty ? whole : established.prefix(8).map { $0.1.provenance("\($0.1.record.ike ?? ""): \($0.0)") })
        let connecting = ikeStates.filter { $0.0 == "CONNECTING" }
        out.bool("ike.sa.connecting", !connecting.isEmpty,
                 connecting.isEmpty ? whole : connecting.prefix(8).map { $0.1.provenance("\($0.1.record.ike ?? ""): CONNECTING") })
        // The local SPI carries the `*` (`..._i ..._r*`: we responded). A responder's CONNECTING
        // SA waits for the initiator's next message: the peer stopped, not "no answer from it".
        if !connecting.isEmpty {
            let responding = connecting.filter { $0.1.record.fields[.initiator] == .bool(false) }
            out.bool("ike.sa.connecting_as_responder_only", responding.count == connecting.count,
                     connecting.prefix(8).map { $0.1.provenance("\($0.1.record.ike ?? ""): CONNECTING as \($0.1.record.fields[.initiator] == .bool(false) ? "responder" : "initiator")") })
        }
        let children = recs.filter { $0.record.kind == "child" }
        let installed = children.filter { $0.record.state == "INSTALLED" }
        // a fact keeps 8 provenance entries (FactList.add): build no more than that
        let prov = installed.isEmpty ? whole : installed.prefix(8).map {
            $0.provenance("\($0.record.child ?? ""): reqid \($0.record.reqid ?? "?"), INSTALLED, in \($0.record.spiIn ?? "?") out \($0.record.spiOut ?? "?")")
        }
        out.number("child.sa.count", installed.count, prov)
        out.bool("child.sa.installed", !installed.isEmpty, prov)
        // A CHILD SA just replaced by a rekey is listed beside its successor for a moment
        // (REKEYED/DELETING/DELETED, the same reqid as an INSTALLED one): its counters are this
        // tunnel's traffic of seconds ago, and the new SA's start at 0 (real charon, variant
        // child-rekeys-often: b's new SA 0 bytes, the one it replaced 168 bytes each way).
        let live = Set(installed.compactMap { $0.record.reqid })
        let replaced = children.filter {
            SwanctlSasExtractor.replacedStates.contains($0.record.state ?? "") && $0.record.reqid.map(live.contains) == true
        }
        let counted = installed + replaced
        let countedProv = replaced.isEmpty ? prov : prov + replaced.prefix(max(0, 8 - prov.count)).map {
            $0.provenance("\($0.record.child ?? ""): reqid \($0.record.reqid ?? "?"), \($0.record.state ?? "") (replaced by a rekey), in \($0.record.fields.int(.bytesIn).map(String.init) ?? "?") bytes, out \($0.record.fields.int(.bytesOut).map(String.init) ?? "?") bytes")
        }
        // `ipsec status` (stroke, without "all") prints no counters: then they are unknown, not 0.
        if installed.isEmpty || installed.contains(where: { $0.record.fields[.bytesIn] != nil }) {
            // u64 counters of many SAs: each sum saturates at Int.max rather than trap on
            // overflow. The four in one walk over the SAs (four walks were 2 % of a 10,000-tunnel
            // diagnosis); each is still added up in SA order.
            var bytesIn = 0, bytesOut = 0, packetsIn = 0, packetsOut = 0
            for sa in counted {
                let f = sa.record.fields
                bytesIn = bytesIn.addingSaturating(f.int(.bytesIn) ?? 0)
                bytesOut = bytesOut.addingSaturating(f.int(.bytesOut) ?? 0)
                packetsIn = packetsIn.addingSaturating(f.int(.packetsIn) ?? 0)
                packetsOut = packetsOut.addingSaturating(f.int(.packetsOut) ?? 0)
            }
            out.number("child.sa.bytes_in", bytesIn, countedProv)
            out.number("child.sa.bytes_out", bytesOut, countedProv)
            out.number("child.sa.packets_in", packetsIn, countedProv)
            out.number("child.sa.packets_out", packetsOut, countedProv)
        }
        out.list("child.sa.reqids", unique(children.compactMap { $0.record.reqid }), prov)
        let encap = children.filter { $0.record.encap == true }
        if !encap.isEmpty {
            out.bool("ike.nat_detected", true, encap.prefix(8).map { $0.provenance("\($0.record.child ?? ""): \($0.record.mode ?? "")-in-UDP") })
        } else if !children.isEmpty {
            out.bool("ike.nat_detected", false, prov)
        }
        return out.facts
    }
}
