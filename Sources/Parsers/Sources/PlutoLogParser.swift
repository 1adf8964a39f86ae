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

    static let months = syslogMonths

    /// As the daemon wrote it, not as a page or a paste shows it (PastedLog).
    public func parse(_ text: String) -> ParseResult { PastedLog.read(text, parseLines) }

    func parseLines(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var childSerials = Set<Int>()
        var selfTest = false
        let lines = text.numberedLines.filter { !$0.isBlank }
        var i = 0
        while i < lines.count {
            let line = lines[i]
            i += 1
            guard var r = PlutoLogParser.record(line, childSerials: &childSerials) else {
                if line.trimmed.hasPrefix("| ") || line.trimmed == "|" || PlutoLogParser.isPrefixedDebugLine(line.text) {
                    acc.account(line.number)
                } else { acc.reject(line) }
                continue
            }
            var numbers = [line.number]
            if r.event == nil, let joined = PlutoLogParser.unwrap(r, following: lines[i...], childSerials: &childSerials) {
                r = joined.record
                numbers += joined.lines
                i += joined.lines.count
            }
            PlutoLogParser.markSelfTest(&r, &selfTest)
            acc.add(r, lines: numbers)
        }
        return acc.logResult(source: source)
    }

    /// pluto tests its algorithms against known vectors while it starts (lib/libswan/
    /// ike_alg_test.c: `testing AES_GCM_16:`, a line per vector indented by two blanks) and
    /// asserts each result: a vector that fails aborts pluto (libreswan#334, pluto rebuilt
    /// against NSS 3.52: `NSS: AEAD decryption using AES_GCM_16_128 and PK11_Decrypt() failed`).
    /// A failed line inside such a test is the daemon's end, though users often paste without the
    /// ABORT line; the test ends at the first other line. `selfTest` is whether one is running.
    static func markSelfTest(_ r: inout LogEventRecord, _ selfTest: inout Bool) {
        guard let m = r.message else { return }
        if m.hasPrefix("testing "), m.hasSuffix(":"), !m.dropFirst(8).dropLast().contains(" ") { selfTest = true; return }
        guard selfTest else { return }
        let text = r.text ?? ""
        if m.fastContains(" failed") || m.hasPrefix("FAILED") {
            if r.event == nil { r.set(.event, "daemon_crashed"); r.set(.phase, "ike"); r.set(.selftestFailed, true) }
            return
        }
        // a vector's own line (`:   one block`) keeps the test running; any other ends it
        if !text.fastContains("  " + m) { selfTest = false }
    }

    /// pluto prints each message on one line, so lines that follow a record whose message the
    /// catalogue does not know, and that are no pluto line themselves, may be that message wrapped
    /// by whoever pasted it: a mail client at 72 columns, with or without the quote marker (`| SA
    /// request because no connection is known for`, the FreeS/WAN FAQ's quoted logs). Up to three
    /// such lines are joined, and only when the joined message is one the catalogue knows (the
    /// longest that is); the record then reads as that message.
    static func unwrap(_ r: LogEventRecord, following: ArraySlice<NumberedLine>, childSerials: inout Set<Int>) -> (record: LogEventRecord, lines: [Int])? {
        guard var message = r.message else { return nil }
        var used: [Int] = []
        var best: (message: String, event: (String, String), count: Int)?
        var scratch = childSerials
        for next in following.prefix(3) {
            let piece = next.text.withoutQuoteMarkers
            // a line with a syslog time of its own starts a line of its own: the usual case, and
            // decided without parsing it
            if syslogMonths.contains(String(piece.prefix(3))), piece.dropFirst(3).first == " " { break }
            guard PlutoLogParser.record(next, childSerials: &scratch) == nil else { break }
            guard !piece.isEmpty, !piece.hasPrefix("|") else { break }
            message = message.isEmpty ? piece : message + " " + piece
            used.append(next.number)
            let serial = r.serial
            let childContext = serial.map { childSerials.contains($0) } ?? false || PlutoLogParser.isChildMessage(message)
            if let e = LogClassifier.classify(PlutoLogParser.withoutPacketFrom(message), in: LibreswanMessages.catalogue, childContext: childContext) {
                best = (message, e, used.count)
            }
        }
        guard let best else { return nil }
        var out = r
        out.set(.message, best.message)
        out.set(.event, PlutoLogParser.refine(best.event.0, message: best.message))
        out.set(.phase, best.event.1)
        if let serial = r.serial, PlutoLogParser.isChildMessage(best.message) { childSerials.insert(serial) }
        PlutoLogParser.markExchange(&out, message: best.message)
        let texts = [r.text ?? ""] + following.prefix(best.count).map(\.text)
        out.set(.text, texts.joined(separator: "\n"))
        return (out, Array(used.prefix(best.count)))
    }

    /// A pluto debug line (`plutodebug=...`: lswlog.h `DEBUG_PREFIX "| "`) behind pluto's own
    /// prefix: its syslog tag (`Feb 22 16:12:42 host pluto[5691]: | ...`, `pluto[371]: | ...`) or
    /// its log file's time (`Sep 29 09:42:29.495253: | ...`, hwdsl2/setup-ipsec-vpn#860,
    /// libreswan#47). Such a line is pluto's and says so, though it carries no message of the
    /// catalogue: the parser accounts for it, and a log of nothing else is still recognised as
    /// pluto's (LogRecognition). A bare `| ...` line is not counted: it is also a Markdown table.
    static func isPrefixedDebugLine(_ text: String) -> Bool {
        var t = text.trimmedSpaces
        if let quoted = t.markdownQuoteContent { t = quoted }
        if t.hasPrefix("pluto[") || t.hasPrefix("pluto: ") { t = " " + t }
        let rest: Substring
        if let r = t.fastRange(of: " pluto[") ?? t.fastRange(of: " pluto: ") ?? t.fastRange(of: " ipsec_pluto["),
           let colon = t.fastRange(of: ": ", from: r.lowerBound) {
            rest = t[colon.upperBound...]
        } else if months.contains(String(t.prefix(3))), t.dropFirst(3).first == " ", let colon = t.fastRange(of: ": ") {
            let head = t[..<colon.lowerBound].words
            guard head.count == 3, head[2].contains(":") else { return false }
            rest = t[colon.upperBound...]
        } else { return false }
        return rest.hasPrefix("| ") || rest == "|"
    }

    static func record(_ line: NumberedLine, childSerials: inout Set<Int>) -> LogEventRecord? {
        var t = line.text.trimmedSpaces
        // every wrapper in any nesting: a CSV field, `> ` or `| ` mail quotes, bold, and a message
        // quoted in double quotes as users write one in prose (`> "no suitable connection for
        // peer '@xforce'"`, the FreeS/WAN FAQ)
        t = t.pasteUnwrapped
        if let klips = PlutoLogParser.klipsMessage(t) {
            // KLIPS, the kernel half of FreeS/WAN and Openswan (Libreswan to 3.x): its own printk
            // lines, read with pluto's since no other source holds them
            var r = LogEventRecord(line: line.number)
            r.set(.program, "klips")
            r.set(.message, klips)
            if let (e, p) = LogClassifier.classify(klips, in: LibreswanMessages.catalogue, childContext: true) { r.set(.event, e); r.set(.phase, p) }
            r.set(.text, line.text)
            return r
        }
        // pluto's death and start as others report them: the kernel's fault line, _plutorun's
        // lines, systemd's for ipsec.service (DaemonExitLines)
        if let exit = DaemonExitLines.pluto(t) { return DaemonExitLines.record(exit, line) }
        var time: String?
        var program: String?
        var fromPluto = false
        // The program tag alone, with nothing before it (the time and host cut off by whoever
        // pasted: `pluto[400]: "l2tp-psk"[1] ... #2: ...`, hwdsl2/docker-ipsec-vpn-server#393,
        // xelerance/Openswan#237): the same prefix as syslog's, found by its leading space.
        if t.hasPrefix("pluto[") || t.hasPrefix("pluto: ") || t.hasPrefix("ipsec_pluto[") || t.hasPrefix("Pluto[") || t.hasPrefix("ipsec_setup: ") { t = " " + t }
        // syslog / journal prefix with the program name; FreeS/WAN's pluto logged as `Pluto`
        // (pluto/log.c openlog("Pluto", ...)) and its setup script as `ipsec_setup` (utils/
        // _realsetup, _startklips: logger -t ipsec_setup), which Openswan kept
        if let r = t.fastRange(of: " pluto[") ?? t.fastRange(of: " pluto: ") ?? t.fastRange(of: " ipsec[") ?? t.fastRange(of: " ipsec_pluto[")
            ?? t.fastRange(of: " Pluto[") ?? t.fastRange(of: " ipsec_setup: ") ?? t.fastRange(of: " ipsec_setup[")
            ?? PlutoLogParser.numberedTag(t),
           let colon = t.fastRange(of: ": ", from: r.lowerBound) {
            let prefix = t[..<r.lowerBound].words
            if prefix.count >= 3, months.contains(prefix[0]) { time = prefix[0...2].joined(separator: " ") }
            else if let f = prefix.first, f.first?.isNumber == true { time = f }
            program = String(t[r.lowerBound...].dropFirst().prefix { $0 != "[" && $0 != ":" })
            t = String(t[colon.upperBound...])
            fromPluto = true
        } else if months.contains(String(t.prefix(3))), t.dropFirst(3).first == " ", let colon = t.fastRange(of: ": ") {
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
            // ... or the address as the user masked it, a placeholder that may hold blanks and be
            // followed by more than one (`"ikev2-cp"[1] <masked host IP>  #1: ...`,
            // `"ikev2-cp"[1] <masked host IP> : deleting ...`, libreswan#810)
            if rest.hasPrefix("<"), let close = rest.firstIndex(of: ">") {
                let after = rest[rest.index(after: close)...].drop { $0 == " " }
                if after.hasPrefix("#") || after.hasPrefix(":") { rest = after }
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
        } else if !fromPluto, LibreswanMessages.catalogue.classify(String(m)) == nil {
            let known = ["packet from ", "loading secrets", "listening for IKE", "adding interface", "forgetting secrets",
                         "Starting Pluto", "pluto: ", "shutting down", "NSS ", "FIPS ", "initiating all conns", "added ",
                         "added connection description", "\"", "ERROR: ", "WARNING: ", "ignoring ", "received ",
                         "initiating ", "no connection or alias named", "terminating SAs",
                         // a state's story (`STATE_MAIN_R1: sent MR1, expecting MI2`) and its deletion,
                         // pasted without the `"conn" #N:` prefix (hwdsl2/setup-ipsec-vpn#793)
                         "STATE_", "deleting state (STATE_", "responding to Main Mode", "responding to Aggressive Mode"]
            guard known.contains(where: { m.hasPrefix($0) }) else { return nil }
        }
        // The message alone highlighted with Markdown bold by whoever pasted it, behind pluto's
        // own prefix (`003 "rsa" : **DigSig: no compatible DigSig hash algo**`, libreswan#422);
        // the whole-line form is taken off above.
        if let bold = String(m).markdownBoldContent { m = Substring(bold) }
        let message = String(m)
        var r = LogEventRecord(line: line.number)
        r.set(.time, time)
        r.set(.program, program)
        r.set(.code, code)
        r.set(.connection, conn)
        r.set(.instance, instance)
        r.set(.serial, serial)
        if impair { r.set(.impair, true) }
        r.set(.message, message)
        // Phase 2 runs on its own state serial: remember which serials are Quick Mode / Child SAs,
        // so that a bare NO_PROPOSAL_CHOSEN or INVALID_ID_INFORMATION on one is read as phase 2.
        if let serial, PlutoLogParser.isChildMessage(message) { childSerials.insert(serial) }
        // IKEv1: once Quick Mode runs on an ISAKMP SA (`{using isakmp#1 ...`), the peer's
        // informational notifies arrive on that ISAKMP SA's serial and are about phase 2.
        if message.hasPrefix("initiating Quick Mode"), let r = message.fastRange(of: "isakmp#") {
            if let n = Int(message[r.upperBound...].prefix { $0.isASCII && $0.isNumber }) { childSerials.insert(n) }
        }
        let childContext = serial.map { childSerials.contains($0) } ?? false || PlutoLogParser.isChildMessage(message)
        if !impair, let (classified, phase) = LogClassifier.classify(PlutoLogParser.withoutPacketFrom(message), in: LibreswanMessages.catalogue, childContext: childContext) {
            let event = PlutoLogParser.refine(classified, message: message)
            r.set(.event, event); r.set(.phase, phase)
            // Main and Aggressive Mode exist in IKEv1 only: the request's version is known.
            if event == "no_conn_authorized", message.fastContains(" Mode message") { r.set(.ikeVersion, 1) }
            // "... IKE_SA_INIT message received ... but no suitable connection found with IKEv2
            // policy": an IKEv2 request that only IKEv1 conns could have taken (pluto 4.10 b with
            // ikev2=no against a swanctl IKEv2 initiator, variant sw-lsw-ikev2-vs-ikev1)
            if event == "no_conn_authorized", message.fastContains("with IKEv2 policy") { r.set(.ikeVersion, 2) }
        } else if fromPluto, message.hasPrefix("FATAL ERROR: ") {
            // pluto's fatal(): "FATAL ERROR: " then the message, and pluto exits (include/fatal.h,
            // NEVER_RETURNS; 3.x exit_log). The ones with a meaning of their own are in the
            // catalogue (a kernel refusing the IKE bypass policy); any other is the daemon's end
            // (libreswan#1672: "FATAL ERROR: failed to initialize unbound libevent ABI ...").
            r.set(.event, "daemon_crashed"); r.set(.phase, "ike")
        }
        PlutoLogParser.markExchange(&r, message: message)
        if r.event == "unreachable", PlutoLogParser.onNattPort(message) { r.set(.natt, true) }
        r.set(.text, line.text)
        return r
    }

    /// An ICMP unreachable pluto reports for a message it sent to the peer's NAT-T port
    /// (3.x `(sport=4500) for message to ADDR port 4500, complainant ...`, 4.x/5.x
    /// `(ADDR:4500)`): on an established NAT'ed tunnel the NAT router in between answering that
    /// it no longer knows where the peer is: the idle mapping expired or the router restarted
    /// (Libreswan's FAQ, "No route to host [errno 113, origin ICMP type 3 code 1]").
    static func onNattPort(_ m: String) -> Bool {
        m.fastContains("asynchronous network error report") && (m.fastContains(" port 4500,") || m.fastContains(":4500)"))
    }

    /// What the state name in front of a timeout changes (real daemons, Tests/Fixtures/variants):
    /// - An IKEv1 responder's state (`STATE_MAIN_R2: retransmission ...`, `STATE_MAIN_R2: 5 second
    ///   timeout exceeded after 4 retransmits.  No response (or no acceptable response) to our
    ///   IKEv1 message`) re-sends its last reply because the initiator did not go on, often
    ///   because this side refused it (lsw-ikev1-id-mismatch: `Peer ID ... mismatched` on b):
    ///   not a peer that leaves our requests unanswered. Read as `informational`.
    /// - An IKEv2 initiator's IKE_AUTH state giving up after retransmits with "Possible
    ///   authentication failure: no acceptable response to our first encrypted message": an
    ///   IKEv2 responder answers a failed authentication with AUTHENTICATION_FAILED (RFC 7296
    ///   2.21.2; pluto then logs "IKE SA authentication request rejected by peer"), so an
    ///   IKE_AUTH retransmitted into silence went unanswered (lsw-udp4500-dropped: UDP 4500
    ///   dropped after the port switch). Read as `no_response`. With 0 retransmits a response
    ///   came and was not acceptable: pluto's guess stands.
    static func refine(_ event: String, message m: String) -> String {
        switch event {
        case "retransmit", "no_response":
            return responderStates.contains(where: { m.hasPrefix($0) }) ? "informational" : event
        case "auth_failed_maybe":
            guard ikev2AuthStates.contains(where: { m.hasPrefix($0) }),
                  let r = m.fastRange(of: " after "), let n = Int(m[r.upperBound...].prefix { $0.isASCII && $0.isNumber }), n > 0
            else { return event }
            return "no_response"
        default: return event
        }
    }

    /// IKEv1 responder states (3.x to 5.x spell them with or without `STATE_`).
    static let responderStates = ["STATE_MAIN_R", "STATE_AGGR_R", "STATE_QUICK_R", "MAIN_R", "AGGR_R", "QUICK_R"]
    /// IKEv2 initiator states waiting for the IKE_AUTH response (3.x, 4.x, 5.x).
    static let ikev2AuthStates = ["STATE_PARENT_I2:", "STATE_V2_PARENT_I2:", "IKE_AUTH_I:", "STATE_V2_IKE_AUTH_I:"]

    /// Marks the retransmits of the first request (the initiator's I1 states) and the lines
    /// that prove the peer answered, for log.ike.first_request_unanswered (DaemonLogFacts).
    static func markExchange(_ r: inout LogEventRecord, message m: String) {
        if r.event == "retransmit" {
            if firstRequestStates.contains(where: { m.hasPrefix($0) }) { r.set(.firstRequest, true) }
        } else if answerMarkers.contains(where: { m.fastContains($0) }) {
            r.set(.peerAnswered, true)
        }
        markResponderWait(&r, message: m)
    }

    /// The responder's side of a first exchange, for log.ike.first_reply_unanswered
    /// (DaemonLogFacts.firstReplyUnanswered): `first_reply` on a line showing this host sent
    /// its reply to the initiator's first message and waits for the second (STATE_MAIN_R1,
    /// STATE_AGGR_R1, IKEv2 R1 states); `reply_unanswered` where that wait visibly failed (the
    /// initiator sent its first message again while we were at R1: "retransmitting in response
    /// to duplicate packet; already STATE_MAIN_R1"; the state deleted at R1; the half-open state
    /// dropped on its timer, "deleting incomplete state after 60.000 seconds");
    /// `initiator_went_on` where the initiator's next message arrived (R2/R3 states, "Peer ID
    /// is", IKE_AUTH processed, established). Formats: ikev1.c, timer.c, state.c and the state
    /// names of Libreswan 3.x-5.x and Openswan.
    static func markResponderWait(_ r: inout LogEventRecord, message m: String) {
        let event = r.event
        if event == "duplicate_request", m.fastContains("IKE_AUTH") || m.fastContains("ISAKMP_v2_AUTH") {
            // The IKEv2 initiator sent its IKE_AUTH request again after our response: the response
            // did not reach it (log.ike.auth_reply_unanswered). 3.2x "retransmit response for
            // message ID: 1 exchange ISAKMP_v2_AUTH", 3.32 "received duplicate IKE_AUTH message
            // request (Message ID 1); retransmitting response", 4.x/5.x "IKE_AUTH request has
            // duplicate Message ID 1; retransmitting response" (ikev2.c).
            r.set(.authReplyUnanswered, true)
            return
        }
        if event == "duplicate_request", m.fastContains("IKE_SA_INIT") {
            // the same for the first exchange (5.x ikev2_unsecured.c, 3.32/4.x ikev2.c)
            r.set(.replyUnanswered, true)
            return
        }
        let atFirstReply = firstReplyStates.contains { m.fastContains($0) }
        if event == "half_open_expired" || (atFirstReply && (event == "duplicate_request" || m.hasPrefix("deleting state ("))) {
            r.set(.replyUnanswered, true)
        } else if atFirstReply || firstReplyMarkers.contains(where: { m.fastContains($0) }) {
            r.set(.firstReply, true)
        } else if initiatorWentOnMarkers.contains(where: { m.fastContains($0) }) {
            r.set(.initiatorWentOn, true)
        }
    }

    /// Responder states (3.x to 5.x, with and without `STATE_`) after the reply to the first message.
    static let firstReplyStates = ["STATE_MAIN_R1", "STATE_AGGR_R1", "STATE_PARENT_R1", "STATE_V2_PARENT_R1", "MAIN_R1:", "AGGR_R1:",
                                   "(MAIN_R1)", "(AGGR_R1)", "(PARENT_R1)"]
    /// Libreswan 4.x/5.x stories of the same replies.
    static let firstReplyMarkers = ["sent Main Mode R1", "sent Aggressive Mode R1", "sent MR1", "sent AR1",
                                    "sent IKE_SA_INIT reply", "sent IKE_SA_INIT response"]
    /// The initiator's next message arrived: the responder went past R1.
    static let initiatorWentOnMarkers = ["STATE_MAIN_R2", "STATE_MAIN_R3", "STATE_AGGR_R2", "STATE_PARENT_R2", "STATE_V2_PARENT_R2",
                                         "MAIN_R2", "MAIN_R3", "sent MR2", "sent MR3", "sent Main Mode R2", "sent Main Mode R3",
                                         "Peer ID is", "established", "IKE_AUTH request", "processing decrypted IKE_AUTH",
                                         "XAUTH", "probable authentication failure", "Quick Mode"]

    static let firstRequestStates = ["STATE_PARENT_I1:", "STATE_MAIN_I1:", "STATE_AGGR_I1:", "IKE_SA_INIT_I:", "PARENT_I1:"]
    /// States and messages reached only once the peer has answered our first request.
    static let answerMarkers = ["STATE_PARENT_I2", "STATE_MAIN_I2", "STATE_MAIN_I3", "STATE_MAIN_I4", "STATE_AGGR_I2",
                                "sent v2I2", "sent MI2", "sent MI3", "IKE_AUTH_I", "IKE_SA_INIT response", "received ",
                                "Received ", "established", "Peer ID is"]

    /// pluto's messages about a packet no state owns start `packet from 192.0.2.1:500: `
    /// (`packet from 192.0.2.1:500: initial Main Mode message received but no connection has
    /// been authorized with authby=PSK and xauth=no`, Libreswan lab): the message follows.
    static func withoutPacketFrom(_ m: String) -> String {
        guard m.hasPrefix("packet from "), let colon = m.fastRange(of: ": ") else { return m }
        return String(m[colon.upperBound...])
    }

    /// Whether a message is about a phase 2 SA (Quick Mode, Child SA, IPsec SA).
    static func isChildMessage(_ m: String) -> Bool {
        // IKEv2 in Libreswan 3.x ran IKE_AUTH on the child's serial (STATE_PARENT_I2, v2I2).
        childMarkers.contains { m.fastContains($0) }
    }

    static let childMarkers = ["Quick Mode", "STATE_QUICK", "Child SA", "CHILD SA", "IPsec SA", "CREATE_CHILD", "QUICK_",
                               "IKE_AUTH response", "STATE_PARENT_I2", "STATE_V2_CREATE", "STATE_V2_PARENT_I2", "IKE_AUTH_I", "v2I2",
                               // an IKEv2 notify carried by IKE_AUTH (the IKE SA proposal was settled in
                               // IKE_SA_INIT) or CREATE_CHILD_SA is about the Child SA
                               "IKE_AUTH message", "CREATE_CHILD_SA message"]

    /// The message of a KLIPS kernel line: `klips_debug:ipsec_tunnel_start_xmit: no eroute!: ...`
    /// (also `klips_error:`, `klips_info:`) with nothing before the marker but printk's
    /// continuation `... `, the kernel's syslog tag (`... kernel: `) or dmesg's `[  12.345] `
    /// time; the FreeS/WAN FAQ quotes such lines. Nil for any other line.
    static func klipsMessage(_ t: String) -> String? {
        guard let r = t.fastRange(of: "klips_debug:") ?? t.fastRange(of: "klips_error:") ?? t.fastRange(of: "klips_info:") else { return nil }
        let before = t[..<r.lowerBound].trimmedSpaces
        guard before.isEmpty || before == "..." || before.hasSuffix("kernel:") || before.hasSuffix("]") else { return nil }
        let message = t[r.upperBound...].trimmedSpaces
        return message.isEmpty ? nil : message
    }

    /// A syslog tag with the pid glued to the name, `pluto1234: ` (some syslog daemons and
    /// BusyBox write it so): the range of ` pluto1234`.
    static func numberedTag(_ t: String) -> Range<String.Index>? {
        guard let r = t.fastRange(of: " pluto") else { return nil }
        let digits = t[r.upperBound...].prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, t[digits.endIndex...].hasPrefix(": ") else { return nil }
        return r.lowerBound..<digits.endIndex
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension PlutoLogParser: EvidenceSource {
    public var yields: [String] {
        // the log facts come from the one event -> fact table (DaemonLogFacts) and this
        // daemon's message catalogue, so they are listed there, not here
        let own = [
            "ike.implementation", "log.child.no_proposal_chosen", "log.child.ts_unacceptable", "log.ike.auth_failed",
            "log.ike.dpd_dead", "log.ike.invalid_ke", "log.ike.no_peer_config", "log.ike.no_proposal_chosen",
            "log.ike.peer_not_responding", "log.ike.retransmits", "log.ike.unreachable", "log.ike.unreachable_natt",
            "log.cert.own_key_loaded", "log.ike.initiator_failed_silently", "log.conn.add_failed",
            "log.ike.peer_requested_vip", "log.ike.virtual_ip_assigned",  // AddressRequestExtractor
            "conn.auth",  // PlutoLocalAuth: pluto's own sent IKE_AUTH / I am sending my cert lines
            "conn.multiple_subnets", "log.child.split_refused_by_peer",  // PlutoSubnetInstances: "conn/1x0" instances
        ]
        return own + (LibreswanExtractor.logFacts.boolFacts + ["log.ike.request_version"]).filter { !own.contains($0) }
    }
    public var kind: ProbeSpec.Kind { .log }
    public var logWriter: LogWriter? { .daemon("Libreswan/Openswan pluto", rank: 2) }
    public var probes: [ProbeSpec] {
        [
            ProbeSpec("log:/var/log/pluto.log", source: "pluto-log", .file("/var/log/pluto.log"), kind: .log, tailLines: ProbeSpec.logTail),
        ]
    }
}
