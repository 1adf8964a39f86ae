import Facts

/// charon (strongSwan) log lines in the forms seen in practice:
///   file logger      `Nov 23 19:40:02 09[IKE] message` (time optional, `<conn|1>` optional)
///   syslog/journal   `Jun 23 08:16:10 host charon[3789]: 13[NET] <PEER|1> message`, `charon: 09[IKE] ...`
///   charon-systemd   `Jun 23 08:16:10 charon-systemd[3789]: message` (no thread, no subsystem)
/// Every charon line is a record: time, program, thread, subsystem, ike_sa, message, text (the
/// whole line), and when the message is a known signature `event` (a normalized name) and
/// `phase` (`ike` or `child`). Other lines go to `unparsed`.
///
/// The event patterns are strongSwan's own DBG0/DBG1 format strings (src/libcharon), e.g.
/// "no acceptable proposal found" (child_create.c), "received %N notify error" (ike_init.c),
/// "tried %d shared key%s for '%Y' - '%Y', but MAC mismatched" (psk_authenticator.c),
/// "giving up after %d retransmits" (task_manager_v2.c).
public struct CharonLogParser: OutputParser {
    public init() {}
    public var source: String { "charon-log" }
    public var summary: String { "charon log (file logger, syslog, journal, charon-systemd)" }

    /// What the lines before a message say about the exchange it belongs to. `rekey`: the
    /// current CREATE_CHILD_SA request carries N(REKEY_SA), i.e. it rekeys a CHILD SA that is up.
    /// `dpdPending`: a DPD request went out and no INFORMATIONAL response came since, so a
    /// "giving up after N retransmits" is the peer declared dead by DPD (IKEv2 charon logs no
    /// other word for it).
    /// `setup`: what the path showed of the IKE SA being set up (see Setup).
    struct Context {
        var exchange = ""; var proposalProto = ""; var aggressiveUnanswered = false; var rekey = false; var dpdPending = false
        var setup = Setup()
        /// ike_auth.c refused the selected peer config for a reason it logged (`selected peer
        /// config 'lab' unacceptable: constraint checking failed`); the `no alternative config
        /// found` that follows (same IKE SA, same thread: the one job) is that refusal's
        /// consequence, not identities matching no config.
        var peerConfigRefusedBy: String?
        /// The dhcp plugin's DISCOVERs sent per client (its MAC as printed) since the last OFFER.
        var dhcpDiscovers: [String: Int] = [:]
    }

    /// Of the IKE SA being set up: the peer answered IKE_SA_INIT, we then sent on UDP 4500
    /// (NAT-T's port switch), the size of the last packet sent, and whether charon split a
    /// message into IKE fragments (RFC 7383). An IKE_AUTH left unanswered after an answered
    /// IKE_SA_INIT tells the path apart: a small one after the switch to 4500 is 4500 being
    /// dropped, a large unsplit one is IP fragments lost. Made anew for each IKE SA initiated.
    struct Setup { var initAnswered = false; var floated = false; var requestBytes = 0; var fragmented = false }

    /// As the daemon wrote it, not as a page or a paste shows it (PastedLog).
    public func parse(_ text: String) -> ParseResult { PastedLog.read(text, parseLines) }

    func parseLines(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var contexts: [String: Context] = [:]
        let logged = CharonLogParser.notifiesLoggedAsReceived(in: text)
        for line in text.numberedLines where !line.isBlank {
            guard var parsed = CharonLogParser.split(line.text) else {
                // systemd's line for strongSwan's unit: charon-systemd (or starter) died of a fault
                if let exit = DaemonExitLines.charon(line.text.trimmedSpaces.pasteUnwrapped) { acc.add(DaemonExitLines.record(exit, line), lines: [line.number]) } else { acc.reject(line) }
                continue
            }
            // Blanks after the message are the paster's (charon prints none): real reports carry
            // them when copied from a rendered page (gaomd/docker-ikev2-vpn-server#51).
            parsed.message = parsed.message.trimmingTrailingBlanks
            var r = LogEventRecord(line: line.number)
            r.set(.time, parsed.time)
            r.set(.program, parsed.program)
            r.set(.thread, parsed.thread)
            r.set(.subsystem, parsed.subsystem)
            r.set(.ikeSA, parsed.ikeSA)
            r.set(.message, parsed.message)
            let key = parsed.ikeSA.map { String($0.split(separator: "|").first ?? "") } ?? ""
            var ctx = contexts[key] ?? Context()
            if var (event, phase) = CharonLogParser.classify(parsed.message, context: &ctx, loggedNotifies: logged) {
                let job = "\(parsed.ikeSA ?? "")#\(parsed.thread ?? -1)"
                if parsed.message.hasPrefix("selected peer config '"),
                   parsed.message.fastContains("' unacceptable: ") || parsed.message.fastContains("' inacceptable: ") {
                    ctx.peerConfigRefusedBy = job
                } else if event == "no_peer_config", ctx.peerConfigRefusedBy == job, parsed.message == "no alternative config found" {
                    event = "informational"
                }
                r.set(.event, event)
                r.set(.phase, phase)
                // "no IKE config found" answers a message of one IKE version: which one tells a
                // version mismatch (we have a config, of the other version) from an address problem.
                if event == "no_ike_config" { r.set(.ikeVersion, CharonLogParser.ikeVersion(of: ctx.exchange)) }
                let also = CharonLogParser.alsoEvents(event: event, phase: phase, context: ctx)
                if !also.isEmpty { r.set(.alsoEvents, also) }
            }
            contexts[key] = ctx
            CharonLogParser.markExchange(&r, message: parsed.message)
            r.set(.text, line.text)
            acc.add(r, lines: [line.number])
        }
        return acc.logResult(source: source)
    }

