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
        // The extractors parse every address and selector of every SA and policy (tens of
        // thousands on a concentrator): plain forms are read from the bytes, without the
        // Character-level trimming, lowercasing and splitting below. Anything else, and
        // anything the byte path rejects, goes the general way, so both agree
        // (CIDRFastPathTests).
        if let fast = CIDR.fastParse(text) { self = fast; return }
        self.init(general: text)
    }

    /// The general (Character-level) parser: every form `init?(_:)` accepts.
    init?(general text: String) {
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

    /// `a.b.c.d[/n]` or an IPv6 address in hex digits, `:` and `.` `[/n]`, optionally followed
    /// by strongSwan's `|...` or `[...]`, in printable ASCII; nil for anything else (which the
    /// general parser then reads).
    static func fastParse(_ text: String) -> CIDR? {
        var text = text
        return text.withUTF8 { all -> CIDR? in
            guard !all.isEmpty, all[0] != UInt8(ascii: "[") else { return nil }
            var end = all.count
            for (i, b) in all.enumerated() {
                guard b > 0x20, b < 0x7F else { return nil }
                if (b == UInt8(ascii: "|") || b == UInt8(ascii: "[")) && end == all.count { end = i }
            }
            let t = UnsafeBufferPointer(rebasing: all[..<end])
            var slash = -1, colon = false
            for (i, b) in t.enumerated() {
                switch b {
                case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
                     UInt8(ascii: "A")...UInt8(ascii: "F"), UInt8(ascii: "."):
                    continue
                case UInt8(ascii: ":"): colon = true
                case UInt8(ascii: "/"):
                    guard slash < 0 else { return nil }
                    slash = i
                default: return nil
                }
            }
            let addr = UnsafeBufferPointer(rebasing: t[..<(slash < 0 ? t.count : slash)])
            var prefix: Int? = nil
            if slash >= 0 {
                let digits = t[(slash + 1)...]
                guard !digits.isEmpty, digits.count <= 3 else { return nil }
                var v = 0
                for b in digits {
                    guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9") else { return nil }
                    v = v * 10 + Int(b - UInt8(ascii: "0"))
                }
                prefix = v
            }
            guard let bytes = colon ? fastIPv6(addr) : fastIPv4(addr) else { return nil }
            return CIDR(bytes: bytes, prefix: prefix ?? bytes.count * 8)
        }
    }

    /// Four decimal parts of 1 to 3 digits, each at most 255.
    static func fastIPv4(_ s: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(4)
        var v = 0, digits = 0
        for b in s {
            if b == UInt8(ascii: ".") {
                guard digits > 0, out.count < 3 else { return nil }
                out.append(UInt8(v)); v = 0; digits = 0
            } else {
                guard b >= UInt8(ascii: "0"), b <= UInt8(ascii: "9"), digits < 3 else { return nil }
                v = v * 10 + Int(b - UInt8(ascii: "0")); digits += 1
                guard v <= 255 else { return nil }
            }
        }
        guard digits > 0, out.count == 3 else { return nil }
        out.append(UInt8(v))
        return out
    }

    /// Groups of 1 to 4 hex digits separated by `:`, at most one `::`, an IPv4 address as the
    /// last group allowed; 16 bytes.
    static func fastIPv6(_ s: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        guard !s.isEmpty, s.count <= 45 else { return nil }
        var head: [UInt8] = [], tail: [UInt8] = []
        var afterGap = false
        var i = 0
        // An empty group is allowed only as the two sides of `::` (or at an end next to it).
        if s.count >= 2, s[0] == UInt8(ascii: ":"), s[1] == UInt8(ascii: ":") { afterGap = true; i = 2 }
        else if s[0] == UInt8(ascii: ":") { return nil }
        while i < s.count {
            var j = i
            while j < s.count, s[j] != UInt8(ascii: ":") { j += 1 }
            let group = UnsafeBufferPointer(rebasing: s[i..<j])
            if group.contains(UInt8(ascii: ".")) {
                guard j == s.count, let v4 = fastIPv4(group) else { return nil }
                if afterGap { tail += v4 } else { head += v4 }
                i = j; break
            }
            guard !group.isEmpty, group.count <= 4 else { return nil }
            var v: UInt16 = 0
            for b in group {
                switch b {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): v = v << 4 | UInt16(b - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f"): v = v << 4 | UInt16(b - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F"): v = v << 4 | UInt16(b - UInt8(ascii: "A") + 10)
                default: return nil
                }
            }
            if afterGap { tail += [UInt8(v >> 8), UInt8(v & 0xFF)] } else { head += [UInt8(v >> 8), UInt8(v & 0xFF)] }
            if j == s.count { i = j; break }
            // j is a `:`; `::` opens the gap (once), a trailing single `:` is an error.
            if j + 1 < s.count, s[j + 1] == UInt8(ascii: ":") {
                guard !afterGap else { return nil }
                afterGap = true; i = j + 2
                if i == s.count { break }
            } else {
                guard j + 1 < s.count else { return nil }
                i = j + 1
            }
        }
        if !afterGap { return head.count == 16 ? head : nil }
        guard head.count + tail.count <= 14 else { return nil }
        return head + [UInt8](repeating: 0, count: 16 - head.count - tail.count) + tail
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
