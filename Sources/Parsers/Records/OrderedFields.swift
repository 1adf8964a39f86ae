import Facts

/// The fields of a record whose `parse` JSON shows them in the order the lines came: real
/// iproute2 versions print an SA's `dir`, `sel`, `output-mark`... lines in different orders, and
/// `swanctl --list-sas` IKE and CHILD records set shared fields in different orders, so a
/// struct's fixed property order would change the JSON. Each field is a case of the source's
/// `Key` enum (one byte, checked by the compiler), its value a typed `FieldValue` held inline:
/// no `JSONValue` box per field and no string key to compare, which were most of the time and
/// memory the JSON dictionaries cost on a 10,000-tunnel concentrator (PERFORMANCE.md).
///
/// Setting a field that is already set replaces its value where it stands (what `FieldList.put`
/// and `Record.set` did), so the JSON made by walking `entries` is the one the dictionaries made.
public struct OrderedFields<Key: OrderedFieldKey>: Sendable, Equatable {
    /// A field as the API hands it out: its key and its value.
    public struct Entry: Sendable, Equatable {
        public var value: FieldValue
        public let key: Key
    }
    /// The fields packed one after another (`FieldBytes`): a key byte, a kind byte, then the
    /// value's bytes (a string's length and UTF-8, an integer as a LEB128 varint, another number
    /// as its 8 bytes, a list as its count and strings). An entry of `[Entry]` took 24 bytes
    /// with the value inline; an SA's typical field here takes 3 to 14, so the records of
    /// `ip xfrm state` and `swanctl --list-sas`, most of a 10,000-tunnel diagnosis's heap
    /// (PERFORMANCE.md, ninth pass), take about half.
    private(set) var bytes: [UInt8] = []
    /// Values of other JSON kinds than the parsers set (read back from decoded JSON), by index.
    private(set) var others: [JSONValue] = []
    /// Fields named by the output itself, outside `Key` (a source whose `Key.isOpen`), by index:
    /// an entry `[FieldBytes.namedKey, FieldBytes.named, index]` in `bytes` keeps their place.
    private(set) var named: [NamedField] = []
    /// One bit per key that is set (`bit`): a field that is not there is known without a search,
    /// and a new one is appended without one (a CHILD SA sets 30 to 40 fields).
    private var present: UInt64 = 0

    public init() {}

    /// Room for `capacity` fields from the start (an SA sets 20 to 40): one allocation instead
    /// of the bytes growing by doubling as the fields come.
    init(capacity: Int) { bytes.reserveCapacity(capacity * 12) }

    /// The fields in an array of just their size: a finished record keeps no room to grow
    /// (doubling leaves up to half of it unused, ~25 MB on a 10,000-tunnel snapshot).
    mutating func compact() {
        guard bytes.capacity > bytes.count else { return }
        bytes = FieldBytes.tight(bytes)
    }

    /// The fields of `Key` in the order they were first set (named fields left out: `named`).
    public var entries: [Entry] {
        var out: [Entry] = []
        forEach { out.append(Entry(value: $1, key: $0)) }
        return out
    }

    /// Each field of `Key` in the order it was first set, without making the array of `entries`.
    func forEach(_ body: (Key, FieldValue) -> Void) {
        var i = 0
        while i < bytes.count {
            guard bytes[i] != FieldBytes.namedKey else { FieldBytes.skip(bytes, at: &i); continue }
            let key = Self.key(bytes[i])
            body(key, FieldBytes.value(bytes, at: &i, others: others))
        }
    }

    /// Every field in the order it was first set, by its JSON name: `Key`'s and named ones.
    func forEachByName(_ body: (String, FieldValue) -> Void) {
        var i = 0
        while i < bytes.count {
            if bytes[i] == FieldBytes.namedKey {
                let n = named[FieldBytes.namedIndex(bytes, at: &i)]
                body(n.name, n.value)
            } else {
                let key = Self.key(bytes[i])
                body(key.rawValue, FieldBytes.value(bytes, at: &i, others: others))
            }
        }
    }

    public static func == (a: Self, b: Self) -> Bool {
        guard a.present == b.present else { return false }
        if a.named.isEmpty, b.named.isEmpty { return a.entries == b.entries }
        func all(_ f: Self) -> [NamedField] {
            var out: [NamedField] = []
            f.forEachByName { out.append(NamedField(name: $0, value: $1)) }
            return out
        }
        return all(a) == all(b)
    }

