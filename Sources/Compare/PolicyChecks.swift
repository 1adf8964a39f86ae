/// Both ends' kernel policies (Linux XFRM) against each other: traffic one end sends into the
/// tunnel (its `out` policy, src → dst, template towards the peer) arrives at the peer, which
/// needs an `in` policy for the same src → dst or it drops the decrypted packets (XfrmInNoPols,
/// XfrmInTmplMismatch); and an end's `out` policy must point at a reqid one of its SAs to the
/// peer carries, or packets wait for an SA that never comes.
struct PolicyChecks {
    let a: Gateway, b: Gateway
    /// The tunnel pair a policy's selectors belong to (the first pair when none matches).
    let pairs: [TunnelPairing.Pair]

    func all() -> [Difference] {
        guard !pairs.isEmpty else { return [] }
        var out: [Difference] = []
        for (from, to, side) in [(a, b, "a"), (b, a, "b")] where !from.policies.isEmpty && !to.policies.isEmpty {
            let towardsPeer = from.policies.filter { p in p.dir == "out" && p.tmplDst.map(to.addresses.contains) == true }
            for p in towardsPeer {
                let mirrored = to.policies.contains { q in
                    q.dir == "in" && ConfigChecks.sameNet(q.src, p.src) && ConfigChecks.sameNet(q.dst, p.dst)
                }
                guard !mirrored else { continue }
                let pair = pair(for: p, fromA: side == "a")
                let ins = to.policies.filter { $0.dir == "in" && $0.tmplSrc.map(from.addresses.contains) == true }
                out.append(Difference(
                    item: .policies, severity: .problem, confidence: 0.8, tunnelA: pair.a.name, tunnelB: pair.b.name,
                    summary: "\(from.name) sends \(p.src) -> \(p.dst) into the tunnel, \(to.name) has no inbound policy for it\(ins.isEmpty ? "" : " (its inbound policies: \(ins.map { "\($0.src) -> \($0.dst)" }.joined(separator: ", ")))"): \(to.name) drops those packets after decrypting them",
                    evidenceA: side == "a" ? [p.origin] : ins.map(\.origin), evidenceB: side == "a" ? ins.map(\.origin) : [p.origin],
                    faultySide: side == "a" ? "b" : "a",
                    fix: "on \(to.name): bring the CHILD SA up again so the daemon installs its policies (they follow the negotiated selectors); if it keeps lacking \(p.src) -> \(p.dst), align its selectors with \(from.name)'s"))
            }
            // reqids: an out policy towards the peer whose reqid no SA to the peer carries
            let saReqids = Set(from.kernelSAs.filter { to.addresses.contains($0.dst) }.compactMap(\.reqid))
            guard !saReqids.isEmpty else { continue }
            for p in towardsPeer where !p.reqids.isEmpty && saReqids.isDisjoint(with: p.reqids) {
                let pair = pair(for: p, fromA: side == "a")
                out.append(Difference(
                    item: .reqid, severity: .warning, confidence: 0.6, tunnelA: pair.a.name, tunnelB: pair.b.name,
                    summary: "\(from.name): the policy \(p.src) -> \(p.dst) wants reqid \(p.reqids.map(String.init).joined(separator: ",")), its SAs to \(to.name) carry \(saReqids.sorted().map(String.init).joined(separator: ",")): packets it matches find no SA",
                    evidenceA: side == "a" ? [p.origin] : [], evidenceB: side == "a" ? [] : [p.origin], faultySide: side,
                    fix: "on \(from.name): restart the tunnel so policies and SAs are installed together again"))
            }
        }
        return out
    }

    func pair(for p: KernelPolicy, fromA: Bool) -> TunnelPairing.Pair {
        pairs.first { pair in
            let t = fromA ? pair.a : pair.b
            return t.children.contains { c in c.localTS.contains { ConfigChecks.overlaps($0, p.src) } && c.remoteTS.contains { ConfigChecks.overlaps($0, p.dst) } }
        } ?? pairs[0]
    }
}
