/// A log shown newest first, as log viewers and collectors list it (Kibana's Discover, Graylog's
/// search, Grafana/Loki, a SIEM's table, `journalctl -r`), put back in the order the daemon wrote
/// it. The order matters to the diagnosis: "received NO_PROPOSAL_CHOSEN" after "generating
/// QUICK_MODE request" is a Phase 2 failure, before it a Phase 1 one; the last event of an IKE
/// SA is the one that tells how it ended.
///
/// The sign is the time stamps: when the stamped lines' times go down from one line to the next
/// and (almost) never up, the view was newest first. Equal times say nothing (a burst in one
/// second), and one step up in ten is allowed (a log crossing midnight of a new year, two pastes
/// joined). Of 623 logs in the order their daemons wrote them (the real reports, the lab's
/// captures, the corpus), none has a step down without ten steps up; the one that does is
/// OPNsense's log page, which lists newest first. A log all in one second is told by what the
/// daemons print in a fixed order (LogOrderCues: a packet received before it is parsed, IKE SA
/// and state numbers that only grow); a log without time stamps keeps its order.
///
/// An entry is a stamped line and the unstamped lines under it (a multi-line message shown in
/// one row, a wrapped line): entries are reversed, the lines inside an entry are not. Lines
/// before the first stamp (the paster's prose) stay in front.
enum LogOrder {
    /// The text oldest first and, for each of its lines, the paste's line number (1-based) it
    /// came from; nil when the text is not newest first (the common case: a look at the first
    /// 500 stamped lines).
    static func oldestFirst(_ text: String) -> (text: String, lines: [Int])? {
        guard isNewestFirst(text) else { return nil }
        let lines = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { Substring($0) }
        var prefixEnd = 0
        var entries: [Range<Int>] = []
        var start: Int?
        for (i, line) in lines.enumerated() where TimeKey(line.utf8) != nil {
            if let s = start { entries.append(s..<i) } else { prefixEnd = i }
            start = i
        }
        guard let last = start else { return nil }
        // a trailing newline's empty line stays the text's last line
        let end = lines.last?.isEmpty == true ? lines.count - 1 : lines.count
        entries.append(last..<end)
        var order = Array(0..<prefixEnd)
        for entry in entries.reversed() { order.append(contentsOf: entry) }
        order.append(contentsOf: end..<lines.count)
        return (order.map { String(lines[$0]) }.joined(separator: "\n"), order.map { $0 + 1 })
    }

    /// Of the first 500 stamped lines (within the first 5,000 lines), steps between consecutive
    /// stamps of one form go back in time, ten times as many as go forward; when no step goes
    /// either way, the daemons' order cues vote the same way (at least two back).
    static func isNewestFirst(_ text: String) -> Bool {
        var previous: TimeKey?
        var (back, forward, stamped, seen) = (0, 0, 0, 0)
        let utf8 = Substring(text).utf8
        var start = utf8.startIndex
        while start < utf8.endIndex, seen < 5_000 {  // line by line, without splitting a long log whole
            let end = utf8[start...].firstIndex(of: 0x0A) ?? utf8.endIndex
            defer { start = end < utf8.endIndex ? utf8.index(after: end) : end; seen += 1 }
            guard let key = TimeKey(utf8[start..<end]) else { continue }
            if let p = previous, p.form == key.form {
                if key.seconds < p.seconds { back += 1 } else if key.seconds > p.seconds { forward += 1 }
            }
            previous = key
            stamped += 1
            if stamped == 500 { break }
        }
        if back == 0, forward == 0, stamped >= 2 {
            // every stamp the same second: the order the daemons print things in
            let cues = LogOrderCues.votes(Substring(text))
            return cues.back >= 2 && cues.back >= 10 * cues.forward
        }
        return back >= 1 && back >= 10 * forward
    }
}

/// The time a log line starts with, as a number that orders the lines of one form: syslog's and
/// the daemons' `Jun 23 08:16:12[.123456]` (also after a weekday: `Tue Jun 23 ...`), ISO and
/// racoon's `2006-08-08[ T]01:42:09[.5]`, logcat's `08-08 01:42:09.123`, a bare `01:42:09` and
/// the kernel's or journal's monotonic `[23404.693681]`, also behind a mail reply's `>` markers.
/// Forms without a year compare within one year; stamps of different forms are not compared.
struct TimeKey {
    enum Form { case monthName, isoDate, monthDay, clock, monotonic }
    let form: Form
    let seconds: Double

