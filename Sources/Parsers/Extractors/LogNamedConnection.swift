import Facts

/// The connection the daemon's log names where it fails: charon's `<lab|1>` (file log with
/// `ike_name = yes`, the journal's IKE_SA_NAME) and pluto's `"lab" #1:` / `"lab/1x0"` /
/// `"lab"[2]`. Facts of one connection (what it requires of its peer, its own authentication)
/// are read from this one rather than from the first of the config: a responder with a
/// catch-all `rw` first and the failing `lab` second told the rules what `rw` requires.
enum LogNamedConnection {
    /// Events that name a connection without saying it fails.
    static let neutral: Set<String> = ["informational", "established_ike", "established_child", "nat_detected",
                                       "daemon_started", "acquire", "peer_cert_verified", "duplicate_request"]

    /// Among `names`, the one of the last log record with a failure event (not one of `neutral`),
    /// else of the last record naming one of them; nil when the logs name none of them.
    static func name(_ parsed: ParsedCollection, among names: [String]) -> (name: String, provenance: Provenance)? {
        let known = Set(names)
        guard !known.isEmpty else { return nil }
        var failed: (String, Provenance)?, any: (String, Provenance)?
        for (source, field) in [("charon-log", LogEventRecord.Field.ikeSA), ("pluto-log", .connection)] {
            for src in parsed.sources(source) {
                for r in src.result.typed(LogEventRecord.self) {
                    guard let raw = r.fields.str(field) else { continue }
                    let n = source == "charon-log" ? String(raw.split(separator: "|").first ?? "") : LibreswanExtractor.baseName(raw)
                    guard known.contains(n) else { continue }
                    let p = src.provenance(line: r.line, excerpt: r.excerpt)
                    any = (n, p)
                    if let e = r.event, !neutral.contains(e) { failed = (n, p) }
                }
            }
        }
        return failed ?? any
    }
}