    /// The key's bit: a key is a case of an enum without payloads, stored as its case's index
    /// (at most 64 cases; OrderedFieldRecordTests checks both record enums).
    @inline(__always) static func bit(_ key: Key) -> UInt64 {
        UInt64(1) << UInt64(index(key) & 63)
    }
    @inline(__always) static func index(_ key: Key) -> UInt8 { withUnsafeBytes(of: key) { $0[0] } }
    @inline(__always) static func key(_ byte: UInt8) -> Key {
        var b = byte
        return withUnsafeBytes(of: &b) { $0.load(as: Key.self) }
    }

    /// Where the key's entry starts in `bytes`, when it is set.
    private func offset(of key: Key) -> Int? {
        guard present & Self.bit(key) != 0 else { return nil }
        let k = Self.index(key)
        var i = 0
        while i < bytes.count {
            if bytes[i] == k { return i }
            FieldBytes.skip(bytes, at: &i)
        }
        return nil
    }

    public subscript(key: Key) -> FieldValue? {
        guard var i = offset(of: key) else { return nil }
        return FieldBytes.value(bytes, at: &i, others: others)
    }

    public mutating func put(_ key: Key, _ value: FieldValue) {
        if let start = offset(of: key) {
            var end = start
            FieldBytes.skip(bytes, at: &end)
            var entry: [UInt8] = []
            FieldBytes.append(Self.index(key), value, to: &entry, others: &others)
            bytes.replaceSubrange(start..<end, with: entry)
        } else {
            present |= Self.bit(key)
            FieldBytes.append(Self.index(key), value, to: &bytes, others: &others)
        }
    }
    mutating func set(_ key: Key, _ value: String?) { if let value { put(key, .string(value)) } }

