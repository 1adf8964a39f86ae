/// A log as people paste it: a forum's code block indents every line by four spaces, a mail reply
/// by a tab, a wiki by one space. The indentation is the paste's, not the daemon's, so a log
/// parser reads the text without it. Only the indentation every non-blank line shares is taken
/// off: a line indented further than the rest (racoon's logcat continuation lines, a wrapped
/// message) stays indented by the difference, and a log whose first line starts in column one
/// is returned untouched (the common case costs one look at one line).
///
/// A log that went through a web page, a blog engine or a PDF manual also has its typography:
/// WordPress and word processors turn `'name'` into `‘name’` and `...` into `…`, a browser copies
/// the `&nbsp;` of `Dec&nbsp; 2` as U+00A0. No IKE daemon prints these (their messages are
/// ASCII), so in a log they are the page's: each becomes the ASCII it replaced. Configuration
/// files are not read through this: a curly quote in a real swanctl.conf is the user's error.
public enum PastedLog {
    /// What a log parser reads: the transport's envelope taken off each line (LogEnvelope: the
    /// journal's JSON and other views, syslog's priority), a page's HTML text containers
    /// (HtmlMarkup) and character references, then `typographyUndone`, then `dedented`.
    public static func normalised(_ text: String) -> String {
        dedented(typographyUndone(entitiesUndone(HtmlMarkup.undone(LogEnvelope.opened(text)))))
    }

    /// HTML's character references as the characters they stand for (`&quot;conn&quot; #1:`,
    /// `&lt;lab|1&gt;`): a log copied from a page's source, a feed or an archive that escaped
    /// it twice. No IKE daemon prints a reference; the text itself when it holds none.
    static func entitiesUndone(_ text: String) -> String {
        guard text.utf8.contains(0x26) else { return text }  // no `&`: no copy
        let b = Array(text.utf8)
        var out: [UInt8] = []
        var i = 0, changed = false
        while i < b.count {
            if b[i] == 0x26, let (bytes, length) = entity(b, at: i) {
                if !changed { out.reserveCapacity(b.count); out.append(contentsOf: b[0..<i]); changed = true }
                out.append(contentsOf: bytes); i += length; continue
            }
            if changed { out.append(b[i]) }
            i += 1
        }
        return changed ? String(decoding: out, as: UTF8.self) : text
    }

    /// The named references a page or a feed uses in a log line, with the bytes they stand for.
    static let namedEntities: [(name: [UInt8], char: [UInt8])] = [("&quot;", "\""), ("&lt;", "<"), ("&gt;", ">"), ("&amp;", "&"),
                                                                  ("&apos;", "'"), ("&nbsp;", " ")].map { (Array($0.utf8), Array($1.utf8)) }

    /// The reference at `i` (named, `&#39;` or `&#x27;`): its character's bytes and its length.
    static func entity(_ b: [UInt8], at i: Int) -> ([UInt8], Int)? {
        for (name, char) in namedEntities where b[i...].starts(with: name) { return (char, name.count) }
        guard i + 3 < b.count, b[i + 1] == 0x23 else { return nil }  // &#
        var j = i + 2, hex = false
        if b[j] == 0x78 || b[j] == 0x58 { hex = true; j += 1 }
        var value = 0, digits = 0
        while j < b.count, digits < 6 {
            let c = b[j]
            let letter = c | 0x20  // a-f in either case
            if c >= 0x30, c <= 0x39 { value = value * (hex ? 16 : 10) + Int(c - 0x30) }
            else if hex, letter >= 0x61, letter <= 0x66 { value = value * 16 + 10 + Int(letter - 0x61) }
            else { break }
            digits += 1; j += 1
        }
        guard digits > 0, j < b.count, b[j] == 0x3B, let scalar = Unicode.Scalar(value), value >= 0x20 else { return nil }
        return (Array(String(Character(scalar)).utf8), j + 1 - i)
    }

