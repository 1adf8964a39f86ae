import Facts

/// Writes a JSON object's members straight into bytes, laid out exactly as
/// `JSONValue.writeUTF8` lays out an `.object` at the same nesting level (pretty: a newline and
/// two spaces a level before each member, `"key": value`; compact: no blanks), so a record can
/// write the text its `Codable` JSON tree would have written without building the tree (which
/// was most of `parse xfrm-policy`'s time: perf, 20,000 tunnels). Nil values are left out, as
/// the tree leaves nil optionals out. It writes through a `ByteCursor` into room the caller took
/// for the longest text it can write: no capacity or uniqueness check per byte (stop 26; it
/// appended to an array before, `JSONObjectWriter`).
struct JSONObjectCursor {
    let pretty: Bool
    /// The object's nesting level.
    let indent: Int
    private var members = 0

    /// Opens the object.
    init(_ w: inout ByteCursor, pretty: Bool, indent: Int) {
        self.pretty = pretty; self.indent = indent
        w.put(0x7b)
    }

    /// Starts a member: the separator, the key and the colon.
    @inline(__always) private mutating func key(_ k: StaticString, _ w: inout ByteCursor) {
        if members > 0 { w.put(0x2c) }
        members += 1
        if pretty { w.put(0x0a); w.pad(indent + 1) }
        w.put(0x22)
        w.put(k.utf8Start, k.utf8CodeUnitCount)
        w.put(0x22)
        w.put(0x3a)
        if pretty { w.put(0x20) }
    }

    mutating func put(_ k: StaticString, _ v: String?, _ w: inout ByteCursor) {
        guard var v else { return }
        key(k, &w)
        v.withUTF8 { w.quoted($0.baseAddress!, $0.count) }
    }

    /// A number as the tree holds it (a Double) and writes it (`JSONValue.appendNumber`).
    mutating func put(_ k: StaticString, _ v: Int?, _ w: inout ByteCursor) {
        guard let v else { return }
        key(k, &w); JSONObjectCursor.number(v, &w)
    }

    /// `JSONValue.appendNumber(Double(v))`: digits (and a sign) where the Double holds `v`
    /// exactly (|v| < 2^53), else that function's text.
    @inline(__always) static func number(_ v: Int, _ w: inout ByteCursor) {
        if v.magnitude < 1 << 53 {
            if v < 0 { w.put(0x2d) }
            w.digits(UInt64(v.magnitude))
        } else {
            var text: [UInt8] = []
            JSONValue.appendNumber(Double(v), to: &text)
            text.withUnsafeBufferPointer { w.put($0.baseAddress!, $0.count) }
        }
    }

    mutating func put(_ k: StaticString, _ v: Bool?, _ w: inout ByteCursor) {
        guard let v else { return }
        key(k, &w)
        if v { w.put(JSONWords.trueWord.utf8Start, 4) } else { w.put(JSONWords.falseWord.utf8Start, 5) }
    }

    /// An array member whose items `item` writes, each at the array's items' nesting level.
    mutating func put<T>(_ k: StaticString, _ items: [T], _ w: inout ByteCursor,
                         _ item: (T, inout ByteCursor, _ indent: Int) -> Void) {
        key(k, &w)
        if items.isEmpty { w.put(0x5b); w.put(0x5d); return }
        w.put(0x5b)
        for (i, x) in items.enumerated() {
            if i > 0 { w.put(0x2c) }
            if pretty { w.put(0x0a); w.pad(indent + 2) }
            item(x, &w, indent + 2)
        }
        if pretty { w.put(0x0a); w.pad(indent + 1) }
        w.put(0x5d)
    }

    /// Closes the object.
    func end(_ w: inout ByteCursor) {
        if pretty && members > 0 { w.put(0x0a); w.pad(indent) }
        w.put(0x7d)
    }
}