    /// `set(key, String(decoding: b[s..<e], as: UTF8.self))` of ASCII bytes (a byte-level
    /// scanner's word), packed straight from them: no String made and taken apart again.
    mutating func set(_ key: Key, ascii b: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) {
        guard present & Self.bit(key) == 0 else {
            put(key, .string(String(decoding: UnsafeBufferPointer(rebasing: b[s..<e]), as: UTF8.self)))
            return
        }
        present |= Self.bit(key)
        bytes.append(Self.index(key))
        bytes.append(FieldBytes.string)
        FieldBytes.appendVarint(UInt64(e - s), to: &bytes)
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: b[s..<e]))
    }

    /// `for k in keys { if let v = other[k] { put(k, v) } }`, the entries copied as they are
    /// packed (a CHILD SA's record takes its IKE SA's eleven fields: decoding each to a
    /// `FieldValue` and packing it again was a String made per field per CHILD SA).
    ///
    /// Where `other`'s fields start is found in one walk over its entries (`offset(of:)` for
    /// each key walked them from the start, eleven times for every CHILD SA: 3.6 % of `parse
    /// swanctl-list-sas`, stop 27): the first entry of each key, as `offset(of:)` finds it.
    mutating func copy(_ keys: [Key], from other: OrderedFields) {
        // A key's byte is its case's index, under 64 (`bit`); anything else: key by key.
        guard keys.allSatisfy({ Self.index($0) < 64 }) else { return copyByOffsets(keys, from: other) }
        withUnsafeTemporaryAllocation(of: Int.self, capacity: 64) { at in
            var seen: UInt64 = 0
            var i = 0
            while i < other.bytes.count {
                let b = other.bytes[i]
                guard b < 64 else { return copyByOffsets(keys, from: other) }
                if seen & (1 << UInt64(b)) == 0 { seen |= 1 << UInt64(b); at[Int(b)] = i }
                FieldBytes.skip(other.bytes, at: &i)
            }
            for k in keys {
                let b = Self.index(k)
                guard other.present & Self.bit(k) != 0, seen & (1 << UInt64(b)) != 0 else { continue }
                copy(k, at: at[Int(b)], from: other)
            }
        }
    }

    /// `copy(keys, from:)` finding each key's entry on its own (`offset(of:)`).
    mutating func copyByOffsets(_ keys: [Key], from other: OrderedFields) {
        for k in keys {
            guard let start = other.offset(of: k) else { continue }
            copy(k, at: start, from: other)
        }
    }

    /// Key `k`'s entry of `other`, which starts at `start`, copied into these fields.
    private mutating func copy(_ k: Key, at start: Int, from other: OrderedFields) {
        guard present & Self.bit(k) == 0, other.bytes[start + 1] != FieldBytes.other else {
            var i = start
            put(k, FieldBytes.value(other.bytes, at: &i, others: other.others))
            return
        }
        var end = start
        FieldBytes.skip(other.bytes, at: &end)
        present |= Self.bit(k)
        bytes.append(contentsOf: other.bytes[start..<end])
    }
    mutating func set(_ key: Key, _ value: Int?) { if let value { put(key, .number(Double(value))) } }
    mutating func set(_ key: Key, _ value: UInt64?) { if let value { put(key, .number(Double(value))) } }
    mutating func set(_ key: Key, _ value: Double?) { if let value { put(key, .number(value)) } }
    mutating func set(_ key: Key, _ value: Bool?) { if let value { put(key, .bool(value)) } }
    mutating func set(_ key: Key, _ value: [String]?) { if let value { put(key, .strings(value)) } }

    // What `JSONValue.str`/`num`/`int`/`bool`/`strings` read from a record's field.
    public func str(_ key: Key) -> String? { self[key]?.str }
    public func num(_ key: Key) -> Double? { if case let .number(n)? = self[key] { return n }; return nil }
    public func int(_ key: Key) -> Int? { num(key).flatMap(saturatingInt) }
    public func bool(_ key: Key) -> Bool? { if case let .bool(b)? = self[key] { return b }; return nil }
    public func strings(_ key: Key) -> [String] { self[key]?.strings ?? [] }

    /// The record's JSON object: `line` first, then the fields in the order they were first set.
    func json(line: Int) -> JSONValue {
        var pairs: [(String, JSONValue)] = [("line", .number(Double(line)))]
        forEachByName { pairs.append(($0, $1.json)) }
        return .object(pairs)
    }

    /// Read back from such JSON (a reference parser's record, or another source's record of the
    /// same shape, e.g. stroke's): every key `Key` names, in order, its value as it is; other
    /// keys (and `line`) are left out, unless `Key.isOpen` (the output names them): then they
    /// are named fields.
    init(json: JSONValue) {
        guard case let .object(pairs) = json else { return }
        for (k, v) in pairs {
            if let key = Key(rawValue: k) {
                put(key, FieldValue(json: v))
            } else if Key.isOpen, k != "line" {
                put(named: k, FieldValue(json: v))
            }
        }
    }

    /// Another record's fields read as these (`RecordStore.converted`): what `init(json:)`
    /// makes of the JSON of `other`, without making it — each field whose name `Key` has, in
    /// order, the others named fields when `Key.isOpen`, else left out.
    init<Other: OrderedFieldKey>(converting other: OrderedFields<Other>) {
        other.forEachByName { name, value in
            if let key = Key(rawValue: name) {
                put(key, value)
            } else if Key.isOpen, name != "line" {
                put(named: name, value)
            }
        }
    }

    /// The named field `name`'s value (a name of `Key` reads its field).
    public subscript(named name: String) -> FieldValue? {
        if let key = Key(rawValue: name) { return self[key] }
        var i = 0
        while i < bytes.count {
            if bytes[i] == FieldBytes.namedKey {
                let n = named[FieldBytes.namedIndex(bytes, at: &i)]
                if n.name == name { return n.value }
            } else {
                FieldBytes.skip(bytes, at: &i)
            }
        }
        return nil
    }

    /// Sets the field the output named `name`: `Key`'s field when `Key` has the name, else a
    /// named field, replacing its value where it stands (as `Record.set` did for any key).
    public mutating func put(named name: String, _ value: FieldValue) {
        if let key = Key(rawValue: name) { put(key, value); return }
        if let i = named.firstIndex(where: { $0.name == name }) { named[i].value = value; return }
        bytes.append(FieldBytes.namedKey)
        bytes.append(FieldBytes.named)
        FieldBytes.appendVarint(UInt64(named.count), to: &bytes)
        named.append(NamedField(name: name, value: value))
    }
    /// A named field as a whole number (what `int` reads of a field of `Key`).
    public func int(named name: String) -> Int? {
        if case let .number(n)? = self[named: name] { return saturatingInt(n) }
        return nil
    }
}

