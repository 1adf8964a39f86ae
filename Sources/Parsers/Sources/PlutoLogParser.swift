import Facts

/// pluto (Libreswan/Openswan) messages, as a log or as relayed to whack by `ipsec auto --up`:
///   syslog/journal   `Nov 23 10:00:00 host pluto[123]: "conn" #1: message`
///   pluto log file   `Nov 23 10:00:00.123: "conn" #1: message` (logtime) or the bare message
///   whack output     `002 "conn" #1: message`, `1v2 "conn"[1] 192.1.2.23 #2: message`, `"conn" #1: message`
/// Every pluto line is a record: time, connection, instance, serial, code, message, text, and
/// when the message is a known signature `event` and `phase` (ike/child). Events:
/// established_ike, established_child, no_proposal_chosen, auth_failed, auth_failed_maybe (a
/// timeout "Possible authentication failure"), id_mismatch, ts_unacceptable, invalid_ke,
/// no_response (first IKE message unanswered), retransmit, dpd_dead, unreachable, invalid_spi,
/// version_mismatch, nat_detected.
/// Debug lines (`| ...`) are accounted without records.
public struct PlutoLogParser: OutputParser {
    public init() {}
    public var source: String { "pluto-log" }
    public var summary: String { "pluto log / ipsec auto --up output (Libreswan/Openswan)" }

