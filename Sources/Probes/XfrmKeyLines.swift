import Foundation

/// `Redactor.xfrmKey` on the bytes of plain text (PlainBytes), one line at a time.
///
/// The expression is `^(\s*(?:enc|auth|auth-trunc|aead|comp)\s+\S+\s+)(0x[0-9a-fA-F]+|[0-9a-fA-F]{8,})(\b.*)$`,
/// any case, `^`/`$` at line ends. On plain text a match inside one line is: blanks, a first
/// word that is one of the keywords, blanks, one word (the algorithm), blanks, then the key:
/// `0x` and hex digits, or 8+ hex digits, ending where a non-word character or the line's end
/// follows (`\b`; backing off a digit never makes a word boundary between two hex digits).
/// The key is replaced, the rest stays. `\s` also takes a line end, so a match can run over
/// lines only where a keyword or the algorithm is the last word of its line; such text is
/// handed back (`acrossLines`) for the expression itself. (A match that starts on blank lines
/// before its keyword line changes the text exactly as one that starts on that line.)
///
/// A text that is not plain as a whole is read the same way line by line (lines end at every
/// `\n`: the expression's `^`, `$` and `.` see a line end there whatever comes before), except
/// that a line that is not plain goes through the expression on its own: alone it
/// matches as inside the text, since nothing the expression reads at a line's start or end
/// differs between a `\n` and the text's ends, unless a match could run over its end, which
/// `openEnd` tells (then the whole text goes to the expression).
enum XfrmKeyLines {
    enum Result { case unchanged, changed([UInt8]), acrossLines }

    static let keywords = ["enc", "auth", "auth-trunc", "aead", "comp"].map { Array($0.utf8) }
    static let marker = Array(Redactor.marker.utf8)

    static func redact(plain b: [UInt8]) -> Result { redact(bytes: b, plain: true) }

    /// Any text; `plain` says the whole text is plain. A line that is not plain goes through
    /// `Redactor.xfrmKey` alone.
    static func redact(bytes b: [UInt8], plain: Bool) -> Result {
        b.withUnsafeBufferPointer { p in
            var w = LineWriter(p)
            var changed = false, across = false
            PlainBytes.forEachLine(p) { s, e in
                guard !across else { return }
                guard plain || PlainBytes.isPlain(p, s, e) else {
                    let line = PlainBytes.string(p, s, e)
                    if SecretGrammar.first(openEnd, in: line) != nil { across = true; return }
                    if w.append(Redactor.replace(Redactor.xfrmKey, in: line, template: "$1\(Redactor.marker)$3"), replacing: p, s, e) { changed = true }
                    return
                }
                switch key(p, s, e) {
                case .none: w.append(p, s, e)
                case .acrossLines: across = true
                case let .key(from, to):
                    w.appendLine {
                        $0.append(contentsOf: UnsafeBufferPointer(rebasing: p[s..<from]))
                        $0.append(contentsOf: marker)
                        $0.append(contentsOf: UnsafeBufferPointer(rebasing: p[to..<e]))
                    }
                    changed = true
                }
            }
            if across { return .acrossLines }
            return changed ? .changed(w.finish()) : .unchanged
        }
    }

    /// What a match of `xfrmKey` that runs over the end of the line holds of it: a keyword
    /// at a line start, perhaps the algorithm, and blanks to the end (`\s` takes `\n`).
    static let openEnd = try! NSRegularExpression(
        pattern: #"^\s*(?:enc|auth|auth-trunc|aead|comp)(?:\s+\S+)?\s*\z"#, options: [.anchorsMatchLines, .caseInsensitive])

    enum Match { case none, key(Int, Int), acrossLines }

    /// Whether `p[ks..<ks + n]` is one of `keywords`, any case (compared byte by byte: the
    /// search through the array of arrays retained and released each keyword at every line
    /// that starts with `a`, `c` or `e`, most lines of `ip xfrm state`).
    @inline(__always)
    static func isKeyword(_ p: UnsafeBufferPointer<UInt8>, _ ks: Int, _ n: Int) -> Bool {
        @inline(__always) func l(_ k: Int) -> UInt8 { PlainBytes.lower(p[ks + k]) }
        switch n {
        case 3: return l(0) == 0x65 && l(1) == 0x6E && l(2) == 0x63                          // enc
        case 4:
            let a = l(0), b = l(1), c = l(2), d = l(3)
            return (a == 0x61 && b == 0x75 && c == 0x74 && d == 0x68)                        // auth
                || (a == 0x61 && b == 0x65 && c == 0x61 && d == 0x64)                        // aead
                || (a == 0x63 && b == 0x6F && c == 0x6D && d == 0x70)                        // comp
        case 10: return PlainBytes.hasLowered(p, ks, ks + n, authTrunc)                      // auth-trunc
        default: return false
        }
    }

    static let authTrunc = Array("auth-trunc".utf8)

    static func key(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Match {
        var i = s
        while i < e, PlainBytes.isBlank(p[i]) { i += 1 }
        let ks = i
        // Every keyword starts with `a`, `c` or `e`: most lines stop here.
        guard ks < e, case let f = PlainBytes.lower(p[ks]), f == 0x61 || f == 0x63 || f == 0x65 else { return .none }
        while i < e, !PlainBytes.isBlank(p[i]) { i += 1 }
        guard isKeyword(p, ks, i - ks) else { return .none }
        var j = i
        while j < e, PlainBytes.isBlank(p[j]) { j += 1 }
        if j == e { return .acrossLines }
        while j < e, !PlainBytes.isBlank(p[j]) { j += 1 }
        var h = j
        while h < e, PlainBytes.isBlank(p[h]) { h += 1 }
        if h == e { return .acrossLines }
        if p[h] == 0x30, h + 1 < e, p[h + 1] == 0x78 || p[h + 1] == 0x58 {
            let r = HexRun.end(p, from: h + 2, to: e)
            if r > h + 2, r == e || !PlainBytes.isWord(p[r]) { return .key(h, r) }
        }
        let r = HexRun.end(p, from: h, to: e)
        if r - h >= 8, r == e || !PlainBytes.isWord(p[r]) { return .key(h, r) }
        return .none
    }
}