    struct Split { var time: String?; var program: String?; var thread: Int?; var subsystem: String?; var ikeSA: String?; var message: String }

    static let months = syslogMonths

    /// Splits a line into prefix (time, host, program), thread/subsystem and message; nil when
    /// the line is not a charon log line. Android logcat's wrapper (`I/charon( 123): ...`, the
    /// strongSwan app's tag) is taken off first.
    static func split(_ line: String) -> Split? {
        let line = line.pasteUnwrapped
        guard let lc = AndroidLogcat.split(line) else { return splitPlain(line) }
        guard lc.tag.hasPrefix("charon"), var s = splitPlain(lc.message) else { return nil }
        s.time = s.time ?? lc.time
        s.program = s.program ?? lc.tag
        return s
    }

    /// Words of a log prefix that are neither time, host nor program: the column separators of
    /// firewall GUIs' log views (OPNsense `time | charon[1] | ...`), syslog severities and
    /// facility.severity pairs written by BusyBox/OpenWrt logread (`daemon.info`), empty tags.
    static func isPrefixNoise(_ word: String) -> Bool {
        if word == "|" || word == ":" || word == "[]:" || word == "-" { return true }
        let w = word.lowercased()
        if severities.contains(w) { return true }
        if let dot = w.firstIndex(of: ".") {
            var severity = String(w[w.index(after: dot)...])
            if severity.hasSuffix(":") { severity.removeLast() }
            if severities.contains(severity) { return true }
        }
        return false
    }

    /// `HH:MM` or `HH:MM:SS` (with fractions), the clock of a log time stamp.
    static func isClock(_ word: String) -> Bool {
        let parts = word.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2 || parts.count == 3, parts[0].count <= 2, !parts[0].isEmpty else { return false }
        return parts.allSatisfy { p in !p.isEmpty && p.allSatisfy { $0.isNumber || $0 == "." } }
    }

    static let severities: Set<String> = ["emerg", "emergency", "alert", "crit", "critical", "err", "error", "warn", "warning",
                                          "notice", "info", "informational", "debug"]
    static let weekdays = syslogWeekdays

