import Facts

/// Writes a JSON object's members straight into bytes, laid out exactly as
/// `JSONValue.writeUTF8` lays out an `.object` at the same nesting level (pretty: a newline and
/// two spaces a level before each member, `"key": value`; compact: no blanks), so a record can
/// write the text its `Codable` JSON tree would have written without building the tree (which
/// was most of `parse xfrm-policy`'s time: perf, 20,000 tunnels). Nil values are left out, as
/// the tree leaves nil optionals out.
struct JSONObjectWriter {
    let pretty: Bool
    /// The object's nesting level.
    let indent: Int
    private var members = 0

    /// Opens the object.
    init(into out: inout [UInt8], pretty: Bool, indent: Int) {
        self.pretty = pretty; self.indent = indent
        out.append(0x7b)
    }

    /// Starts a member: the separator, the key and the colon.
    private mutating func key(_ k: StaticString, _ out: inout [UInt8]) {
        if members > 0 { out.append(0x2c) }
        members += 1
        if pretty { out.append(0x0a); JSONValue.appendPad(indent + 1, to: &out) }
        out.append(0x22)
        out.append(contentsOf: UnsafeBufferPointer(start: k.utf8Start, count: k.utf8CodeUnitCount))
        out.append(0x22)
        out.append(0x3a)
        if pretty { out.append(0x20) }
    }

    mutating func put(_ k: StaticString, _ v: String?, _ out: inout [UInt8]) {
        guard let v else { return }
        key(k, &out); JSONValue.appendQuoted(v, to: &out)
    }

    /// A number as the tree holds it (a Double) and writes it.
    mutating func put(_ k: StaticString, _ v: Int?, _ out: inout [UInt8]) {
        guard let v else { return }
        key(k, &out); JSONValue.appendNumber(Double(v), to: &out)
    }

    mutating func put(_ k: StaticString, _ v: Bool?, _ out: inout [UInt8]) {
        guard let v else { return }
        key(k, &out); out += v ? JSONValue.trueBytes : JSONValue.falseBytes
    }

    /// An array member whose items `item` writes, each at the array's items' nesting level.
    mutating func put<T>(_ k: StaticString, _ items: [T], _ out: inout [UInt8],
                         _ item: (T, inout [UInt8], _ indent: Int) -> Void) {
        key(k, &out)
        if items.isEmpty { out += [0x5b, 0x5d]; return }
        out.append(0x5b)
        for (i, x) in items.enumerated() {
            if i > 0 { out.append(0x2c) }
            if pretty { out.append(0x0a); JSONValue.appendPad(indent + 2, to: &out) }
            item(x, &out, indent + 2)
        }
        if pretty { out.append(0x0a); JSONValue.appendPad(indent + 1, to: &out) }
        out.append(0x5d)
    }

    /// Closes the object.
    func end(_ out: inout [UInt8]) {
        if pretty && members > 0 { out.append(0x0a); JSONValue.appendPad(indent, to: &out) }
        out.append(0x7d)
    }
}