    /// Typographic quotes, ellipses and non-breaking or zero-width spaces as the ASCII they stand
    /// for; the text itself when it is ASCII (one pass over the bytes, no copy).
    public static func typographyUndone(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 >= 0x80 }) else { return text }
        var out = String.UnicodeScalarView()
        var changed = false
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x2018, 0x2019, 0x201A, 0x201B, 0x2032: out.append("'"); changed = true
            case 0x201C, 0x201D, 0x201E, 0x201F, 0x2033: out.append("\""); changed = true
            case 0x2026: out.append(contentsOf: "...".unicodeScalars); changed = true
            case 0x00A0, 0x2007, 0x2009, 0x202F: out.append(" "); changed = true
            case 0x200B, 0xFEFF: changed = true  // zero-width space, a BOM pasted mid-text
            default: out.append(scalar)
            }
        }
        return changed ? String(out) : text
    }

    public static func dedented(_ text: String) -> String {
        let bytes = text.utf8
        // The first non-blank line decides: no indentation there, nothing to take off.
        guard let indent = commonIndent(bytes), indent > 0 else { return text }
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        var column = 0
        for b in bytes {
            if b == 0x0a { column = 0; out.append(b); continue }
            // Blank or shorter-indented lines (only blanks) lose what they have, up to `indent`.
            if column < indent, b == 0x20 || b == 0x09 { column += 1; continue }
            column = indent
            out.append(b)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// How many leading blanks (spaces and tabs, one column each) every non-blank line has;
    /// nil for a text of blank lines only. Stops at the first line that has none.
    static func commonIndent(_ bytes: String.UTF8View) -> Int? {
        var common: Int?
        var column = 0, atLineStart = true
        for b in bytes {
            if b == 0x0a { column = 0; atLineStart = true; continue }
            guard atLineStart else { continue }
            if b == 0x20 || b == 0x09 { column += 1; continue }
            if b == 0x0d { continue }  // a CRLF blank line is blank
            atLineStart = false
            common = min(common ?? column, column)
            if common == 0 { return 0 }
        }
        return common
    }
}

extension PastedLog {
    /// Reads a log as its parser would, undoing first what a paste did to it (`normalised`),
    /// then the line breaks a mail client or a narrow terminal put into long lines
    /// (`Dec 2 ... charon: 10[IKE] received AUTHENTICATION_FAILED notify` / `error`): a line
    /// that does not start as a log line does (a time stamp, a program tag, a bracket), after a
    /// line that its first word would have made too long for a wrapping width, is the rest of
    /// that line — when the parser could not read it, or when the log's lines start with time
    /// stamps (then a line without one is a piece, even if a parser that takes bare messages
    /// read it). The joined reading is kept unless it names fewer failures; in a log without
    /// time stamps (where a short unread line may be the paster's own), only when it names more. Line numbers
    /// stay those of the paste (a joined piece's line is left blank).
    public static func read(_ text: String, _ parseLines: (String) -> ParseResult) -> ParseResult {
        var text = normalised(text)
        var plain = parseLines(text)
        // a column the showing tool added (docker's time, compose's service, grep's file name):
        // kept off when the log reads better without it (ToolColumn)
        if let (kind, stripped) = ToolColumn.column(text) {
            let without = parseLines(stripped)
            let (a, b) = (plain.classifiedCount, without.classifiedCount)
            if b > a || (b == a && (without.recordCount > plain.recordCount || kind.isNeverTheDaemons)) { text = stripped; plain = without }
        }
        // a log viewer's newest-first list, read in the order the daemon wrote it (after the
        // tool's column is off: the time stamps left are the daemon's): the records' lines count
        // in that order (what follows what), `givenLines` tells them as pasted
        guard let (oldestFirst, lines) = LogOrder.oldestFirst(text) else { return rejoinedIfBetter(text, plain, parseLines) }
        var result = rejoinedIfBetter(oldestFirst, parseLines(oldestFirst), parseLines)
        result.givenLines = lines
        return result
    }

    /// The reading with wrapped lines joined (`rejoined`) when it names more failures (or, in a
    /// time-stamped log, as many), else `plain`.
    static func rejoinedIfBetter(_ text: String, _ plain: ParseResult, _ parseLines: (String) -> ParseResult) -> ParseResult {
        let stamped = isTimeStamped(text)
        guard stamped || !plain.unparsed.isEmpty,
              let (joined, pieces) = rejoined(text, unread: Set(plain.unparsed.map(\.line)), stamped: stamped) else { return plain }
        var rejoinedResult = parseLines(joined)
        for line in pieces { rejoinedResult.accounted.insert(line) }  // read, as part of the line before
        let (a, b) = (plain.classifiedCount, rejoinedResult.classifiedCount)
        return stamped ? (b >= a ? rejoinedResult : plain) : (b > a ? rejoinedResult : plain)
    }

    /// A line was broken when its next word would have passed the wrapping width: mail clients
    /// wrap at 72–78 columns, terminals at 80 (a little under, to be safe); a line longer than
    /// 100 characters was not wrapped at all.
    static let wrapWidth = 68
    static let longestWrapped = 100

    /// Three or more lines, a quarter of them or more, start with a time stamp (of the first
    /// 500, which decide for a log of any length).
    static func isTimeStamped(_ text: String) -> Bool {
        var lines = 0, stamped = 0
        for line in text.split(separator: "\n", maxSplits: 500).prefix(500) {
            let t = withoutMailQuote(line)
            guard !t.isEmpty else { continue }
            lines += 1
            if startsWithTimeStamp(t) { stamped += 1 }
        }
        return stamped >= 3 && stamped * 4 >= lines
    }

    /// The text with each wrapped piece joined to the line it continues, and the pieces' line
    /// numbers; nil when there is none.
    static func rejoined(_ text: String, unread: Set<Int>, stamped: Bool) -> (String, [Int])? {
        // Substrings of the text: nothing is copied until the first piece is found, and a line
        // that starts with a time stamp (every line of a log nobody wrapped) is passed over on
        // its first bytes.
        let raw = text.utf8.split(separator: 0x0A, omittingEmptySubsequences: false).map { Substring($0) }
        var lines: [String]?      // the text's lines, made when the first piece is joined
        var pieces: [Int] = []
        var target: Int?          // index of the line pieces are joined to
        var lastPieceLength = 0   // the previous piece's own length, as the wrapper saw it
        for (i, rawLine) in raw.enumerated() {
            let line = rawLine.last == "\r" ? rawLine.dropLast() : rawLine
            let length = line.utf8.count  // bytes: the wrapping width is ASCII's
            defer { lastPieceLength = length }
            guard !startsWithTimeStamp(line) else { target = i; continue }
            // a piece of a quoted line may carry the quote's marker (`> error`)
            let piece = withoutMailQuote(line)
            let firstWord = piece.prefix { $0 != " " }.count
            if let t = target, !piece.isEmpty, stamped || unread.contains(i + 1), lastPieceLength <= longestWrapped,
               lastPieceLength + 1 + firstWord > wrapWidth, !startsLikeALogLine(piece) {
                if lines == nil { lines = raw.map { $0.last == "\r" ? String($0.dropLast()) : String($0) } }
                lines![t] += " " + piece
                lines![i] = ""
                pieces.append(i + 1)
                continue
            }
            target = piece.isEmpty ? nil : i
        }
        guard let lines else { return nil }
        return (lines.joined(separator: "\n"), pieces)
    }

    /// The line without blanks and `>` mail-quote markers in front (`| ` is not taken off: it
    /// also starts pluto's debug lines).
    static func withoutMailQuote(_ line: Substring) -> String {
        var t = line.drop { $0 == " " || $0 == "\t" }
        while t.first == ">" { t = t.dropFirst().drop { $0 == " " || $0 == "\t" } }
        return String(t).trimmedSpaces
    }

    /// How syslog, journal, ISO, logcat and the daemons' own time stamps begin: a month or
    /// weekday name and a blank, or a first word of digits holding a `:` (a clock) or a `-` or
    /// `/` (a date). An address (`10.11.207.66 #3: ...`) or a hex byte is not one.
    static func startsWithTimeStamp<S: StringProtocol>(_ t: S) -> Bool {
        let bytes = t.utf8
        guard let first = bytes.first else { return false }
        if first >= 0x30, first <= 0x39 {
            for b in bytes {
                if b == 0x20 || b == 0x09 { return false }
                if b == 0x3A || b == 0x2D || b == 0x2F { return true }  // : - /
            }
            return false
        }
        guard bytes.count > 3, bytes[bytes.index(bytes.startIndex, offsetBy: 3)] == 0x20 else { return false }
        let word = String(t.prefix(3))
        return syslogMonths.contains(word) || syslogWeekdays.contains(word)
    }

    /// A time stamp, a whack status code, a program's tag (`charon:`, `pluto[123]:`,
    /// `I/charon(`), a bracket, a syslog priority, a debug bar, journalctl's `-- Boot ... --`
    /// marker or a comment: the start of another log line (or of the paster's prose),
    /// never the rest of one.
    static func startsLikeALogLine(_ t: String) -> Bool {
        guard let first = t.unicodeScalars.first else { return true }
        if startsWithTimeStamp(t) || "[<#|".unicodeScalars.contains(first) || t.hasPrefix("-- ") { return true }
        // `ipsec auto` / whack console output: a three-digit status code (`002 "conn" #1: ...`)
        if t.utf8.count > 4, t.prefix(3).allSatisfy(\.isNumber), t.dropFirst(3).first == " " { return true }
        let word = t.prefix { $0 != " " }
        guard word.count > 1 else { return false }
        let tag = word.hasSuffix(":") ? word.dropLast() : word.hasSuffix("]:") ? word.dropLast(2) : nil
        guard var name = tag else { return word.contains("/") && word.contains("(") }  // logcat `I/charon(`
        if let open = name.firstIndex(of: "["), name.last == "]" { name = name[..<open] }
        return !name.isEmpty && name.allSatisfy { $0.isLetter || $0 == "_" || $0 == "-" }
    }
}
