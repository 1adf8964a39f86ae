import Facts

/// charon logs → the log.* facts, ike.nat_detected and kernel.esp_supported (false when the
/// kernel refused ESP). A bool fact is true when a matching line exists, with provenance kind
/// `.log`, the log's origin, the line number and the line; false (whole log as provenance) when
/// the log was read and holds no such line. log.ike.retransmits counts retransmitted requests.
///
/// A later success supersedes an earlier failure of the same phase in the same log: failures of
/// phase `ike` before the last IKE_SA (or CHILD_SA) establishment, and failures of phase `child`
/// before the last CHILD_SA establishment, are not reported (the operator fixed it and it came
/// up). A NAT detection is not a failure and always counts.
/// charon-systemd journals log each message twice (`charon[pid]: 09[IKE] ...` and
/// `charon-systemd[pid]: ...`); counts use the thread-tagged lines when a log has both.
public struct CharonLogExtractor: FactExtractor {
    public init() {}

    /// event → (fact, certainty)
    static let eventFacts: [String: (String, Double)] = [
        "auth_failed": ("log.ike.auth_failed", 1),
        "mac_mismatch": ("log.ike.auth_failed", 1),
        "decrypt_failed": ("log.ike.auth_failed", 0.8),
        "no_peer_config": ("log.ike.no_peer_config", 1),
        "version_mismatch": ("log.ike.version_mismatch", 1),
        "no_ike_config": ("log.ike.version_mismatch", 0.6),
        "ts_unacceptable": ("log.child.ts_unacceptable", 1),
        "giving_up": ("log.ike.peer_not_responding", 1),
        "unreachable": ("log.ike.unreachable", 1),
        "install_failed": ("log.child.install_failed", 1),
        "esp_unsupported": ("log.kernel.esp_unsupported", 1),
        "invalid_ke": ("log.ike.invalid_ke", 1),
        "dpd_dead": ("log.ike.dpd_dead", 1),
        "invalid_spi": ("log.esp.unknown_spi", 1),
    ]
    static let boolFacts = ["log.ike.no_proposal_chosen", "log.child.no_proposal_chosen", "log.ike.auth_failed",
                            "log.ike.no_peer_config", "log.ike.version_mismatch", "log.child.ts_unacceptable",
                            "log.ike.peer_not_responding", "log.ike.unreachable", "log.child.install_failed",
                            "log.kernel.esp_unsupported", "log.ike.invalid_ke", "log.ike.dpd_dead", "log.esp.unknown_spi"]

    public func facts(from parsed: ParsedCollection) -> [Fact] {
        let sources = parsed.sources("charon-log")
        guard !sources.isEmpty else { return [] }
        var hits: [String: [(Provenance, Double)]] = [:]
        var retransmits = 0
        var retransmitProv: [Provenance] = []
        var nat: [Provenance] = []
        // kernel-libipsec: ESP in user space, so empty `ip xfrm state` and still xfrm_stat mean
        // nothing. The last "loaded plugins" line counts (the daemon may have been restarted).
        var userspaceESP: (Bool, Provenance)?
        for src in sources {
            let recs = src.result.records
            let tagged = recs.contains { $0["thread"] != nil }
            var lastIKE = 0, lastChild = 0
            for r in recs {
                guard let e = r.str("event"), let line = r.recordLine else { continue }
                if e == "established_ike" || e == "established_child" { lastIKE = max(lastIKE, line) }
                if e == "established_child" { lastChild = max(lastChild, line) }
            }
            for r in recs {
                guard let message = r.str("message"), message.hasPrefix("loaded plugins:"), let line = r.recordLine else { continue }
                let loaded = message.split(separator: " ").contains("kernel-libipsec")
                userspaceESP = (loaded, Provenance(.log, src.origin, line: line,
                                                   excerpt: loaded ? "loaded plugins: ... kernel-libipsec ..." : "loaded plugins: (no kernel-libipsec)"))
            }
            for r in recs {
                guard let e = r.str("event"), let line = r.recordLine else { continue }
                let prov = Provenance(.log, src.origin, line: line, excerpt: r.str("text") ?? r.str("message"))
                if e == "nat_detected" { nat.append(prov); continue }
                let phase = r.str("phase") ?? "ike"
                if phase == "ike" && line < lastIKE { continue }
                if phase == "child" && line < lastChild { continue }
                if e == "retransmit" {
                    if !tagged || r["thread"] != nil { retransmits += 1; retransmitProv.append(prov) }
                    continue
                }
                if e == "no_proposal_chosen" {
                    hits[phase == "child" ? "log.child.no_proposal_chosen" : "log.ike.no_proposal_chosen", default: []].append((prov, 1))
                    continue
                }
                if let (fact, cf) = CharonLogExtractor.eventFacts[e] { hits[fact, default: []].append((prov, cf)) }
            }
        }
        let whole = sources.map { Provenance(.log, $0.origin) }
        var out = FactList()
        for name in CharonLogExtractor.boolFacts {
            if let h = hits[name], !h.isEmpty {
                let cf = h.map(\.1).max() ?? 1
                out.add(name, .bool(true), certainty: cf, h.map(\.0))
            } else {
                out.bool(name, false, whole)
            }
        }
        out.number("log.ike.retransmits", retransmits, retransmitProv.isEmpty ? whole : retransmitProv)
        if !nat.isEmpty { out.bool("ike.nat_detected", true, nat) }
        if let (loaded, prov) = userspaceESP { out.bool("kernel.userspace_esp", loaded, [prov]) }
        if let h = hits["log.kernel.esp_unsupported"], !h.isEmpty {
            out.add("kernel.esp_supported", .bool(false), certainty: 0.8, h.map(\.0))
        }
        return out.facts
    }
}
