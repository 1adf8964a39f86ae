import Facts

/// The JSON names of a record's fields, quoted and followed by `:`, made once per key type:
/// the writer copies them rather than quoting `rawValue` for every field of every record.
public struct JSONKeyNames: Sendable {
    /// Every name's `"name":`, one after another, in case order (a key's index byte).
    let bytes: [UInt8]
    let start: [Int], length: [Int]
    /// The longest entry, for the writer's bound.
    let longest: Int

    public init<K: OrderedFieldKey>(_: K.Type) {
        var bytes: [UInt8] = [], start: [Int] = [], length: [Int] = []
        for k in K.allCases {
            let s = bytes.count
            JSONValue.appendQuoted(k.rawValue, to: &bytes)
            bytes.append(0x3a)
            start.append(s); length.append(bytes.count - s)
        }
        self.bytes = bytes; self.start = start; self.length = length
        self.longest = length.max() ?? 0
    }
}

/// Writes JSON through a pointer into room reserved up front: no capacity or uniqueness check
/// per byte (`Array.append` byte by byte was most of the JSON writing of `parse`, with
/// `isUniquelyReferenced` alone ~3 %: perf, 20,000 tunnels).
struct ByteCursor {
    private(set) var p: UnsafeMutablePointer<UInt8>
    let base: UnsafeMutablePointer<UInt8>

    init(_ base: UnsafeMutablePointer<UInt8>) { self.base = base; p = base }

    var count: Int { p - base }

    @inline(__always) mutating func put(_ b: UInt8) { p.pointee = b; p += 1 }

    @inline(__always) mutating func put(_ src: UnsafePointer<UInt8>, _ n: Int) {
        p.update(from: src, count: n); p += n
    }

    /// `JSONValue.appendPad`: two blanks a level.
    @inline(__always) mutating func pad(_ levels: Int) {
        let n = 2 * levels
        p.update(repeating: 0x20, count: n); p += n
    }

    /// `JSONValue.appendNumber` of a whole number below 1e18, written as digits.
    @inline(__always) mutating func digits(_ v: UInt64) {
        if v == 0 { put(0x30); return }
        var n = 0, x = v
        while x > 0 { n += 1; x /= 10 }
        x = v
        var k = n - 1
        while x > 0 { p[k] = UInt8(truncatingIfNeeded: x % 10) + 0x30; x /= 10; k -= 1 }
        p += n
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// `JSONValue.appendQuoted` of the string whose UTF-8 bytes these are.
    @inline(__always) mutating func quoted(_ s: UnsafePointer<UInt8>, _ n: Int) {
        put(0x22)
        var start = 0
        for i in 0..<n {
            let b = s[i]
            guard b < 0x20 || b == 0x22 || b == 0x5c else { continue }
            put(s + start, i - start)
            put(0x5c)
            switch b {
            case 0x22: put(0x22)
            case 0x5c: put(0x5c)
            case 0x0a: put(0x6e)
            case 0x0d: put(0x72)
            case 0x09: put(0x74)
            default:
                put(0x75); put(0x30); put(0x30)
                put(ByteCursor.hex[Int(b >> 4)]); put(ByteCursor.hex[Int(b & 0xf)])
            }
            start = i + 1
        }
        put(s + start, n - start)
        put(0x22)
    }
}

extension OrderedFields {
    /// What `referenceWriteJSON` writes (= `json(line:).writeUTF8`), read straight from the
    /// packed bytes: a string's UTF-8 is copied (escaped) without being made a String, a
    /// whole number's varint written as digits, the names copied from `Key.jsonNames`, all
    /// through a pointer into room reserved for the record's longest possible text.
    func writeJSON(line: Int, into out: inout [UInt8], pretty: Bool, indent: Int) {
        // Entries and list items, for the bound; a field of other JSON, or a line number
        // that `appendNumber` would not print as plain digits, goes the reference way.
        var entries = 0, items = 0, other = false
        bytes.withUnsafeBufferPointer { b in
            var i = 0
            while i < b.count {
                let kind = b[i + 1]
                i += 2
                entries += 1
                switch kind {
                case FieldBytes.string: let n = Int(FieldBytes.varint(bytes, at: &i)); i += n
                case FieldBytes.integer: _ = FieldBytes.varint(bytes, at: &i)
                case FieldBytes.double: i += 8
                case FieldBytes.no, FieldBytes.yes: break
                case FieldBytes.strings:
                    let n = Int(FieldBytes.varint(bytes, at: &i))
                    items += n
                    for _ in 0..<n { let m = Int(FieldBytes.varint(bytes, at: &i)); i += m }
                default: other = true; i = b.count
                }
            }
        }
        guard !other, line >= 0, line < 1 << 53 else {
            referenceWriteJSON(line: line, into: &out, pretty: pretty, indent: indent)
            return
        }
        let names = Key.jsonNames
        // Every byte of a value writes at most 6 (a control byte's `\u00XX`); each entry and
        // item adds at most a comma, a line end, its padding, a name, a colon and a blank.
        let overhead = 8 + 2 * (indent + 2) + names.longest
        let bound = 6 * bytes.count + (entries + items + 2) * overhead + 64
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bound) { room in
            var w = ByteCursor(room.baseAddress!)
            bytes.withUnsafeBufferPointer { b in
                names.bytes.withUnsafeBufferPointer { nb in
                    names.start.withUnsafeBufferPointer { ns in
                        names.length.withUnsafeBufferPointer { nl in
                            write(b, line: line, pretty: pretty, indent: indent, names: (nb, ns, nl), &w)
                        }
                    }
                }
            }
            precondition(w.count <= bound, "JSON bound")
            out.append(contentsOf: UnsafeBufferPointer(start: room.baseAddress, count: w.count))
        }
    }

