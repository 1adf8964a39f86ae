
/// The CHILD SA items of the comparison: each child paired with its counterpart (same name, else
/// the most overlapping selectors), then its ESP proposals, PFS group and traffic selectors.
extension ConfigChecks {
    // MARK: CHILD SAs

    func children() -> [Difference] {
        var out: [Difference] = []
        var usedB = Set<Int>()
        for c in t.children {
            // Counterpart: same name, else the child whose selectors overlap most.
            let idx = u.children.indices.first { !usedB.contains($0) && u.children[$0].name == c.name }
                ?? u.children.indices.filter { !usedB.contains($0) }.max { overlap(c, u.children[$0]) < overlap(c, u.children[$1]) }
            guard let j = idx else { continue }
            usedB.insert(j)
            let d = u.children[j]
            if c.espKnown && d.espKnown { out += espProposals(c, d) }
            if c.selectorsKnown && d.selectorsKnown { out += selectors(c, d) }
        }
        return out
    }

    func overlap(_ c: ChildConfig, _ d: ChildConfig) -> Int {
        let l = Subnet.list(c.localTS), r = Subnet.list(c.remoteTS)
        let dl = Subnet.list(d.localTS), dr = Subnet.list(d.remoteTS)
        return (Subnet.anyOverlap(l, dr) ? 1 : 0) + (Subnet.anyOverlap(r, dl) ? 1 : 0)
    }

    func espProposals(_ c: ChildConfig, _ d: ChildConfig) -> [Difference] {
        var ea = DefaultProposals.effective(c.espProposals, dialect: t.dialect, ike: false)
        var eb = DefaultProposals.effective(d.espProposals, dialect: u.dialect, ike: false)
        ea.proposals = Self.libreswanPFS(ea.proposals, t, c, otherHasDH: eb.proposals.contains { !$0.dh.isEmpty })
        eb.proposals = Self.libreswanPFS(eb.proposals, u, d, otherHasDH: ea.proposals.contains { !$0.dh.isEmpty })
        if DefaultProposals.firstCommon(ea.proposals, eb.proposals, ike: false, checkDH: false) == nil {
            let (bad, _, want) = Self.weaker(c.espProposals, d.espProposals, ea.note, eb.note)
            let who = bad == "a" ? a.name : b.name
            let dia = bad == "a" ? t.dialect : u.dialect
            return [diff(.espProposal, .problem, 0.9,
                         "no common ESP proposal in \(c.name): \(a.name) offers \(ea.note), \(b.name) \(eb.note)" + unknownNote(ea.unknown + eb.unknown),
                         [c.lines["esp_proposals"] ?? c.lines["child"] ?? t.origin], [d.lines["esp_proposals"] ?? d.lines["child"] ?? u.origin],
                         faulty: bad, fix: "on \(who): \(setting(dia, "esp", want)) in child \(bad == "a" ? c.name : d.name), then \(reload(dia, bad == "a" ? t.name : u.name))")]
        }
        // The first CHILD SA takes its keys from IKE_AUTH; a DH group only matters at rekeying.
        if DefaultProposals.firstCommon(ea.proposals, eb.proposals, ike: false, checkDH: true) == nil {
            let ga = Set(ea.proposals.flatMap(\.dh)), gb = Set(eb.proposals.flatMap(\.dh))
            // IKEv1 has no IKE_AUTH shortcut: every Quick Mode, the first too, runs the PFS exchange.
            if t.ikeVersion == 1 || u.ikeVersion == 1, !ga.isEmpty, !gb.isEmpty {
                return [diff(.pfsGroup, .problem, 0.85,
                             "PFS groups differ in \(c.name) (\(a.name): \(ga.sorted().joined(separator: ",")), \(b.name): \(gb.sorted().joined(separator: ","))): IKEv1 Quick Mode fails from the first SA on",
                             [c.lines["pfs"] ?? c.lines["esp_proposals"] ?? t.origin], [d.lines["pfs"] ?? d.lines["esp_proposals"] ?? u.origin], faulty: nil,
                             fix: "use the same PFS group at both ends (racoon pfs_group, ipsec.conf quick group, Libreswan esp=...;modpNNNN or the IKE group with pfs=yes)")]
            }
            return [diff(.pfsGroup, .warning, 0.7,
                         "PFS groups differ in \(c.name) (\(a.name): \(ga.isEmpty ? "none" : ga.sorted().joined(separator: ",")), \(b.name): \(gb.isEmpty ? "none" : gb.sorted().joined(separator: ","))): the CHILD SA comes up, and its rekeying will fail",
                         [c.lines["esp_proposals"] ?? t.origin], [d.lines["esp_proposals"] ?? u.origin], faulty: nil,
                         fix: "name the same DH group (or none) in both ends' ESP proposals")]
        }
        return []
    }

    /// Libreswan's pfs=yes (its default) runs the CHILD SA's exchange with the IKE SA's DH group
    /// when `esp=` names none (ipsec.conf(5), `pfs=`). Applied only when the other end names a
    /// group, so it can remove a false PFS difference and never add one.
    static func libreswanPFS(_ e: [Proposal], _ tun: TunnelConfig, _ child: ChildConfig, otherHasDH: Bool) -> [Proposal] {
        guard tun.dialect == .libreswan, otherHasDH, child.lines["pfs"] == nil, e.allSatisfy({ $0.dh.isEmpty }) else { return e }
        let ike = DefaultProposals.effective(tun.ikeProposals, dialect: tun.dialect, ike: true).proposals
        let groups = ike.flatMap(\.dh).uniqued()
        return e.map { var p = $0; p.dh = groups; return p }
    }