/// How `OrderedFields` packs a field into bytes, and reads it back.
enum FieldBytes {
    // The kind byte after the key byte.
    static let string: UInt8 = 0, integer: UInt8 = 1, double: UInt8 = 2, no: UInt8 = 3, yes: UInt8 = 4
    static let strings: UInt8 = 5, other: UInt8 = 6
    /// A named field (`OrderedFields.named`): the key byte `namedKey` (no `Key` has 255
    /// cases), the kind `named`, then the field's index as a varint.
    static let named: UInt8 = 7, namedKey: UInt8 = 0xff

    /// The index of the named field whose entry is at `i`; `i` moves past it.
    static func namedIndex(_ b: [UInt8], at i: inout Int) -> Int {
        i += 2
        return Int(varint(b, at: &i))
    }

    static func append(_ key: UInt8, _ value: FieldValue, to out: inout [UInt8], others: inout [JSONValue]) {
        out.append(key)
        switch value {
        case let .string(s):
            out.append(string)
            appendString(s, to: &out)
        case let .number(n):
            // A whole number from 0 to 2^53 (counters, ports, reqids, key bits) as a varint:
            // read back as the same Double. -0 and the rest keep their 8 bytes.
            if n >= 0, n < 9_007_199_254_740_992, n.rounded() == n, n.sign == .plus {
                out.append(integer)
                appendVarint(UInt64(n), to: &out)
            } else {
                out.append(double)
                withUnsafeBytes(of: n.bitPattern.littleEndian) { out.append(contentsOf: $0) }
            }
        case let .bool(b):
            out.append(b ? yes : no)
        case let .strings(a):
            out.append(strings)
            appendVarint(UInt64(a.count), to: &out)
            for s in a { appendString(s, to: &out) }
        case let .json(v):
            out.append(other)
            appendVarint(UInt64(others.count), to: &out)
            others.append(v)
        }
    }

    static func appendString(_ s: String, to out: inout [UInt8]) {
        let u = s.utf8
        appendVarint(UInt64(u.count), to: &out)
        out.append(contentsOf: u)
    }

    static func appendVarint(_ v: UInt64, to out: inout [UInt8]) {
        var v = v
        while v >= 0x80 { out.append(UInt8(truncatingIfNeeded: v) | 0x80); v >>= 7 }
        out.append(UInt8(v))
    }

    static func varint(_ b: [UInt8], at i: inout Int) -> UInt64 {
        var v: UInt64 = 0, shift: UInt64 = 0
        while true {
            let byte = b[i]; i += 1
            v |= UInt64(byte & 0x7f) << shift
            if byte < 0x80 { return v }
            shift += 7
        }
    }

    static func readString(_ b: [UInt8], at i: inout Int) -> String {
        let n = Int(varint(b, at: &i))
        defer { i += n }
        return b.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[i..<i + n]), as: UTF8.self) }
    }

    /// The value of the entry at `i` (its key byte); `i` moves past it.
    static func value(_ b: [UInt8], at i: inout Int, others: [JSONValue]) -> FieldValue {
        let kind = b[i + 1]
        i += 2
        switch kind {
        case string: return .string(readString(b, at: &i))
        case integer: return .number(Double(varint(b, at: &i)))
        case double:
            var bits: UInt64 = 0
            for k in 0..<8 { bits |= UInt64(b[i + k]) << (8 * UInt64(k)) }
            i += 8
            return .number(Double(bitPattern: bits))
        case no: return .bool(false)
        case yes: return .bool(true)
        case strings:
            let n = Int(varint(b, at: &i))
            var out: [String] = []
            out.reserveCapacity(n)
            for _ in 0..<n { out.append(readString(b, at: &i)) }
            return .strings(out)
        default: return .json(others[Int(varint(b, at: &i))])
        }
    }

    /// Moves `i` past the entry at `i` without making its value.
    static func skip(_ b: [UInt8], at i: inout Int) {
        let kind = b[i + 1]
        i += 2
        switch kind {
        case string: i += Int(varint(b, at: &i))
        case integer, other, named: _ = varint(b, at: &i)
        case double: i += 8
        case strings:
            let n = Int(varint(b, at: &i))
            for _ in 0..<n { i += Int(varint(b, at: &i)) }
        default: break
        }
    }

    /// The bytes in an array of just their size.
    static func tight(_ b: [UInt8]) -> [UInt8] {
        var t: [UInt8] = []
        t.reserveCapacity(b.count)
        t.append(contentsOf: b)
        return t
    }
}

