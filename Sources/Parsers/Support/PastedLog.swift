/// A log as people paste it: a forum's code block indents every line by four spaces, a mail reply
/// by a tab, a wiki by one space. The indentation is the paste's, not the daemon's, so a log
/// parser reads the text without it. Only the indentation every non-blank line shares is taken
/// off: a line indented further than the rest (racoon's logcat continuation lines, a wrapped
/// message) stays indented by the difference, and a log whose first line starts in column one
/// is returned untouched (the common case costs one look at one line).
public enum PastedLog {
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
