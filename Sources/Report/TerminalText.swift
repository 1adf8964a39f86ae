/// Text for a terminal, made safe to print.
///
/// Reports quote what they read: log lines, peer identities, certificate subjects, connection
/// names, a colleague's snapshot. Those bytes can come from the peer (an IKE ID, an EAP
/// identity) or from anyone who wrote a file into a snapshot, and a terminal obeys the control
/// sequences in them: `ESC ] 2 ; ... BEL` retitles the window, `ESC [ 2 J` clears the screen,
/// `ESC [ 8 m` hides the evidence that follows, some terminals answer queries by typing into
/// the shell, and a right-to-left override makes a line read differently than it is. So every
/// control character is shown as a visible escape (`\x1b`, `\u{202e}`) instead of being sent
/// as is. Newline and tab stay, and so do the colour sequences that `Style` itself writes
/// (`ESC [ <code> m` with one of its codes): a report coloured for a terminal stays coloured.
public enum TerminalText {
    /// The SGR parameter strings `Style` writes; any other escape sequence is shown, not sent.
    static let styleCodes: Set<String> = ["0", "1", "2", "33", "36", "1;31", "1;32"]

    public static func safe(_ text: String) -> String {
        // Fast path: nothing to escape (the usual report).
        if !text.unicodeScalars.contains(where: needsEscape) { return text }
        var out = String.UnicodeScalarView()
        let scalars = Array(text.unicodeScalars)
        var i = 0
        while i < scalars.count {
            let c = scalars[i]
            if c == "\u{1B}", let end = styleSequenceEnd(scalars, from: i) {
                out.append(contentsOf: scalars[i...end])
                i = end + 1
                continue
            }
            if needsEscape(c) {
                out.append(contentsOf: visible(c).unicodeScalars)
            } else {
                out.append(c)
            }
            i += 1
        }
        return String(out)
    }

    /// C0 controls but newline and tab, DEL, C1 controls, and the bidirectional overrides and
    /// isolates (U+202A–U+202E, U+2066–U+2069) that reorder what is shown.
    static func needsEscape(_ c: Unicode.Scalar) -> Bool {
        let v = c.value
        if v < 0x20 { return v != 0x0A && v != 0x09 }
        if v == 0x7F || (v >= 0x80 && v <= 0x9F) { return true }
        return (v >= 0x202A && v <= 0x202E) || (v >= 0x2066 && v <= 0x2069)
    }

    static func visible(_ c: Unicode.Scalar) -> String {
        let hex = String(c.value, radix: 16)
        return c.value <= 0xFF ? "\\x" + (hex.count == 1 ? "0" + hex : hex) : "\\u{" + hex + "}"
    }

    /// The index of the final `m` when `ESC [ <one of styleCodes> m` starts at `i`.
    static func styleSequenceEnd(_ s: [Unicode.Scalar], from i: Int) -> Int? {
        guard i + 2 < s.count, s[i + 1] == "[" else { return nil }
        var j = i + 2
        var code = ""
        while j < s.count, j - i <= 8, s[j] != "m" {
            code.unicodeScalars.append(s[j])
            j += 1
        }
        guard j < s.count, s[j] == "m", styleCodes.contains(code) else { return nil }
        return j
    }
}