/// The names of a record's fields: `rawValue` is the JSON name; `jsonNames` the names quoted
/// for the JSON writer, made once per type (`static let jsonNames = JSONKeyNames(Self.self)`).
public protocol OrderedFieldKey: RawRepresentable, CaseIterable, Hashable, Sendable where RawValue == String {
    static var jsonNames: JSONKeyNames { get }
    /// Whether the source's output names fields of its own beyond these (`Total IPsec
    /// connections: loaded N, active M`, a trafficstatus line's `key=value`s): such fields of a
    /// decoded record are kept as named fields (`OrderedFields.put(named:)`), not dropped.
    static var isOpen: Bool { get }
}

extension OrderedFieldKey {
    public static var isOpen: Bool { false }
}

/// A field outside a record's `Key` enum, under the name the output gave it.
public struct NamedField: Sendable, Equatable {
    public let name: String
    public var value: FieldValue
}

/// A field's value: the kinds of JSON the parsers set, held without a box. `json` keeps any other
/// JSON a decoded record carried, unchanged.
public enum FieldValue: Sendable, Equatable {
    case string(String)
    case number(Double)
    case bool(Bool)
    case strings([String])
    case json(JSONValue)

    init(json v: JSONValue) {
        switch v {
        case let .string(s): self = .string(s)
        case let .number(n): self = .number(n)
        case let .bool(b): self = .bool(b)
        case let .array(items):
            var out: [String] = []
            out.reserveCapacity(items.count)
            for item in items {
                guard case let .string(s) = item else { self = .json(v); return }
                out.append(s)
            }
            self = .strings(out)
        default: self = .json(v)
        }
    }

    public var json: JSONValue {
        switch self {
        case let .string(s): return .string(s)
        case let .number(n): return .number(n)
        case let .bool(b): return .bool(b)
        case let .strings(a): return .array(a.map { .string($0) })
        case let .json(v): return v
        }
    }

    /// `JSONValue.str`: a string, a number printed plainly, a boolean as `true`/`false`.
    var str: String? {
        switch self {
        case let .string(s): return s
        case let .number(n): return formatNumber(n)
        case let .bool(b): return b ? "true" : "false"
        case .strings, .json: return nil
        }
    }

    /// `JSONValue.strings`: the strings of an array, numbers printed plainly.
    var strings: [String]? {
        switch self {
        case let .strings(a): return a
        case let .json(.array(items)): return items.compactMap { $0.stringValue ?? $0.numberValue.map { formatNumber($0) } }
        default: return nil
        }
    }
}

/// A record made of a line and `OrderedFields`: its JSON, `Codable` form and equality.
public protocol OrderedFieldRecord: SourceRecord, Equatable, JSONMadeRecord {
    associatedtype Key: OrderedFieldKey
    var line: Int { get }
    var fields: OrderedFields<Key> { get set }
    init(line: Int, fields: OrderedFields<Key>)
}

extension OrderedFieldRecord {
    // Setting a field as `Record.set` did: nil leaves the record as it was; a field already set
    // takes the new value where it stands (the parsers that build these records call these).
    mutating func set(_ key: Key, _ value: String?) { fields.set(key, value) }
    mutating func set(_ key: Key, _ value: Int?) { fields.set(key, value) }
    mutating func set(_ key: Key, _ value: Bool?) { fields.set(key, value) }
    mutating func set(_ key: Key, _ value: [String]?) { fields.set(key, value) }

    /// The record's `parse` JSON.
    public var json: JSONValue { fields.json(line: line) }

    /// From its JSON (a reference parser's record): `line`, then the fields as they stand.
    public init(json: JSONValue) {
        self.init(line: json.recordLine ?? 0, fields: OrderedFields(json: json))
    }

