import Facts
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-level reading of command output for the parsers of large outputs (xfrm state and
/// policy, swanctl --list-sas): lines and words are ranges into the input's UTF-8 bytes, so no
/// String is made for a line or a word unless it goes into a record.
///
/// WHY only for ASCII: the reference parsers read `Character`s, whose rules differ from bytes
/// beyond ASCII (Unicode blanks are trimmed, a space followed by a combining mark is not a word
/// break, "\r\n" is one character so CRLF text is not cut at its line ends, `==` compares
/// canonically). Kernel and charon output is ASCII; text with any byte >= 0x80 or a CR goes to
/// the reference parser, so the JSON of `parse` is the same either way.
enum ByteText {
    /// Runs `body` over the text's UTF-8 bytes when they are all ASCII without CR, else nil.
    static func withASCII<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        var text = text
        text.makeContiguousUTF8()
        return text.utf8.withContiguousStorageIfAvailable { buf -> R? in
            isPlainASCII(buf) ? body(buf) : nil
        } ?? nil
    }

    /// `withASCII` of a text given as its UTF-8 bytes.
    static func ifASCII<R>(_ buf: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        isPlainASCII(buf) ? body(buf) : nil
    }

    /// No byte >= 0x80 and no CR; eight bytes at a time.
    static func isPlainASCII(_ buf: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = buf.baseAddress else { return true }
        let n = buf.count
        var i = 0
        let raw = UnsafeRawPointer(base)
        while i + 8 <= n {
            let w = raw.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            if w & 0x8080_8080_8080_8080 != 0 { return false }
            // a byte equal to 0x0d: the classic "has zero byte" test on w XOR 0x0d..0d
            let x = w ^ 0x0d0d_0d0d_0d0d_0d0d
            if (x &- 0x0101_0101_0101_0101) & ~x & 0x8080_8080_8080_8080 != 0 { return false }
            i += 8
        }
        while i < n {
            if base[i] >= 0x80 || base[i] == 0x0d { return false }
            i += 1
        }
        return true
    }
}

/// One line: bytes `start..<end` (no newline), 1-based `number`.
struct ByteLine {
    var start: Int
    var end: Int
    var number: Int
}

/// Cuts ASCII text into lines the way `String.numberedLines` does for it: at every "\n", and a
/// final "\n" makes no extra line.
struct ByteLineIterator: IteratorProtocol {
    let buf: UnsafeBufferPointer<UInt8>
    var pos = 0
    var number = 0

    init(_ buf: UnsafeBufferPointer<UInt8>) { self.buf = buf }

    mutating func next() -> ByteLine? {
        guard pos < buf.count else { return nil }
        let start = pos
        let n = buf.count
        // memchr for the line end (a byte loop was the largest part of XfrmPolicyScan.run's own
        // time: perf, `parse xfrm-policy`, stop 26).
        let base = buf.baseAddress!
        let i = memchr(base + pos, 0x0a, n - pos).map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - base } ?? n
        pos = i + 1
        number += 1
        return ByteLine(start: start, end: i, number: number)
    }
}

/// The words of a line (runs of bytes other than space and tab), kept as ranges in reusable
/// storage: one parser holds one `ByteWords` for all its lines.
struct ByteWords {
    let buf: UnsafeBufferPointer<UInt8>
    private(set) var starts: [Int] = []
    private(set) var ends: [Int] = []

    init(_ buf: UnsafeBufferPointer<UInt8>) {
        self.buf = buf
        starts.reserveCapacity(32); ends.reserveCapacity(32)
    }

    var count: Int { starts.count }
    var isEmpty: Bool { starts.isEmpty }

    @inline(__always) static func isBlank(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 }

    /// Reads the words of `line`; false when the line is blank.
    mutating func read(_ line: ByteLine) -> Bool {
        starts.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        var i = line.start
        let end = line.end
        while i < end {
            while i < end, ByteWords.isBlank(buf[i]) { i += 1 }
            if i == end { break }
            let s = i
            while i < end, !ByteWords.isBlank(buf[i]) { i += 1 }
            starts.append(s); ends.append(i)
        }
        return !starts.isEmpty
    }

    /// Word `i` equals `literal`.
    @inline(__always) func `is`(_ i: Int, _ literal: StaticString) -> Bool {
        i < count && ByteWords.equal(buf, starts[i], ends[i], literal)
    }

