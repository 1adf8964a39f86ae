import Facts

/// swanctl.conf → conn.child_count and conn.ike_lifetimes_identical: whether the SAs that rekey
/// on their own schedule (CHILD SAs, and IKE SAs of several connections) share one rekey time
/// with no jitter, so they all rekey at the same moment (`ike.rekey-storm`).
///
/// Jitter per swanctl.conf(5): a child's `rand_time` defaults to `life_time - rekey_time`
/// (`life_time` defaults to `rekey_time` + 10 %, `rekey_time` to 1h); an IKE SA's to its
/// `over_time` (10 % of `rekey_time`, default 4h), so only an explicit `rand_time = 0` removes it.
/// `rekey_time = 0` disables rekeying: such SAs are left out. Real charon, variant rekey-storm:
/// 24 children with `rekey_time = 30s`, `rand_time = 0s`, all "rekeying in -4s" at once.
public struct SwanctlLifetimesExtractor: FactExtractor {
    public init() {}

    /// swanctl.conf time values: `30s`, `10m`, `4h`, `1d`, `3600`.
    static func seconds(_ s: String?) -> Int? {
        guard let s = s?.filter({ !$0.isWhitespace }), !s.isEmpty else { return nil }
        return ConfigTokenizer.seconds(s)
    }

    public func facts(from parsed: ParsedCollection) -> [Fact] {
        let conns = parsed.typed(SwanctlConfRecord.self, from: "swanctl-conf").filter { $0.record.kind == .connection }
        guard !conns.isEmpty else { return [] }
        var out = FactList()
        // CHILD SAs: (rekey, jitter) per child that rekeys, and where it is. The provenance
        // (an excerpt each) is made only for the children a fact keeps (FactList.keptProvenances):
        // 20,000 excerpts of a concentrator were ~7 % of its diagnosis, for 8 kept.
        var children: [(rekey: Int, jitter: Int, conn: Int, child: Int)] = []
        var childCount = 0
        for (i, c) in conns.enumerated() {
            for (j, ch) in (c.record.children ?? []).enumerated() {
                childCount += 1
                let rekey = Self.seconds(ch.rekeyTime) ?? 3600
                guard rekey > 0 else { continue }
                let life = Self.seconds(ch.lifeTime) ?? rekey + rekey / 10
                let jitter = Self.seconds(ch.randTime) ?? max(0, life - rekey)
                children.append((rekey, jitter, i, j))
            }
        }
        func childProvenance(_ at: (rekey: Int, jitter: Int, conn: Int, child: Int)) -> Provenance {
            let c = conns[at.conn], ch = c.record.children![at.child]
            let excerpt = "\(ch.name): rekey_time = \(ch.rekeyTime ?? "1h (default)"), rand_time = \(ch.randTime ?? "life_time - rekey_time (default)")"
            return c.source.provenance(line: ch.line, excerpt: excerpt)
        }
        out.number("conn.child_count", childCount, conns.firstKept { $0.provenance($0.record.name) })
        // IKE SAs of the connections that rekey
        let ikes = conns.indices.compactMap { i -> (rekey: Int, jitter: Int, conn: Int, child: Int)? in
            let c = conns[i]
            let rekey = Self.seconds(c.record.rekeyTime) ?? 14400
            guard rekey > 0 else { return nil }
            let jitter = Self.seconds(c.record.randTime) ?? max(1, rekey / 10)
            return (rekey, jitter, i, -1)
        }
        func ikeProvenance(_ at: (rekey: Int, jitter: Int, conn: Int, child: Int)) -> Provenance {
            let c = conns[at.conn]
            return c.provenance("\(c.record.name ?? "?"): rekey_time = \(c.record.rekeyTime ?? "4h (default)"), rand_time = \(c.record.randTime ?? "over_time (default)")")
        }
        func together(_ sas: [(rekey: Int, jitter: Int, conn: Int, child: Int)]) -> Bool {
            sas.count >= 2 && Set(sas.map(\.rekey)).count == 1 && sas.allSatisfy { $0.jitter == 0 }
        }
        guard children.count >= 2 || ikes.count >= 2 else { return out.facts }
        if together(children) {
            out.bool("conn.ike_lifetimes_identical", true, children.firstKept(childProvenance))
        } else if together(ikes) {
            out.bool("conn.ike_lifetimes_identical", true, ikes.firstKept(ikeProvenance))
        } else {
            // children's provenances first, then the IKE SAs', as `(children + ikes)` made them
            out.bool("conn.ike_lifetimes_identical", false,
                     children.firstKept(childProvenance) + ikes.prefix(FactList.keptProvenances - min(children.count, FactList.keptProvenances)).map(ikeProvenance))
        }
        return out.facts
    }
}