    static func splitPlain(_ line: String) -> Split? {
        let chars = Array(line.utf8)
        let n = chars.count
        // Find the first "<digits>[<UPPER>{2,5}] " token starting at a word boundary. With the
        // file logger's `log_level = yes` the group carries the message's level, one digit
        // (file_logger.c: "%.2d[%N%d] ", `13[NET1]`); the subsystem is the letters.
        var i = 0
        var tokenStart = -1, tokenEnd = -1, levelDigit = false
        while i < n {
            if (i == 0 || chars[i - 1] == 32 || chars[i - 1] == 9), chars[i] >= 48, chars[i] <= 57 {
                var j = i
                while j < n, chars[j] >= 48, chars[j] <= 57 { j += 1 }
                if j < n, chars[j] == 91 {   // [
                    var k = j + 1
                    while k < n, chars[k] >= 65, chars[k] <= 90 { k += 1 }
                    let len = k - j - 1
                    let digit = k < n && chars[k] >= 48 && chars[k] <= 52
                    let close = digit ? k + 1 : k
                    if len >= 2, len <= 5, close < n, chars[close] == 93, (close + 1 == n || chars[close + 1] == 32 || chars[close + 1] == 9) {
                        tokenStart = i; tokenEnd = close + 1; levelDigit = digit
                        break
                    }
                }
                i = j
                continue
            }
            i += 1
        }
        var prefixText: String
        var message: String
        var relayed = false
        var thread: Int?
        var subsystem: String?
        if tokenStart >= 0 {
            let s = String(decoding: chars[..<tokenStart], as: UTF8.self)
            let tok = String(decoding: chars[tokenStart..<tokenEnd], as: UTF8.self)
            let b = tok.firstIndex(of: "[")!
            thread = Int(tok[..<b])
            subsystem = String(tok[tok.index(after: b)..<tok.index(tok.endIndex, offsetBy: levelDigit ? -2 : -1)])
            prefixText = s
            message = tokenEnd < n ? String(decoding: chars[(tokenEnd + 1)...], as: UTF8.self) : ""
        } else if let (sub, rest) = CharonLogParser.consoleSubsystem(chars) {
            // swanctl --initiate / --terminate relay the log without thread: "[IKE] message"
            return Split(time: nil, program: nil, thread: nil, subsystem: sub, ikeSA: nil, message: rest)
        } else if CharonLogParser.isConsoleMessage(line) {
            // ipsec up / ipsec down (stroke) print the bare messages: accept the ones charon writes
            return Split(time: nil, program: nil, thread: nil, subsystem: nil, ikeSA: nil, message: line.trimmedSpaces)
        } else if let r = line.range(of: "charon-systemd[") ?? line.range(of: "charon-systemd:") {
            // charon-systemd journal lines carry no thread: "charon-systemd[3789]: message"
            guard let colon = line[r.lowerBound...].range(of: ": ") else { return nil }
            prefixText = String(line[..<colon.upperBound])
            message = String(line[colon.upperBound...])
        } else if let (prefix, rest) = CharonLogParser.relayedConsole(line) {
            // The console output of `ipsec up` relayed into syslog by the program that ran it
            // (NetworkManager-l2tp: `NetworkManager[4497]: no shared key found for ...`): the
            // bare messages under that program's tag (NixOS/nixpkgs#64965, held-out batch 12).
            relayed = true
            prefixText = prefix
            message = rest
        } else {
            return nil
        }
        // Prefix: [time] [host] [program:]
        var words = prefixText.words.filter { !CharonLogParser.isPrefixNoise($0) }
        var time: String?
        if words.count >= 5, weekdays.contains(words[0]), months.contains(words[1]), words[3].contains(":"), words[4].allSatisfy(\.isNumber) {
            // BusyBox/OpenWrt logread: `Tue Dec 27 12:48:55 2020 daemon.info : 05[KNL] ...`
            time = words[0...4].joined(separator: " "); words.removeFirst(5)
        } else if let f = words.first, months.contains(f), words.count >= 3 {
            time = words[0...2].joined(separator: " "); words.removeFirst(3)
        } else if let f = words.first, f.count >= 10, f.prefix(4).allSatisfy({ $0.isNumber }), f.dropFirst(4).first == "-" {
            time = f; words.removeFirst()
            if let t2 = words.first, t2.contains(":"), t2.first?.isNumber == true, !t2.hasSuffix(":") { time! += " " + t2; words.removeFirst() }
        } else if let f = words.first, f.count >= 8, f.first?.isNumber == true, f.contains(":"), !f.hasSuffix(":") {
            time = f; words.removeFirst()
        } else if tokenStart >= 0, words.count > 1, words.last?.hasSuffix(":") == false,
                  words.contains(where: CharonLogParser.isClock) {
            // The file logger's own strftime `time_format` (filelog.<name>.time_format), e.g.
            // "%a, %Y-%m-%d, %H:%M:%S" -> `Thu, 2023-11-02, 17:28:09 13[NET1] ...`: no program tag,
            // a clock among the words; the whole prefix is the time.
            time = words.joined(separator: " "); words.removeAll()
        }
        var program: String?
        if let p = words.last, p.hasSuffix(":") {
            program = String(p.dropLast()).split(separator: "[").first.map(String.init)
            if program?.isEmpty == true { program = nil }
            words.removeLast()
        }
        // Whatever else is left is a host name; more than that is not a log prefix we know.
        if words.count > 1 { return nil }
        if tokenStart < 0, !relayed { guard program == "charon-systemd" else { return nil } }
        if let p = program, !relayed, !(p.hasPrefix("charon") || p == "ipsec" || p.hasPrefix("strongswan")) { return nil }
        var ikeSA: String?
        if message.hasPrefix("<"), let close = message.firstIndex(of: ">") {
            let inner = message[message.index(after: message.startIndex)..<close]
            if !inner.contains(" ") {
                ikeSA = String(inner)
                message = String(message[message.index(after: close)...]).trimmedSpaces
            }
        }
        return Split(time: time, program: program, thread: thread, subsystem: subsystem, ikeSA: ikeSA, message: message)
    }

