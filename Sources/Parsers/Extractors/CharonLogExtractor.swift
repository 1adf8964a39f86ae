import Facts

/// charon logs → the log.* facts, ike.nat_detected and kernel.esp_supported (false when the
/// kernel refused ESP). A bool fact is true when a matching line exists, with provenance kind
/// `.log`, the log's origin, the line number and the line; false (whole log as provenance) when
/// the log was read and holds no such line. log.ike.retransmits counts retransmitted requests.
///
/// A later success supersedes an earlier failure of the same phase in the same log: failures of
/// phase `ike` before the last IKE_SA (or CHILD_SA) establishment, and failures of phase `child`
/// before the last CHILD_SA establishment, are not reported (the operator fixed it and it came
/// up). A NAT detection is not a failure and always counts. The event loop and the event → fact
/// table are the ones every daemon log shares (DaemonLogFacts); this file holds the kernel facts
/// only charon's log shows.
public struct CharonLogExtractor: FactExtractor {
    public init() {}

    static let logFacts = DaemonLogFacts(catalogue: StrongswanMessages.catalogue)

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
