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
        if let (local, remote) = CharonLogExtractor.proposedSelectors(sources, parsed) {
            if !local.values.isEmpty { out.list("conn.local_ts", local.values, local.provenance) }
            if !remote.values.isEmpty { out.list("conn.remote_ts", remote.values, remote.provenance) }
        }
        if let prov = CharonLogExtractor.ownDaemon(sources, parsed) { out.add("ike.implementation", .string("strongswan"), certainty: 0.9, [prov]) }
        if let refused = out.facts.first(where: { $0.name == "log.kernel.esp_unsupported" && $0.value == .bool(true) }) {
            // no surer than the log's own reading (the starter's "no known IPsec stack" is weak)
            out.add("kernel.esp_supported", .bool(false), certainty: min(0.8, refused.certainty), refused.provenance)
        }
        return out.facts
    }

    /// The sources that say for themselves which daemon this host runs (each declares
    /// ike.implementation among its yields: the process list, the installed packages, the other
    /// daemons' logs and status), and the kernel dumps of other stacks (setkey -D, ipsecctl -sa).
    /// Derived from the declarations, so a new source that names the daemon is counted too.
    static let decidedElsewhere: Set<String> = Set(ParserRegistry.sources
        .filter { $0.source != "charon-log" && $0.yields.contains("ike.implementation") }
        .map(\.source)).union(["setkey-D", "ipsecctl-sa"])

    /// A charon log alone says this host runs strongSwan, as pluto's says Libreswan: without it
    /// a pasted charon log left the stack unknown and the remedies of every stack were shown
    /// (or, where a rule has one stack's steps only, that stack's unlabelled). Not when the
    /// process list decides, when another daemon's evidence is beside it, or for the Android
    /// app's logcat (a phone: the Linux platform steps would not apply).
    static func ownDaemon(_ sources: [ParsedSource], _ parsed: ParsedCollection) -> Provenance? {
        guard !decidedElsewhere.contains(where: parsed.has) else { return nil }
        for src in sources {
            guard let first = src.result.typed(LogEventRecord.self).first else { continue }
            if let text = first.text, AndroidLogcat.split(text) != nil { return nil }
            return Provenance(.log, src.origin, line: first.line, excerpt: "a charon (strongSwan) log")
        }
        return nil
    }

    /// kernel-libipsec: ESP in user space, so empty `ip xfrm state` and still xfrm_stat mean
    /// nothing. The last "loaded plugins" line counts (the daemon may have been restarted).
    static func userspaceESP(_ sources: [ParsedSource]) -> (Bool, Provenance)? {
        var found: (Bool, Provenance)?
        for src in sources {
            for r in src.result.typed(LogEventRecord.self) {
                guard let message = r.message, message.hasPrefix("loaded plugins:") else { continue }
                let line = r.line
                let loaded = message.split(separator: " ").contains("kernel-libipsec")
                found = (loaded, Provenance(.log, src.origin, line: line,
                                            excerpt: loaded ? "loaded plugins: ... kernel-libipsec ..." : "loaded plugins: (no kernel-libipsec)"))
            }
        }
        return found
    }

    /// The sources with this host's configured selectors (swanctl, stroke, Libreswan, racoon,
    /// OpenBSD, illumos config or status): they say it better than a log, and two sources of one
    /// fact would only disagree.
    static let selectorsElsewhere: Set<String> = Set(ParserRegistry.sources
        .filter { $0.source != "charon-log" && $0.yields.contains("conn.local_ts") }
        .map(\.source))

    /// conn.local_ts and conn.remote_ts as charon printed them when it built a CHILD SA's
    /// selectors from its own config (child_cfg.c get_traffic_selectors, log level 2): the line
    /// "proposing traffic selectors for us:" (or "for other:"), then one line per selector
    /// ("10.42.42.0/24|/0", "0.0.0.0/0", "dynamic") of the same thread. A log whose CHILD SA was
    /// refused holds this side's selectors nowhere else. Values of every such block, once each;
    /// nothing when a config or status source of this host gives them.
    static func proposedSelectors(_ sources: [ParsedSource], _ parsed: ParsedCollection)
        -> (local: (values: [String], provenance: [Provenance]), remote: (values: [String], provenance: [Provenance]))? {
        guard !selectorsElsewhere.contains(where: parsed.has) else { return nil }
        var local: (values: [String], provenance: [Provenance]) = ([], [])
        var remote: (values: [String], provenance: [Provenance]) = ([], [])
        var found = false
        for src in sources {
            var side: (isLocal: Bool, thread: String?)?
            for r in src.result.typed(LogEventRecord.self) {
                guard let message = r.message else { side = nil; continue }
                let thread = r.thread
                if message == "proposing traffic selectors for us:" || message == "proposing traffic selectors for other:" {
                    side = (message.hasSuffix("us:"), thread)
                    continue
                }
                guard let current = side, current.thread == thread else { side = nil; continue }
                let ts = message.trimmedSpaces
                guard isSelector(ts) else { side = nil; continue }
                let line = r.line
                let prov = Provenance(.log, src.origin, line: line,
                                      excerpt: "proposing traffic selectors for \(current.isLocal ? "us" : "other"): \(ts)")
                found = true
                if current.isLocal {
                    if !local.values.contains(ts) { local.values.append(ts); local.provenance.append(prov) }
                } else if !remote.values.contains(ts) { remote.values.append(ts); remote.provenance.append(prov) }
            }
        }
        return found ? (local, remote) : nil
    }

    /// One selector as charon's %R prints it: `dynamic`, or an address, subnet or range (with an
    /// optional `[proto/port]` or `|/0` after it), no blank inside.
    static func isSelector(_ s: String) -> Bool {
        if s == "dynamic" { return true }
        guard let first = s.unicodeScalars.first, !s.contains(" "), s.contains("/") || s.contains("..") else { return false }
        return first == ":" || first.properties.isASCIIHexDigit
    }
}