    /// Marks the retransmits of the first request (IKEv2 IKE_SA_INIT is message ID 0; IKEv1
    /// Main/Aggressive Mode message 1 is ID 0, seq 1) and the lines that prove the peer answered,
    /// for log.ike.first_request_unanswered (DaemonLogFacts).
    static func markExchange(_ r: inout LogEventRecord, message m: String) {
        if r.event == "retransmit" || m.hasPrefix("retransmit ") || m.hasPrefix("sending retransmit ") {
            if m.hasSuffix("message ID 0") || m.hasSuffix("message ID 0, seq 1") { r.set(.firstRequest, true) }
        } else if m.hasPrefix("received packet: from ") || (m.hasPrefix("parsed ") && m.fastContains(" response ")) {
            r.set(.peerAnswered, true)
        }
        markResponderWait(&r, message: m)
    }

    /// The responder's side of a first exchange, for log.ike.first_reply_unanswered
    /// (DaemonLogFacts.firstReplyUnanswered, as PlutoLogParser marks pluto's): `first_reply` where
    /// charon accepted the initiator's first message and answered it with its own SA payload
    /// (IKE_SA_INIT, Main or Aggressive Mode response 0 `[ SA ...`); `reply_unanswered` where the
    /// initiator never went on: the IKE_SA dropped on the half-open timer
    /// (delete_ike_sa_job.c "deleting half open IKE_SA [%s[%u] ]with %H after timeout", before
    /// 5.6 without the peer), or its first message received again ("received retransmit of
    /// request with ID 0, retransmitting response", task_manager_v1/v2.c);
    /// `initiator_went_on` where its next message arrived (IKE_AUTH, Main Mode KE/ID, Aggressive
    /// Mode HASH) or the IKE_SA was established.
    static func markResponderWait(_ r: inout LogEventRecord, message m: String) {
        if firstReplyPrefixes.contains(where: { m.hasPrefix($0) }) {
            r.set(.firstReply, true)
        } else if m.hasPrefix("deleting half open IKE_SA ")
                    || (m.hasPrefix("received retransmit of request with ID 0,") && m.hasSuffix("retransmitting response")) {
            r.set(.replyUnanswered, true)
        } else if m.hasPrefix("received retransmit of request with ID 1,") && m.hasSuffix("retransmitting response") {
            // IKEv2 message ID 1 is the (first) IKE_AUTH: the initiator sent it again after our
            // response, which did not reach it (log.ike.auth_reply_unanswered, as pluto's
            // "IKE_AUTH request has duplicate Message ID 1; retransmitting response").
            r.set(.authReplyUnanswered, true)
        } else if initiatorWentOnPrefixes.contains(where: { m.hasPrefix($0) })
                    || (m.hasPrefix("IKE_SA ") && m.fastContains(" established between ")) {
            r.set(.initiatorWentOn, true)
        }
    }

    static let firstReplyPrefixes = ["generating IKE_SA_INIT response 0 [ SA ", "generating ID_PROT response 0 [ SA ",
                                     "generating AGGRESSIVE response 0 [ SA "]
    static let initiatorWentOnPrefixes = ["parsed IKE_AUTH request ", "parsed ID_PROT request 0 [ KE ", "parsed ID_PROT request 0 [ ID ",
                                          "parsed AGGRESSIVE request 0 [ HASH ", "parsed IKE_INTERMEDIATE request "]

    /// `[IKE] message` at the start of a line (swanctl's relay of the daemon log).
    static func consoleSubsystem(_ c: [UInt8]) -> (String, String)? {
        guard c.first == UInt8(ascii: "[") else { return nil }
        var k = 1
        while k < c.count, c[k] >= 65, c[k] <= 90 { k += 1 }
        guard k - 1 >= 2, k - 1 <= 5, k + 1 < c.count, c[k] == UInt8(ascii: "]"), c[k + 1] == 32 else { return nil }
        return (String(decoding: c[1..<k], as: UTF8.self), String(decoding: c[(k + 2)...], as: UTF8.self))
    }

