import Facts

/// racoon (ipsec-tools) log lines:
///   syslog   `Feb 20 10:33:41 host racoon: ERROR: failed to get sainfo.` (`racoon[123]:` too)
///   logfile  `2013-03-11 11:11:34: INFO: ...` (racoon -l / -F)
///   bare     `ERROR: pfkey DELETE received`
/// Every racoon line is a record: time, level (INFO, NOTIFY, WARNING, ERROR, DEBUG), message,
/// text, and for the messages of the catalogue (RacoonMessages) `event` and `phase`.
public struct RacoonLogParser: OutputParser {
    public init() {}
    public var source: String { "racoon-log" }
    public var summary: String { "racoon log (ipsec-tools IKEv1 daemon)" }

    static let levels = ["INFO:", "NOTIFY:", "WARNING:", "ERROR:", "DEBUG:", "DEBUG2:", "CRITICAL:"]

    /// As the daemon wrote it, not as a page or a paste shows it (PastedLog).
    public func parse(_ text: String) -> ParseResult { PastedLog.read(text, parseLines) }

    func parseLines(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var lastLines: [Int]? = nil
        var last: LogEventRecord?
        func flush() { if let l = last, let n = lastLines { acc.add(l, lines: n) }; last = nil; lastLines = nil }
        for line in text.numberedLines where !line.isBlank {
            var t = line.trimmed
            t = t.pasteUnwrapped
            var time: String?
            var isRacoon = false
            var logcatLevel: String?
            // continuation of a multi-line message (Android logcat wraps them, indented)
            if line.isIndented, last != nil, !t.fastContains("racoon") { lastLines?.append(line.number); continue }
            // plog prints each message on one line, so an unprefixed line right after a racoon
            // record is that record wrapped by whoever pasted it (mail, an article, a terminal):
            // join it when the joined message is one the catalogue knows and the record's is not.
            if var l = last, l.event == nil, !t.fastContains("racoon"), RacoonLogParser.levels.first(where: { t.hasPrefix($0) }) == nil,
               t.words.first.map({ $0.count == 10 && $0.prefix(4).allSatisfy(\.isNumber) }) != true {
                let m = l.message ?? ""
                let joined = m.isEmpty ? t : m + " " + t
                if let (e, p) = RacoonLogParser.classify(joined) {
                    l.set(.message, joined); l.set(.event, e); l.set(.phase, p)
                    last = l; lastLines?.append(line.number); continue
                }
            }
            if let lc = AndroidLogcat.split(t), lc.tag == "racoon" {
                // Android logcat, any format (`I/racoon  (12321): ...`, `04-19 21:29:14.781  6097  6097 D racoon  : ...`)
                logcatLevel = ["I": "INFO", "W": "WARNING", "E": "ERROR", "D": "DEBUG", "V": "DEBUG", "F": "ERROR"][String(lc.level)]
                time = lc.time
                t = lc.message
                isRacoon = true
            } else if t.count > 9, t.dropFirst().hasPrefix("/racoon"), let close = t.fastRange(of: "): ") {
                // Android logcat: `I/racoon  (12321): message`
                logcatLevel = ["I": "INFO", "W": "WARNING", "E": "ERROR", "D": "DEBUG", "V": "DEBUG", "F": "ERROR"][String(t.prefix(1))]
                t = String(t[close.upperBound...]).trimmedSpaces
                isRacoon = true
            } else if let c = RacoonLogParser.consoleColumns(t) {
                // macOS Console's copied rows, tab-separated Type, Time, Process, Message
                // (`default\t09:46:17.474731+0000\tracoon\tIPSec Extended Authentication requested.`,
                // libreswan/libreswan#1857): Apple's racoon logs to the unified log since 10.12.
                time = c.time
                t = c.message
                isRacoon = true
            } else if let r = t.fastRange(of: "racoon: ") ?? t.fastRange(of: "racoon[") {
                let prefix = t[..<r.lowerBound].words
                if prefix.count >= 3, PlutoLogParser.months.contains(prefix[0]) { time = prefix[0...2].joined(separator: " ") }
                else if prefix.count > 3 { acc.reject(line); continue }
                guard let colon = t.fastRange(of: ": ", from: r.lowerBound) else { acc.reject(line); continue }
                t = String(t[colon.upperBound...]).trimmedSpaces
                isRacoon = true
            } else if let f = t.words.first, f.count == 10, f.prefix(4).allSatisfy(\.isNumber), f.dropFirst(4).first == "-" {
                let w = t.words
                if w.count >= 3, w[1].hasSuffix(":") { time = w[0] + " " + String(w[1].dropLast()); t = w[2...].joined(separator: " ") }
            }
            let level = RacoonLogParser.levels.first { t.hasPrefix($0) }
            if let level { t = String(t.dropFirst(level.count)).trimmedSpaces }
            // racoon built with location logging prefixes `file.c:line:function(): ` (plog.c
            // debug_location): the message is what follows.
            let location = RacoonLogParser.location(t)
            if let location { t = String(t.dropFirst(location.count)).trimmedSpaces }
            // A racoon message pasted alone, without time or level (`failed to get subjectAltName`,
            // an administrator's list of racoon errors): racoon's when the whole line is a message
            // of its catalogue, as pluto's and charon's bare messages are theirs.
            let bareEvent = !isRacoon && level == nil && location == nil ? RacoonLogParser.classifyQuoted(t) : nil
            guard isRacoon || level != nil || bareEvent != nil else { flush(); acc.reject(line); continue }
            flush()
            var r = LogEventRecord(line: line.number)
            r.set(.time, time)
            r.set(.level, level.map { String($0.dropLast()) } ?? logcatLevel)
            r.set(.message, t)
            r.set(.location, location.map { String($0.hasSuffix(" ") ? $0.dropLast(2) : $0.dropLast(1)) })
            if let (e, p) = bareEvent ?? RacoonLogParser.classify(t) { r.set(.event, e); r.set(.phase, p) }
            r.set(.text, line.text)
            last = r; lastLines = [line.number]
        }
        flush()
        return acc.logResult(source: source)
    }

