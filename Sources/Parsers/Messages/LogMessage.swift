/// One failure (or success) message a daemon prints, as its source code writes it.
///
/// `format` is the printf format string from the daemon's source (strongSwan's DBG1 formats,
/// pluto's llog formats, racoon's plog formats), optionally with a conversion already filled in
/// where its value decides the meaning (`received AUTHENTICATION_FAILED notify error` is the
/// ike_auth.c format `received %N notify error` with %N = AUTHENTICATION_FAILED). Every
/// conversion (`%s`, `%d`, `%N`, `%Y`, `%#R`, `%.8x` ...) matches any text. `file` is where the
/// format lives (the catalogue's citation); `example` is a line as the daemon prints it, which
/// the tests feed through the log parser and expect to be classified as `event`.
public struct LogMessage: Sendable {
    /// Whether the message belongs to phase 1 (IKE SA) or phase 2 (CHILD SA), or to the exchange
    /// the surrounding lines were about (IKEv1 `received %N error notify` serves both).
    public enum Phase: String, Sendable { case ike, child, context }

    public let format: String
    public let event: String
    public let phase: Phase
    public let file: String
    public let example: String

    public init(_ format: String, _ event: String, _ phase: Phase, _ file: String, example: String) {
        self.format = format; self.event = event; self.phase = phase; self.file = file; self.example = example
    }

    /// A message whose example is its format with each conversion filled in (`instantiate`).
    public init(_ format: String, _ event: String, _ phase: Phase, _ file: String) {
        self.init(format, event, phase, file, example: LogMessage.instantiate(format))
    }

    /// The line a format prints, with a plausible value for each conversion by its letter
    /// (strongSwan's %Y identity, %H host, %R traffic selector, %N enum name, %T time; printf's
    /// %s, %d, %u, %x ...), so a test can feed the exact printed form through a log parser.
    public static func instantiate(_ format: String) -> String {
        var out = "", i = format.startIndex
        while i < format.endIndex {
            let c = format[i]
            guard c == "%" else { out.append(c); i = format.index(after: i); continue }
            var j = format.index(after: i)
            if j < format.endIndex, format[j] == "%" { out.append("%"); i = format.index(after: j); continue }
            var flags = ""
            while j < format.endIndex, let a = format[j].asciiValue, !CompiledFormat.isConversion(a) { flags.append(format[j]); j = format.index(after: j) }
            guard j < format.endIndex else { break }
            out += sampleValue(format[j], flags: flags)
            i = format.index(after: j)
        }
        return out
    }

    static func sampleValue(_ conversion: Character, flags: String) -> String {
        switch conversion {
        case "d", "i", "u": return "1"
        case "x", "X": return "c2ca12ae"
        case "Y": return "sun.example.org"
        case "H": return "192.0.2.2"
        case "R": return "10.2.0.0/16"
        case "N": return "UNKNOWN_VALUE"
        case "T": return "Jan 01 00:00:00 2021"
        case "V": return "10 seconds"
        case "B", "b": return "01:02:03:04"
        case "p": return "0x55d0c0de"
        case "c": return "x"
        case "g", "f", "e": return "1.5"
        default: return "east"
        }
    }
}

/// A format compiled for matching: the literal pieces between conversions, as bytes.
/// A message matches when it starts with the first piece (unless the format starts with a
/// conversion), ends with the last (unless it ends with one), and holds the others in order.
struct CompiledFormat: Sendable {
    let pieces: [[UInt8]]
    let anchoredStart: Bool
    let anchoredEnd: Bool

    init(_ format: String) {
        var pieces: [[UInt8]] = [[]]
        // Indentation is layout, not content (charon indents trust chain lines): ignore it.
        let b = Array(format.utf8.drop { $0 == UInt8(ascii: " ") })
        var i = 0
        var startsWithConversion = false, endsWithConversion = false
        while i < b.count {
            if b[i] == UInt8(ascii: "%") {
                if i + 1 < b.count, b[i + 1] == UInt8(ascii: "%") { pieces[pieces.count - 1].append(b[i]); i += 2; continue }
                // Skip flags, width, precision, length up to the conversion letter.
                var j = i + 1
                while j < b.count, !CompiledFormat.isConversion(b[j]) { j += 1 }
                if i == 0 { startsWithConversion = true }
                if j + 1 >= b.count { endsWithConversion = true }
                pieces.append([])
                i = j + 1
                continue
            }
            pieces[pieces.count - 1].append(b[i])
            i += 1
        }
        self.pieces = pieces.filter { !$0.isEmpty }
        anchoredStart = !startsWithConversion
        anchoredEnd = !endsWithConversion
    }

