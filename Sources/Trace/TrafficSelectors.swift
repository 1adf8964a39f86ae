import Parsers

/// strongSwan traffic selectors as swanctl prints them: `10.1.0.0/24`, `10.1.0.0/24[tcp/80]`,
/// `0.0.0.0/0[udp]`, `10.0.0.1..10.0.0.9` (a range), `dynamic` (the host's own address).
enum TrafficSelector {
    static func covers(_ ts: String, addr: CIDR, proto: String, port: Int?) -> Bool {
        var text = Substring(ts)
        var portSpec: Substring?
        if let br = text.firstIndex(of: "["), text.hasSuffix("]") {
            portSpec = text[text.index(after: br)..<text.index(before: text.endIndex)]
            text = text[..<br]
        }
        if text.contains("..") {
            let ends = text.components(separatedBy: "..").compactMap { CIDR($0) }
            guard ends.count == 2, ends[0].isIPv6 == addr.isIPv6 else { return false }
            guard lexicalLE(ends[0].bytes, addr.bytes), lexicalLE(addr.bytes, ends[1].bytes) else { return false }
        } else {
            guard let c = CIDR(String(text)), c.isIPv6 == addr.isIPv6, c.contains(addr) else { return false }
        }
        guard let spec = portSpec else { return true }
        let parts = spec.split(separator: "/", maxSplits: 1).map(String.init)
        if let p = parts.first, !p.isEmpty, Protocols.name(p) != Protocols.name(proto) { return false }
        if parts.count > 1 {
            guard let port else { return false }
            let range = parts[1].split(separator: "-").compactMap { Int($0) }
            if range.count == 2 { return port >= range[0] && port <= range[1] }
            if let single = range.first { return single == port }
            return Protocols.port(parts[1], contains: port) ?? false
        }
        return true
    }

    static func coversAny(_ list: [String], addr: CIDR, proto: String, port: Int?) -> Bool {
        list.contains { covers($0, addr: addr, proto: proto, port: port) }
    }

    /// How specific a selector list is (longer prefixes first), for choosing among overlaps.
    static func specificity(_ list: [String]) -> Int { list.compactMap { CIDR($0) }.map(\.prefix).max() ?? 0 }

    static func lexicalLE(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        for (x, y) in zip(a, b) where x != y { return x < y }
        return true
    }
}
