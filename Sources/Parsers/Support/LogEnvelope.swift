import Foundation

/// What a log transport or viewer wrapped around each daemon line, taken off so that the daemon's
/// line is read as the parsers know it (`[time] [host] tag[pid]: message`). The envelopes are
/// those of the tools logs reach us through (formats as Debian 12's journalctl, systemd 252,
/// prints them: Tests/Fixtures/journal/ holds its real output):
///
/// - the journal's JSON, one object per line (`journalctl -o json`, what log shippers keep) or
///   spread over lines (`-o json-pretty`), and the JSON of other collectors (`message`, `msg`,
///   `log`, `short_message` with `program`/`process.name`, `host`, `@timestamp`);
/// - `journalctl -o verbose`: a time and cursor line, then the entry's fields indented;
/// - `journalctl -o short-full` and `-o with-unit` (`Fri 2026-12-04 22:27:53 UTC host tag[pid]:`)
///   and `-o short-monotonic` / `-o short-delta` (`[23404.693681] host tag[pid]:`);
/// - socklog/svlogd's own ISO time and `facility.level:` before the syslog line (`svlogtail`);
/// - syslog as it travels (RFC 5424 `<30>1 2026-12-04T22:27:53.51Z host charon 2440 - - msg`, or
///   RFC 3164 with its priority `<30>Dec  4 22:27:53 host charon: msg`), as a capture or a
///   collector's raw view shows it.
///
/// The journal keeps more than its short view shows: strongSwan's charon-systemd sends each
/// message with its thread, subsystem and IKE SA as fields (src/charon-systemd/charon-systemd.c,
/// GROUP, THREAD, IKE_SA_UNIQUE_ID, IKE_SA_NAME), which the JSON and verbose views keep; the line
/// made from them carries charon's own prefix (`14[NET] <lab|1> received packet ...`), so the
/// messages are tied to their IKE SA as in charon's file log.
///
/// Line numbers stay those of the paste: an entry spread over several lines becomes one line at
/// its first line and blank lines after it. A text none of whose first 500 non-blank lines has an
/// envelope is returned as it is, after a look at each line's first bytes.
enum LogEnvelope {
    static func opened(_ text: String) -> String {
        guard mayHaveEnvelope(text) else { return text }
        let lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { Substring($0) }
        var out: [String] = []
        out.reserveCapacity(lines.count)
        var changed = false
        var closers: ClosingLines?  // where objects spread over lines may end, found once
        var i = 0
        while i < lines.count {
            let line = lines[i].last == "\r" ? lines[i].dropLast() : lines[i]
            let t = line.drop { $0 == " " || $0 == "\t" || $0 == "\u{1E}" }  // json-seq's record separator
            if t.hasPrefix("{"), !t.hasSuffix("}"),
               let (entry, used) = JSONEntry.spread(lines, from: i, closers: &closers) {
                out.append(entry); out.append(contentsOf: repeatElement("", count: used - 1))
                i += used; changed = true; continue
            }
            if t.hasPrefix("{"), t.hasSuffix("}"), let entry = JSONEntry.line(t) {
                out.append(entry); i += 1; changed = true; continue
            }
            if let (entry, used) = VerboseEntry.read(lines, from: i) {
                out.append(entry); out.append(contentsOf: repeatElement("", count: used - 1))
                i += used; changed = true; continue
            }
            if let opened = headerOpened(t) {
                out.append(opened); i += 1; changed = true; continue
            }
            out.append(String(lines[i])); i += 1
        }
        return changed ? out.joined(separator: "\n") : text
    }

