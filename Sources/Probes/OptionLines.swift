/// Credential options (`CommandLines.option`) in a text of any kind, read as bytes line by
/// line: a plain line (PlainBytes) goes through the expression only where a match with a
/// credential name can start on it (`mayHoldCredentialOption`), a line that is not plain
/// always, alone. No match runs over a line end (the expression takes no `\n`), and alone a
/// line matches as inside the text (its lookbehind takes the text's start as it takes the
/// `\n` before the line). A text naming mysql or mariadb goes to `referenceRedactOptions`
/// whole (`gluedPassword`'s `\s` takes a line end).
extension CommandLines {
    static func redactOptions(anything text: String) -> String {
        let b = Array(text.utf8)
        return redactOptions(bytes: b, plain: PlainBytes.isPlain(b)).map { String(decoding: $0, as: UTF8.self) } ?? text
    }

    /// Nil when unchanged; `plain` says the whole text is plain.
    static func redactOptions(bytes b: [UInt8], plain: Bool) -> [UInt8]? {
        if plain { return redactOptions(plain: b) }
        guard PlainBytes.contains(byte: 0x2D, in: b) else { return nil }
        if PlainBytes.contains(b, mysql) || PlainBytes.contains(b, mariadb) {
            let t = String(decoding: b, as: UTF8.self)
            let out = referenceRedactOptions(t)
            return out.utf8.elementsEqual(b) ? nil : Array(out.utf8)
        }
        return b.withUnsafeBufferPointer { p in
            var w = LineWriter(p)
            var changed = false
            PlainBytes.forEachLine(p) { s, e in
                guard !PlainBytes.isPlain(p, s, e) || mayHoldCredentialOption(p, s, e) else { w.append(p, s, e); return }
                if w.append(referenceRedactOptions(PlainBytes.string(p, s, e)), replacing: p, s, e) { changed = true }
            }
            return changed ? w.finish() : nil
        }
    }
}