    @inline(__always) static func equal(_ buf: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, _ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard e - s == n else { return false }
        let p = literal.utf8Start
        for k in 0..<n where buf[s + k] != p[k] { return false }
        return true
    }

    func hasPrefix(_ i: Int, _ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard i < count, ends[i] - starts[i] >= n else { return false }
        return ByteWords.equal(buf, starts[i], starts[i] + n, literal)
    }

    func hasSuffix(_ i: Int, _ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        guard i < count, ends[i] - starts[i] >= n else { return false }
        return ByteWords.equal(buf, ends[i] - n, ends[i], literal)
    }

    /// The first word equal to `literal`, from word `from` on.
    func index(of literal: StaticString, from: Int = 0) -> Int? {
        var i = from
        while i < count {
            if ByteWords.equal(buf, starts[i], ends[i], literal) { return i }
            i += 1
        }
        return nil
    }

    /// The word after the first word equal to `key` (what `WordPairs.value` reads).
    func value(_ key: StaticString) -> Int? {
        guard let i = index(of: key), i + 1 < count else { return nil }
        return i + 1
    }

    /// `value`'s answer for a key first found as word `i` (-1: not found): the word after it.
    @inline(__always) func after(_ i: Int) -> Int? { i >= 0 && i + 1 < count ? i + 1 : nil }

    func string(_ i: Int) -> String { ByteWords.string(buf, starts[i], ends[i]) }

    /// `parseInt` of word `i` (`WordPairs.int`).
    func int(_ i: Int?) -> Int? {
        guard let i else { return nil }
        return ByteInt.parseIntOrHex(buf, starts[i], ends[i])
    }

    /// Word `i` up to its first "(" (`0x6e45ab4b(1850059595)` -> `0x6e45ab4b`), as
    /// `split(separator: "(").first` reads it: leading "(" skipped; a word of only "(" gives
    /// the whole word when `orWhole`, else an empty range.
    func beforeParen(_ i: Int, orWhole: Bool) -> (Int, Int) {
        var s = starts[i]
        let e = ends[i]
        while s < e, buf[s] == 0x28 { s += 1 }
        if s == e { return orWhole ? (starts[i], e) : (e, e) }
        var k = s
        while k < e, buf[k] != 0x28 { k += 1 }
        return (s, k)
    }

    /// Word `i` equals `literal` once every `ignoring` byte is left out of the word.
    func equal(_ i: Int, ignoring: UInt8, _ literal: StaticString) -> Bool {
        guard i < count else { return false }
        let p = literal.utf8Start, n = literal.utf8CodeUnitCount
        var k = 0
        for j in starts[i]..<ends[i] where buf[j] != ignoring {
            guard k < n, buf[j] == p[k] else { return false }
            k += 1
        }
        return k == n
    }

    /// The first word equal to `literal` once `ignoring` bytes are left out.
    func index(of literal: StaticString, ignoring: UInt8) -> Int? {
        (0..<count).first { equal($0, ignoring: ignoring, literal) }
    }

    /// Every byte of every word satisfies `test`.
    func allSatisfy(_ test: (UInt8) -> Bool) -> Bool {
        for i in 0..<count {
            for j in starts[i]..<ends[i] where !test(buf[j]) { return false }
        }
        return true
    }

    static func string(_ buf: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: buf[s..<e]), as: UTF8.self)
    }
}