    /// Whether one of the first 500 non-blank lines starts like an envelope: `{`, `<` and a
    /// digit, `[` and a blank or a digit, or a weekday and a year.
    static func mayHaveEnvelope(_ text: String) -> Bool {
        let u = text.utf8
        var seen = 0
        var start = u.startIndex
        while start < u.endIndex, seen < 500 {
            let end = u[start...].firstIndex(of: 0x0A) ?? u.endIndex
            defer { start = end < u.endIndex ? u.index(after: end) : end }
            let b: Substring.UTF8View = Substring(text[start..<end]).utf8.drop { $0 == 0x20 || $0 == 0x09 || $0 == 0x1E }
            guard let first = b.first, first != 0x0D else { continue }
            seen += 1
            if first == 0x7B { return true }  // {
            let second: UInt8 = b.dropFirst().first ?? 0
            if first == 0x3C, isDigit(second) { return true }  // <30>
            if first == 0x5B, second == 0x20 || isDigit(second) { return true }  // [ 1234.5]
            if startsWithWeekdayAndYear(b) { return true }
            if isDigit(first), b.dropFirst(4).first == 0x2D, b.prefix(4).allSatisfy(isDigit) { return true }  // 2025-... (socklog)
        }
        return false
    }

    /// `Fri 2026-...`: a weekday, a blank and four digits.
    static func startsWithWeekdayAndYear(_ b: Substring.UTF8View) -> Bool {
        guard b.count > 9, b.dropFirst(3).first == 0x20 else { return false }
        let year = b.dropFirst(4).prefix(4)
        return year.allSatisfy(isDigit) && syslogWeekdays.contains(String(decoding: b.prefix(3), as: UTF8.self))
    }

    static func isDigit(_ b: UInt8) -> Bool { b >= 0x30 && b <= 0x39 }

    // MARK: one-line headers

    /// The line with a journal or syslog-transport header turned into the classic one, or nil.
    static func headerOpened(_ t: Substring) -> String? {
        guard let first = t.first else { return nil }
        switch first {
        case "<": return syslogWithPriority(t)
        case "[": return withoutMonotonicTime(t)
        default: return socklogOpened(t) ?? fullTime(t)
        }
    }

