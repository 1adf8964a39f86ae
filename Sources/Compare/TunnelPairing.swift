import Parsers

/// Finds, for each tunnel of one gateway, its counterpart on the other: the tunnel whose
/// addresses and identities mirror it. Names are the weakest hint (both ends often call the
/// tunnel after the other site).
public enum TunnelPairing {
    public struct Pair: Sendable {
        public var a: TunnelConfig
        public var b: TunnelConfig
        public var score: Int
    }

    /// Any peer, or another `%` keyword (`%defaultroute`, `%opportunistic`): no address to pair on.
    static func isWildcard(_ s: String) -> Bool { Wildcard.isAnyPeer(s) || s.hasPrefix("%") }

    static func addressesMatch(_ remote: [String], owner: Gateway, local: [String]) -> Bool? {
        let concrete = remote.filter { !isWildcard($0) }
        if concrete.isEmpty { return nil }   // %any: a responder for anyone
        let own = owner.addresses.union(local.filter { !isWildcard($0) })
        return concrete.contains { r in own.contains(r) || own.contains { Subnet($0).map { c in Subnet(r).map(c.contains) ?? false } ?? false } }
    }

    /// How well tunnel `t` of `g` mirrors tunnel `u` of `h`; 0 when they cannot be the two ends.
    public static func score(_ t: TunnelConfig, of g: Gateway, _ u: TunnelConfig, of h: Gateway) -> Int {
        var s = 0
        let ab = addressesMatch(t.remoteAddrs, owner: h, local: u.localAddrs)
        let ba = addressesMatch(u.remoteAddrs, owner: g, local: t.localAddrs)
        if ab == false || ba == false {
            // Addresses name another gateway: only identities can still pair them (NAT in between).
        } else {
            s += (ab == true ? 4 : 1) + (ba == true ? 4 : 1)
        }
        if let r = t.remoteID, let l = u.localID, Identity.same(r, l) { s += 2 }
        if let r = u.remoteID, let l = t.localID, Identity.same(r, l) { s += 2 }
        if t.name == u.name { s += 1 }
        return (ab == false || ba == false) && s < 4 ? 0 : s
    }

    /// Greedy best-first pairing; tunnels left over have no counterpart.
    public static func pairs(_ a: Gateway, _ b: Gateway) -> (pairs: [Pair], onlyA: [TunnelConfig], onlyB: [TunnelConfig]) {
        var candidates: [(Int, Int, Int)] = []
        for (i, t) in a.tunnels.enumerated() {
            for (j, u) in b.tunnels.enumerated() {
                let s = score(t, of: a, u, of: b)
                if s > 1 { candidates.append((s, i, j)) }
            }
        }
        candidates.sort { $0.0 != $1.0 ? $0.0 > $1.0 : ($0.1, $0.2) < ($1.1, $1.2) }
        var usedA = Set<Int>(), usedB = Set<Int>(), out: [Pair] = []
        for (s, i, j) in candidates where !usedA.contains(i) && !usedB.contains(j) {
            usedA.insert(i); usedB.insert(j)
            out.append(Pair(a: a.tunnels[i], b: b.tunnels[j], score: s))
        }
        out.sort { $0.a.name < $1.a.name }
        return (out, a.tunnels.indices.filter { !usedA.contains($0) }.map { a.tunnels[$0] },
                b.tunnels.indices.filter { !usedB.contains($0) }.map { b.tunnels[$0] })
    }
}

/// IKE identities as both daemons compare them: `@fqdn` and `fqdn` alike, case-insensitive
/// for names, `%any` and `*` patterns accepting anything they cover.
enum Identity {
    static func normal(_ s: String) -> String {
        var t = s.trimmingCharacters(in: .whitespaces)
        if t.hasPrefix("\""), t.hasSuffix("\""), t.count >= 2 { t = String(t.dropFirst().dropLast()) }
        if t.hasPrefix("@#") { return t }
        if t.hasPrefix("@") { t.removeFirst() }
        for p in ["fqdn:", "email:", "ipv4:", "ipv6:", "userfqdn:"] where t.lowercased().hasPrefix(p) { t = String(t.dropFirst(p.count)) }
        return t.lowercased()
    }

    static func same(_ a: String, _ b: String) -> Bool { normal(a) == normal(b) }

    /// Whether `expected` (what a peer's remote id setting accepts) covers `sent`.
    static func accepts(_ expected: String, _ sent: String) -> Bool {
        let e = normal(expected), s = normal(sent)
        if e == "%any" || e == "*" || e.isEmpty { return true }
        if e == s { return true }
        if e.contains("*") {
            let parts = e.split(separator: "*", omittingEmptySubsequences: false).map(String.init)
            guard let first = parts.first, let last = parts.last, s.hasPrefix(first), s.hasSuffix(last) else { return false }
            return true
        }
        return false
    }
}
