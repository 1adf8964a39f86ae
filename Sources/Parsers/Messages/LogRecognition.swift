/// Tells which daemon wrote a log from its content: every log parser reads the first part, and
/// the one that recognises the most wins (a line counts when it becomes a record; one whose
/// message the daemon's catalogue classifies counts double, so charon's bare console lines do
/// not lose to another parser's generic acceptance). Nil when no parser recognises a line.
public enum LogRecognition {
    /// Every log source, in the order their writers' declarations rank them (EvidenceSource's
    /// `logWriter`): ties go to the first, so racoon comes before pluto, and the road-warrior
    /// clients come after every daemon.
    public static let logSources: [String] = ParserRegistry.sources
        .compactMap { s in s.logWriter.map { (s.source, $0.recognitionRank) } }
        .sorted { $0.1 < $1.1 }
        .map(\.0)

    /// What was found: the source, how many of the non-blank lines read it recognised.
    public struct Verdict: Sendable {
        public let source: String
        public let recognised: Int
        public let lines: Int
        public let classified: Int
        /// false when only the first 200 kB were read to decide
        public let whole: Bool
    }

    public static func sniff(_ text: String) -> Verdict? { recognise(text).verdict }

    /// The road-warrior clients' sources (their declared writer is a client): what they log is
    /// error codes, dialog sentences and exceptions that no daemon prints.
    static let clientSources = logSources.filter { ParserRegistry.source(named: $0)?.logWriter?.client != nil }

    /// The source a log is read as, then each road-warrior client whose own errors it holds too:
    /// a report often pastes the client's dialog or event line beside the gateway's log, and one
    /// source per file would drop the other end's view. A client is added only for lines naming a
    /// failure (an event); its lines are no daemon's, so no line is read twice.
    public static func sources(_ text: String) -> [String] {
        let r = recognise(text)
        guard let verdict = r.verdict else { return [] }
        return [verdict.source] + clientSources.filter { $0 != verdict.source && r.classified[$0, default: 0] > 0 }
    }

    /// The winning source, and how many lines each source classified (an event named).
    static func recognise(_ text: String) -> (verdict: Verdict?, classified: [String: Int]) {
        let head = String(text.prefix(200_000))
        let whole = head.utf8.count == text.utf8.count
        let lines = head.split(separator: "\n").filter { !$0.allSatisfy(\.isWhitespace) }.count
        var best: (score: Int, verdict: Verdict)?
        var classifiedBySource: [String: Int] = [:]
        for source in logSources {
            guard let parser = ParserRegistry.parser(named: source) else { continue }
            let r = parser.parse(head)
            let classified = r.classifiedCount
            classifiedBySource[source] = classified
            let score = r.recordCount + classified
            guard score > 0 else { continue }
            if best == nil || score > best!.score {
                best = (score, Verdict(source: source, recognised: r.recordCount, lines: lines, classified: classified, whole: whole))
            }
        }
        if let best { return (best.verdict, classifiedBySource) }
        // A paste of pluto's debug lines only (`Sep 29 09:42:29.495253: | ...`, plutodebug=all):
        // no line is a record, yet each says it is pluto's. Read it as pluto's log, which then
        // finds no failure message, rather than as no daemon's at all.
        let debug = head.split(separator: "\n").filter { PlutoLogParser.isPrefixedDebugLine(String($0)) }.count
        if debug > 0 { return (Verdict(source: "pluto-log", recognised: 0, lines: lines, classified: 0, whole: whole), classifiedBySource) }
        return (nil, classifiedBySource)
    }

    /// Every writer tried, in recognition order, for telling the user what a log was not:
    /// "strongSwan charon, racoon (ipsec-tools), ...". Follows the declarations, so a new log
    /// source is named here without anyone editing a message.
    public static var writerNames: String {
        logSources.map { daemon(of: $0) }.joined(separator: ", ")
    }

    /// Who wrote a log source, for messages to the user (its declared writer).
    public static func daemon(of source: String) -> String {
        ParserRegistry.source(named: source)?.logWriter?.name ?? source
    }
}
