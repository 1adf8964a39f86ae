#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The byte-level redactors' view of a text: its UTF-8 bytes, line by line.
///
/// They only take "plain" text: printable ASCII, tabs and `\n`. Everything else (a byte >= 0x80,
/// a CR, any other control byte) goes to the first, String-level recognisers (`reference…`),
/// because there the rules differ from bytes: `\r\n` is one `Character` (so `split("\n")` does
/// not split there), ICU's regular expressions treat `\v`, `\f`, `\r` and U+0085 as line ends and
/// U+2028 as `\s`, `Character.isHexDigit` takes full-width digits. On plain text a line is the
/// bytes between two `\n`, `\s` inside a line is a blank or a tab, `\w` is `[A-Za-z0-9_]`, and
/// the byte rules below are exactly the String ones (RedactorEquivalenceTests checks it).
enum PlainBytes {
    /// Whether every byte is printable ASCII, a tab or `\n`.
    static func isPlain(_ b: [UInt8]) -> Bool {
        b.withUnsafeBufferPointer { p in
            @inline(__always) func bad(_ c: UInt8) -> Bool { c >= 0x7F || (c < 0x20 && c != 0x09 && c != 0x0A) }
            var i = 0
            if let base = p.baseAddress {
                // Eight bytes at a time; a word with a byte >= 0x80, < 0x20 (tabs and line ends
                // too) or 0x7F is looked at byte by byte.
                let raw = UnsafeRawPointer(base)
                let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
                while i + 8 <= p.count {
                    let v = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    let del = v ^ (ones &* 0x7F)
                    let flags = (v & highs) | ((v &- ones &* 0x20) & ~v & highs) | ((del &- ones) & ~del & highs)
                    if flags != 0 {
                        for k in i..<(i + 8) where bad(p[k]) { return false }
                    }
                    i += 8
                }
            }
            while i < p.count {
                if bad(p[i]) { return false }
                i += 1
            }
            return true
        }
    }

    /// Calls `body(start, end)` for every line (`end` excludes the `\n`), the last one too when
    /// it is empty: exactly `split(separator: "\n", omittingEmptySubsequences: false)`.
    @inline(__always)
    static func forEachLine(_ b: UnsafeBufferPointer<UInt8>, _ body: (Int, Int) -> Void) {
        var start = 0
        let n = b.count
        guard let base = b.baseAddress else { body(0, 0); return }
        while true {
            if start < n, let p = memchr(base + start, 0x0A, n - start) {
                let end = UnsafePointer<UInt8>(p.assumingMemoryBound(to: UInt8.self)) - base
                body(start, end)
                start = end + 1
            } else {
                body(start, n)
                return
            }
        }
    }

    /// Whether the bytes `start..<end` are plain (a line of a text that is not plain as a
    /// whole: the byte-level loops take its plain lines themselves and hand only the others to
    /// the String-level code, see `forEachCharacterLine`).
    @inline(__always)
    static func isPlain(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        var i = start
        while i < end {
            let c = b[i]
            if c >= 0x7F || (c < 0x20 && c != 0x09 && c != 0x0A) { return false }
            i += 1
        }
        return true
    }

    /// Calls `body(start, end)` for every line as `String.split(separator: "\n",
    /// omittingEmptySubsequences: false)` makes them on any text: a line ends at a `\n` byte
    /// that is not part of a `\r\n` (that pair is one `Character`, which is not `"\n"`; a
    /// `\n` is a Character of its own everywhere else, grapheme rule GB4/GB5). On plain text,
    /// which has no CR, this is `forEachLine`.
    @inline(__always)
    static func forEachCharacterLine(_ b: UnsafeBufferPointer<UInt8>, _ body: (Int, Int) -> Void) {
        var start = 0, from = 0
        let n = b.count
        guard let base = b.baseAddress else { body(0, 0); return }
        while true {
            if from < n, let p = memchr(base + from, 0x0A, n - from) {
                let end = UnsafePointer<UInt8>(p.assumingMemoryBound(to: UInt8.self)) - base
                if end > 0, b[end - 1] == 0x0D { from = end + 1; continue }
                body(start, end)
                start = end + 1
                from = start
            } else {
                body(start, n)
                return
            }
        }
    }