    static let months: Set<String> = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        for line in text.numberedLines where !line.isBlank {
            guard let r = PlutoLogParser.record(line) else {
                if line.trimmed.hasPrefix("| ") || line.trimmed == "|" { acc.account(line.number) } else { acc.reject(line) }
                continue
            }
            acc.add(r, lines: [line.number])
        }
        return acc.result(source: source)
    }

    static func record(_ line: NumberedLine) -> Record? {
        var t = line.text.trimmedSpaces
        var time: String?
        var program: String?
        var fromPluto = false
        // syslog / journal prefix with the program name
        if let r = t.range(of: " pluto[") ?? t.range(of: " pluto: ") ?? t.range(of: " ipsec[") ?? t.range(of: " ipsec_pluto["),
           let colon = t[r.lowerBound...].range(of: ": ") {
            let prefix = t[..<r.lowerBound].words
            if prefix.count >= 3, months.contains(prefix[0]) { time = prefix[0...2].joined(separator: " ") }
            else if let f = prefix.first, f.first?.isNumber == true { time = f }
            program = String(t[r.lowerBound...].dropFirst().prefix { $0 != "[" && $0 != ":" })
            t = String(t[colon.upperBound...])
            fromPluto = true
        } else if let f = t.words.first, months.contains(f), let colon = t.range(of: ": ") {
            // pluto's own log file with logtime=yes: `Nov 23 10:00:00.123: message`
            let head = t[..<colon.lowerBound].words
            if head.count == 3, head[2].contains(":") { time = head.joined(separator: " "); t = String(t[colon.upperBound...]); fromPluto = true }
        }
        if t.hasPrefix("| ") || t == "|" { return nil }
        let (code, body) = Libreswan.stripCode(t)
        if code != nil { fromPluto = true }
        var m = Substring(body.trimmedSpaces)
        var impair = false
        if m.hasPrefix("IMPAIR: ") { m = m.dropFirst(8); impair = true; fromPluto = true }
        var conn: String?, instance: String?, serial: Int?
        if let n = Libreswan.quotedName(m) {
            var rest = n.rest.drop { $0 == " " }
            // optional peer address word, then `#N:`
            if !rest.hasPrefix("#"), !rest.hasPrefix(":"), let sp = rest.firstIndex(of: " "), rest[sp...].dropFirst().hasPrefix("#") {
                rest = rest[sp...].dropFirst()
            }
            if rest.hasPrefix("#"), let colon = rest.firstIndex(of: ":"), let s = Int(rest[rest.index(after: rest.startIndex)..<colon]) {
                serial = s; conn = n.name; instance = n.instance
                m = rest[rest.index(after: colon)...].drop { $0 == " " }
            } else if rest.hasPrefix(":") {
                conn = n.name; instance = n.instance
                m = rest.dropFirst().drop { $0 == " " }
            } else if fromPluto {
                conn = n.name; instance = n.instance; m = rest
            } else { return nil }
            fromPluto = true
        } else if m.first == "#", let colon = m.firstIndex(of: ":"), let s = Int(m[m.index(after: m.startIndex)..<colon]) {
            // `#4: message` (state serial without connection name: Openswan logs stripped of it)
            serial = s
            m = m[m.index(after: colon)...].drop { $0 == " " }
            fromPluto = true
        } else if !fromPluto {
            let known = ["packet from ", "loading secrets", "listening for IKE", "adding interface", "forgetting secrets",
                         "Starting Pluto", "pluto: ", "shutting down", "NSS ", "FIPS ", "initiating all conns", "added ",
                         "added connection description", "\"", "ERROR: ", "WARNING: ", "ignoring ", "received ",
                         "initiating ", "no connection or alias named", "terminating SAs"]
            guard known.contains(where: { m.hasPrefix($0) }) else { return nil }
        }
        let message = String(m)
        var r = Record(line: line.number)
        r.set("time", time)
        r.set("program", program)
        r.set("code", code)
        r.set("connection", conn)
        r.set("instance", instance)
        r.set("serial", serial)
        if impair { r.set("impair", true) }
        r.set("message", message)
        if !impair, let (event, phase) = classify(message) { r.set("event", event); r.set("phase", phase) }
        r.set("text", line.text)
        return r
    }

    /// The normalized signature of a pluto message and its phase.
    static func classify(_ m: String) -> (String, String)? {
        let childCtx = m.contains("Child SA") || m.contains("CHILD SA") || m.contains("Quick Mode") || m.contains("STATE_QUICK")
            || m.contains("CREATE_CHILD") || m.contains("IKE_AUTH response") || m.contains("STATE_PARENT_I2")
            || m.contains("STATE_V2_CREATE") || m.contains("STATE_V2_PARENT_I2") || m.contains("IKE_AUTH_I")
            || m.contains("IPsec SA") || m.contains("v2I2")
        let phase = childCtx ? "child" : "ike"
        // successes
        if m.contains("IPsec SA established") || m.contains("established Child SA") || m.contains("STATE_V2_ESTABLISHED_CHILD_SA") {
            return ("established_child", "child")
        }
        if m.contains("ISAKMP SA established") || m.contains("IKE SA established") || m.contains("established IKE SA")
            || m.contains("PARENT SA established") || m.contains("STATE_V2_ESTABLISHED_IKE_SA") {
            return ("established_ike", "ike")
        }
        if m.contains("suppressing retransmit") || m.hasPrefix("IMPAIR") { return nil }
        // failures
        if m.contains("No response (or no acceptable response) to our") || m.contains("No response (or no acceptable response)") {
            return ("no_response", "ike")
        }
        if m.contains("Possible authentication failure") { return ("auth_failed_maybe", "ike") }
        if m.contains("perhaps peer likes no proposal") { return ("no_proposal_chosen", phase) }
        if m.contains("NO_PROPOSAL_CHOSEN") || m.contains("no acceptable Oakley Transform") || m.contains("no acceptable proposal")
            || m.contains("no common proposal") || m.contains("no acceptable ESP") {
            if m.contains("IKE_SA_INIT") || m.contains("STATE_PARENT_I1") || m.contains("STATE_V2_PARENT_I1")
                || m.contains("STATE_MAIN") || m.contains("Oakley") || m.contains("IKE_SA_INIT_I") { return ("no_proposal_chosen", "ike") }
            return ("no_proposal_chosen", phase)
        }
        if m.contains("AUTHENTICATION_FAILED") || m.contains("INVALID_HASH_INFORMATION") || m.contains("authentication failed")
            || m.contains("Authentication failed") || m.contains("Signature check") && m.contains("failed")
            || m.contains("MAC mismatch") || m.contains("INVALID_KEY_INFORMATION") {
            return ("auth_failed", "ike")
        }
        if m.contains("TS_UNACCEPTABLE") || m.contains("INVALID_ID_INFORMATION") || m.contains("no acceptable traffic selector")
            || m.contains("cannot respond to IPsec SA request because no connection is known") {
            return ("ts_unacceptable", "child")
        }
        if m.contains("INVALID_KE_PAYLOAD") { return ("invalid_ke", "ike") }
        if m.contains("peer to have ID") && m.contains("but peer declares") || m.contains("no suitable connection for peer")
            || m.contains("Peer ID") && m.contains("mismatch") {
            return ("id_mismatch", "ike")
        }
        if m.contains("declaring peer dead") || m.contains("DPD: No response from peer") { return ("dpd_dead", "ike") }
        if m.contains("retransmission; will wait") || m.contains("retransmitting in") || m.hasPrefix("retransmitting") {
            return ("retransmit", "ike")
        }
        if m.contains("Network is unreachable") || m.contains("No route to host") || m.contains("asynchronous network error") {
            return ("unreachable", "ike")
        }
        if m.contains("INVALID_SPI") { return ("invalid_spi", "child") }
        if m.contains("INVALID_MAJOR_VERSION") || m.contains("IKEv1 packet") && m.contains("drop")
            || m.contains("ignoring IKEv1") || m.contains("ignoring IKEv2") || m.contains("unsupported IKE version") {
            return ("version_mismatch", "ike")
        }
        if (m.contains("NAT-Traversal: Result using") && m.contains("behind NAT") || m.contains("NAT detected")) && !m.contains("no NAT detected") {
            return ("nat_detected", "ike")
        }
        return nil
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension PlutoLogParser: EvidenceSource {
    public var yields: [String] {
        [
            "ike.implementation", "log.child.no_proposal_chosen", "log.child.ts_unacceptable", "log.ike.auth_failed",
            "log.ike.dpd_dead", "log.ike.invalid_ke", "log.ike.no_peer_config", "log.ike.no_proposal_chosen",
            "log.ike.peer_not_responding", "log.ike.retransmits", "log.ike.unreachable",
        ]
    }
    public var kind: ProbeSpec.Kind { .log }
    public var probes: [ProbeSpec] {
        [
            ProbeSpec("log:/var/log/pluto.log", source: "pluto-log", .file("/var/log/pluto.log"), kind: .log, tailLines: ProbeSpec.logTail),
        ]
    }
}
