import Facts

/// isakmpd (OpenBSD IKEv1) log lines, `Nov 23 10:00:00 host isakmpd[27380]: function: message`
/// or without the syslog time. Every isakmpd line is a record: time, function (the `name:`
/// isakmpd prefixes its messages with), message, text, and for known signatures `event`/`phase`:
/// teardown (`ui_teardown: teardown connection "X", phase N`: connection, teardown_phase),
/// no_sa_matched (`sa_find: no SA matched query`: the teardown found nothing: the fifo `t` was
/// given a name that is not the generated SA name), no_response (`transport_send_messages:
/// giving up on exchange X, no response from peer`), no_proposal_chosen (`dropped message ...
/// due to notification type NO_PROPOSAL_CHOSEN`, `no compatible proposals`), auth_failed
/// (`INVALID_HASH_INFORMATION`, `PAYLOAD_MALFORMED`, `AUTHENTICATION_FAILED`,
/// `received HASH ... does not match`), ts_unacceptable (`INVALID_ID_INFORMATION`),
/// established_ike / established_child (`isakmpd: phase 1 done` / `phase 2 done`, isakmpd -v);
/// before those signatures, isakmpd's own failure formats (IsakmpdMessages).
public struct IsakmpdLogParser: OutputParser {
    public init() {}
    public var source: String { "isakmpd-log" }
    public var summary: String { "isakmpd log (OpenBSD)" }

    /// As the daemon wrote it, not as a page or a paste shows it (PastedLog).
    public func parse(_ text: String) -> ParseResult { PastedLog.read(text, parseLines) }

    func parseLines(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        for line in text.numberedLines where !line.isBlank {
            let t = line.trimmed
            guard let r = t.range(of: "isakmpd[") ?? t.range(of: "isakmpd:"),
                  let colon = t[r.lowerBound...].range(of: ": ") else { acc.reject(line); continue }
            let prefix = t[..<r.lowerBound].words
            if prefix.count > 4 { acc.reject(line); continue }
            var rec = LogEventRecord(line: line.number)
            if prefix.count >= 3, PlutoLogParser.months.contains(prefix[0]) { rec.set(.time, prefix[0...2].joined(separator: " ")) }
            let message = String(t[colon.upperBound...])
            if let c = message.range(of: ": "), !message[..<c.lowerBound].contains(" ") {
                rec.set(.function, String(message[..<c.lowerBound]))
            }
            rec.set(.message, message)
            if let (e, p) = IsakmpdLogParser.classify(message, into: &rec) { rec.set(.event, e); rec.set(.phase, p) }
            rec.set(.text, line.text)
            acc.add(rec, lines: [line.number])
        }
        return acc.logResult(source: source)
    }

    static func classify(_ m: String, into r: inout LogEventRecord) -> (String, String)? {
        if let rest = m.after("ui_teardown: teardown connection ") {
            if let q1 = rest.firstIndex(of: "\""), let q2 = rest[rest.index(after: q1)...].firstIndex(of: "\"") {
                r.set(.connection, String(rest[rest.index(after: q1)..<q2]))
            }
            if let p = rest.range(of: "phase ") { r.set(.teardownPhase, Int(rest[p.upperBound...].prefix { $0.isNumber })) }
            return ("teardown", "ike")
        }
        if m.contains("no SA matched query") { return ("no_sa_matched", "ike") }
        // isakmpd's failure formats from its sources (IsakmpdMessages), then the older signatures
        if let hit = LogClassifier.classify(m, in: IsakmpdMessages.catalogue, childContext: m.contains("quick") || m.contains("phase 2")) {
            return hit
        }
        if m.contains("giving up on exchange") && m.contains("no response from peer") { return ("no_response", "ike") }
        if m.contains("NO_PROPOSAL_CHOSEN") || m.contains("no compatible proposals") || m.contains("no acceptable proposal") {
            return ("no_proposal_chosen", m.contains("phase 2") || m.contains("quick") ? "child" : "ike")
        }
        if m.contains("INVALID_HASH_INFORMATION") || m.contains("PAYLOAD_MALFORMED") || m.contains("AUTHENTICATION_FAILED")
            || m.contains("HASH") && m.contains("does not match") {
            return ("auth_failed", "ike")
        }
        if m.contains("INVALID_ID_INFORMATION") { return ("ts_unacceptable", "child") }
        if m.contains("phase 1 done") { return ("established_ike", "ike") }
        if m.contains("phase 2 done") { return ("established_child", "child") }
        if m.contains("dead peer") || m.contains("DPD") && m.contains("dead") { return ("dpd_dead", "ike") }
        if m.contains("Network is unreachable") || m.contains("No route to host") { return ("unreachable", "ike") }
        return nil
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension IsakmpdLogParser: EvidenceSource {
    public var yields: [String] {
        // the log facts come from the one event -> fact table (DaemonLogFacts) and this
        // daemon's message catalogue, so they are listed there, not here
        let own = [
            "host.os", "ike.implementation", "log.ike.auth_failed", "log.ike.no_proposal_chosen",
            "log.ike.peer_not_responding", "log.ike.retransmits", "log.isakmpd.teardown_no_match",
        ]
        return own + OpenBSDExtractor.logFacts.boolFacts.filter { !own.contains($0) }
    }
    public var kind: ProbeSpec.Kind { .log }
    public var logWriter: LogWriter? { .daemon("OpenBSD isakmpd", rank: 4) }
}
