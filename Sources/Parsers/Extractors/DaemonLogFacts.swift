import Facts

/// Turns the `event`/`phase` records of a daemon log source (pluto-log, racoon-log,
/// isakmpd-log) into the log.* facts, as CharonLogExtractor does for charon: a bool fact is true
/// with the matching lines as provenance, false (whole log) when the log was read and holds
/// none; a failure before a later establishment of the same phase in the same log is dropped
/// (it was fixed); `retransmit` events are counted into log.ike.retransmits; `nat_detected`
/// gives ike.nat_detected. Journals that log each message twice (charon-systemd: once with a
/// thread tag, once without) have retransmits counted from the thread-tagged lines only.
struct DaemonLogFacts {
    /// event → (fact, certainty); `no_proposal_chosen` is split by phase.
    let events: [String: (String, Double)]
    /// facts reported false when the log holds no hit
    let boolFacts: [String]

    static let common: [String: (String, Double)] = [
        "auth_failed": ("log.ike.auth_failed", 1),
        "auth_failed_maybe": ("log.ike.auth_failed", 0.7),
        "id_mismatch": ("log.ike.no_peer_config", 0.9),
        "no_peer_config": ("log.ike.no_peer_config", 1),
        "ts_unacceptable": ("log.child.ts_unacceptable", 1),
        "invalid_ke": ("log.ike.invalid_ke", 1),
        "no_response": ("log.ike.peer_not_responding", 1),
        "dpd_dead": ("log.ike.dpd_dead", 1),
        "unreachable": ("log.ike.unreachable", 1),
        "invalid_spi": ("log.esp.unknown_spi", 1),
        "version_mismatch": ("log.ike.version_mismatch", 0.8),
        "install_failed": ("log.child.install_failed", 1),
    ]

    func add(_ sources: [ParsedSource], to out: inout FactList) {
        guard !sources.isEmpty else { return }
        var hits: [String: [(Provenance, Double)]] = [:]
        // One log is often read from two places (charon.log and syslog, the journal): the same
        // retransmit then appears in both. Count each distinct line once per source and take,
        // for each, the source that shows it most often, instead of adding the sources up.
        var retransmitsBySource: [[String: [Provenance]]] = []
        var nat: [Provenance] = []
        for src in sources {
            let recs = src.result.records
            let tagged = recs.contains { $0["thread"] != nil }
            var lastIKE = 0, lastChild = 0
            var seenHere: [String: [Provenance]] = [:]
            defer { retransmitsBySource.append(seenHere) }
            for r in recs {
                guard let e = r.str("event"), let line = r.recordLine else { continue }
                if e == "established_ike" || e == "established_child" { lastIKE = max(lastIKE, line) }
                if e == "established_child" { lastChild = max(lastChild, line) }
            }
            for r in recs {
                guard let e = r.str("event"), let line = r.recordLine else { continue }
                let prov = Provenance(.log, src.origin, line: line, excerpt: r.str("text") ?? r.str("message"))
                if e == "nat_detected" { nat.append(prov); continue }
                let phase = r.str("phase") ?? "ike"
                if phase == "ike" && line < lastIKE { continue }
                if phase == "child" && line < lastChild { continue }
                if e == "retransmit" {
                    if !tagged || r["thread"] != nil {
                        // Not the IKE_SA name: syslog's copy of a charon.log line lacks the `<conn|1>` prefix.
                        let key = [r.str("thread") ?? "", r.str("message") ?? r.str("text") ?? ""].joined(separator: "|")
                        seenHere[key, default: []].append(prov)
                    }
                    continue
                }
                if e == "no_proposal_chosen" {
                    hits[phase == "child" ? "log.child.no_proposal_chosen" : "log.ike.no_proposal_chosen", default: []].append((prov, 1))
                    continue
                }
                if let (fact, cf) = events[e] { hits[fact, default: []].append((prov, cf)) }
            }
        }
        let whole = sources.map { Provenance(.log, $0.origin) }
        for name in boolFacts {
            if let h = hits[name], !h.isEmpty {
                out.add(name, .bool(true), certainty: h.map(\.1).max() ?? 1, h.map(\.0))
            } else {
                out.bool(name, false, whole)
            }
        }
        for (name, h) in hits.sorted(by: { $0.key < $1.key }) where !boolFacts.contains(name) && !h.isEmpty {
            out.add(name, .bool(true), certainty: h.map(\.1).max() ?? 1, h.map(\.0))
        }
        var retransmitProv: [Provenance] = []
        for key in Set(retransmitsBySource.flatMap(\.keys)).sorted() {
            retransmitProv += retransmitsBySource.map { $0[key] ?? [] }.max { $0.count < $1.count } ?? []
        }
        retransmitProv.sort { ($0.source, $0.line ?? 0) < ($1.source, $1.line ?? 0) }
        out.number("log.ike.retransmits", retransmitProv.count, retransmitProv.isEmpty ? whole : retransmitProv)
        if !nat.isEmpty { out.bool("ike.nat_detected", true, nat) }
    }
}
