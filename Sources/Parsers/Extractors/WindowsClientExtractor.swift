import Facts

/// A Windows VPN client's errors (WindowsRasClientLogParser) → the log.* facts, through the one
/// event → fact table every daemon log shares (DaemonLogFacts): the client is the other end of
/// the tunnel, and its error code is what it saw of the same fault — 13868 a proposal the
/// gateway did not take, 809 a gateway that never answered, 13801/13806/13887 certificates.
/// It sets no ike.implementation: the client is not this host's daemon.
public struct WindowsClientExtractor: FactExtractor {
    public init() {}

    static let logFacts = DaemonLogFacts(events: WindowsRasClientLogParser.events.values.map(\.0).sorted() + ["client_name_check_failed"])

    public func facts(from parsed: ParsedCollection) -> [Fact] {
        let sources = parsed.sources("windows-rasclient-log")
        guard !sources.isEmpty else { return [] }
        var out = FactList()
        WindowsClientExtractor.logFacts.add(sources, to: &out)
        out.add("peer.client_os", .string("windows"), parsed.wholeSource("windows-rasclient-log"))
        return out.facts
    }
}
