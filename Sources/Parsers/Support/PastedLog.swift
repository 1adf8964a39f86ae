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
    /// What a log parser reads: `typographyUndone`, then `dedented`.
    public static func normalised(_ text: String) -> String {
        dedented(typographyUndone(text))
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