    init?(_ line: Substring.UTF8View) {
        var s = Scanner(bytes: line)
        while s.peek == 0x3E { s.advance(); s.skipBlanks() }  // a mail reply's `>` quote markers
        if s.peek == 0x5B {  // [seconds.fraction]
            s.advance()
            s.skipBlanks()
            guard let whole = s.number(maxDigits: 12), s.peek == 0x2E else { return nil }
            s.advance()
            let fraction = s.fraction()
            guard s.peek == 0x5D else { return nil }
            form = .monotonic; seconds = Double(whole) + fraction; return
        }
        if let first = s.peek, first >= 0x41 {  // a letter: [weekday] month day clock
            if let _ = s.name(in: TimeKey.weekdays) { s.skip(0x2C); s.skipBlanks() }
            guard let month = s.name(in: TimeKey.months) else { return nil }
            s.skipBlanks()
            guard let day = s.number(maxDigits: 2), day >= 1, day <= 31, s.skipBlanks() else { return nil }
            guard let clock = s.clock() else { return nil }
            form = .monthName; seconds = Double((month * 32 + day) * 86_400) + clock; return
        }
        let digitsStart = s.i
        guard let a = s.number(maxDigits: 4) else { return nil }
        if s.peek == 0x3A {  // a bare clock: hh:mm:ss
            var clockScanner = Scanner(bytes: line[digitsStart...])
            guard let clock = clockScanner.clock() else { return nil }
            form = .clock; seconds = clock; return
        }
        guard let separator = s.peek, separator == 0x2D || separator == 0x2F else { return nil }
        s.advance()
        guard let b = s.number(maxDigits: 2), b >= 1, b <= 31 else { return nil }
        if s.peek == separator {  // year-month-day
            s.advance()
            guard a >= 1970, b <= 12, let d = s.number(maxDigits: 2), d >= 1, d <= 31 else { return nil }
            guard s.peek == 0x54 || s.peek == 0x20 else { return nil }  // T or a blank
            s.advance()
            guard let clock = s.clock() else { return nil }
            form = .isoDate; seconds = Double(((a * 13 + b) * 32 + d) * 86_400) + clock; return
        }
        guard a >= 1, a <= 12, s.skipBlanks(), let clock = s.clock() else { return nil }  // logcat month-day
        form = .monthDay; seconds = Double((a * 32 + b) * 86_400) + clock
    }

    static let months: [[UInt8]] = syslogMonthNames.map { Array($0.utf8) }
    static let weekdays: [[UInt8]] = syslogWeekdays.map { Array($0.utf8) }

    /// A cursor over a line's bytes.
    struct Scanner {
        let bytes: Substring.UTF8View
        var i: Substring.UTF8View.Index
        init(bytes: Substring.UTF8View) { self.bytes = bytes; i = bytes.startIndex }
        var peek: UInt8? { i < bytes.endIndex ? bytes[i] : nil }
        mutating func advance() { bytes.formIndex(after: &i) }
        mutating func skip(_ b: UInt8) { if peek == b { advance() } }
        /// Skips blanks; whether there was one.
        @discardableResult mutating func skipBlanks() -> Bool {
            var any = false
            while peek == 0x20 || peek == 0x09 { advance(); any = true }
            return any
        }
        mutating func number(maxDigits: Int) -> Int? {
            var n = 0, digits = 0
            while let b = peek, b >= 0x30, b <= 0x39 {
                guard digits < maxDigits else { return nil }
                n = n * 10 + Int(b - 0x30); digits += 1; advance()
            }
            return digits == 0 ? nil : n
        }
        mutating func fraction() -> Double {
            var value = 0.0, scale = 0.1
            while let b = peek, b >= 0x30, b <= 0x39 { value += Double(b - 0x30) * scale; scale /= 10; advance() }
            return value
        }
        /// Three letters from `names`, followed by a blank or a comma: the name's index (1-based).
        mutating func name(in names: [[UInt8]]) -> Int? {
            var j = i
            var word: (UInt8, UInt8, UInt8) = (0, 0, 0)
            for k in 0..<3 {
                guard j < bytes.endIndex else { return nil }
                switch k { case 0: word.0 = bytes[j]; case 1: word.1 = bytes[j]; default: word.2 = bytes[j] }
                bytes.formIndex(after: &j)
            }
            guard j < bytes.endIndex, bytes[j] == 0x20 || bytes[j] == 0x2C,
                  let index = names.firstIndex(where: { $0[0] == word.0 && $0[1] == word.1 && $0[2] == word.2 }) else { return nil }
            i = j
            return index + 1
        }
        /// `hh:mm:ss` and an optional `.fraction` or `,fraction`, as seconds in the day.
        mutating func clock() -> Double? {
            guard let h = number(maxDigits: 2), h < 24, peek == 0x3A else { return nil }
            advance()
            guard let m = number(maxDigits: 2), m < 60, peek == 0x3A else { return nil }
            advance()
            guard let sec = number(maxDigits: 2), sec <= 60 else { return nil }
            var value = Double(h * 3600 + m * 60 + sec)
            if peek == 0x2E || peek == 0x2C { advance(); value += fraction() }
            return value
        }
    }
}