    /// Messages that `ipsec up` prints without any prefix and that only charon writes: the
    /// catalogue's, and the progress lines around them (strongSwan wording, not pluto's).
    static let consolePrefixes = ["initiating IKE_SA ", "initiating Main Mode IKE_SA ", "initiating Aggressive Mode IKE_SA ",
                                  "generating IKE_SA_INIT ", "generating IKE_AUTH ", "generating ID_PROT ", "generating QUICK_MODE ",
                                  "generating AGGRESSIVE ", "generating INFORMATIONAL", "generating CREATE_CHILD_SA ",
                                  "parsed IKE_SA_INIT ", "parsed IKE_AUTH ", "parsed ID_PROT ", "parsed QUICK_MODE ", "parsed AGGRESSIVE ",
                                  "parsed INFORMATIONAL", "parsed CREATE_CHILD_SA ", "sending packet: from ", "received packet: from ",
                                  "establishing connection '", "connection '", "establishing CHILD_SA ", "authentication of '",
                                  "received proposals: ", "configured proposals: ", "selected proposal: ", "looking for peer configs matching ",
                                  "candidate \"", "selected peer config ", "scheduling retransmit", "IKE_SA ", "CHILD_SA ",
                                  "sending DPD request", "deleting IKE_SA ", "closing CHILD_SA ", "initiate failed: ", "terminate failed: ",
                                  "maximum IKE_SA lifetime ", "scheduling reauthentication in ", "scheduling rekeying in ",
                                  "received fragment #", "using trusted ", "using certificate ", "using untrusted ",
                                  "checking certificate status of ", "reached self-signed root ca", "received DPD vendor ID",
                                  "received NAT-T ", "received XAuth vendor ID", "received FRAGMENTATION vendor ID",
                                  "received unknown vendor ID", "received Cisco Unity vendor ID", "sending cert request for ",
                                  "received cert request for ", "sending end entity cert ", "received end entity cert ",
                                  "server requested EAP_", "installing new virtual IP ", "installing DNS server ",
                                  "peer supports MOBIKE", "received TLS ", "negotiated TLS ", "sending TLS ",
                                  "requesting ocsp status ", "ocsp response ", "ocsp request ", "ocsp check failed",
                                  "fetching crl from ", "crl fetching failed", "libcurl request failed", "parsed IKE_INTERMEDIATE ",
                                  "parsed IKE_FOLLOWUP_KE ", "generating IKE_INTERMEDIATE ", "EAP method ", "no IDi configured",
                                  "integrity check failed", "could not decrypt payloads", "message parsing failed",
                                  "authentication of '", "IKE_SA ", "CHILD_SA ", "sending keep alive", "received DELETE for "]

    /// Programs whose syslog tag never carries charon's console output: the other IKE daemons
    /// (their own messages can share charon's wording) and the kernel.
    static let otherDaemonTags: Set<String> = ["pluto", "racoon", "iked", "isakmpd", "in.iked", "kernel", "ipsec_starter", "starter"]

    /// A line `[time] [host] tag[pid]: <message>` whose message is one `ipsec up` prints on the
    /// console (isConsoleMessage) and whose tag is not another IKE daemon's: the program that ran
    /// the connection relayed charon's console into its own log. Prefix (with the tag) and
    /// message; nil otherwise.
    static func relayedConsole(_ line: String) -> (String, String)? {
        guard let colon = line.range(of: ": ") else { return nil }
        let prefix = line[..<colon.lowerBound]
        guard let tagWord = prefix.split(separator: " ").last else { return nil }
        let tag = tagWord.split(separator: "[").first.map(String.init) ?? ""
        guard !tag.isEmpty, tag.first?.isLetter == true, !otherDaemonTags.contains(tag),
              tagWord.hasSuffix("]") ? tagWord.contains("[") : tagWord.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." })
        else { return nil }
        let rest = String(line[colon.upperBound...])
        guard isConsoleMessage(rest) else { return nil }
        return (String(line[..<colon.upperBound]), rest)
    }

    static func isConsoleMessage(_ line: String) -> Bool {
        let t = line.trimmedSpaces
        if consolePrefixes.contains(where: { t.hasPrefix($0) }) { return true }
        return StrongswanMessages.catalogue.classify(t) != nil
    }