    /// socklog's line as svlogd stores it and Void's `svlogtail` shows it: its own ISO time and
    /// the syslog facility and level in front of the syslog line (`2025-03-19T17:03:42.80618
    /// daemon.warn: Mar 19 18:03:42 NetworkManager[14180]: <warn> ...`, void-packages#54763).
    /// The syslog line is kept: its time is the program's, its tag names the program.
    static func socklogOpened(_ t: Substring) -> String? {
        let w = t.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: false)
        guard w.count == 3, let tee = w[0].firstIndex(of: "T"), isDate(w[0][..<tee]),
              isClock(w[0][w[0].index(after: tee)...]), w[1].hasSuffix(":") else { return nil }
        let selector = w[1].dropLast().split(separator: ".")
        guard selector.count == 2, syslogFacilities.contains(String(selector[0])), syslogLevels.contains(String(selector[1])),
              syslogMonths.contains(String(w[2].prefix(3))) else { return nil }
        return String(w[2])
    }

    /// syslog's facility and level names (syslog.conf(5)), as socklog writes the selector.
    static let syslogFacilities: Set<String> = ["kern", "user", "mail", "daemon", "auth", "syslog", "lpr", "news", "uucp", "cron",
                                                "authpriv", "ftp", "local0", "local1", "local2", "local3", "local4", "local5", "local6", "local7"]
    static let syslogLevels: Set<String> = ["emerg", "alert", "crit", "err", "warn", "warning", "notice", "info", "debug"]

    /// `<PRI>1 TIMESTAMP HOST APP PROCID MSGID [SD] MSG` (RFC 5424) as `TIMESTAMP HOST APP[PROCID]:
    /// MSG`; `<PRI>Mon DD HH:MM:SS ...` (RFC 3164 on the wire) without the priority. `-` is
    /// RFC 5424's empty value.
    static func syslogWithPriority(_ t: Substring) -> String? {
        guard let close = t.firstIndex(of: ">") else { return nil }
        let pri = t[t.index(after: t.startIndex)..<close]
        guard (1...3).contains(pri.count), pri.allSatisfy(\.isASCII), pri.allSatisfy(\.isNumber) else { return nil }
        let rest = t[t.index(after: close)...]
        if rest.hasPrefix("1 ") {
            var s = rest.dropFirst(2)
            func field() -> Substring? {
                let f = s.prefix { $0 != " " }
                guard !f.isEmpty else { return nil }
                s = s.dropFirst(f.count).drop { $0 == " " }
                return f
            }
            guard let time = field(), let host = field(), let app = field(), let procid = field(), field() != nil else { return nil }
            // structured data: `-` or one or more `[id param="value" ...]` (`\]` escapes a bracket)
            if s.first == "-" { s = s.dropFirst().drop { $0 == " " } } else {
                while s.first == "[" {
                    var escaped = false, end: Substring.Index?
                    for j in s.indices {
                        if escaped { escaped = false; continue }
                        if s[j] == "\\" { escaped = true } else if s[j] == "]" { end = j; break }
                    }
                    guard let e = end else { return nil }
                    s = s[s.index(after: e)...]
                }
                s = s.drop { $0 == " " }
            }
            let message = s.hasPrefix("\u{FEFF}") ? s.dropFirst() : s  // RFC 5424's BOM before UTF-8 text
            return classicLine(time: time == "-" ? nil : String(time), host: host == "-" ? nil : String(host),
                               program: app == "-" ? nil : String(app), pid: procid == "-" ? nil : String(procid),
                               message: String(message))
        }
        let w = rest.prefix(3)
        guard syslogMonths.contains(String(w)), rest.dropFirst(3).first == " " else { return nil }
        return String(rest)
    }

    /// `[23404.693681] host tag[pid]: ...` (`-o short-monotonic`; `-o short-delta` adds
    /// `<    0.000123>`) without the seconds since boot, which no other line can be matched to.
    static func withoutMonotonicTime(_ t: Substring) -> String? {
        var s = t.dropFirst().drop { $0 == " " }
        let secs = s.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
        guard secs.contains("."), secs.first?.isNumber == true else { return nil }
        s = s.dropFirst(secs.count).drop { $0 == " " }
        if s.first == "<" {
            guard let e = s.firstIndex(of: ">") else { return nil }
            s = s[s.index(after: e)...].drop { $0 == " " }
        }
        guard s.first == "]", s.dropFirst().first == " " else { return nil }
        let rest = s.dropFirst(2)
        // a journal line (`host tag[pid]:`), not dmesg's `[    5.1] kernel text` (whose text may
        // itself start like a tag: `[4074162.337447] pluto[29280]: segfault at 28 ...`)
        let words = rest.split(separator: " ", maxSplits: 2)
        guard words.count == 3, !words[0].hasSuffix(":"), words[1].hasSuffix(":") else { return nil }
        return String(rest)
    }

    /// `Fri 2026-12-04 22:27:53 UTC host ...` (`-o short-full`, `-o with-unit`) as
    /// `2026-12-04T22:27:53Z host ...` (a zone other than UTC is local time: written without one).
    static func fullTime(_ t: Substring) -> String? {
        let w = t.split(separator: " ", maxSplits: 4, omittingEmptySubsequences: false)
        guard w.count == 5, let time = rfc3339(fullTime: w[0..<4]) else { return nil }
        return "\(time) \(w[4])"
    }

    /// journalctl's full time, its words `Fri` `2026-12-04` `22:28:03[.773530]` `UTC`, as
    /// RFC 3339; nil unless the words are such a time.
    static func rfc3339(fullTime w: ArraySlice<Substring>) -> String? {
        guard w.count == 4 else { return nil }
        let (weekday, date, clock, zone) = (w[w.startIndex], w[w.startIndex + 1], w[w.startIndex + 2], w[w.startIndex + 3])
        guard syslogWeekdays.contains(String(weekday)), isDate(date), isClock(clock),
              !zone.isEmpty, zone.allSatisfy({ $0.isLetter || $0 == "+" || $0 == "-" || $0.isNumber }) else { return nil }
        return "\(date)T\(clock)\(zone == "UTC" || zone == "GMT" ? "Z" : "")"
    }

    static func isDate(_ s: Substring) -> Bool {
        let p = s.split(separator: "-")
        return s.count == 10 && p.count == 3 && p[0].count == 4 && p.allSatisfy { $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    static func isClock(_ s: Substring) -> Bool {
        let main = s.prefix { $0 != "." }
        let p = main.split(separator: ":")
        return p.count == 3 && p.allSatisfy { $0.count == 2 && $0.allSatisfy { $0.isASCII && $0.isNumber } }
    }

    /// `[time ][host ]program[[pid]]: message`; without a program, the message alone (it is then
    /// the daemon's whole line, as a container's log driver keeps it).
    static func classicLine(time: String?, host: String?, program: String?, pid: String?, message: String) -> String {
        guard let program, !program.isEmpty else { return message }
        var s = ""
        if let time, !time.isEmpty { s += time + " " }
        if let host, !host.isEmpty { s += host + " " }
        s += program
        if let pid, !pid.isEmpty { s += "[\(pid)]" }
        return s + ": " + message
    }
}

/// An entry the journal or a collector wrote as JSON.
enum JSONEntry {
    /// One object on one line; nil unless it is an object with a message.
    static func line(_ t: Substring) -> String? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(t.utf8)) as? [String: Any] else { return nil }
        return entry(object)
    }

    /// An object spread over lines from `from` (`{` alone or opening a line, `}` alone closing
    /// it, as `journalctl -o json-pretty` and `jq` print it): the entry and the lines it took.
    /// Tries the next few closing lines within 400 lines (a nested object closes before the
    /// entry does); the closing lines are found once per text, so a text of unclosed `{` lines
    /// costs one pass, not one per line.
    static func spread(_ lines: [Substring], from: Int, closers: inout ClosingLines?) -> (String, Int)? {
        if closers == nil { closers = ClosingLines(lines) }
        var tried = 0
        for end in closers!.after(from) {
            guard end - from < 400, tried < 4 else { return nil }
            tried += 1
            let text = lines[from...end].joined(separator: "\n")
            if let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], let e = entry(object) {
                return (e, end - from + 1)
            }
        }
        return nil
    }

    static let messageKeys = ["MESSAGE", "message", "msg", "log", "short_message", "full_message"]
    static let programKeys = ["SYSLOG_IDENTIFIER", "_COMM", "program", "ident", "appname", "app_name", "process.name"]
    static let pidKeys = ["SYSLOG_PID", "_PID", "pid", "process.pid"]
    static let hostKeys = ["_HOSTNAME", "hostname", "host", "host.name", "host.hostname"]
    static let timeKeys = ["__REALTIME_TIMESTAMP", "@timestamp", "timestamp", "time", "ts"]

    static func entry(_ o: [String: Any]) -> String? {
        guard var message = first(messageKeys, in: o) else { return nil }
        while message.hasSuffix("\n") || message.hasSuffix("\r") { message.removeLast() }
        message = message.replacingOccurrences(of: "\n", with: " ")
        // charon-systemd's fields: the prefix charon's other loggers print
        if let group = first(["GROUP"], in: o), let thread = first(["THREAD"], in: o).flatMap({ Int($0) }),
           group.count == 3, group.allSatisfy(\.isUppercase) {
            var prefix = (thread < 10 ? "0" : "") + "\(thread)[\(group)] "
            if let id = first(["IKE_SA_UNIQUE_ID"], in: o) {
                prefix += "<" + (first(["IKE_SA_NAME"], in: o).map { $0 + "|" } ?? "") + id + "> "
            }
            message = prefix + message
        }
        return LogEnvelope.classicLine(time: first(timeKeys, in: o).map(time), host: first(hostKeys, in: o),
                                       program: first(programKeys, in: o), pid: first(pidKeys, in: o), message: message)
    }

    /// The first of the keys the object has as text (a dotted key looks into nested objects:
    /// `process.name`); the journal writes a field that is not valid UTF-8 as an array of bytes.
    static func first(_ keys: [String], in o: [String: Any]) -> String? {
        for key in keys {
            var value: Any? = o[key]
            if value == nil, key.contains(".") {
                var node: Any? = o
                for part in key.split(separator: ".") { node = (node as? [String: Any])?[String(part)] }
                value = node
            }
            switch value {
            case let s as String: return s
            case let n as NSNumber: return n.stringValue
            case let bytes as [Any]:
                let b = bytes.compactMap { ($0 as? NSNumber)?.uint8Value }
                if b.count == bytes.count, !b.isEmpty { return String(decoding: b, as: UTF8.self) }
            default: break
            }
        }
        return nil
    }

    /// The journal's microseconds since the epoch as an RFC 3339 time (UTC); a collector's time
    /// string as it is.
    static func time(_ s: String) -> String {
        guard s.count >= 13, s.allSatisfy({ $0.isASCII && $0.isNumber }), let us = Int64(s) else { return s }
        let seconds = us / 1_000_000, micros = us % 1_000_000
        let date = Date(timeIntervalSince1970: TimeInterval(seconds))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ n: Int?) -> String { let v = n ?? 0; return v < 10 ? "0\(v)" : "\(v)" }
        let frac = String(micros + 1_000_000).dropFirst()
        return "\(c.year ?? 1970)-\(two(c.month))-\(two(c.day))T\(two(c.hour)):\(two(c.minute)):\(two(c.second)).\(frac)Z"
    }
}