    /// Mirrored selectors, per subnet pair: Libreswan negotiates one SA per (left, right) pair
    /// of leftsubnets={...}; strongSwan narrows to the overlap, Libreswan and IKEv1 do not.
    func selectors(_ c: ChildConfig, _ d: ChildConfig) -> [Difference] {
        let narrowing = t.dialect != .libreswan && u.dialect != .libreswan && t.ikeVersion != 1 && u.ikeVersion != 1
        var missing: [String] = []
        var narrowed: [String] = []
        let aPairs = c.localTS.flatMap { l in c.remoteTS.map { (l, $0) } }
        let bPairs = d.localTS.flatMap { l in d.remoteTS.map { (l, $0) } }   // from b: (b-local, b-remote)
        for (l, r) in aPairs {
            if bPairs.contains(where: { Self.sameNet($0.1, l) && Self.sameNet($0.0, r) }) { continue }
            if narrowing, bPairs.contains(where: { Self.overlaps($0.1, l) && Self.overlaps($0.0, r) }) { narrowed.append("\(l) <-> \(r)"); continue }
            missing.append("\(l) <-> \(r)")
        }
        var missingAtA: [String] = []
        for (bl, br) in bPairs where !aPairs.contains(where: { Self.sameNet($0.1, bl) && Self.sameNet($0.0, br) }) {
            if narrowing, aPairs.contains(where: { Self.overlaps($0.1, bl) && Self.overlaps($0.0, br) }) { continue }
            missingAtA.append("\(br) <-> \(bl)")
        }
        var out: [Difference] = []
        if !missing.isEmpty || !missingAtA.isEmpty {
            // A gateway owns its local subnets; the peer's remote view of them is what to fix.
            let aOwnsLocal = ownsAny(a, c.localTS), bOwnsLocal = ownsAny(b, d.localTS)
            let remoteAtBWrong = !Set(c.localTS.map(Self.canon)).isSubset(of: Set(d.remoteTS.map(Self.canon)))
            let remoteAtAWrong = !Set(d.localTS.map(Self.canon)).isSubset(of: Set(c.remoteTS.map(Self.canon)))
            var faulty: String? = nil
            var fix = "make \(a.name)'s local = \(b.name)'s remote and the reverse"
            if remoteAtBWrong && !remoteAtAWrong {
                faulty = "b"
                fix = "on \(b.name): \(setting(u.dialect, "ts.remote", c.localTS.joined(separator: ","))) in child \(d.name) (\(a.name)'s own subnets\(aOwnsLocal ? ", which its interfaces carry" : "")), then \(reload(u.dialect, u.name))"
            } else if remoteAtAWrong && !remoteAtBWrong {
                faulty = "a"
                fix = "on \(a.name): \(setting(t.dialect, "ts.remote", d.localTS.joined(separator: ","))) in child \(c.name) (\(b.name)'s own subnets\(bOwnsLocal ? ", which its interfaces carry" : "")), then \(reload(t.dialect, t.name))"
            }
            let pairs = (missing.map { "\(a.name) proposes \($0), \(b.name) has no mirror" }
                         + missingAtA.map { "\(b.name) proposes \($0) (seen from \(a.name)), \(a.name) has no mirror" })
            out.append(diff(.trafficSelectors, .problem, 0.9,
                            "traffic selectors of \(c.name) do not mirror: " + pairs.joined(separator: "; "),
                            [c.lines["local_ts"] ?? c.lines["child"] ?? t.origin, c.lines["remote_ts"] ?? t.origin].uniqued(),
                            [d.lines["local_ts"] ?? d.lines["child"] ?? u.origin, d.lines["remote_ts"] ?? u.origin].uniqued(),
                            faulty: faulty, fix: fix))
        } else if !narrowed.isEmpty {
            out.append(diff(.trafficSelectors, .info, 0.3,
                            "selectors of \(c.name) are not identical but overlap; strongSwan narrows them to: " + narrowed.joined(separator: "; "),
                            [c.lines["local_ts"] ?? t.origin], [d.lines["remote_ts"] ?? u.origin], faulty: nil,
                            fix: "make them identical if traffic outside the overlap should be tunnelled"))
        }
        if c.localTS.count > 1 || c.remoteTS.count > 1 || d.localTS.count > 1 || d.remoteTS.count > 1,
           t.dialect == .libreswan || u.dialect == .libreswan, missing.isEmpty, missingAtA.isEmpty {
            out.append(diff(.trafficSelectors, .info, 0.2,
                            "\(c.name) lists several subnets: Libreswan makes one SA per subnet pair (\(aPairs.count) here); replies must return on the SA of their pair",
                            [c.lines["local_ts"] ?? t.origin], [d.lines["local_ts"] ?? u.origin], faulty: nil,
                            fix: "keep both ends' subnet lists identical (see child.leftsubnets-asymmetric)"))
        }
        return out
    }

    func ownsAny(_ g: Gateway, _ ts: [String]) -> Bool {
        let nets = Subnet.list(ts)
        return g.addresses.contains { addr in Subnet(addr).map { a in nets.contains { $0.contains(a) } } ?? false }
    }

    static func canon(_ s: String) -> String {
        guard let c = Subnet(s) else { return s.lowercased() }
        return c.description
    }
    static func sameNet(_ x: String, _ y: String) -> Bool { canon(x) == canon(y) }
    static func overlaps(_ x: String, _ y: String) -> Bool {
        guard let a = Subnet(x), let b = Subnet(y) else { return x == y }
        return a.overlaps(b)
    }
}
