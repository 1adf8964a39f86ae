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

public enum Protocols {
    /// IP protocol numbers and the names the tools print for them (Debian's /etc/protocols, as
    /// `ip xfrm`, iptables and nft show them); the first name is the one used everywhere here.
    static let table: [(number: Int, names: [String])] = [
        (0, ["hopopt", "ip"]), (1, ["icmp"]), (2, ["igmp"]), (4, ["ipencap"]), (6, ["tcp"]), (8, ["egp"]),
        (17, ["udp"]), (27, ["rdp"]), (33, ["dccp"]), (41, ["ipv6"]), (43, ["ipv6-route"]), (44, ["ipv6-frag"]),
        (46, ["rsvp"]), (47, ["gre"]), (50, ["esp", "ipv6-crypt"]), (51, ["ah", "ipv6-auth"]),
        (58, ["ipv6-icmp", "icmpv6"]), (59, ["ipv6-nonxt"]), (60, ["ipv6-opts"]), (88, ["eigrp"]), (89, ["ospf", "ospfigp"]),
        (94, ["ipip"]), (97, ["etherip"]), (98, ["encap"]), (103, ["pim"]), (108, ["ipcomp"]), (112, ["vrrp"]),
        (115, ["l2tp"]), (132, ["sctp"]), (135, ["mobility-header"]), (136, ["udplite"]), (137, ["mpls-in-ip"]),
        (143, ["ethernet"]), (255, ["raw"]),
    ]
    static let byName: [String: String] = Dictionary(table.flatMap { row in row.names.map { ($0, row.names[0]) } }, uniquingKeysWith: { a, _ in a })
    static let byNumber: [Int: String] = Dictionary(uniqueKeysWithValues: table.map { ($0.number, $0.names[0]) })

    /// IP protocol names as the tools print them, normalised: `50` and `ipv6-crypt` are esp.
    public static func name(_ p: String) -> String {
        let l = p.lowercased()
        if let n = Int(l) { return byNumber[n] ?? l }
        return byName[l] ?? l
    }

    /// Whether `--proto` names a protocol: a number 0-255 or a name the tools print. A typo
    /// (`tpc`) would match no selector and read as "not encrypted", so it is refused instead.
    public static func isKnown(_ p: String) -> Bool {
        let l = p.lowercased()
        if let n = Int(l) { return (0...255).contains(n) }
        return byName[l] != nil
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
