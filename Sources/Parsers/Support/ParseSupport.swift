import Facts

/// Collects what a parser makes of its input: records, the lines they account for, and the
/// lines it could not read. Every parser ends with `result(source:)`.
struct ParseAccumulator {
    var records: [JSONValue] = []
    var unparsed: [UnparsedLine] = []
    var accounted = IndexSet()

    mutating func account(_ line: Int) { accounted.insert(line) }
    mutating func account(_ lines: [Int]) { for l in lines { accounted.insert(l) } }
    mutating func reject(_ line: NumberedLine) {
        if !line.isBlank { unparsed.append(UnparsedLine(line: line.number, text: line.text)) }
    }
    mutating func add(_ record: Record, lines: [Int]) {
        records.append(record.json)
        account(lines)
    }
    /// A log parser's records (`LogEventRecord`), for `logResult`.
    var events: [LogEventRecord] = []
    mutating func add(_ record: LogEventRecord, lines: [Int]) {
        events.append(record)
        account(lines)
    }
    /// The result of a log parser: its `events`.
    func logResult(source: String) -> ParseResult { result(source: source, typed: events) }
    func result(source: String) -> ParseResult {
        ParseResult(source: source, records: records, unparsed: unparsed.sorted { $0.line < $1.line }, accounted: accounted)
    }
    /// The result of a typed source (`records` unused).
    func result<R: SourceRecord>(source: String, typed: [R]) -> ParseResult {
        ParseResult(source: source, typed: typed, unparsed: unparsed.sorted { $0.line < $1.line }, accounted: accounted)
    }
}

extension StringProtocol {
    /// Whitespace-separated words (spaces and tabs).
    var words: [String] {
        self.split(whereSeparator: { (c: Character) in c == " " || c == "\t" }).map { String($0) }
    }
}

extension String {
    /// The text after `prefix` if the string starts with it.
    func after(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}

extension String {
    /// Blanks (what `CharacterSet.whitespaces` holds: space, tab and the Unicode space
    /// separators, such as the no-break spaces of text pasted from a web page) trimmed from both
    /// ends. Hand-written because Foundation's `trimmingCharacters(in:)` goes through NSString on
    /// Linux and took half of all parse time.
    public var trimmedSpaces: String { Substring(self).trimmedSpaces }

    /// Blanks (as `trimmedSpaces`) trimmed from the end only; the string itself when it has none.
    public var trimmingTrailingBlanks: String {
        guard let last = unicodeScalars.last, Substring.isBlank(last) else { return self }
        var scalars = Substring(self).unicodeScalars
        while let l = scalars.last, Substring.isBlank(l) { scalars.removeLast() }
        return String(scalars)
    }
}

extension Substring {
    /// See `String.trimmedSpaces`.
    public var trimmedSpaces: String {
        let scalars = unicodeScalars
        var start = scalars.startIndex, end = scalars.endIndex
        while start < end, Substring.isBlank(scalars[start]) { start = scalars.index(after: start) }
        while start < end {
            let last = scalars.index(before: end)
            guard Substring.isBlank(scalars[last]) else { break }
            end = last
        }
        return String(self[start..<end])
    }

    static func isBlank(_ c: Unicode.Scalar) -> Bool {
        c == " " || c == "\t" || (c.value > 0x7f && c.properties.generalCategory == .spaceSeparator)
    }
}

/// Reads `key value key value` word sequences (`proto esp spi 0x1 reqid 2 mode tunnel`).
struct WordPairs {
    let words: [String]
    init(_ words: [String]) { self.words = words }
    init(_ text: String) { self.words = text.words }