    /// The normalized signature of a message, with its phase; updates the per-SA context that
    /// tells phase 1 from phase 2 where the message alone does not.
    static func classify(_ m: String, context ctx: inout Context, loggedNotifies: Set<String> = []) -> (String, String)? {
        // Context: exchanges and proposal kinds.
        for verb in ["generating ", "parsed "] {
            if let rest = m.after(verb), let ex = rest.words.first {
                // INFORMATIONAL messages carry the error of the exchange before them.
                if !ex.hasPrefix("INFORMATIONAL") { ctx.exchange = ex }
                // "generating CREATE_CHILD_SA request 2 [ N(REKEY_SA) SA No KE TSi TSr ]" (or
                // parsed, on the responder); its response keeps the request's flag.
                if ex != "CREATE_CHILD_SA" { ctx.rekey = false } else if rest.fastContains(" request ") { ctx.rekey = rest.fastContains("N(REKEY_SA)") }
                // any response from the peer answers a pending DPD request
                if verb == "parsed ", rest.fastContains(" response ") { ctx.dpdPending = false }
                if verb == "parsed ", ex == "IKE_SA_INIT", rest.fastContains(" response ") { ctx.setup.initAnswered = true }
                // An error notify in the payload list of a message the peer sent: users paste up to
                // "parsed IKE_AUTH response 1 [ IDr CERT AUTH N(TS_UNACCEPT) ]" (swanctl --initiate
                // stops there), before charon's own "received TS_UNACCEPTABLE notify..." line. Read
                // as that line would be (zhangke5959/strongswan#17); when the log has that line too,
                // it is the one that carries the event.
                if verb == "parsed ", let full = CharonLogParser.errorNotify(inPayloads: rest), !loggedNotifies.contains(full) {
                    var inner = ctx
                    if ex == "IKE_AUTH" { inner.exchange = "IKE_AUTH" }
                    let found = classify("received \(full) notify error", context: &inner)
                    ctx = inner
                    return found
                }
                // Our own refusal: the responder's "generating IKE_AUTH response 1 [ N(AUTH_FAILED) ]",
                // the initiator's "generating INFORMATIONAL request 2 [ N(AUTH_FAILED) ]" when it
                // refuses the responder's AUTH (ike_auth.c), IKEv1's INFORMATIONAL_V1. charon then
                // refused the peer (the reason, if any, on the lines before), not the other way.
                if verb == "generating ", CharonLogParser.sendsAuthFailed(rest) { return ("auth_failed_sent", "ike") }
                // Our own virtual-IP refusal, when the log lacks charon's line that says why
                // ("expected a virtual IP request, sending FAILED_CP_REQUIRED", "no virtual IP found,
                // sending INTERNAL_ADDRESS_FAILURE"): a paste of the response alone (FDio/vpp#3374).
                if verb == "generating ", let full = CharonLogParser.virtualIPNotify(inPayloads: rest),
                   !loggedNotifies.contains("sending \(full)") { return ("vip_failed", "child") }
                return nil
            }
        }
        if m.hasPrefix("sending DPD request") { ctx.dpdPending = true; return nil }
        if let event = CharonLogParser.dhcpRetry(m, context: &ctx) { return (event, "child") }
        if m.hasPrefix("initiating IKE_SA ") || m.hasPrefix("initiating Main Mode IKE_SA ") || m.hasPrefix("initiating Aggressive Mode IKE_SA ") {
            ctx.setup = Setup()
        }
        // "sending packet: from 192.0.2.1[4500] to 192.0.2.2[4500] (288 bytes)"
        if let rest = m.after("sending packet: from ") {
            if ctx.setup.initAnswered, rest.fastContains("[4500] to ") { ctx.setup.floated = true }
            if let open = rest.lastIndex(of: "("), let n = Int(rest[rest.index(after: open)...].prefix { $0.isNumber }) { ctx.setup.requestBytes = n }
            return nil
        }
        if m.hasPrefix("splitting IKE message") { ctx.setup.fragmented = true; return nil }
        if m.hasPrefix("initiating Aggressive Mode IKE_SA ") { ctx.aggressiveUnanswered = true; return nil }
        if m.hasPrefix("parsed AGGRESSIVE response") { ctx.aggressiveUnanswered = false }
        if let rest = m.after("received proposals: ") ?? m.after("configured proposals: ") {
            ctx.proposalProto = String(rest.prefix { $0 != ":" })
            return nil
        }
        let childCtx = ctx.exchange == "QUICK_MODE" || ctx.exchange == "CREATE_CHILD_SA"
            || ctx.proposalProto == "ESP" || ctx.proposalProto == "AH"
        // A full stop the paster added after the message ("failed to load private key.",
        // trailofbits/algo#714) is tried without it when the message as written is unknown.
        guard let found = LogClassifier.classify(m, in: StrongswanMessages.catalogue, childContext: childCtx)
            ?? (m.hasSuffix(".") ? LogClassifier.classify(String(m.dropLast()), in: StrongswanMessages.catalogue, childContext: childCtx) : nil)
        else { return nil }
        // The initiator's view of an Aggressive Mode refused by the responder: AUTHENTICATION_FAILED
        // before any Aggressive Mode response. With keys that differ the responder answers first
        // and this side finds the HASH wrong itself ("calculated HASH does not match").
        if found.event == "auth_failed" || found.event == "auth_refused_by_peer", ctx.aggressiveUnanswered { return ("aggressive_refused", "ike") }
        // A success closes the exchange: later failures belong to a new one.
        if found.event == "established_ike" { ctx = Context() }
        if found.event == "established_child" { ctx.proposalProto = ""; ctx.exchange = ""; ctx.rekey = false }
        return found
    }