    /// `JSONValueCoding` and the stores read records with `init(json:)`; this is for any other
    /// decoder: the same JSON, read key by key.
    public init(from decoder: any Decoder) throws {
        self.init(json: try AnyJSON.decode(from: decoder))
    }

    public func encode(to encoder: any Encoder) throws {
        try AnyJSON.encode(json, to: encoder)
    }

    public func writeJSON(into out: inout [UInt8], pretty: Bool, indent: Int) {
        fields.writeJSON(line: line, into: &out, pretty: pretty, indent: indent)
    }
}

extension OrderedFields {
    /// What `json(line:).writeUTF8(into:pretty:indent:)` writes, without making the JSON: each
    /// value decoded to a `FieldValue` (a String per string) and appended byte by byte. The
    /// fast writer (`FieldsJSONWriter`) writes from the packed bytes; this stays for fields
    /// holding other JSON and as its reference (OrderedFieldRecordTests).
    func referenceWriteJSON(line: Int, into out: inout [UInt8], pretty: Bool, indent: Int) {
        out.append(0x7b)
        if pretty { out.append(0x0a) }
        func key(_ k: String) {
            if pretty { JSONValue.appendPad(indent + 1, to: &out) }
            JSONValue.appendQuoted(k, to: &out)
            out.append(0x3a)
            if pretty { out.append(0x20) }
        }
        key("line")
        JSONValue.appendNumber(Double(line), to: &out)
        forEachByName { k, value in
            out.append(0x2c)
            if pretty { out.append(0x0a) }
            key(k)
            switch value {
            case let .string(s): JSONValue.appendQuoted(s, to: &out)
            case let .number(n): JSONValue.appendNumber(n, to: &out)
            case let .bool(b): out += b ? JSONValue.trueBytes : JSONValue.falseBytes
            case let .strings(a):
                if a.isEmpty { out += [0x5b, 0x5d]; break }
                out.append(0x5b)
                if pretty { out.append(0x0a) }
                for (i, s) in a.enumerated() {
                    if pretty { JSONValue.appendPad(indent + 2, to: &out) }
                    JSONValue.appendQuoted(s, to: &out)
                    if i < a.count - 1 { out.append(0x2c) }
                    if pretty { out.append(0x0a) }
                }
                if pretty { JSONValue.appendPad(indent + 1, to: &out) }
                out.append(0x5d)
            case let .json(v): v.writeUTF8(into: &out, pretty: pretty, indent: indent + 1)
            }
        }
        if pretty { out.append(0x0a); JSONValue.appendPad(indent, to: &out) }
        out.append(0x7d)
    }
}

/// Any JSON through a `Codable` coder, key by key (for coders other than `JSONValueCoding`).
enum AnyJSON {
    struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    static func decode(from decoder: any Decoder) throws -> JSONValue {
        if let c = try? decoder.container(keyedBy: Key.self) {
            return .object(try c.allKeys.map { ($0.stringValue, try decode(from: c.superDecoder(forKey: $0))) })
        }
        if var c = try? decoder.unkeyedContainer() {
            var items: [JSONValue] = []
            while !c.isAtEnd { items.append(try decode(from: c.superDecoder())) }
            return .array(items)
        }
        let c = try decoder.singleValueContainer()
        if c.decodeNil() { return .null }
        if let b = try? c.decode(Bool.self) { return .bool(b) }
        if let n = try? c.decode(Double.self) { return .number(n) }
        return .string(try c.decode(String.self))
    }

    static func encode(_ value: JSONValue, to encoder: any Encoder) throws {
        switch value {
        case let .object(pairs):
            var c = encoder.container(keyedBy: Key.self)
            for (k, v) in pairs { try encode(v, to: c.superEncoder(forKey: Key(stringValue: k))) }
        case let .array(items):
            var c = encoder.unkeyedContainer()
            for v in items { try encode(v, to: c.superEncoder()) }
        case .null: var c = encoder.singleValueContainer(); try c.encodeNil()
        case let .bool(b): var c = encoder.singleValueContainer(); try c.encode(b)
        case let .number(n): var c = encoder.singleValueContainer(); try c.encode(n)
        case let .string(s): var c = encoder.singleValueContainer(); try c.encode(s)
        }
    }
}
