import Facts

/// charon logs → the log.* facts, ike.nat_detected and kernel.esp_supported (false when the
/// kernel refused ESP). A bool fact is true when a matching line exists, with provenance kind
/// `.log`, the log's origin, the line number and the line; false (whole log as provenance) when
/// the log was read and holds no such line. log.ike.retransmits counts retransmitted requests.
///
/// A later success supersedes an earlier failure of the same phase in the same log: failures of
/// phase `ike` before the last IKE_SA (or CHILD_SA) establishment, and failures of phase `child`
/// before the last CHILD_SA establishment, are not reported (the operator fixed it and it came
/// up). A NAT detection is not a failure and always counts. The event loop is the one every
/// daemon log shares (DaemonLogFacts); this file holds charon's event table and the kernel facts
/// only charon's log shows.
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

    static let logFacts = DaemonLogFacts(events: eventFacts, boolFacts: boolFacts)

    public func facts(from parsed: ParsedCollection) -> [Fact] {
        let sources = parsed.sources("charon-log")
        guard !sources.isEmpty else { return [] }
        var out = FactList()
        CharonLogExtractor.logFacts.add(sources, to: &out)
        if let (loaded, prov) = CharonLogExtractor.userspaceESP(sources) { out.bool("kernel.userspace_esp", loaded, [prov]) }
        if let refused = out.facts.first(where: { $0.name == "log.kernel.esp_unsupported" && $0.value == .bool(true) }) {
            out.add("kernel.esp_supported", .bool(false), certainty: 0.8, refused.provenance)
        }
        return out.facts
    }

    /// kernel-libipsec: ESP in user space, so empty `ip xfrm state` and still xfrm_stat mean
    /// nothing. The last "loaded plugins" line counts (the daemon may have been restarted).
    static func userspaceESP(_ sources: [ParsedSource]) -> (Bool, Provenance)? {
        var found: (Bool, Provenance)?
        for src in sources {
            for r in src.result.records {
                guard let message = r.str("message"), message.hasPrefix("loaded plugins:"), let line = r.recordLine else { continue }
                let loaded = message.split(separator: " ").contains("kernel-libipsec")
                found = (loaded, Provenance(.log, src.origin, line: line,
                                            excerpt: loaded ? "loaded plugins: ... kernel-libipsec ..." : "loaded plugins: (no kernel-libipsec)"))
            }
        }
        return found
    }
}