    private static var lineName: StaticString { "\"line\":" }

    @inline(__always)
    private func write(_ b: UnsafeBufferPointer<UInt8>, line: Int, pretty: Bool, indent: Int,
                       names: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<Int>, UnsafeBufferPointer<Int>),
                       _ w: inout ByteCursor) {
        let base = b.baseAddress!
        w.put(0x7b)
        if pretty { w.put(0x0a); w.pad(indent + 1) }
        w.put(Self.lineName.utf8Start, Self.lineName.utf8CodeUnitCount)
        if pretty { w.put(0x20) }
        w.digits(UInt64(line))
        var i = 0
        while i < b.count {
            let key = Int(b[i]), kind = b[i + 1]
            i += 2
            w.put(0x2c)
            if pretty { w.put(0x0a); w.pad(indent + 1) }
            w.put(names.0.baseAddress! + names.1[key], names.2[key])
            if pretty { w.put(0x20) }
            switch kind {
            case FieldBytes.string:
                let n = Int(FieldBytes.varint(bytes, at: &i))
                w.quoted(base + i, n)
                i += n
            case FieldBytes.integer:
                w.digits(FieldBytes.varint(bytes, at: &i))
            case FieldBytes.double:
                var bits: UInt64 = 0
                for k in 0..<8 { bits |= UInt64(b[i + k]) << (8 * UInt64(k)) }
                i += 8
                var text: [UInt8] = []
                JSONValue.appendNumber(Double(bitPattern: bits), to: &text)
                text.withUnsafeBufferPointer { w.put($0.baseAddress!, $0.count) }
            case FieldBytes.no:
                w.put(JSONWords.falseWord.utf8Start, 5)
            case FieldBytes.yes:
                w.put(JSONWords.trueWord.utf8Start, 4)
            default: // strings (other JSON went the reference way)
                let n = Int(FieldBytes.varint(bytes, at: &i))
                if n == 0 { w.put(0x5b); w.put(0x5d); break }
                w.put(0x5b)
                if pretty { w.put(0x0a) }
                for k in 0..<n {
                    if pretty { w.pad(indent + 2) }
                    let m = Int(FieldBytes.varint(bytes, at: &i))
                    w.quoted(base + i, m)
                    i += m
                    if k < n - 1 { w.put(0x2c) }
                    if pretty { w.put(0x0a) }
                }
                if pretty { w.pad(indent + 1) }
                w.put(0x5d)
            }
        }
        if pretty { w.put(0x0a); w.pad(indent) }
        w.put(0x7d)
    }
}

enum JSONWords {
    static let trueWord: StaticString = "true", falseWord: StaticString = "false"
}
