import Facts

/// racoon (ipsec-tools) log lines:
///   syslog   `Feb 20 10:33:41 host racoon: ERROR: failed to get sainfo.` (`racoon[123]:` too)
///   logfile  `2013-03-11 11:11:34: INFO: ...` (racoon -l / -F)
///   bare     `ERROR: pfkey DELETE received`
/// Every racoon line is a record: time, level (INFO, NOTIFY, WARNING, ERROR, DEBUG), message,
/// text, and for known signatures `event` and `phase`. Events and the racoon messages behind
/// them: established_ike ("ISAKMP-SA established"), established_child ("IPsec-SA established"),
/// no_response ("phase1 negotiation failed due to time up"), child_timeout ("phase2
/// negotiation failed due to time up"), no_proposal_chosen ("no proposal chosen", "no suitable
/// proposal found", "NO-PROPOSAL-CHOSEN", "rejected enctype/hashtype/authmethod/dh_group"),
/// ts_unacceptable ("failed to get sainfo", "INVALID-ID-INFORMATION"), auth_failed ("invalid
/// HASH", "HASH mismatch", "INVALID-HASH-INFORMATION", "couldn't find the pskey"), no_peer_config
/// ("couldn't find configuration", "no configuration found"), unreachable ("sendto", "sendfromto
/// failed", "phase1 negotiation failed due to send error"), install_failed ("pfkey ADD/UPDATE
/// failed"), dpd_dead ("seems to be dead"), retransmit ("resend phase1/phase2 packet"),
/// nat_detected ("NAT detected"), phase2_queued ("no phase1 found").
public struct RacoonLogParser: OutputParser {
    public init() {}
    public var source: String { "racoon-log" }
    public var summary: String { "racoon log (ipsec-tools IKEv1 daemon)" }

    static let levels = ["INFO:", "NOTIFY:", "WARNING:", "ERROR:", "DEBUG:", "DEBUG2:", "CRITICAL:"]

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var lastLines: [Int]? = nil
        var last: Record?
        func flush() { if let l = last, let n = lastLines { acc.add(l, lines: n) }; last = nil; lastLines = nil }
        for line in text.numberedLines where !line.isBlank {
            var t = line.trimmed
            var time: String?
            var isRacoon = false
            var logcatLevel: String?
            // continuation of a multi-line message (Android logcat wraps them, indented)
            if line.isIndented, last != nil, !t.contains("racoon") { lastLines?.append(line.number); continue }
            if t.count > 9, t.dropFirst().hasPrefix("/racoon"), let close = t.range(of: "): ") {
                // Android logcat: `I/racoon  (12321): message`
                logcatLevel = ["I": "INFO", "W": "WARNING", "E": "ERROR", "D": "DEBUG", "V": "DEBUG", "F": "ERROR"][String(t.prefix(1))]
                t = String(t[close.upperBound...]).trimmedSpaces
                isRacoon = true
            } else if let r = t.range(of: "racoon: ") ?? t.range(of: "racoon[") {
                let prefix = t[..<r.lowerBound].words
                if prefix.count >= 3, PlutoLogParser.months.contains(prefix[0]) { time = prefix[0...2].joined(separator: " ") }
                else if prefix.count > 3 { acc.reject(line); continue }
                guard let colon = t[r.lowerBound...].range(of: ": ") else { acc.reject(line); continue }
                t = String(t[colon.upperBound...]).trimmedSpaces
                isRacoon = true
            } else if let f = t.words.first, f.count == 10, f.prefix(4).allSatisfy(\.isNumber), f.dropFirst(4).first == "-" {
                let w = t.words
                if w.count >= 3, w[1].hasSuffix(":") { time = w[0] + " " + String(w[1].dropLast()); t = w[2...].joined(separator: " ") }
            }
            let level = RacoonLogParser.levels.first { t.hasPrefix($0) }
            if let level { t = String(t.dropFirst(level.count)).trimmedSpaces }
            guard isRacoon || level != nil else { flush(); acc.reject(line); continue }
            flush()
            var r = Record(line: line.number)
            r.set("time", time)
            r.set("level", level.map { String($0.dropLast()) } ?? logcatLevel)
            r.set("message", t)
            if let (e, p) = RacoonLogParser.classify(t) { r.set("event", e); r.set("phase", p) }
            r.set("text", line.text)
            last = r; lastLines = [line.number]
        }
        flush()
        return acc.result(source: source)
    }

    static func classify(_ m: String) -> (String, String)? {
        let l = m.lowercased()
        if l.contains("isakmp-sa established") { return ("established_ike", "ike") }
        if l.contains("ipsec-sa established") { return ("established_child", "child") }
        if l.contains("phase1 negotiation failed due to time up") { return ("no_response", "ike") }
        if l.contains("phase2 negotiation failed due to time up") { return ("child_timeout", "child") }
        if l.contains("phase1 negotiation failed due to send error") || l.hasPrefix("sendto") || l.contains("sendfromto failed") {
            return ("unreachable", "ike")
        }
        if l.contains("no suitable proposal found") || l.contains("failed to pre-process ph2 packet") && l.contains("proposal") {
            return ("no_proposal_chosen", "child")
        }
        if l.contains("no proposal chosen") || l.contains("no-proposal-chosen") || l.hasPrefix("rejected enctype")
            || l.hasPrefix("rejected hashtype") || l.hasPrefix("rejected authmethod") || l.hasPrefix("rejected dh_group")
            || l.contains("failed to get valid proposal") {
            return ("no_proposal_chosen", l.contains("phase2") || l.contains("ipsec-sa") ? "child" : "ike")
        }
        if l.contains("failed to get sainfo") || l.contains("invalid-id-information") { return ("ts_unacceptable", "child") }
        if l.contains("invalid hash") || l.contains("hash mismatch") || l.contains("invalid-hash-information")
            || l.contains("couldn't find the pskey") || l.contains("couldn't find pskey") || l.contains("authentication-failed") {
            return ("auth_failed", "ike")
        }
        if l.contains("couldn't find configuration") || l.contains("no configuration found") || l.contains("unknown remote") {
            return ("no_peer_config", "ike")
        }
        if l.contains("pfkey add failed") || l.contains("pfkey update failed") { return ("install_failed", "child") }
        if l.contains("seems to be dead") { return ("dpd_dead", "ike") }
        if l.hasPrefix("resend phase1 packet") || l.hasPrefix("resend phase2 packet") { return ("retransmit", "ike") }
        if l.contains("nat detected") { return ("nat_detected", "ike") }
        if l.contains("no phase1 found") { return ("phase2_queued", "ike") }
        return nil
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension RacoonLogParser: EvidenceSource {
    public var yields: [String] {
        [
            "ike.implementation", "log.child.install_failed", "log.child.no_proposal_chosen",
            "log.child.ts_unacceptable", "log.ike.auth_failed", "log.ike.no_peer_config",
            "log.ike.no_proposal_chosen", "log.ike.peer_not_responding", "log.ike.retransmits",
            "log.ike.unreachable",
        ]
    }
    public var kind: ProbeSpec.Kind { .log }
}
