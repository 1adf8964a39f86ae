import Facts

/// A road-warrior client's own errors → the log.* facts, through the one event → fact table
/// every daemon log shares (DaemonLogFacts): the client is the other end of the tunnel, and what
/// it logged is its view of the same fault (a proposal the gateway did not take, a gateway that
/// never answered, credentials or a certificate refused). One entry per client log source, each
/// naming its client OS (`peer.client_os`, which adds that client's remedies). It sets no
/// ike.implementation: the client is not this host's daemon.
public struct ClientLogExtractor: FactExtractor {
    public init() {}

    /// source → (client OS, the events its parser names): every source whose declared writer
    /// is a client.
    static let clients: [String: (os: ClientOS, events: [String])] = Dictionary(
        uniqueKeysWithValues: ParserRegistry.sources.compactMap { s in
            s.logWriter.flatMap { w in w.client.map { (s.source, ($0, w.clientEvents)) } }
        })

    static let logFacts: [String: DaemonLogFacts] = clients.mapValues { DaemonLogFacts(events: $0.events.sorted()) }

    /// What a client log source yields, for its EvidenceSource declaration.
    static func yields(_ source: String) -> [String] {
        (logFacts[source]?.boolFacts ?? []) + ["log.ike.retransmits", "peer.client_os"]
    }

    public func facts(from parsed: ParsedCollection) -> [Fact] {
        var out = FactList()
        for (source, client) in ClientLogExtractor.clients.sorted(by: { $0.key < $1.key }) {
            let sources = parsed.sources(source)
            guard !sources.isEmpty, let logFacts = ClientLogExtractor.logFacts[source] else { continue }
            logFacts.add(sources, to: &out)
            out.add("peer.client_os", .string(client.os.rawValue), parsed.wholeSource(source))
        }
        return out.facts
    }
}
