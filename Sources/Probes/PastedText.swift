import Facts
import Parsers

/// Recognises what an operator pastes at a wizard prompt, with the same parsers the probes use:
/// a daemon log line or block (LogSniffer picks the parser), a daemon message without its log
/// prefix ("no matching peer config found"), a notify name the peer's admin read out
/// ("NO_PROPOSAL_CHOSEN", "AUTHENTICATION_FAILED"), or a command's output (`paste` blocks:
/// `swanctl --list-sas`, `ip xfrm state` ...). The facts come back with provenance
/// "you pasted ...", so `facts` and `how` show where they came from.
public enum PastedText {
    public struct Recognised: Sendable {
        /// What the text was taken for: "a charon log line", "swanctl-list-sas output".
        public var what: String
        public var facts: [Fact]
    }

    public static let origin = "you pasted"

    public static func recognise(_ text: String) -> Recognised? {
        let t = String(text.prefix(1 << 20)).trimmingCharacters(in: .whitespacesAndNewlines)
        guard !t.isEmpty else { return nil }
        let oneLine = !t.contains("\n")
        // "the branch admin says NO_PROPOSAL_CHOSEN": a sentence naming a notify is the notify,
        // although the log recognisers accept bare daemon messages without a prefix.
        if oneLine, !looksLikeLogLine(t), let (name, message) = notify(in: t),
           let r = fromLog("00[IKE] " + message, source: "charon-log", original: t) {
            return Recognised(what: "the notify \(name)", facts: r)
        }
        if let source = LogSniffer.source(of: t), let r = fromLog(t, source: source, original: nil) {
            return Recognised(what: "\(oneLine ? "a" : "lines of a") \(source.replacingOccurrences(of: "-log", with: "")) log" + (oneLine ? " line" : ""), facts: r)
        }
        if oneLine {
            // A daemon message without its log prefix, classified as the charon log parser would.
            if let r = fromLog("00[IKE] " + t, source: "charon-log", original: t) { return Recognised(what: "an IKE daemon message", facts: r) }
            if let (name, message) = notify(in: t), let r = fromLog("00[IKE] " + message, source: "charon-log", original: t) {
                return Recognised(what: "the notify \(name)", facts: r)
            }
            return nil
        }
        return commandOutput(t)
    }

    // MARK: logs

    /// The facts a log fragment shows. Only what it shows: a line that is not in a fragment
    /// proves nothing, so the "false because the log holds no such line" facts are dropped.
    static func fromLog(_ text: String, source: String, original: String?) -> [Fact]? {
        guard let parser = ParserRegistry.parser(named: source) else { return nil }
        let parsed = ParsedSource(result: parser.parse(text), origin: origin, kind: .log)
        // Only the log.* facts: what the lines show happened, not which daemon this host runs
        // (a line from the peer's log says nothing about this gateway's installation).
        let facts = FactExtraction.facts(from: ParsedCollection([parsed])).filter { $0.name.hasPrefix("log.") && isShown($0) }.map { fact -> Fact in
            guard let original else { return fact }
            var f = fact
            f.provenance = [Provenance(.log, origin, excerpt: original)]
            return f
        }
        return facts.isEmpty ? nil : facts
    }

    static func isShown(_ f: Fact) -> Bool {
        switch f.value {
        case let .bool(b): return b
        case let .number(n): return n > 0
        case let .string(s): return !s.isEmpty
        case let .list(l): return !l.isEmpty
        }
    }

    /// A line with a log's own prefix: a timestamp or thread number first (`Nov 23 19:40:34`,
    /// `2006-08-08`, `4[IKE]`), a syslog tag (`pluto[123]:`, `charon:`), or pluto's `"conn" #N:`.
    static func looksLikeLogLine(_ t: String) -> Bool {
        guard let first = t.first else { return false }
        if first.isNumber || first == "\"" || t.contains("[") { return true }
        let firstWord = t.prefix { $0 != " " }
        if firstWord.hasSuffix(":") { return true }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return months.contains(String(firstWord)) && t.dropFirst(firstWord.count).drop { $0 == " " }.first?.isNumber == true
    }

    // MARK: notify names

    /// RFC 7296 (and IKEv1) error notify names an admin reads out, with the short forms daemons
    /// log (`N(NO_PROP)`), and the message strongSwan logs on receiving each.
    static let notifies: [(names: [String], ike: String, child: String?)] = [
        (["NO_PROPOSAL_CHOSEN", "NO_PROP"], "received NO_PROPOSAL_CHOSEN notify error", "received NO_PROPOSAL_CHOSEN notify, no CHILD_SA built"),
        (["AUTHENTICATION_FAILED", "AUTH_FAILED"], "received AUTHENTICATION_FAILED notify error", nil),
        (["INVALID_HASH_INFORMATION"], "received INVALID_HASH_INFORMATION error notify", nil),
        (["TS_UNACCEPTABLE", "TS_UNACCEPT"], "received TS_UNACCEPTABLE notify, no CHILD_SA built", nil),
        (["INVALID_KE_PAYLOAD", "INVALID_KE"], "received INVALID_KE_PAYLOAD notify error", nil),
        (["INVALID_SPI"], "received INVALID_SPI notify error", nil),
        (["INVALID_MAJOR_VERSION"], "received INVALID_MAJOR_VERSION notify error", nil),
        (["INVALID_ID_INFORMATION"], "received INVALID_ID_INFORMATION error notify", nil),
    ]

    /// Words that put a NO_PROPOSAL_CHOSEN in phase 2.
    static let childHints = ["child", "esp", "phase 2", "phase2", "quick mode", "ipsec sa", "ike_auth", "create_child_sa"]

    static func notify(in text: String) -> (String, String)? {
        let words = Set(text.uppercased().split { !($0.isLetter || $0.isNumber || $0 == "_") }.map(String.init))
        guard let hit = notifies.first(where: { !words.isDisjoint(with: $0.names) }) else { return nil }
        let lower = text.lowercased()
        let child = hit.child.flatMap { msg in childHints.contains { lower.contains($0) } ? msg : nil }
        return (hit.names[0], child ?? hit.ike)
    }

    // MARK: command output

    /// The command outputs a `paste` block may hold, most distinctive first.
    static let commandSources = ["swanctl-list-sas", "swanctl-list-conns", "swanctl-list-pols", "swanctl-stats",
                                 "libreswan-status", "libreswan-trafficstatus", "libreswan-showstates", "xfrm-state",
                                 "xfrm-policy", "xfrm-stat", "ipsecctl-sa", "setkey-D", "setkey-DP", "ipseckey-dump",
                                 "iptables-save", "nft-ruleset", "ss-uanp", "ip-route", "svcs", "tcpdump", "snoop"]

    /// The first parser that accounts for every line and finds records.
    static func commandOutput(_ text: String) -> Recognised? {
        for source in commandSources {
            guard let parser = ParserRegistry.parser(named: source) else { continue }
            let result = parser.parse(text)
            guard result.recordCount > 0, result.unparsed.isEmpty else { continue }
            let facts = FactExtraction.facts(from: ParsedCollection([ParsedSource(result: result, origin: origin, kind: .probe)]))
            if !facts.isEmpty { return Recognised(what: "\(source) output", facts: facts) }
        }
        return nil
    }
}