    /// `forEachCharacterLine` one line at a time (to walk two texts side by side).
    struct CharacterLines {
        let b: UnsafeBufferPointer<UInt8>
        private var start = 0
        private var done = false

        init(_ b: UnsafeBufferPointer<UInt8>) { self.b = b }

        mutating func next() -> (start: Int, end: Int)? {
            guard !done else { return nil }
            let n = b.count
            var from = start
            while from < n, let base = b.baseAddress, let p = memchr(base + from, 0x0A, n - from) {
                let end = UnsafePointer<UInt8>(p.assumingMemoryBound(to: UInt8.self)) - base
                if end > 0, b[end - 1] == 0x0D { from = end + 1; continue }
                defer { start = end + 1 }
                return (start, end)
            }
            done = true
            return (start, n)
        }
    }

    @inline(__always) static func isBlank(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 }
    @inline(__always) static func isHex(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66)
    }
    @inline(__always) static func isWord(_ c: UInt8) -> Bool {
        (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) || c == 0x5F
    }
    @inline(__always) static func isLetter(_ c: UInt8) -> Bool { (c >= 0x41 && c <= 0x5A) || (c >= 0x61 && c <= 0x7A) }
    @inline(__always) static func lower(_ c: UInt8) -> UInt8 { c >= 0x41 && c <= 0x5A ? c | 0x20 : c }

    /// Whether `b[at...]` starts with `word` (given in lower case), ASCII case ignored.
    @inline(__always)
    static func hasLowered(_ b: UnsafeBufferPointer<UInt8>, _ at: Int, _ end: Int, _ word: [UInt8]) -> Bool {
        guard at >= 0, at + word.count <= end else { return false }
        for k in 0..<word.count where lower(b[at + k]) != word[k] { return false }
        return true
    }

    /// Offsets in `start..<end` where `word` (lower case) starts, ASCII case ignored, in
    /// ascending order, found as they are read (no array: SecretTriggers asks on every line that
    /// holds a trigger word, `rekeying` of each CHILD SA of `swanctl --list-sas`).
    static func loweredOffsets(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ word: [UInt8]) -> LoweredOffsets {
        LoweredOffsets(b: b, i: start, end: end, word: word)
    }

    struct LoweredOffsets: Sequence, IteratorProtocol {
        let b: UnsafeBufferPointer<UInt8>
        var i: Int
        let end: Int
        let word: [UInt8]

        mutating func next() -> Int? {
            guard let f = word.first else { return nil }
            let upper = f >= 0x61 && f <= 0x7A ? f - 0x20 : f
            while i + word.count <= end {
                let c = b[i]
                i += 1
                if (c == f || c == upper), hasLowered(b, i - 1, end, word) { return i - 1 }
            }
            return nil
        }
    }

    /// Whether `word` (lower case) occurs in `start..<end`, ASCII case ignored.
    static func containsLowered(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ word: [UInt8]) -> Bool {
        guard let f = word.first, end - start >= word.count else { return false }
        // A byte of the word that is no letter is itself in any case: memchr finds where it
        // stands, and only there is the word compared (`ky:` in a text with few colons).
        if let j = word.firstIndex(where: { !isLetter($0) }), let base = b.baseAddress {
            var from = start + j
            let last = end - (word.count - j)
            while from <= last, let q = memchr(base + from, Int32(word[j]), last - from + 1) {
                let at = UnsafePointer<UInt8>(q.assumingMemoryBound(to: UInt8.self)) - base
                if hasLowered(b, at - j, end, word) { return true }
                from = at + 1
            }
            return false
        }
        let upper = f >= 0x61 && f <= 0x7A ? f - 0x20 : f
        var i = start
        while i + word.count <= end {
            let c = b[i]
            if c == f || c == upper, hasLowered(b, i, end, word) { return true }
            i += 1
        }
        return false
    }

    /// Whether the bytes hold `needle` exactly (memchr and memcmp, LineBytes.find).
    static func contains(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, _ needle: [UInt8]) -> Bool {
        guard !needle.isEmpty else { return true }
        guard end - start >= needle.count else { return false }
        return needle.withUnsafeBytes { nd in
            LineBytes.find(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: b[start..<end])), nd, from: 0) != nil
        }
    }

    /// `b.contains(byte)` through memchr (the generic `contains` went a byte at a time over
    /// texts of megabytes: `redactOptions`' gate, 3 % of `parse xfrm-policy`, stop 26).
    static func contains(byte: UInt8, in b: [UInt8]) -> Bool {
        b.withUnsafeBufferPointer { p in
            guard let base = p.baseAddress, p.count > 0 else { return false }
            return memchr(base, Int32(byte), p.count) != nil
        }
    }

    static func contains(_ b: [UInt8], _ needle: [UInt8]) -> Bool {
        b.withUnsafeBufferPointer { contains($0, 0, $0.count, needle) }
    }

    /// The line as a String (for the String-level recogniser of a line that may hold a secret).
    static func string(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: b[start..<end]), as: UTF8.self)
    }
}

