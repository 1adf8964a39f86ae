import Facts

/// ip xfrm state / policy and /proc/net/xfrm_stat →
///   xfrm.state.count, xfrm.state.encap, kernel.esp_supported (true when a keyed ESP SA exists),
///   xfrm.state.reqid_asymmetric (between the same two gateways, the SAs one way carry other
///   reqids than the SAs the other way; the two directions are told apart by the local
///   addresses from ip-addr when given, else by the src→dst order of each pair),
///   xfrm.policy.count (socket policies excluded), xfrm.policy.out_without_state (an `out`
///   policy's required template reqid has no SA; needs xfrm-state), xfrm.stat.<Name>.
public struct XfrmExtractor: FactExtractor {
    public init() {}
    public func facts(from parsed: ParsedCollection) -> [Fact] {
        var out = FactList()
        if parsed.has("xfrm-state") {
            let states = parsed.typed(XfrmStateRecord.self, from: "xfrm-state")
            let whole = parsed.wholeSource("xfrm-state")
            out.number("xfrm.state.count", states.count, states.isEmpty ? whole : states.prefix(8).map { desc($0) })
            let encap = states.filter { $0.record.encapType != nil }
            // a fact keeps 8 provenance entries (FactList.add): describe no more than that
            out.bool("xfrm.state.encap", !encap.isEmpty, encap.isEmpty ? whole : encap.prefix(8).map { desc($0) })
            // Only a keyed ESP SA proves the kernel holds ESP: pluto reserves SPIs first
            // (XFRM_MSG_ALLOCSPI), which lists an ESP state with no enc/auth/aead line even on a
            // kernel without ESP (Libreswan lab, ikev1-kernel-no-esp).
            let esp = states.filter { $0.record.proto == "esp" && $0.record.isKeyed }
            if !esp.isEmpty { out.bool("kernel.esp_supported", true, esp.prefix(4).map { desc($0) }) }
            if let asym = reqidAsymmetry(states, local: localAddresses(parsed)) {
                out.bool("xfrm.state.reqid_asymmetric", asym.0, asym.1.isEmpty ? whole : asym.1)
            }
        }
        if parsed.has("xfrm-policy") {
            // A policy cut off before its `dir` line (truncated output) is not counted.
            // The policies are read where they lie (a concentrator has 30,000): no filtered copy
            // of them, which was the largest allocation of a 10,000-tunnel diagnosis.
            let sources = parsed.sources("xfrm-policy")
            func counted(_ r: XfrmPolicyRecord) -> Bool { r.socket != true && r.dir != nil }
            var count = 0
            var shown: [Provenance] = []   // a fact keeps 8 provenance entries
            for s in sources {
                for r in s.result.typed(XfrmPolicyRecord.self) where counted(r) {
                    count += 1
                    if shown.count < 8 { shown.append(polDesc(Sourced(record: r, source: s))) }
                }
            }
            let whole = parsed.wholeSource("xfrm-policy")
            out.number("xfrm.policy.count", count, count == 0 ? whole : shown)
            if parsed.has("xfrm-state") {
                var reqids = Set<Int>()
                for s in parsed.sources("xfrm-state") {
                    for r in s.result.typed(XfrmStateRecord.self) { if let rq = r.reqid { reqids.insert(rq) } }
                }
                var missing: [Provenance] = []
                policies: for s in sources {
                    for r in s.result.typed(XfrmPolicyRecord.self) where counted(r) && r.dir == "out" && r.action != "block" {
                        for t in r.tmpl {
                            guard let rq = t.reqid, rq != 0, t.level != "use" else { continue }
                            if !reqids.contains(rq) { missing.append(polDesc(Sourced(record: r, source: s))) }
                            if missing.count >= 8 { break policies }   // the fact keeps 8; one is enough to be true
                        }
                    }
                }
                out.bool("xfrm.policy.out_without_state", !missing.isEmpty, missing.isEmpty ? whole + parsed.wholeSource("xfrm-state") : missing)
            }
        }
        for r in parsed.typed(XfrmStatRecord.self, from: "xfrm-stat") {
            // u64 counters: kept as the parser's number (never through Int, which traps past 2^63)
            if let name = r.record.name, let v = r.record.value {
                out.add("xfrm.stat." + name, .number(v), [r.provenance("\(name) \(formatNumber(v))")])
            }
        }
        return out.facts
    }