/// Integers as `Int(String)`, `Int(_:radix:)` and `parseInt` read ASCII: an optional sign, then
/// at least one digit, nil on anything else or on overflow (never a trap).
enum ByteInt {
    /// `ignoring` names a byte left out first, as the reference drops the commas of
    /// `seq 0x0, oseq 0x0,` before reading the numbers (0xff: none; ASCII input has no 0xff).
    static func parse(_ buf: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, radix: Int = 10, ignoring: UInt8 = 0xff) -> Int? {
        var i = s
        while i < e, buf[i] == ignoring { i += 1 }
        guard i < e else { return nil }
        var negative = false
        if buf[i] == 0x2b || buf[i] == 0x2d {
            negative = buf[i] == 0x2d
            i += 1
            while i < e, buf[i] == ignoring { i += 1 }
        }
        guard i < e else { return nil }
        var v = 0
        while i < e {
            if buf[i] == ignoring { i += 1; continue }
            guard let d = digit(buf[i], radix) else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: radix)
            let (a, o2) = negative ? m.subtractingReportingOverflow(d) : m.addingReportingOverflow(d)
            if o1 || o2 { return nil }
            v = a
            i += 1
        }
        return v
    }

    /// `parseInt`: `0x`/`0X` hexadecimal, else decimal.
    static func parseIntOrHex(_ buf: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, ignoring: UInt8 = 0xff) -> Int? {
        var a = s
        while a < e, buf[a] == ignoring { a += 1 }
        var b = a + 1
        while b < e, buf[b] == ignoring { b += 1 }
        if b < e, buf[a] == 0x30, buf[b] == 0x78 || buf[b] == 0x58 {
            return parse(buf, b + 1, e, radix: 16, ignoring: ignoring)
        }
        return parse(buf, s, e, ignoring: ignoring)
    }

    /// A kernel or charon counter (u64): digits only, nil above UInt64.max.
    static func counter(_ buf: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> UInt64? {
        var i = s
        guard i < e else { return nil }
        if buf[i] == 0x2b { i += 1; guard i < e else { return nil } }
        var v: UInt64 = 0
        while i < e {
            guard let d = digit(buf[i], 10) else { return nil }
            let (m, o1) = v.multipliedReportingOverflow(by: 10)
            let (a, o2) = m.addingReportingOverflow(UInt64(d))
            if o1 || o2 { return nil }
            v = a
            i += 1
        }
        return v
    }

    @inline(__always) static func digit(_ b: UInt8, _ radix: Int) -> Int? {
        let d: Int
        switch b {
        case 0x30...0x39: d = Int(b - 0x30)
        case 0x61...0x7a: d = Int(b - 0x61) + 10
        case 0x41...0x5a: d = Int(b - 0x41) + 10
        default: return nil
        }
        return d < radix ? d : nil
    }

    @inline(__always) static func isHexDigit(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x61 && b <= 0x66) || (b >= 0x41 && b <= 0x46)
    }
}

/// A record's fields in the order they were first set, as `Record` builds them; a field set
/// twice keeps its first place. Cheaper than `Record` for the big parsers: they set each field
/// once, so a flag per known field position is not needed, only the append.
struct FieldList {
    var pairs: [(String, JSONValue)]

    init(line: Int) {
        pairs = [("line", .number(Double(line)))]
        pairs.reserveCapacity(24)
    }

    mutating func put(_ key: String, _ value: JSONValue) {
        if let i = pairs.firstIndex(where: { $0.0 == key }) { pairs[i].1 = value } else { pairs.append((key, value)) }
    }
    mutating func set(_ key: String, _ value: String?) { if let value { put(key, .string(value)) } }
    mutating func set(_ key: String, _ value: Int?) { if let value { put(key, .number(Double(value))) } }
    mutating func set(_ key: String, _ value: UInt64?) { if let value { put(key, .number(Double(value))) } }
    mutating func set(_ key: String, _ value: Bool?) { if let value { put(key, .bool(value)) } }
    mutating func set(_ key: String, _ value: [String]?) { if let value { put(key, .array(value.map { .string($0) })) } }

    var json: JSONValue { .object(pairs) }
}

extension ParseAccumulator {
    /// `reject` for a byte line: its text, as `NumberedLine.text` holds it.
    mutating func reject(_ buf: UnsafeBufferPointer<UInt8>, _ line: ByteLine) {
        unparsed.append(UnparsedLine(line: line.number, text: ByteWords.string(buf, line.start, line.end)))
    }

    /// Accounts ascending line numbers, one range per run of consecutive lines.
    mutating func account(sorted lines: [Int]) {
        var i = 0
        while i < lines.count {
            var j = i
            while j + 1 < lines.count, lines[j + 1] == lines[j] + 1 { j += 1 }
            accounted.insert(integersIn: lines[i]...lines[j])
            i = j + 1
        }
    }
}

/// Line numbers accounted one at a time in ascending order, kept as a run of consecutive lines
/// and put into the accumulator's IndexSet a run at a time (`account(sorted:)` for a scan that
/// accounts as it goes: an IndexSet insert per line was 3 % of `parse swanctl-list-sas`).
struct AscendingLines {
    private var start = 0, end = -1

    mutating func add(_ line: Int, to acc: inout ParseAccumulator) {
        if end >= start, line == end + 1 { end = line; return }
        flush(to: &acc)
        start = line; end = line
    }

    /// Puts the run in; call before the accumulator's result.
    mutating func flush(to acc: inout ParseAccumulator) {
        if end >= start { acc.accounted.insert(integersIn: start...end) }
        end = start - 1
    }
}