    /// charon's short names of the error notifies (notify_type_short_names, encoding/payloads/
    /// notify_payload.c) that `errorNotifies` gives a meaning, as they appear in the payload list
    /// of "parsed <exchange> ... [ ... N(NAME) ]". INVAL_KE is left out: it is INVALID_KE_PAYLOAD
    /// in IKEv2 (a normal DH retry) but INVALID_KEY_INFORMATION in IKEv1.
    static let errorNotifyShortNames: [String: String] = [
        "AUTH_FAILED": "AUTHENTICATION_FAILED", "INVAL_HASH": "INVALID_HASH_INFORMATION", "PLD_MAL": "PAYLOAD_MALFORMED",
        "NO_PROP": "NO_PROPOSAL_CHOSEN", "ATTR_UNSUP": "ATTRIBUTES_NOT_SUPPORTED", "INVAL_ID": "INVALID_ID_INFORMATION",
        "TS_UNACCEPT": "TS_UNACCEPTABLE", "SINGLE_PAIR": "SINGLE_PAIR_REQUIRED", "INVAL_SEL": "INVALID_SELECTORS",
        "INT_ADDR_FAIL": "INTERNAL_ADDRESS_FAILURE", "FAIL_CP_REQ": "FAILED_CP_REQUIRED", "NO_ADD_SAS": "NO_ADDITIONAL_SAS",
        "INVAL_CERT": "INVALID_CERTIFICATE", "INVAL_CA": "INVALID_CERT_AUTHORITY", "INVAL_SPI": "INVALID_SPI",
        "INVAL_MAJOR": "INVALID_MAJOR_VERSION",
    ]

    /// The error notifies the log names in charon's own "received <NOTIFY> notify ..." / "received
    /// <NOTIFY> error notify" lines (one scan of the text, only when a payload list names a notify).
    static func notifiesLoggedAsReceived(in text: String) -> Set<String> {
        guard text.fastContains(" N(") else { return [] }
        var found: Set<String> = []
        for full in errorNotifyShortNames.values where text.fastContains("received \(full) ") { found.insert(full) }
        // charon's own lines that send a virtual-IP notify, named "sending <NOTIFY>"
        for full in ["FAILED_CP_REQUIRED", "INTERNAL_ADDRESS_FAILURE"] where text.fastContains("sending \(full)") { found.insert("sending \(full)") }
        return found
    }

    /// The first error notify named in a payload list "... [ IDr AUTH N(TS_UNACCEPT) ]", by its full name.
    /// A message charon generates whose payloads hold N(AUTH_FAILED): it tells the peer that
    /// authentication failed (message.c prints notifies by their short names).
    static func sendsAuthFailed(_ rest: String) -> Bool {
        guard let open = rest.firstIndex(of: "["), let close = rest.lastIndex(of: "]"), open < close else { return false }
        return rest[rest.index(after: open)..<close].split(separator: " ").contains("N(AUTH_FAILED)")
    }

    /// The virtual-IP notify (FAILED_CP_REQUIRED, INTERNAL_ADDRESS_FAILURE) in the payload list of
    /// a message charon generates, by its full name.
    static func virtualIPNotify(inPayloads rest: String) -> String? {
        guard let full = errorNotify(inPayloads: rest), full == "FAILED_CP_REQUIRED" || full == "INTERNAL_ADDRESS_FAILURE" else { return nil }
        return full
    }

    /// The dhcp plugin sends DISCOVER again for the same client only when no OFFER came back in
    /// time (dhcp_socket.c enroll(): up to DHCP_TRIES, then "DHCP DISCOVER timed out"): the second
    /// one is `dhcp_unanswered`; an OFFER answers them all. Users paste before the time-out
    /// (openwrt/packages#25801: dnsmasq's OFFER never reached charon).
    static func dhcpRetry(_ m: String, context ctx: inout Context) -> String? {
        if m.hasPrefix("received DHCP OFFER ") { ctx.dhcpDiscovers = [:]; return nil }
        guard let rest = m.after("sending DHCP DISCOVER for "), let to = rest.range(of: " to ") else { return nil }
        let client = String(rest[..<to.lowerBound])
        ctx.dhcpDiscovers[client, default: 0] += 1
        return ctx.dhcpDiscovers[client] == 2 ? "dhcp_unanswered" : nil
    }

