/// IPv4/IPv6 addresses and prefixes, for comparing traffic selectors, firewall matches and
/// interface subnets. Parsing is tolerant of what the tools print around a prefix: strongSwan's
/// `10.1.0.0/24|/0` and `10.1.0.0/24[tcp/80]`, `ip`'s bare addresses, `default`, `any`.
public struct CIDR: Hashable, Sendable, CustomStringConvertible {
    /// 4 bytes (IPv4) or 16 bytes (IPv6), masked to the prefix.
    public let bytes: [UInt8]
    public let prefix: Int

    public var isIPv6: Bool { bytes.count == 16 }
    public var bitCount: Int { bytes.count * 8 }

    public init?(bytes: [UInt8], prefix: Int) {
        guard bytes.count == 4 || bytes.count == 16, prefix >= 0, prefix <= bytes.count * 8 else { return nil }
        self.bytes = CIDR.mask(bytes, prefix)
        self.prefix = prefix
    }

    /// Parses `a.b.c.d`, `a.b.c.d/n`, IPv6 forms, with strongSwan port/protocol suffixes
    /// (`|/0`, `[...]`) and `default`/`any`/`0/0`. Nil for names, ranges and anything else.
    public init?(_ text: String) {
        var t = Substring(text.trimmedSpaces)
        if let bar = t.firstIndex(of: "|") { t = t[..<bar] }
        if let br = t.firstIndex(of: "["), t.first != "[" { t = t[..<br] }
        if t.hasPrefix("!") { return nil }
        let lower = t.lowercased()
        if lower == "default" || lower == "any" || lower == "0/0" || lower == "any4" {
            self.init(bytes: [0, 0, 0, 0], prefix: 0); return
        }
        if lower == "any6" { self.init(bytes: [UInt8](repeating: 0, count: 16), prefix: 0); return }
        var addrPart = t
        var prefix: Int? = nil
        if let slash = t.firstIndex(of: "/") {
            addrPart = t[..<slash]
            guard let p = Int(t[t.index(after: slash)...]) else { return nil }
            prefix = p
        }
        if let percent = addrPart.firstIndex(of: "%") { addrPart = addrPart[..<percent] }
        guard let bytes = CIDR.parseAddress(addrPart) else { return nil }
        self.init(bytes: bytes, prefix: prefix ?? bytes.count * 8)
    }

    public var description: String {
        CIDR.format(bytes) + "/" + String(prefix)
    }

    /// The address without prefix.
    public var address: String { CIDR.format(bytes) }

    /// True when `other` lies entirely inside this prefix.
    public func contains(_ other: CIDR) -> Bool {
        guard other.bytes.count == bytes.count, other.prefix >= prefix else { return false }
        return CIDR.mask(other.bytes, prefix) == bytes
    }

    /// True when the two prefixes share at least one address.
    public func overlaps(_ other: CIDR) -> Bool {
        guard other.bytes.count == bytes.count else { return false }
        let p = min(prefix, other.prefix)
        return CIDR.mask(bytes, p) == CIDR.mask(other.bytes, p)
    }

    /// The prefix with the given length holding this address (an interface's subnet).
    public func network(prefix p: Int) -> CIDR? { CIDR(bytes: bytes, prefix: p) }

    public var isLoopback: Bool {
        if bytes.count == 4 { return bytes[0] == 127 }
        return bytes == [UInt8](repeating: 0, count: 15) + [1] && prefix == 128
    }

    static func mask(_ bytes: [UInt8], _ prefix: Int) -> [UInt8] {
        var out = bytes
        for i in 0..<out.count {
            let bitsHere = max(0, min(8, prefix - i * 8))
            let m: UInt8 = bitsHere == 0 ? 0 : UInt8(truncatingIfNeeded: 0xFF << (8 - bitsHere))
            out[i] &= m
        }
        return out
    }

    static func parseAddress(_ s: Substring) -> [UInt8]? {
        if s.contains(":") { return parseIPv6(s) }
        return parseIPv4(s)
    }

    static func parseIPv4(_ s: Substring) -> [UInt8]? {
        let parts = s.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var out: [UInt8] = []
        for p in parts {
            guard !p.isEmpty, p.count <= 3, p.allSatisfy({ $0.isASCII && $0.isNumber }), let v = Int(p), v <= 255 else { return nil }
            out.append(UInt8(v))
        }
        return out
    }

    static func parseIPv6(_ s: Substring) -> [UInt8]? {
        guard !s.isEmpty, s.count <= 45 else { return nil }
        let halves = s.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ h: String) -> [UInt8]? {
            if h.isEmpty { return [] }
            var out: [UInt8] = []
            let parts = h.split(separator: ":", omittingEmptySubsequences: false)
            for (i, p) in parts.enumerated() {
                if i == parts.count - 1, p.contains(".") {
                    guard let v4 = parseIPv4(p) else { return nil }
                    out += v4
                    continue
                }
                guard !p.isEmpty, p.count <= 4, let v = UInt16(p, radix: 16) else { return nil }
                out += [UInt8(v >> 8), UInt8(v & 0xFF)]
            }
            return out
        }
        guard let head = groups(halves[0]) else { return nil }
        if halves.count == 1 { return head.count == 16 ? head : nil }
        guard let tail = groups(halves[1]), head.count + tail.count <= 14 else { return nil }
        return head + [UInt8](repeating: 0, count: 16 - head.count - tail.count) + tail
    }

    static func format(_ bytes: [UInt8]) -> String {
        if bytes.count == 4 { return bytes.map { String($0) }.joined(separator: ".") }
        var groups: [UInt16] = []
        for i in stride(from: 0, to: 16, by: 2) { groups.append(UInt16(bytes[i]) << 8 | UInt16(bytes[i + 1])) }
        // Compress the longest run of zero groups (length >= 2).
        var bestStart = -1, bestLen = 0, i = 0
        while i < 8 {
            if groups[i] == 0 {
                var j = i
                while j < 8, groups[j] == 0 { j += 1 }
                if j - i > bestLen, j - i >= 2 { bestStart = i; bestLen = j - i }
                i = j
            } else { i += 1 }
        }
        let hex = groups.map { String($0, radix: 16) }
        if bestStart < 0 { return hex.joined(separator: ":") }
        let left = hex[0..<bestStart].joined(separator: ":")
        let right = hex[(bestStart + bestLen)...].joined(separator: ":")
        return left + "::" + right
    }
}

extension CIDR {
    /// Parses every prefix in a list (strings as the tools print them), skipping what is not one.
    public static func list(_ items: [String]) -> [CIDR] { items.compactMap { CIDR($0) } }

    /// True when any prefix of `a` overlaps any of `b`.
    public static func anyOverlap(_ a: [CIDR], _ b: [CIDR]) -> Bool {
        a.contains { x in b.contains { x.overlaps($0) } }
    }
}