/// An entry as `journalctl -o verbose` prints it: a line with the time and the cursor
/// (`Fri 2026-12-04 22:28:03.773530 UTC [s=...;i=...]`), then one indented `FIELD=value` line
/// per field.
enum VerboseEntry {
    static func read(_ lines: [Substring], from i: Int) -> (String, Int)? {
        // a look at the line's last byte first: most lines of a log are no such header
        guard lines[i].unicodeScalars.last(where: { !Substring.isBlank($0) }) == "]" else { return nil }
        let head = lines[i].trimmedSpaces
        guard head.hasSuffix("]"), let cursor = head.range(of: " [s="),
              let time = LogEnvelope.rfc3339(fullTime: head[..<cursor.lowerBound].split(separator: " ", omittingEmptySubsequences: false)[...])
        else { return nil }
        var fields: [String: Any] = [:]
        var j = i + 1
        while j < lines.count, lines[j].hasPrefix("    "), let eq = lines[j].firstIndex(of: "=") {
            let key = lines[j][lines[j].startIndex..<eq].trimmedSpaces
            var value = String(lines[j][lines[j].index(after: eq)...])
            if value.hasSuffix("\r") { value.removeLast() }
            fields[key] = value
            j += 1
        }
        guard j > i + 1 else { return nil }
        fields["__REALTIME_TIMESTAMP"] = nil
        fields["@timestamp"] = time
        guard let entry = JSONEntry.entry(fields) else { return nil }
        return (entry, j - i)
    }
}

/// The lines that are a lone `}` (blanks around it allowed), in order: where an object spread
/// over lines may end.
struct ClosingLines {
    let indices: [Int]
    init(_ lines: [Substring]) {
        indices = lines.indices.filter { lines[$0].trimmingCharacters(in: .whitespacesAndNewlines) == "}" }
    }

    /// The closing lines after line `i`, nearest first.
    func after(_ i: Int) -> ArraySlice<Int> {
        var lo = 0, hi = indices.count
        while lo < hi { let mid = (lo + hi) / 2; if indices[mid] <= i { lo = mid + 1 } else { hi = mid } }
        return indices[lo...]
    }
}
