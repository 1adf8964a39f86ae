/// JSON text written straight into UTF-8 bytes: the same text as the first `serialized`
/// (`referenceSerialized`, kept for the tests), without building a String per value and
/// appending Unicode scalars one by one, which was more than half of `ipsec-doctor parse` on
/// large outputs (perf on 20,000 SAs).
extension JSONValue {
    public func serializedUTF8(pretty: Bool = false) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        writeUTF8(into: &out, pretty: pretty, indent: 0)
        return out
    }

    /// Appends this value's text as `serializedUTF8` writes it at nesting level `indent` (for
    /// writers that stream a document's parts, such as `parse`'s typed records).
    public func writeUTF8(into out: inout [UInt8], pretty: Bool, indent: Int) {
        switch self {
        case .null: out += Self.nullBytes
        case let .bool(b): out += b ? Self.trueBytes : Self.falseBytes
        case let .number(n): Self.appendNumber(n, to: &out)
        case let .string(s): Self.appendQuoted(s, to: &out)
        case let .array(items):
            if items.isEmpty { out += [0x5b, 0x5d]; return }
            out.append(0x5b)
            if pretty { out.append(0x0a) }
            for (i, item) in items.enumerated() {
                if pretty { Self.appendPad(indent + 1, to: &out) }
                item.writeUTF8(into: &out, pretty: pretty, indent: indent + 1)
                if i < items.count - 1 { out.append(0x2c) }
                if pretty { out.append(0x0a) }
            }
            if pretty { Self.appendPad(indent, to: &out) }
            out.append(0x5d)
        case let .object(pairs):
            if pairs.isEmpty { out += [0x7b, 0x7d]; return }
            out.append(0x7b)
            if pretty { out.append(0x0a) }
            for (i, (key, value)) in pairs.enumerated() {
                if pretty { Self.appendPad(indent + 1, to: &out) }
                Self.appendQuoted(key, to: &out)
                out.append(0x3a)
                if pretty { out.append(0x20) }
                value.writeUTF8(into: &out, pretty: pretty, indent: indent + 1)
                if i < pairs.count - 1 { out.append(0x2c) }
                if pretty { out.append(0x0a) }
            }
            if pretty { Self.appendPad(indent, to: &out) }
            out.append(0x7d)
        }
    }

    public static let nullBytes = Array("null".utf8), trueBytes = Array("true".utf8), falseBytes = Array("false".utf8)

    public static func appendPad(_ levels: Int, to out: inout [UInt8]) {
        for _ in 0..<(2 * levels) { out.append(0x20) }
    }

    /// `format(number:)`: integers below 1e18 as digits, other finite numbers as Swift prints
    /// them, NaN and infinities as null.
    public static func appendNumber(_ n: Double, to out: inout [UInt8]) {
        guard n.isFinite else { out += nullBytes; return }
        guard n == n.rounded(), abs(n) < 1e18 else { out += Array(String(n).utf8); return }
        var v = Int64(n)
        if v == 0 { out.append(0x30); return }
        if v < 0 { out.append(0x2d); v = -v }
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { d in
            while v > 0 { d[count] = UInt8(v % 10) + 0x30; v /= 10; count += 1 }
            for i in stride(from: count - 1, through: 0, by: -1) { out.append(d[i]) }
        }
    }

    private static let hex = Array("0123456789abcdef".utf8)

    /// `quote`: `"`, `\`, newline, CR and tab escaped by name, other controls as \u00XX.
    public static func appendQuoted(_ s: String, to out: inout [UInt8]) {
        out.append(0x22)
        var s = s
        s.withUTF8 { bytes in
            var start = 0
            for (i, b) in bytes.enumerated() where b < 0x20 || b == 0x22 || b == 0x5c {
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<i]))
                switch b {
                case 0x22: out += [0x5c, 0x22]
                case 0x5c: out += [0x5c, 0x5c]
                case 0x0a: out += [0x5c, 0x6e]
                case 0x0d: out += [0x5c, 0x72]
                case 0x09: out += [0x5c, 0x74]
                default: out += [0x5c, 0x75, 0x30, 0x30, hex[Int(b >> 4)], hex[Int(b & 0xf)]]
                }
                start = i + 1
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start...]))
        }
        out.append(0x22)
    }
}
