/// iptables' `-m u32 --u32 TESTS` (xt_u32) in the forms IPsec filters use it, read like nft's
/// `@th,64,32` (`FwRule.nonESPMarkerMatch`):
///  - `0>>22&0x3C@8=0`: the first 4 bytes of the UDP payload (the IP header's length from its IHL,
///    then past the 8-byte UDP header) are zero: the non-ESP marker of IKE on UDP 4500 (RFC 3948
///    2.2); `=0x1:0xffffffff` or `! --u32 "...=0"` match ESP-in-UDP (a non-zero SPI there);
///  - `6&0xFF=0x32`: the IP header's protocol byte (50 is ESP, 17 UDP);
///  - `4&0x1FFF=0`: fragment offset zero (the packets asked about are never fragments).
/// iptables-save prints every number in hex (`"0x0>>0x16&0x3c@0x8=0x0"`, libxt_u32.c u32_dump);
/// users' scripts write them in decimal or hex: both are read. A test of any other location
/// makes the match `maybe`, as an unread match module does.
enum U32Match {
    /// One test: the location (a first number, then operator and number pairs) and its ranges.
    struct Test: Equatable {
        var location: [String]      // "0", ">>", "22", "&", "60", "@", "8" (numbers in decimal)
        var ranges: [ClosedRange<UInt64>]
    }

    /// The tests of a `--u32` argument joined by `&&`; nil when it does not parse.
    static func parse(_ spec: String) -> [Test]? {
        var tests: [Test] = []
        for part in spec.components(separatedBy: "&&") {
            let t = part.filter { !$0.isWhitespace }
            guard let eq = t.firstIndex(of: "=") else { return nil }
            guard let location = tokens(String(t[..<eq])), !location.isEmpty else { return nil }
            var ranges: [ClosedRange<UInt64>] = []
            for v in t[t.index(after: eq)...].split(separator: ",", omittingEmptySubsequences: false) {
                let ends = v.split(separator: ":", omittingEmptySubsequences: false)
                guard ends.count <= 2, let lo = number(ends[0]), let hi = ends.count == 2 ? number(ends[1]) : lo, lo <= hi else { return nil }
                ranges.append(lo...hi)
            }
            guard !ranges.isEmpty else { return nil }
            tests.append(Test(location: location, ranges: ranges))
        }
        return tests.isEmpty ? nil : tests
    }

    /// "0>>22&0x3C@8" -> ["0", ">>", "22", "&", "60", "@", "8"]; nil on anything else.
    static func tokens(_ s: String) -> [String]? {
        var out: [String] = [], i = s.startIndex
        while i < s.endIndex {
            let rest = s[i...]
            if let op = [">>", "<<", "&", "@"].first(where: { rest.hasPrefix($0) }) {
                guard let last = out.last, UInt64(last) != nil else { return nil }
                out.append(op); i = s.index(i, offsetBy: op.count); continue
            }
            let n = rest.prefix { $0.isHexDigit || $0 == "x" || $0 == "X" }
            guard !n.isEmpty, let v = number(n) else { return nil }
            out.append(String(v)); i = s.index(i, offsetBy: n.count)
        }
        guard let last = out.last, UInt64(last) != nil else { return nil }
        return out
    }

    static func number<S: StringProtocol>(_ s: S) -> UInt64? {
        let l = s.lowercased()
        let v = l.hasPrefix("0x") ? UInt64(l.dropFirst(2), radix: 16) : UInt64(l)
        return v.flatMap { $0 <= UInt64(UInt32.max) ? $0 : nil }
    }

    static let udpPayloadWord = ["0", ">>", "22", "&", "60", "@", "8"]
    static let ipProtocol = ["6", "&", "255"]
    static let fragmentOffset = ["4", "&", "8191"]

    /// Whether the packet passes the `--u32` tests (`negated`: `! --u32`).
    static func match(_ spec: String, negated: Bool, _ p: FwPacket) -> FwMatch {
        guard let tests = parse(spec) else { return .maybe }
        let result = tests.reduce(FwMatch.yes) { $0.and(match($1, p)) }
        return negated ? result.negated : result
    }

    /// The values the location may hold for this packet: one value, "any non-zero", or unknown.
    static func match(_ t: Test, _ p: FwPacket) -> FwMatch {
        func holds(_ v: UInt64) -> FwMatch { t.ranges.contains { $0.contains(v) } ? .yes : .no }
        switch t.location {
        case fragmentOffset:
            return holds(0)
        case ipProtocol:
            switch p.proto {
            case "esp": return holds(50)
            case "udp": return holds(17)
            case "tcp": return holds(6)
            case "ah": return holds(51)
            default: return .maybe
            }
        case udpPayloadWord:
            guard p.proto == "udp" else { return .maybe }
            if p.dport == 4500 || p.sport == 4500 {
                guard let payload = p.payload else { return .maybe }
                if payload == "ike" { return holds(0) }
            }
            // ESP-in-UDP's SPI, or on UDP 500 the first bytes of IKE's initiator SPI: some
            // non-zero value we do not know
            let nonZero: ClosedRange<UInt64> = 1...UInt64(UInt32.max)
            if t.ranges.contains(where: { $0.lowerBound <= 1 && $0.upperBound == nonZero.upperBound }) { return .yes }
            if !t.ranges.contains(where: { $0.overlaps(nonZero) }) { return .no }
            return .maybe
        default:
            return .maybe
        }
    }
}