    static func isConversion(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z") && c != UInt8(ascii: "l") && c != UInt8(ascii: "h")
            && c != UInt8(ascii: "j") && c != UInt8(ascii: "z") && c != UInt8(ascii: "q") && c != UInt8(ascii: "t"))
            || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
    }

    /// Every letter of the format is in its first piece (the pieces after it are punctuation
    /// around values: `no shared key found for '%Y' - '%Y'`).
    var wordsComeFirst: Bool {
        pieces.dropFirst().allSatisfy { p in !p.contains { ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A } }
    }

    /// The format's own (literal) bytes, every piece together.
    var literalBytes: Int { pieces.reduce(0) { $0 + $1.count } }

    /// The first literal piece when the format is anchored at the start.
    var prefix: [UInt8]? { anchoredStart ? pieces.first : nil }

    func matches(_ m: UnsafeBufferPointer<UInt8>) -> Bool {
        guard !pieces.isEmpty else { return false }
        var pos = 0
        var first = 0
        if anchoredStart {
            guard CompiledFormat.has(m, pieces[0], at: 0) else { return false }
            pos = pieces[0].count
            first = 1
        }
        var last = pieces.count
        var end = m.count
        if anchoredEnd, pieces.count > first {
            let p = pieces[pieces.count - 1]
            guard end - p.count >= pos, CompiledFormat.has(m, p, at: end - p.count) else { return false }
            end -= p.count
            last -= 1
        } else if anchoredEnd, first == 1, pieces.count == 1 {
            return m.count == pieces[0].count
        }
        var k = first
        while k < last {
            guard let at = CompiledFormat.find(m, pieces[k], from: pos, before: end) else { return false }
            pos = at + pieces[k].count
            k += 1
        }
        return true
    }

    /// What a message cut short shows of the format, when it can be the start of what the
    /// format prints (cut anywhere: in a literal piece or in a converted value); nil when it
    /// cannot (a literal differs, or text follows the format's last piece). `literal`: the
    /// format's own bytes it shows; `ofLastPiece`: how many bytes of the last piece, when every
    /// piece before it is shown whole (else nil: the cut came before the last piece); `value`:
    /// how much of the value after the last piece it shows (a format that ends in a value).
    func cut(_ m: UnsafeBufferPointer<UInt8>) -> (literal: Int, ofLastPiece: Int?, value: Int)? {
        guard !pieces.isEmpty else { return nil }
        var pos = 0, literal = 0
        let last = pieces.count - 1
        for (k, p) in pieces.enumerated() {
            if k == 0, anchoredStart {
                if m.count < p.count { return CompiledFormat.isPrefix(m, from: 0, of: p) ? (m.count, k == last ? m.count : nil, 0) : nil }
                guard CompiledFormat.has(m, p, at: 0) else { return nil }
                pos = p.count; literal = p.count
                continue
            }
            // a conversion before this piece: the piece follows its value, or the cut came first
            if let at = CompiledFormat.find(m, p, from: pos, before: m.count) {
                pos = at + p.count; literal += p.count
                continue
            }
            // cut inside this piece: the message's end is the piece's start (the longest such)
            var j = pos
            while j < m.count {
                if m[j] == p[0], CompiledFormat.isPrefix(m, from: j, of: p) {
                    return (literal + (m.count - j), k == last ? m.count - j : nil, 0)
                }
                j += 1
            }
            return (literal, nil, 0)  // cut inside the converted value before this piece
        }
        if anchoredEnd && pos < m.count { return nil }
        return (literal, pieces[last].count, m.count - pos)
    }

    /// Whether m[from...] is a prefix of p (shorter than p).
    static func isPrefix(_ m: UnsafeBufferPointer<UInt8>, from: Int, of p: [UInt8]) -> Bool {
        let n = m.count - from
        guard n >= 0, n < p.count else { return false }
        var k = 0
        while k < n { if m[from + k] != p[k] { return false }; k += 1 }
        return true
    }

    static func has(_ m: UnsafeBufferPointer<UInt8>, _ p: [UInt8], at i: Int) -> Bool {
        guard i >= 0, i + p.count <= m.count else { return false }
        var k = 0
        while k < p.count { if m[i + k] != p[k] { return false }; k += 1 }
        return true
    }

    static func find(_ m: UnsafeBufferPointer<UInt8>, _ p: [UInt8], from: Int, before end: Int) -> Int? {
        guard let c0 = p.first else { return from }
        var i = from
        while i + p.count <= end {
            if m[i] == c0, has(m, p, at: i) { return i }
            i += 1
        }
        return nil
    }
}

/// The messages of one daemon, indexed for speed: formats that start with a literal are found
/// by the message's first four bytes, the few that start with a conversion are tried on every
/// message. No regular expression; a line costs one dictionary lookup and a handful of byte
/// comparisons.
public struct MessageCatalogue: Sendable {
    public let messages: [LogMessage]
    let compiled: [CompiledFormat]
    let byKey: [UInt32: [Int]]
    let short: [Int]          // anchored formats whose first piece is shorter than the key
    let floating: [Int]       // formats that start with a conversion