    /// A row of macOS Console copied as text: `<type>\t<time>\t<process>\t<message>` with the
    /// unified log's message types; nil unless the process is racoon.
    static func consoleColumns(_ line: String) -> (time: String, message: String)? {
        let f = line.split(separator: "\t", maxSplits: 3, omittingEmptySubsequences: false)
        guard f.count == 4, consoleTypes.contains(f[0].trimmedSpaces.lowercased()), f[2].trimmedSpaces == "racoon",
              f[1].contains(":") else { return nil }
        return (f[1].trimmedSpaces, f[3].trimmedSpaces)
    }

    static let consoleTypes: Set<String> = ["default", "info", "debug", "error", "fault"]

    /// The `file.c:123:function(): ` prefix racoon's plog puts before a message when it logs
    /// locations (ipsec-tools plog.c, debug_location), or nil.
    static func location(_ m: String) -> Substring? {
        guard let end = m.fastRange(of: "(): ") ?? (m.hasSuffix("():") ? m.fastRange(of: "():") : nil) else { return nil }
        let head = m[..<end.lowerBound]
        let parts = head.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].hasSuffix(".c"), parts[1].allSatisfy(\.isNumber), !parts[1].isEmpty,
              parts[2].allSatisfy({ $0.isLetter || $0.isNumber || $0 == "_" }) else { return nil }
        return m[..<end.upperBound]
    }

    /// The event of a racoon message (RacoonMessages); the phase of a notify received in an
    /// informational exchange follows the message (phase2/IPsec-SA words mean phase 2).
    static func classify(_ m: String) -> (String, String)? {
        LogClassifier.classify(m, in: RacoonMessages.catalogue, childContext: m.fastContains("phase2") || m.fastContains("IPsec-SA"))
    }

    /// A message a person quoted alone (no time, tag or level): plog's messages mostly end in a
    /// full stop, which people drop (`failed to get proposal for responder`), so it is tried with
    /// one when the message as written is unknown. Not for racoon's own lines: there a message
    /// without the stop is another format (admin.c "no configuration found for %s" is not
    /// isakmp.c's "no configuration found for %s.").
    static func classifyQuoted(_ m: String) -> (String, String)? {
        if let e = classify(m) { return e }
        guard !m.hasSuffix("."), !m.isEmpty else { return nil }
        return classify(m + ".")
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension RacoonLogParser: EvidenceSource {
    public var yields: [String] {
        // the log facts come from the one event -> fact table (DaemonLogFacts) and this
        // daemon's message catalogue, so they are listed there, not here
        let own = [
            "ike.implementation", "log.child.install_failed", "log.child.no_proposal_chosen",
            "log.child.ts_unacceptable", "log.ike.auth_failed", "log.ike.no_peer_config",
            "log.ike.no_proposal_chosen", "log.ike.peer_not_responding", "log.ike.retransmits",
            "log.ike.unreachable",
        ]
        return own + (RacoonExtractor.logFacts.boolFacts + ["log.ike.request_version"]).filter { !own.contains($0) }
    }
    public var kind: ProbeSpec.Kind { .log }
    public var logWriter: LogWriter? { .daemon("racoon (ipsec-tools)", rank: 1) }
}
