import Parsers

extension String {
    var words: [String] { split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init) }
}

/// Three-valued matching: a rule matches, does not, or may (it tests something trace does not model).
enum Match {
    case yes, no, maybe

    static func && (a: Match, b: Match) -> Match {
        if a == .no || b == .no { return .no }
        if a == .maybe || b == .maybe { return .maybe }
        return .yes
    }
    static func || (a: Match, b: Match) -> Match {
        if a == .yes || b == .yes { return .yes }
        if a == .maybe || b == .maybe { return .maybe }
        return .no
    }
    var negated: Match { self == .yes ? .no : self == .no ? .yes : .maybe }
    func negated(if flag: Bool) -> Match { flag ? negated : self }
}

enum Protocols {
    /// IP protocol names as the tools print them, normalised: `50` and `ipv6-crypt` are esp.
    static func name(_ p: String) -> String {
        switch p.lowercased() {
        case "50", "ipv6-crypt": return "esp"
        case "51", "ipv6-auth": return "ah"
        case "17": return "udp"
        case "6": return "tcp"
        case "1": return "icmp"
        case "58", "icmpv6", "ipv6-icmp": return "ipv6-icmp"
        case "132": return "sctp"
        default: return p.lowercased()
        }
    }

    /// `22`, `1000:2000`, `1000-2000`, service names IPsec setups use.
    static func port(_ spec: String, contains port: Int) -> Bool? {
        let names = ["isakmp": 500, "ipsec-nat-t": 4500, "ssh": 22, "http": 80, "https": 443, "domain": 53, "l2tp": 1701]
        if let n = names[spec] { return n == port }     // before ranges: `ipsec-nat-t` has dashes
        for sep in [":", "-"] where spec.contains(sep) {
            let parts = spec.split(separator: Character(sep)).map(String.init)
            guard parts.count == 2, let a = Int(parts[0]) ?? names[parts[0]], let b = Int(parts[1]) ?? names[parts[1]] else { return nil }
            return port >= a && port <= b
        }
        guard let n = Int(spec) ?? names[spec] else { return nil }
        return n == port
    }
}

extension CIDR {
    /// The host address as a /32 or /128.
    var host: CIDR { CIDR(bytes: bytes, prefix: bytes.count * 8)! }
    /// The last address of the prefix (for property tests: both ends of a selector).
    var lastAddress: CIDR {
        var b = bytes
        for i in 0..<b.count {
            let fixed = max(0, min(8, prefix - i * 8))
            b[i] |= fixed == 8 ? 0 : UInt8(truncatingIfNeeded: 0xFF >> fixed)
        }
        return CIDR(bytes: b, prefix: bytes.count * 8)!
    }
}

func hex(_ v: UInt32) -> String { "0x" + String(v, radix: 16) }