    public init(_ messages: [LogMessage]) {
        self.messages = messages
        compiled = messages.map { CompiledFormat($0.format) }
        var byKey: [UInt32: [Int]] = [:], short: [Int] = [], floating: [Int] = []
        for (i, c) in compiled.enumerated() {
            if let p = c.prefix {
                if p.count >= 4 { byKey[MessageCatalogue.key(p), default: []].append(i) } else { short.append(i) }
            } else {
                floating.append(i)
            }
        }
        self.byKey = byKey; self.short = short; self.floating = floating
    }

    static func key<C: Collection>(_ b: C) -> UInt32 where C.Element == UInt8 {
        var k: UInt32 = 0
        for c in b.prefix(4) { k = k << 8 | UInt32(c) }
        return k
    }

    /// The first catalogue entry (in catalogue order) the message matches. A message that ends
    /// in an ellipsis was cut short by whatever showed it (`systemctl status` ellipsizes lines
    /// to the terminal's width): it is the entry whose printed form it starts (`cutMatch`), when
    /// it shows at least `cutLiteralBytes` of that entry's own words and two thirds of them, and
    /// every entry it could start means the same (a cut that leaves two meanings open
    /// classifies nothing).
    public func classify(_ message: String) -> LogMessage? {
        let cut = MessageCatalogue.withoutEllipsis(message)
        var text = cut ?? message
        if text.first == " " { text = String(text.drop { $0 == " " }) }
        return text.withUTF8 { m -> LogMessage? in
            let whole = wholeMatch(m)
            guard cut != nil else { return whole.map { messages[$0] } }
            // A cut message is matched only as a cut: whole, it would match any entry that ends
            // in a value (`unacceptable: %s` takes `in…` as its value) — unless the entry it
            // matches whole ends in its own words: then nothing may have been cut (a message
            // whose last words are `...`), and that entry is the reading if no longer entry it
            // could start means another thing (`allocating SPI failed` vs `allocating SPI
            // failed: ... not supported`).
            return cutMatch(m, whole: whole.flatMap { compiled[$0].anchoredEnd ? $0 : nil })
        }
    }

    /// The first entry (in catalogue order) the whole message matches.
    func wholeMatch(_ m: UnsafeBufferPointer<UInt8>) -> Int? {
        var best: Int?
        if m.count >= 4, let cands = byKey[MessageCatalogue.key(m)] {
            for i in cands where compiled[i].matches(m) { best = i; break }
        }
        for i in short where best == nil || i < best! {
            if compiled[i].matches(m) { best = i; break }
        }
        for i in floating where best == nil || i < best! {
            if compiled[i].matches(m) { best = i; break }
        }
        return best
    }

    /// The entry a cut message is the start of (`whole`: an entry it matches whole that ends in
    /// its own words), when every entry it could start means the same.
    func cutMatch(_ m: UnsafeBufferPointer<UInt8>, whole: Int?) -> LogMessage? {
        var found: LogMessage? = whole.map { messages[$0] }
        var events = Set<String>(found.map { [$0.event] } ?? [])
        for (i, c) in compiled.enumerated() {
            guard let cut = c.cut(m) else { continue }
            // every entry the cut could be the start of, showing a few of its words, counts
            // against another meaning
            if cut.literal >= 8 { events.insert(messages[i].event) }
            // read as an entry: enough of its own words and most of them, and every value it
            // fills in shown, with the start of its last words (`... with %N failed` and
            // `... with %N successful` differ only there), or of its last value
            // (`authentication failed: %s` and `%s failed with error notification %s` say
            // little until their value does)
            // — or, for an entry all of whose words come before its first value (`no shared
            // key found for '%Y' - '%Y'`; not `RADIUS authentication of '%Y' failed`, whose
            // last word tells failure from success), those first words whole
            guard found == nil, cut.literal >= MessageCatalogue.cutLiteralBytes, cut.literal * 3 >= c.literalBytes * 2 else { continue }
            let toTheEnd = cut.ofLastPiece.map { $0 >= min(3, c.pieces[c.pieces.count - 1].count) || c.pieces.count == 1 } ?? false
                && (c.anchoredEnd || cut.value >= 12)
            let first = c.prefix?.count ?? 0
            let byItsStart = first >= MessageCatalogue.cutLiteralBytes && c.wordsComeFirst && cut.literal >= first
            guard toTheEnd || byItsStart else { continue }
            found = messages[i]
        }
        return events.count == 1 ? found : nil
    }

    /// The fewest of an entry's own (literal) bytes a cut message must show to be read as it.
    static let cutLiteralBytes = 16

    /// The message without a trailing ellipsis (`...` or `…`), or nil when it has none.
    static func withoutEllipsis(_ message: String) -> String? {
        var t = Substring(message)
        while t.last == " " { t = t.dropLast() }
        if t.hasSuffix("...") { t = t.dropLast(3) } else if t.hasSuffix("\u{2026}") { t = t.dropLast() } else { return nil }
        while t.last == " " { t = t.dropLast() }
        return t.isEmpty ? nil : String(t)
    }
}
