import Foundation

/// Recognises hex dumps in daemon logs, whatever their header says and whatever prefix the log
/// form puts before each line (charon's file log `Nov 23 19:40:01 09[IKE] `, syslog
/// `host charon: `, the journal's short format, pluto's `| `). A daemon at a debug level dumps
/// keys this way (charon level 4: `SKEYSEED`, `encryption initiator key`, `initiator SA seed`
/// ...); no header list can keep up, so every dump goes.
///
/// The forms (from the daemons' sources):
/// - strongSwan `%B` (libstrongswan utils/chunk.c, `mem_printf_hook` in utils/utils/memory.c):
///   a header line ending `=> N bytes @ 0x...`, then one line per 16 bytes,
///   `%4d: XX XX ... XX  ascii` (offset, upper-case hex pairs, the printable bytes).
/// - Libreswan `llog_dump` (lib/libswan/llog_dump.c): `   xx xx xx xx  xx xx xx xx ...` in
///   groups of four lower-case pairs, after a label line, each under pluto's `| ` debug prefix.
/// - racoon `plogdump`: words of 8 hex digits, `a4ec1e8f 1b5a0d2e ...`.
enum KeyDumps {
    static let marker = Redactor.marker

    /// strongSwan: `<prefix>   16: 3A 4B ...  :K..` (offset and at least one pair).
    static let offsetDump = try! NSRegularExpression(
        pattern: #"^(|.*?\s)(\d{1,6}):( [0-9A-Fa-f]{2}){1,16}(?:\s.*)?$"#)
    /// strongSwan's header: `... => 32 bytes @ 0x7f3a...` (the pointer is not secret).
    static let dumpHeader = try! NSRegularExpression(pattern: #"=> \d+ bytes @ (?:0x)?[0-9A-Fa-f]+\s*$"#)

    /// Libreswan and others: a run of hex pairs (one or two blanks apart) that ends the line or
    /// is followed by the ascii column (two or more blanks). Four pairs at least, or one right
    /// after a header.
    static let pairRun = try! NSRegularExpression(
        pattern: #"(?:^|(?<=[\s|]))((?:[0-9A-Fa-f]{2} {1,2})*[0-9A-Fa-f]{2})(?= {2,}|\s*$)"#)

    static func pairRunStart(_ line: String, afterHeader: Bool) -> String.Index? {
        for m in pairRun.matches(in: line, range: NSRange(line.startIndex..., in: line)) {
            guard let r = Range(m.range(at: 1), in: line) else { continue }
            let pairs = line[r].split(separator: " ").count
            if pairs >= 4 || afterHeader { return r.lowerBound }
        }
        return nil
    }

    static let colonBlank = Array(": ".utf8)
    static let bytesAt = Array("bytes @".utf8)

    /// Read as bytes: on a plain line (PlainBytes) `redactLine`'s steps on the line's bytes, and
    /// the line itself (a String) only where a regular expression must look at it (a hex pair
    /// with `: ` or in a run, a strongSwan header). A line that is not plain goes to
    /// `redactLine` whole, so a text with a few such lines is still read mostly as bytes.
    static func redact(_ text: String) -> String {
        let b = Array(text.utf8)
        return redact(bytes: b, plain: PlainBytes.isPlain(b)).map { String(decoding: $0, as: UTF8.self) } ?? text
    }

    static let markerBytes = Array(marker.utf8)

    /// The redacted bytes of plain text, nil when no line changed.
    static func redact(plain b: [UInt8]) -> [UInt8]? { redact(bytes: b, plain: true) }

    /// The redacted bytes of a text (valid UTF-8), nil when no line changed; `plain` says the
    /// whole text is plain (else each line is looked at). Lines as `referenceRedact` splits
    /// them (`forEachCharacterLine`).
    static func redact(bytes b: [UInt8], plain: Bool) -> [UInt8]? {
        b.withUnsafeBufferPointer { p in
            var w = LineWriter(p)
            var inDump = false
            var changed = false
            // strongSwan's header is looked for on a line only if the text holds one at all.
            let headers = PlainBytes.contains(p, 0, p.count, bytesAt)
            PlainBytes.forEachCharacterLine(p) { s, e in
                guard plain || PlainBytes.isPlain(p, s, e) else {
                    if w.append(redactLine(PlainBytes.string(p, s, e), inDump: &inDump), replacing: p, s, e) { changed = true }
                    return
                }
                let pairs = hexPairCount(p, s, e)
                let regex = pairs >= 4 || (pairs >= 1 && (inDump || PlainBytes.contains(p, s, e, colonBlank)))
                if !regex, let cut = hexTail(p, s, e, afterHeader: inDump) {
                    w.appendLine { $0.append(contentsOf: UnsafeBufferPointer(rebasing: p[s..<cut])); $0.append(contentsOf: markerBytes) }
                    inDump = true
                    changed = true
                } else if regex || headers && PlainBytes.contains(p, s, e, bytesAt) {
                    if w.append(redactLine(PlainBytes.string(p, s, e), inDump: &inDump), replacing: p, s, e) { changed = true }
                } else {
                    var last = e
                    while last > s, PlainBytes.isBlank(p[last - 1]) { last -= 1 }
                    inDump = last > s && p[last - 1] == 0x3A
                    w.append(p, s, e)
                }
            }
            return changed ? w.finish() : nil
        }
    }

    /// One line of a dump-reading pass; `inDump` says whether the line before was part of a dump
    /// or its header.
    static func redactLine(_ line: String, inDump: inout Bool) -> String {
        let r = NSRange(line.startIndex..., in: line)
        let bytes = LineBytes(line)
        let pairs = hexPairCount(line)
        if pairs >= 1, bytes.has(colonBlank), let m = offsetDump.firstMatch(in: line, range: r),
           let off = Range(m.range(at: 2), in: line) {
            inDump = true
            return String(line[..<off.upperBound]) + " " + marker
        }
        if let cut = dumpCut(line, pairs: pairs, inDump: inDump) {
            inDump = true
            return String(line[..<cut]) + marker
        }
        // A header (strongSwan's `=> N bytes`, or a label ending in `:`) starts a dump
        // whose short last lines are recognised by context.
        inDump = (bytes.has(bytesAt) && dumpHeader.firstMatch(in: line, range: r) != nil) || endsWithColon(line)
        return line
    }

    /// Where a line's dump starts: the earlier of a run of hex pairs and a tail of hex words.
    /// Both are looked for because a dump's last line may end in one pair after whole words:
    /// racoon's plogdump of a 13-byte PSK ends `68756e74 65723273 65637265 74`, and the pair run
    /// alone (`74`) would leave the first twelve bytes of the key on the line.
    static func dumpCut(_ line: String, pairs: Int, inDump: Bool) -> String.Index? {
        let run = pairs >= 4 || (inDump && pairs >= 1) ? pairRunStart(line, afterHeader: inDump) : nil
        let tail = hexTail(line, afterHeader: inDump)
        if let run, let tail { return min(run, tail) }
        return run ?? tail
    }

    /// `hexPairCount` on a plain line's bytes. The String version's window never counts a pair
    /// at the line's start (its `prev` is 0 by the time it looks), so a pair is two hex digits
    /// right after a blank, tab or `|` and followed by a blank or the line's end: the loop
    /// stops only at those separators, most bytes cost one compare.
    ///
    /// Without a branch a byte: each byte's class (`pairClass`) is looked up once and the four
    /// positions of a pair (separator, hex, hex, blank) are a window of classes moved along the
    /// line; a pair adds `1` by their bits' AND. The three compares and branches a byte were
    /// four fifths of `redact` (perf annotate, `parse xfrm-policy`, stop 26): where the blanks
    /// fall in a line is what a branch predictor cannot learn.
    static func hexPairCount(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Int {
        guard e - s >= 3 else { return 0 }
        return pairClass.withUnsafeBufferPointer { c in
            var n = 0
            var k = s
            // Classes of the bytes at k, k + 1, k + 2.
            var a = c[Int(p[k])], b = c[Int(p[k + 1])], d = c[Int(p[k + 2])]
            while k + 3 < e {
                let f = c[Int(p[k + 3])]
                n &+= Int(a & (b >> 1) & (d >> 1) & (f >> 2) & 1)
                a = b; b = d; d = f
                k &+= 1
            }
            // k + 3 == e: the line's end stands for the blank after the pair.
            return n &+ Int(a & (b >> 1) & (d >> 1) & 1)
        }
    }

    /// A byte's class for `hexPairCount`: bit 0 a separator before a pair (blank, tab, `|`),
    /// bit 1 a hex digit, bit 2 the blank after a pair.
    static let pairClass: [UInt8] = (0..<256).map { i in
        let c = UInt8(i)
        return (c == 0x20 || c == 0x09 || c == 0x7C ? 1 : 0) | (isHex(c) ? 2 : 0) | (c == 0x20 ? 4 : 0)
    }

    /// `hexTail(line, afterHeader:)` on a plain line's bytes: the same walk back over the
    /// trailing hex words (on ASCII `isHexDigit` is `[0-9A-Fa-f]`, `isNumber` is `[0-9]`).
    static func hexTail(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, afterHeader: Bool) -> Int? {
        @inline(__always) func sep(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x7C }
        var end = e
        while end > s, PlainBytes.isBlank(p[end - 1]) { end -= 1 }
        var start = end
        var words = 0, digits = 0, longest = 0
        var sawDigit = false
        var i = end
        while i > s {
            let wStart = HexRun.start(p, before: i, from: s)
            let len = i - wStart
            guard len >= 2, wStart == s || sep(p[wStart - 1]) else { break }
            if !sawDigit { for k in wStart..<i where p[k] >= 0x30 && p[k] <= 0x39 { sawDigit = true; break } }
            words += 1; digits += len; longest = max(longest, len)
            start = wStart
            var j = wStart
            while j > s, sep(p[j - 1]) { j -= 1 }
            i = j
            if j == wStart { break }
        }
        guard words > 0, sawDigit else { return nil }
        let isDump = (words >= 4 && digits >= 16) || longest >= 32 || (afterHeader && (words >= 2 || longest >= 4))
        return isDump ? start : nil
    }

    /// How many `XX ` hex pairs (a blank, `|` or the start before) the line holds; a cheap
    /// test before the regular expressions.
    static func hexPairCount(_ line: String) -> Int {
        var n = 0
        var prev: UInt8 = 0x20, a: UInt8 = 0, b: UInt8 = 0
        var i = 0
        for c in line.utf8 {
            // Window: prev a b c — a pair `ab` between separators.
            if i >= 2, isHex(a), isHex(b), (prev == 0x20 || prev == 0x7C || prev == 0x09), c == 0x20 { n += 1 }
            prev = a; a = b; b = c; i += 1
        }
        if i >= 2, isHex(a), isHex(b), (prev == 0x20 || prev == 0x7C || prev == 0x09) { n += 1 }
        return n
    }

    @inline(__always) static func isHex(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
    }

    static func endsWithColon(_ line: String) -> Bool {
        for c in line.utf8.reversed() where c != 0x20 && c != 0x09 { return c == 0x3A }
        return false
    }

    /// Where a trailing run of hex words starts, if the line ends in a dump: four or more words
    /// of hex pairs or 8-digit groups holding 16+ digits, one word of 32+ digits, or, right after
    /// a header or another dump line, any run holding a digit.
    static func hexTail(_ line: String, afterHeader: Bool) -> String.Index? {
        var end = line.endIndex
        // Trailing blanks.
        while end > line.startIndex, line[line.index(before: end)] == " " || line[line.index(before: end)] == "\t" { end = line.index(before: end) }
        var start = end
        var words = 0, digits = 0, longest = 0
        var sawDigit = false
        var i = end
        while i > line.startIndex {
            // One word back.
            var wStart = i
            while wStart > line.startIndex, line[line.index(before: wStart)].isHexDigit { wStart = line.index(before: wStart) }
            let len = line.distance(from: wStart, to: i)
            guard len >= 2, wStart == line.startIndex || " \t|".contains(line[line.index(before: wStart)]) else { break }
            let word = line[wStart..<i]
            if word.contains(where: { $0.isNumber }) { sawDigit = true }
            words += 1; digits += len; longest = max(longest, len)
            start = wStart
            // Skip the blanks (and pluto's `|`) before it.
            var j = wStart
            while j > line.startIndex, " \t|".contains(line[line.index(before: j)]) { j = line.index(before: j) }
            i = j
            if j == wStart { break }
        }
        guard words > 0, sawDigit else { return nil }
        let isDump = (words >= 4 && digits >= 16) || longest >= 32 || (afterHeader && (words >= 2 || longest >= 4))
        return isDump ? start : nil
    }
}
