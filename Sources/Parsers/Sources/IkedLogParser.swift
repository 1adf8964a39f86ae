import Facts

/// OpenBSD iked (IKEv2) messages: `iked -dv` on the terminal (`function: message`) or syslog
/// (`Nov 23 10:00:00 host iked[123]: function: message`). Every iked line is a record: time,
/// function, message, text, and for known messages `event`/`phase`: first the message
/// catalogue (IkedMessages: iked's failure formats from its sources, the `sa_free: <reason>`
/// lines, `established peer`, `retransmit N <exchange> req`), then the signatures of lines that
/// name a notify (`NO_PROPOSAL_CHOSEN`, `AUTHENTICATION_FAILED`, `TS_UNACCEPTABLE`,
/// `INVALID_KE_PAYLOAD` in a `-dv` payload dump), `sa_state: ... -> ESTABLISHED`, and `NAT-T` on a
/// sent message. A retransmit of IKE_SA_INIT is marked `first_request`; an `ikev2_recv: ...
/// response` line `peer_answered` (DaemonLogFacts.firstRequestUnanswered). Bare lines are
/// accepted only when they start with an iked function name or iked's `spi=0x...: ` prefix.
public struct IkedLogParser: OutputParser {
    public init() {}
    public var source: String { "iked-log" }
    public var summary: String { "iked log / iked -dv output (OpenBSD IKEv2)" }

    static let functionPrefixes = ["ikev2_", "ikev1_", "sa_", "policy_", "pfkey_", "config_", "ca_", "ikev2", "proc_", "parent_",
                                   "spi=", "eap_", "ocsp_", "cipher_", "hash_", "dsa_", "udp_bind", "proposals_", "control_"]

    /// As the daemon wrote it, not as a page or a paste shows it (PastedLog).
    public func parse(_ text: String) -> ParseResult { PastedLog.read(text, parseLines) }

    func parseLines(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var childContext = false
        for line in text.numberedLines where !line.isBlank {
            var t = line.trimmed.pasteUnwrapped
            var time: String?
            if let r = t.range(of: "iked[") ?? t.range(of: "iked: "), let colon = t[r.lowerBound...].range(of: ": ") {
                let prefix = t[..<r.lowerBound].words
                if prefix.count > 4 { acc.reject(line); continue }
                if prefix.count >= 3, PlutoLogParser.months.contains(prefix[0]) { time = prefix[0...2].joined(separator: " ") }
                t = String(t[colon.upperBound...])
            } else {
                guard let c = t.range(of: ": "), !t[..<c.lowerBound].contains(" "),
                      IkedLogParser.functionPrefixes.contains(where: { t.hasPrefix($0) }) else { acc.reject(line); continue }
            }
            var r = LogEventRecord(line: line.number)
            r.set(.time, time)
            if let c = t.range(of: ": "), !t[..<c.lowerBound].contains(" ") { r.set(.function, String(t[..<c.lowerBound])) }
            r.set(.message, t)
            // the exchange the surrounding lines are about decides a `context` message's phase
            if t.contains("CREATE_CHILD_SA") { childContext = true } else if t.contains("IKE_SA_INIT") { childContext = false }
            if let (e, p) = IkedLogParser.classify(t, childContext: childContext) {
                r.set(.event, e); r.set(.phase, p)
                if e == "retransmit", t.contains(" IKE_SA_INIT ") { r.set(.firstRequest, true) }
            }
            if t.hasPrefix("ikev2_recv:"), t.contains(" response from ") { r.set(.peerAnswered, true) }
            r.set(.text, line.text)
            acc.add(r, lines: [line.number])
        }
        return acc.logResult(source: source)
    }

    static func classify(_ m: String, childContext: Bool = false) -> (String, String)? {
        if m.hasPrefix("sa_state:"), m.contains("-> ESTABLISHED") { return ("established_ike", "ike") }
        if let hit = LogClassifier.classify(m, in: IkedMessages.catalogue, childContext: childContext) { return hit }
        if m.contains("NO_PROPOSAL_CHOSEN") { return ("no_proposal_chosen", m.contains("IKE_SA_INIT") ? "ike" : "child") }
        if m.contains("AUTHENTICATION_FAILED") { return ("auth_failed", "ike") }
        if m.contains("TS_UNACCEPTABLE") { return ("ts_unacceptable", "child") }
        if m.contains("INVALID_KE_PAYLOAD") { return ("invalid_ke", "ike") }
        if m.contains("retransmit limit reached") { return ("no_response", "ike") }
        if m.hasPrefix("ikev2_msg_retransmit_timeout:"), m.contains("retransmit") { return ("retransmit", "ike") }
        if m.hasSuffix(", NAT-T") { return ("nat_detected", "ike") }
        return nil
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension IkedLogParser: EvidenceSource {
    public var yields: [String] {
        // the log facts come from the one event -> fact table (DaemonLogFacts) and this
        // daemon's message catalogue, so they are listed there, not here
        let own = [
            "host.os", "ike.implementation", "ike.nat_detected", "log.ike.auth_failed", "log.ike.no_proposal_chosen",
            "log.ike.peer_not_responding", "log.ike.retransmits",
        ]
        return own + OpenBSDExtractor.ikedLogFacts.boolFacts.filter { !own.contains($0) }
    }
    public var kind: ProbeSpec.Kind { .log }
    public var logWriter: LogWriter? { .daemon("OpenBSD iked", rank: 3) }
}