    /// The word after `key`, first occurrence.
    func value(_ key: String) -> String? {
        guard let i = words.firstIndex(of: key), i + 1 < words.count else { return nil }
        return words[i + 1]
    }
    func int(_ key: String) -> Int? { value(key).flatMap { parseInt($0) } }
}

/// Integers as the tools print them: decimal, or `0x` hexadecimal.
func parseInt(_ s: String) -> Int? {
    if s.hasPrefix("0x") || s.hasPrefix("0X") { return Int(s.dropFirst(2), radix: 16) }
    return Int(s)
}

/// A counter the kernel or charon keeps as u64 (bytes, packets, /proc/net/xfrm_stat): an
/// optional "+" and decimal digits; nil above UInt64.max, so a huge number is never a trap.
func parseCounter<S: StringProtocol>(_ s: S) -> UInt64? {
    var u = Array(s.utf8)
    return u.withUnsafeMutableBufferPointer { ByteInt.counter(UnsafeBufferPointer($0), 0, $0.count) }
}

/// Numbers with thousands separators or unit suffixes removed where harmless (`12345`).
func parseCount(_ s: String) -> Int? {
    Int(s.trimmingCharacters(in: CharacterSet(charactersIn: " ,")))
}

extension JSONValue {
    /// A record field as a string (numbers printed plainly).
    func str(_ key: String) -> String? {
        switch self[key] {
        case let .string(s)?: return s
        case let .number(n)?: return formatNumber(n)
        case let .bool(b)?: return b ? "true" : "false"
        default: return nil
        }
    }
    func num(_ key: String) -> Double? { self[key]?.numberValue }
    /// A whole number field; a value beyond Int's range (a u64 counter near 2^64 reads as a
    /// Double of 2^63 or more, which `Int(_:)` traps on) saturates, NaN gives nil.
    func int(_ key: String) -> Int? { self[key]?.numberValue.flatMap(saturatingInt) }
    func strings(_ key: String) -> [String] {
        self[key]?.arrayValue?.compactMap { $0.stringValue ?? $0.numberValue.map { formatNumber($0) } } ?? []
    }
    func bool(_ key: String) -> Bool? { self[key]?.boolValue }
}

extension Int {
    /// `self + other`, held at Int.max / Int.min instead of trapping on overflow.
    func addingSaturating(_ other: Int) -> Int {
        let (v, overflow) = addingReportingOverflow(other)
        return overflow ? (other > 0 ? .max : .min) : v
    }
}

/// `Int(d)` without the trap: values beyond Int's range give Int.min/Int.max, NaN gives nil.
func saturatingInt(_ d: Double) -> Int? {
    if d.isNaN { return nil }
    if d >= 9_223_372_036_854_775_807.0 { return .max }
    if d <= -9_223_372_036_854_775_808.0 { return .min }
    return Int(d)
}

import Foundation

/// Integers without a fraction, like the JSON output.
func formatNumber(_ n: Double) -> String { FactValue.number(n).description }

extension String {
    /// The line inside every wrapper a paste put around it, in any nesting and order: a CSV
    /// field holding a Markdown quote, a quoted bold line, ... (each step strictly shortens it).
    var pasteUnwrapped: String {
        var t = self
        while true {
            if let f = t.csvFieldContent { t = f }
            else if let q = t.markdownQuoteContent { t = q }
            else if let q = t.mailBarQuoteContent { t = q }
            else if let b = t.markdownBoldContent { t = b }
            else { return t }
        }
    }

    /// A log line exported as one CSV field (spreadsheets, SIEM exports: `"Feb  7 03:08:19 host
    /// pluto[1]: ""conn"" #1: message"`): the line with the outer quotes removed and the doubled
    /// quotes undone. Nil unless the whole line is such a field (every inner quote doubled).
    var csvFieldContent: String? {
        csvFieldInner
    }

    /// A line a user highlighted with Markdown bold when pasting it into an issue or a forum
    /// (`**IDir '172.16.1.254' does not match to 'vpn.example.org'**`, hwdsl2/setup-ipsec-vpn#526):
    /// the line without the markers. No daemon prints a line that starts and ends with `**`
    /// (or `__`), so nothing else is touched. Nil unless the whole line is so wrapped.
    /// Bold combined with italics counts the same (`**_message_**`, `_**message**_`, `***message***`:
    /// libreswan#810 marked two pluto messages so); a single `_` or `*` alone does not, since
    /// messages hold underscores (`SEC_ERROR_...`, `STATE_MAIN_I1`).
    var markdownBoldContent: String? {
        let wrappers: [(String, String)] = [("***", "***"), ("**_", "_**"), ("_**", "**_"), ("__*", "*__"), ("*__", "__*"),
                                            ("**", "**"), ("__", "__")]
        for (open, close) in wrappers where utf8.count > open.utf8.count + close.utf8.count && hasPrefix(open) && hasSuffix(close) {
            let inner = dropFirst(open.count).dropLast(close.count)
            if !inner.contains(open), !inner.contains(close), !inner.allSatisfy(\.isWhitespace) { return String(inner) }
        }
        return nil
    }

