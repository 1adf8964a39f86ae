import Engine
import Facts
import RuleBase

/// `compare A B`: both gateways, their tunnels paired, every difference ranked, and the
/// diagnosis catalogue run on each side with what the other side showed as `peer.*` facts.
public struct Comparison: Sendable {
    public struct TunnelResult: Sendable {
        public var a: String
        public var b: String
        public var differences: [Difference]
        /// Keys compared through fingerprints and found equal.
        public var pskEqual: Bool?
        public var pskNote: String?
        public var ikeProposal: String?
        public var saEstablished: Bool
    }

    public var a: Gateway
    public var b: Gateway
    public var tunnels: [TunnelResult]
    public var onlyA: [String]
    public var onlyB: [String]
    /// Every difference of every tunnel, most likely single cause first.
    public var differences: [Difference]
    public var diagnosisA: Diagnosis?
    public var diagnosisB: Diagnosis?

    public static func run(_ a: Gateway, _ b: Gateway, base: RuleBase? = nil) -> Comparison {
        let a = a.oriented(against: b)
        let b = b.oriented(against: a)
        let (pairs, onlyA, onlyB) = TunnelPairing.pairs(a, b)
        var results: [TunnelResult] = []
        for p in pairs {
            var ds = ConfigChecks(a: a, b: b, t: p.a, u: p.b).all()
            let secrets = SecretChecks(a: a, b: b, t: p.a, u: p.b)
            var pskEqual: Bool?
            var note: String?
            switch secrets.check() {
            case .equal: pskEqual = true
            case let .differ(d): pskEqual = false; ds.append(d)
            case let .unknown(why): note = why
                if let d = secrets.inferred(otherDifferences: ds) { ds.append(d) }
            }
            ds += StateChecks(a: a, b: b, t: p.a, u: p.b).all()
            let ea = DefaultProposals.effective(p.a.ikeProposals, dialect: p.a.dialect, ike: true)
            let eb = DefaultProposals.effective(p.b.ikeProposals, dialect: p.b.dialect, ike: true)
            let up = a.sas.contains { $0.ike == p.a.name } && b.sas.contains { $0.ike == p.b.name }
            results.append(TunnelResult(a: p.a.name, b: p.b.name, differences: Difference.ranked(ds), pskEqual: pskEqual, pskNote: note,
                                        ikeProposal: p.a.settingsKnown && p.b.settingsKnown
                                            ? DefaultProposals.firstCommon(ea.proposals, eb.proposals, ike: true)?.description : nil,
                                        saEstablished: up))
        }
        // Kernel policies are the gateways', not a tunnel's: each difference goes to the tunnel
        // whose selectors it concerns, so a per-tunnel state (fleet's map) sees it too.
        for d in PolicyChecks(a: a, b: b, pairs: pairs).all() {
            guard let k = results.firstIndex(where: { $0.a == d.tunnelA && $0.b == d.tunnelB }) else { continue }
            results[k].differences = Difference.ranked(results[k].differences + [d])
        }
        var all = results.flatMap(\.differences)
        // A tunnel one side has and the other lacks, while the other has no tunnel at all towards it.
        for t in onlyA where t.remoteAddrs.contains(where: { b.addresses.contains($0) }) {
            all.append(Difference(item: .tunnelMissing, severity: .problem, confidence: 0.8, tunnelA: t.name, tunnelB: "-",
                                  summary: "\(a.name) has tunnel \(t.name) towards \(b.name), which has no tunnel for \(a.name)'s addresses or identity",
                                  evidenceA: [t.origin], evidenceB: [], faultySide: "b",
                                  fix: "on \(b.name): add the connection mirroring \(t.name) (local and remote swapped)"))
        }
        for u in onlyB where u.remoteAddrs.contains(where: { a.addresses.contains($0) }) {
            all.append(Difference(item: .tunnelMissing, severity: .problem, confidence: 0.8, tunnelA: "-", tunnelB: u.name,
                                  summary: "\(b.name) has tunnel \(u.name) towards \(a.name), which has no tunnel for \(b.name)'s addresses or identity",
                                  evidenceA: [], evidenceB: [u.origin], faultySide: "a",
                                  fix: "on \(a.name): add the connection mirroring \(u.name) (local and remote swapped)"))
        }
        var c = Comparison(a: a, b: b, tunnels: results, onlyA: onlyA.map(\.name), onlyB: onlyB.map(\.name),
                           differences: Difference.ranked(all))
        if let base {
            let engine = InferenceEngine(base: base)
            c.diagnosisA = engine.run(c.facts(forA: true))
            c.diagnosisB = engine.run(c.facts(forA: false))
            CrossSideExplanation.apply(&c.diagnosisA, &c.diagnosisB, base: base)
        }
        return c
    }

    /// The verdict, as `diagnose` has it: a problem difference or a problem diagnosis is a
    /// problem; no tunnel paired is inconclusive.
    public var verdict: Verdict {
        if differences.contains(where: { $0.severity == .problem }) { return .problem }
        if diagnosisA?.verdict == .problem || diagnosisB?.verdict == .problem { return .problem }
        if tunnels.isEmpty { return .inconclusive }
        return .healthy
    }
}

extension Gateway {
    /// ipsec.conf names no "local" end: where the snapshot has no interface addresses to tell
    /// (a folder of configuration files only), the end the peer claims as its own is the peer's.
    /// One file serving both gateways, as in Libreswan's test suite, is then read from each side.
    func oriented(against peer: Gateway) -> Gateway {
        guard interfaceAddresses.isEmpty else { return self }
        var g = self
        var changed = false
        // The gateway's own kernel policies say which end it is (the template of an outbound
        // policy starts here); only without them is the peer's claim used.
        let own = Set(policies.compactMap { $0.dir == "out" ? $0.tmplSrc : $0.dir == "in" ? $0.tmplDst : nil })
        g.tunnels = tunnels.map { t in
            guard t.dialect.orientedByAddress else { return t }
            let mirror = own.isEmpty
                ? t.localAddrs.contains(where: peer.addresses.contains) && !t.remoteAddrs.contains(where: peer.addresses.contains)
                : t.remoteAddrs.contains(where: own.contains) && !t.localAddrs.contains(where: own.contains)
            guard mirror else { return t }
            changed = true
            return t.mirrored()
        }
        if changed {
            g.addresses = Set(g.tunnels.flatMap { $0.localAddrs.filter { !TunnelPairing.isWildcard($0) } })
        }
        return g
    }
}