/// Output of a line-by-line redactor over one source text. Unchanged lines are not copied one
/// by one: a run of them is kept as a range of the source (the bytes between two lines are
/// their one `\n`) and copied at once when a changed line follows, so a text in which no line
/// changes — most recognisers on most texts — is never copied, nor its buffer allocated.
struct LineWriter {
    private let source: UnsafeBufferPointer<UInt8>
    private var out: [UInt8] = []
    private var first = true
    /// Unchanged lines not yet written: `source[pendingStart..<pendingEnd]`; none when < 0.
    private var pendingStart = -1, pendingEnd = 0

    init(_ source: UnsafeBufferPointer<UInt8>) { self.source = source }

    @inline(__always) private mutating func newline() {
        if first { first = false } else { out.append(0x0A) }
    }

    /// Writes the pending unchanged lines.
    private mutating func flush() {
        if out.capacity == 0 { out.reserveCapacity(source.count + 64) }
        guard pendingStart >= 0 else { return }
        newline()
        out.append(contentsOf: UnsafeBufferPointer(rebasing: source[pendingStart..<pendingEnd]))
        pendingStart = -1
    }

    private mutating func startLine() {
        flush()
        newline()
    }

    /// The line `b[start..<end]` unchanged; `b` is the source, lines come in order.
    @inline(__always)
    mutating func append(_ b: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
        assert(b.baseAddress == source.baseAddress && (pendingStart < 0 || start == pendingEnd + 1))
        if pendingStart < 0 { pendingStart = start }
        pendingEnd = end
    }

    /// A line of new content.
    mutating func append(_ s: String) {
        startLine()
        out.append(contentsOf: s.utf8)
    }

    /// A changed line that `build` writes.
    mutating func appendLine(_ build: (inout [UInt8]) -> Void) {
        startLine()
        build(&out)
    }

    /// Appends `red`, the String-level redaction of the line `p[s..<e]`; true when its bytes
    /// differ from the line's (bytes, not String `==`, which compares canonical equivalents).
    mutating func append(_ red: String, replacing p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        if red.utf8.elementsEqual(UnsafeBufferPointer(rebasing: p[s..<e])) {
            append(p, s, e)
            return false
        }
        append(red)
        return true
    }

    /// The whole output (call once, when some line changed).
    mutating func finish() -> [UInt8] {
        flush()
        return out
    }
}