    /// A log line quoted in a mail reply with `| ` (the quoting style of FreeS/WAN's developers,
    /// whose replies its FAQ reprints: `| Jul 12 15:00:22 sohar58 Pluto[574]: "corp_road" #2: ...`):
    /// the line without the marker. Only when a syslog time (`Mon DD HH:MM:SS`) follows, since
    /// `| ` alone starts pluto's debug lines (and Markdown table rows). Nil otherwise.
    var mailBarQuoteContent: String? {
        let t = Substring(self).drop { $0 == " " }
        guard t.hasPrefix("| ") else { return nil }
        let rest = t.dropFirst(2).drop { $0 == " " }
        let w = rest.split(separator: " ", maxSplits: 3, omittingEmptySubsequences: true)
        guard w.count >= 4, syslogMonths.contains(String(w[0])), let day = Int(w[1]), (1...31).contains(day),
              w[2].split(separator: ":").count == 3, w[2].allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ":" || $0 == ".") })
        else { return nil }
        return String(rest)
    }

    /// A line with any mail or Markdown quote marker in front taken off (`> `, `>> `, `| `) and
    /// trimmed: how a continuation of a wrapped line reads once its quote marker is gone.
    var withoutQuoteMarkers: String {
        var t = Substring(self).drop { $0 == " " || $0 == "\t" }
        while let f = t.first, f == ">" || f == "|" {
            let after = t.dropFirst()
            guard after.isEmpty || after.first == " " || after.first == ">" || after.first == "|" else { break }
            t = after.drop { $0 == " " }
        }
        return String(t).trimmedSpaces
    }

    /// A line a user quoted with Markdown's blockquote marker when pasting it into an issue or a
    /// forum post (`> establishing IKE_SA failed, peer not responding`,
    /// hwdsl2/setup-ipsec-vpn#1132; whole pastes quoted line by line, jawj/IKEv2-setup#145): the
    /// line without the markers (`>`, `> >`, `>>`, each followed by a blank or the end). No
    /// daemon's log line starts with `>` (charon, pluto, racoon and iked lines start with a time,
    /// a code, a tag, a quoted connection name or a thread), so nothing else is touched. Nil
    /// unless the line starts with the marker and has text after it.
    var markdownQuoteContent: String? {
        var rest = Substring(self).drop { $0 == " " }
        guard rest.first == ">" else { return nil }
        while rest.first == ">" {
            rest = rest.dropFirst()
            guard rest.isEmpty || rest.first == " " || rest.first == ">" else { return nil }
            rest = rest.drop { $0 == " " }
        }
        return rest.allSatisfy(\.isWhitespace) ? nil : String(rest)
    }

    private var csvFieldInner: String? {
        guard utf8.count >= 2, hasPrefix("\""), hasSuffix("\"") else { return nil }
        let inner = Array(dropFirst().dropLast())
        var out: [Character] = []
        var i = 0
        while i < inner.count {
            if inner[i] == "\"" {
                guard i + 1 < inner.count, inner[i + 1] == "\"" else { return nil }
                out.append("\""); i += 2
            } else {
                out.append(inner[i]); i += 1
            }
        }
        return String(out)
    }
}

/// The month abbreviations of a syslog time (`Jul 12 15:00:22`), in the year's order.
let syslogMonthNames = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
let syslogMonths = Set(syslogMonthNames)

/// The weekday abbreviations some time stamps start with (OpenWrt's logread: `Mon Jul 12 ...`).
let syslogWeekdays: Set<String> = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