    func desc(_ s: Sourced<XfrmStateRecord>) -> Provenance {
        let r = s.record
        return s.provenance("src \(r.src ?? "?") dst \(r.dst ?? "?") proto \(r.proto ?? "?") spi \(r.spi ?? "?") reqid \(r.reqidText ?? "?")")
    }
    func polDesc(_ s: Sourced<XfrmPolicyRecord>) -> Provenance {
        let r = s.record
        return s.provenance("src \(r.src) dst \(r.dst) dir \(r.dir ?? "?") reqids \(r.reqids.map(String.init).joined(separator: ","))")
    }

    func localAddresses(_ parsed: ParsedCollection) -> Set<String> {
        parsed.interfaceAddresses
    }

    /// nil when no pair of gateways has SAs both ways.
    func reqidAsymmetry(_ states: [Sourced<XfrmStateRecord>], local: Set<String>) -> (Bool, [Provenance])? {
        // One entry per pair (a, b), ordered so that a is local (or, unknown, the smaller
        // address): the reqids seen a→b and b→a and the pair's first 8 SAs. Keyed by the two
        // strings, not a "a|b" string made per SA, in one table instead of three (on 20,000 SAs
        // the keys and the three tables were ~5 MiB at the diagnosis' heap peak).
        var pairs: [AddressPair: PairReqids] = [:]
        // An address printed as `local` holds it is local without parsing it; others are parsed
        // once each (a concentrator repeats its own address on every SA).
        var isLocalMemo: [String: Bool] = [:]
        func isLocal(_ a: String) -> Bool {
            if local.contains(a) { return true }
            if let known = isLocalMemo[a] { return known }
            let v = local.contains(CIDR(a)?.address ?? a)
            isLocalMemo[a] = v
            return v
        }
        for s in states {
            guard let src = s.record.src, let dst = s.record.dst, let rq = s.record.reqid else { continue }
            let srcLocal = isLocal(src)
            let dstLocal = isLocal(dst)
            let outbound: Bool
            if srcLocal != dstLocal { outbound = srcLocal } else { outbound = src < dst }
            let key = outbound ? AddressPair(a: src, b: dst) : AddressPair(a: dst, b: src)
            pairs[key, default: PairReqids()].add(rq, outbound: outbound, s)
        }
        var any = false
        var asym: [Sourced<XfrmStateRecord>] = []
        var anyAsym = false
        for (_, p) in pairs {
            guard !p.ab.isEmpty, !p.ba.isEmpty else { continue }
            any = true
            if p.ab != p.ba, asym.count < FactList.keptProvenances { asym += p.evidence.prefix(FactList.keptProvenances - asym.count) }
            if p.ab != p.ba { anyAsym = true }
        }
        if !any { return nil }
        return (anyAsym, asym.map { desc($0) })
    }
}

/// Two gateway addresses, local (or smaller) first: reqid asymmetry's key.
struct AddressPair: Hashable {
    let a: String
    let b: String
}

/// The reqids of one pair's SAs each way, and its first 8 SAs in input order (only a pair's
/// first 8 can be shown).
struct PairReqids {
    var ab = SmallIntSet(), ba = SmallIntSet()
    var evidence: [Sourced<XfrmStateRecord>] = []
    mutating func add(_ reqid: Int, outbound: Bool, _ s: Sourced<XfrmStateRecord>) {
        if outbound { ab.insert(reqid) } else { ba.insert(reqid) }
        if evidence.count < FactList.keptProvenances { evidence.append(s) }
    }
}

/// A set of Ints that holds its first member inline: a pair's SAs one way nearly always share
/// one reqid, and a `Set` is a heap table each. Equal as the sets of their members.
struct SmallIntSet: Equatable {
    private var first: Int?
    private var more: Set<Int>?
    var isEmpty: Bool { first == nil }
    mutating func insert(_ n: Int) {
        guard let f = first else { first = n; return }
        if f == n || more?.contains(n) == true { return }
        if more == nil { more = [f] }
        more!.insert(n)
    }
    static func == (x: SmallIntSet, y: SmallIntSet) -> Bool {
        switch (x.more, y.more) {
        case (nil, nil): return x.first == y.first
        case let (m?, n?): return m == n
        default: return false   // one holds a single member, the other several
        }
    }
}