    static func errorNotify(inPayloads rest: String) -> String? {
        guard let open = rest.firstIndex(of: "["), let close = rest.lastIndex(of: "]"), open < close else { return nil }
        for word in rest[rest.index(after: open)..<close].split(separator: " ") where word.hasPrefix("N(") && word.hasSuffix(")") {
            if let full = errorNotifyShortNames[String(word.dropFirst(2).dropLast())] { return full }
        }
        return nil
    }

    /// The largest IKE message (UDP payload) that crosses a 1500-byte path unfragmented with
    /// an IPv4 and UDP header and the 4-byte non-ESP marker of port 4500: 1500 - 20 - 8 - 4.
    static let unfragmentedLimit = 1468

    /// What a failure means besides its own event, from the lines before it (DaemonLogFacts
    /// maps these events like any other):
    /// - `rekey_no_proposal_chosen`: the CHILD SA refused was a rekey of one that is up. IKEv2
    ///   makes the first CHILD SA inside IKE_AUTH without a DH exchange, so a PFS group that
    ///   differs is refused only here.
    /// - `dpd_unanswered`: the request given up on was a DPD request: the peer, there before,
    ///   is declared dead.
    /// - `auth_unanswered_large` / `auth_unanswered_after_port_switch`: IKE_SA_INIT was
    ///   answered, IKE_AUTH never was; larger than a 1500-byte path carries whole and not split
    ///   into IKE fragments (IP fragments lost), else sent on 4500 after NAT-T's switch (4500
    ///   dropped).
    static func alsoEvents(event: String, phase: String, context ctx: Context) -> [String] {
        var also: [String] = []
        if event == "no_proposal_chosen", phase == "child", ctx.rekey { also.append("rekey_no_proposal_chosen") }
        guard event == "giving_up" else { return also }
        if ctx.dpdPending { also.append("dpd_unanswered") }
        if ctx.setup.initAnswered, ctx.exchange == "IKE_AUTH" {
            if ctx.setup.requestBytes > unfragmentedLimit, !ctx.setup.fragmented {
                also.append("auth_unanswered_large")
            } else if ctx.setup.floated {
                also.append("auth_unanswered_after_port_switch")
            }
        }
        return also
    }

    /// The IKE version of the exchange a message belongs to, from the last exchange parsed or
    /// generated (IKEv1: ID_PROT, AGGRESSIVE, QUICK_MODE, INFORMATIONAL_V1, TRANSACTION).
    static func ikeVersion(of exchange: String) -> Int? {
        if exchange.isEmpty { return nil }
        return ["ID_PROT", "AGGRESSIVE", "QUICK_MODE", "TRANSACTION", "INFORMATIONAL_V1"].contains(exchange) ? 1 : 2
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension CharonLogParser: EvidenceSource {
    public var yields: [String] {
        // the log facts come from the one event -> fact table (DaemonLogFacts) and this
        // daemon's message catalogue, so they are listed there, not here
        let own = [
            "conn.local_ts", "conn.remote_ts", "conn.ts_in_other_conn", "conn.requests_vip", "log.ike.peer_requested_vip", "log.ike.virtual_ip_assigned", "log.child.ts_refused_beside_installed", "log.child.peer_ts_restricted", "log.ike.peer_name_unresolved", "log.child.peer_refused_ts", "conn.ts_restricted", "ike.implementation", "log.cert.own_id_not_subject", "log.ike.auth_refused_locally", "ike.nat_detected", "kernel.userspace_esp", "log.child.install_failed", "log.child.no_proposal_chosen",
            "log.child.rekey_no_proposal_chosen", "log.child.ts_unacceptable", "log.ike.large_request_unanswered",
            "log.ike.unanswered_after_port_switch", "log.esp.unknown_spi", "log.ike.auth_failed", "log.ike.dpd_dead",
            "log.ike.invalid_ke", "log.ike.no_peer_config", "log.ike.no_proposal_chosen", "log.ike.peer_signed",
            "log.ike.peer_not_responding", "log.ike.retransmits", "log.ike.unreachable", "log.ike.version_mismatch",
            "log.kernel.esp_unsupported",
        ]
        return own + (CharonLogExtractor.logFacts.boolFacts + ["log.ike.request_version"]).filter { !own.contains($0) }
    }
    public var kind: ProbeSpec.Kind { .log }
    public var logWriter: LogWriter? { .daemon("strongSwan charon", rank: 0) }
    public var probes: [ProbeSpec] {
        [
            ProbeSpec("log:/var/log/charon.log", source: "charon-log", .file("/var/log/charon.log"), kind: .log, tailLines: ProbeSpec.logTail),
        ]
    }
}
