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

    /// The first catalogue entry (in catalogue order) the message matches.
    public func classify(_ message: String) -> LogMessage? {
        var copy = message.first == " " ? String(message.drop { $0 == " " }) : message
        return copy.withUTF8 { m -> LogMessage? in
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
            return best.map { messages[$0] }
        }
    }
}
