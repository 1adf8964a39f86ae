/// The item-by-item comparison of two ends of one tunnel's configuration, in negotiation order:
/// IKE version and mode, IKE proposals, identities and authentication, then each CHILD SA's
/// proposals, PFS group and selectors, then the settings that only degrade a tunnel.
struct ConfigChecks {
    let a: Gateway, b: Gateway
    let t: TunnelConfig, u: TunnelConfig

    var names: (String, String) { (a.name, b.name) }

    func diff(_ item: Difference.Item, _ sev: Difference.Severity, _ conf: Double, _ summary: String,
              _ ea: [SourceLine], _ eb: [SourceLine], faulty: String?, fix: String) -> Difference {
        Difference(item: item, severity: sev, confidence: conf, tunnelA: t.name, tunnelB: u.name, summary: summary,
                   evidenceA: ea, evidenceB: eb, faultySide: faulty, fix: fix)
    }

    func all() -> [Difference] {
        var out: [Difference] = []
        out += version()
        out += exchangeMode()
        out += ikeProposals()
        out += loggedProposalRefusals()
        out += identities()
        out += addresses()
        out += ports()
        out += authMethods()
        out += children()
        out += minor()
        return out
    }

    /// Both ends' settings beyond addresses, identities, authentication and selectors are
    /// known (neither was read from a daemon's listing alone).
    var bothSettingsKnown: Bool { t.settingsKnown && u.settingsKnown }

    static func versionName(_ v: Int?) -> String { v == 0 ? "IKEv1 or IKEv2" : v.map { "IKEv\($0)" } ?? "unknown" }

    func setting(_ d: Dialect, _ key: String, _ value: String) -> String {
        switch (d, key) {
        case (.swanctl, "version"): return "version = \(value)"
        case (.strongswanStroke, "version"): return "keyexchange=ikev\(value)"
        case (.libreswan, "version"): return value == "2" ? "ikev2=insist (Libreswan 3) / ikev2=yes (4+)" : "ikev2=no"
        case (.swanctl, "addrs.remote"): return "remote_addrs = \(value)"
        case (_, "addrs.remote"): return "right=\(value)"
        case (.swanctl, "id.remote"): return "remote { id = \(value) }"
        case (.swanctl, "id.local"): return "local { id = \(value) }"
        case (_, "id.remote"): return "rightid=\(value)"
        case (_, "id.local"): return "leftid=\(value)"
        case (.swanctl, "ts.remote"): return "remote_ts = \(value)"
        case (.swanctl, "ts.local"): return "local_ts = \(value)"
        case (_, "ts.remote"): return value.contains(",") ? "rightsubnets={\(value)}" : "rightsubnet=\(value)"
        case (_, "ts.local"): return value.contains(",") ? "leftsubnets={\(value)}" : "leftsubnet=\(value)"
        case (.racoon, "id.local"): return "my_identifier (address|fqdn|user_fqdn) \(value);"
        case (.racoon, "id.remote"): return "peers_identifier (address|fqdn|user_fqdn) \(value); verify_identifier on;"
        case (.racoon, "ts.local"), (.racoon, "ts.remote"): return "a sainfo (or setkey policy) for \(value)"
        case (.racoon, "ike"): return "proposal { ... } blocks for \(value)"
        case (.racoon, "esp"): return "sainfo encryption_algorithm/authentication_algorithm/pfs_group for \(value)"
        case (.isakmpd, "id.local"), (.iked, "id.local"): return "srcid \(value)"
        case (.isakmpd, "id.remote"), (.iked, "id.remote"): return "dstid \(value)"
        case (.isakmpd, "ts.local"), (.iked, "ts.local"): return "from \(value)"
        case (.isakmpd, "ts.remote"), (.iked, "ts.remote"): return "to \(value)"
        case (.isakmpd, "ike"): return "main auth ... enc ... group ... (for \(value))"
        case (.isakmpd, "esp"): return "quick auth ... enc ... group ... (for \(value))"
        case (.iked, "ike"): return "ikesa enc ... auth ... prf ... group ... (for \(value))"
        case (.iked, "esp"): return "childsa enc ... auth ... group ... (for \(value))"
        case (.illumos, "id.local"): return "local_id \"\(value)\""
        case (.illumos, "id.remote"): return "remote_id \"\(value)\""
        case (.illumos, "ike"): return "p1_xform { ... } for \(value)"
        case (.illumos, "esp"): return "ipsecinit.conf ipsec { encr_algs ... encr_auth_algs ... } for \(value)"
        case (.illumos, "ts.local"): return "ipsecinit.conf laddr \(value)"
        case (.illumos, "ts.remote"): return "ipsecinit.conf raddr \(value)"
        case (.swanctl, "ike"): return "proposals = \(value)"
        case (_, "ike"): return "ike=\(value)"
        case (.swanctl, "esp"): return "esp_proposals = \(value)"
        case (_, "esp"): return "esp=\(value)"
        default: return "\(key) = \(value)"
        }
    }

    func reload(_ d: Dialect, _ tunnel: String) -> String {
        switch d {
        case .swanctl: return "swanctl --load-conns"
        case .strongswanStroke: return "ipsec update"
        case .libreswan: return "ipsec auto --replace \(tunnel)"
        case .racoon: return "racoonctl reload-config"
        case .isakmpd: return "ipsecctl -f /etc/ipsec.conf"
        case .iked: return "ikectl reload"
        case .illumos: return "ikeadm -n read rule, or svcadm refresh ike"
        }
    }

    // MARK: phase 1

    func version() -> [Difference] {
        guard let va = t.ikeVersion, let vb = u.ikeVersion, va != 0, vb != 0, va != vb else { return [] }
        // Prefer IKEv2: the fix goes to the IKEv1 end unless it cannot speak IKEv2 (racoon,
        // isakmpd, illumos in.iked), then to the other end.
        var (bad, badT, other) = va == 1 ? ("a", t, vb) : ("b", u, va)
        if badT.dialect.ikev1Only {
            let otherT = bad == "a" ? u : t
            if otherT.dialect == .iked {
                return [diff(.ikeVersion, .problem, 0.95,
                             "\(a.name) speaks \(Self.versionName(va)), \(b.name) \(Self.versionName(vb)), and neither daemon speaks the other's version (\(t.dialect.rawValue), \(u.dialect.rawValue))",
                             [t.line("version")], [u.line("version")], faulty: nil,
                             fix: "run a daemon that speaks both versions at one end (OpenBSD: isakmpd for IKEv1 next to iked; Linux: strongSwan or Libreswan)")]
            }
            (bad, badT, other) = bad == "a" ? ("b", u, 1) : ("a", t, 1)
        }
        let who = bad == "a" ? a.name : b.name
        return [diff(.ikeVersion, .problem, 0.95,
                     "\(a.name) speaks \(Self.versionName(va)), \(b.name) \(Self.versionName(vb)): they never agree on an IKE SA",
                     [t.line("version")], [u.line("version")], faulty: bad,
                     fix: "on \(who): \(setting(badT.dialect, "version", String(other))) in connection \(badT.name), then \(reload(badT.dialect, badT.name)) (or set the other end to IKEv\(va == 1 ? 1 : vb == 1 ? 1 : 2) if this one cannot speak IKEv\(other))")]
    }

    func exchangeMode() -> [Difference] {
        guard t.ikeVersion != 2, u.ikeVersion != 2, (t.ikeVersion == 1 || u.ikeVersion == 1) else { return [] }
        if t.acceptsEitherMode || u.acceptsEitherMode || !bothSettingsKnown { return [] }
        let ma = t.aggressive ?? false, mb = u.aggressive ?? false
        guard ma != mb else { return [] }
        let bad = ma ? "a" : "b"
        return [diff(.exchangeMode, .problem, 0.8,
                     "IKEv1 \(ma ? "Aggressive" : "Main") Mode at \(a.name), \(mb ? "Aggressive" : "Main") Mode at \(b.name)",
                     [t.line("aggressive")], [u.line("aggressive")], faulty: bad,
                     fix: "on \(bad == "a" ? a.name : b.name): use Main Mode (aggressive = no / aggrmode=no) unless both ends need Aggressive Mode")]
    }

    func ikeProposals() -> [Difference] {
        guard t.ikeVersion == nil || u.ikeVersion == nil || t.ikeVersion == 0 || u.ikeVersion == 0 || t.ikeVersion == u.ikeVersion,
              bothSettingsKnown else { return [] }
        let ea = DefaultProposals.effective(t.ikeProposals, dialect: t.dialect, ike: true)
        let eb = DefaultProposals.effective(u.ikeProposals, dialect: u.dialect, ike: true)
        if DefaultProposals.firstCommon(ea.proposals, eb.proposals, ike: true) != nil { return [] }
        let (bad, fixTunnel, want) = Self.weaker(t.ikeProposals, u.ikeProposals, ea.note, eb.note)
        let who = bad == "a" ? a.name : b.name
        let d = bad == "a" ? t.dialect : u.dialect
        return [diff(.ikeProposal, .problem, 0.9,
                     "no common IKE proposal: \(a.name) offers \(ea.note), \(b.name) \(eb.note)"
                        + unknownNote(ea.unknown + eb.unknown),
                     [t.line("proposals")], [u.line("proposals")], faulty: bad,
                     fix: "on \(who): \(setting(d, "ike", want)) in connection \(fixTunnel == "a" ? t.name : u.name) (align on the stronger suite), then \(reload(d, fixTunnel == "a" ? t.name : u.name)); or add the other's proposal on the other end")]
    }

    func unknownNote(_ u: [String]) -> String {
        u.isEmpty ? "" : " (keywords not understood, left out: \(Set(u).sorted().joined(separator: ", ")))"
    }

    /// Which side to change when proposals share nothing: the one whose configured suite is
    /// weaker moves to the stronger one (never weaken a tunnel to make it work).
    static func weaker(_ pa: [String]?, _ pb: [String]?, _ na: String, _ nb: String) -> (String, String, String) {
        func strength(_ list: [String]?) -> Int {
            guard let list else { return 1000 }   // defaults: strong and broad
            return list.map { s -> Int in
                let p = Proposal.parse(s, ike: true).0
                let enc = p.encryption.map { e in (e.contains("256") ? 3 : e.contains("192") ? 2 : 1) + (Proposal.isAEAD(e) ? 1 : 0) }.max() ?? 0
                let integ = p.integrity.map { ["sha512": 3, "sha384": 2, "sha256": 1][$0] ?? 0 }.max() ?? 0
                let dh = p.dh.map { ["modp3072": 2, "modp4096": 3, "modp6144": 3, "modp8192": 3, "ecp256": 3, "ecp384": 4,
                                     "ecp521": 4, "curve25519": 4, "curve448": 4, "modp2048": 1][$0] ?? 0 }.max() ?? 0
                return enc * 100 + dh * 10 + integ
            }.max() ?? 0
        }
        if strength(pa) <= strength(pb) { return ("a", "a", (pb ?? ["default"]).joined(separator: ",")) }
        return ("b", "b", (pa ?? ["default"]).joined(separator: ","))
    }

    /// The identity a side sends: its configured local id, else its address.
    static func sentID(_ t: TunnelConfig, _ g: Gateway) -> String? {
        t.localID ?? t.localAddrs.first { !TunnelPairing.isWildcard($0) } ?? g.addresses.sorted().first
    }

    func identities() -> [Difference] {
        var out: [Difference] = []
        for (from, to, sender, receiver, fromName, toName, fromSide) in [(t, u, a, b, a.name, b.name, "b"), (u, t, b, a, b.name, a.name, "a")] {
            guard let sent = Self.sentID(from, sender), let expected = to.remoteID, !Identity.accepts(expected, sent) else { continue }
            _ = receiver
            out.append(diff(.identity, .problem, 0.9,
                            "\(fromName) sends the identity '\(sent)', \(toName) expects '\(expected)': no matching peer config",
                            fromSide == "b" ? [t.line("local.id")] : [t.line("remote.id")],
                            fromSide == "b" ? [u.line("remote.id")] : [u.line("local.id")],
                            faulty: fromSide,
                            fix: "on \(toName): \(setting(to.dialect, "id.remote", sent)) in connection \(to.name), then \(reload(to.dialect, to.name)) (a gateway's own identity is the authority; the expectation of it is what drifted)"))
        }
        return out
    }

    /// Each side's remote address must be where the other is: else the daemon finds no config
    /// for the address pair a request comes from ("no IKE config found for A...B", pluto's "no
    /// suitable connection"). Only when both are plain addresses or prefixes (a DNS name or
    /// %any decides nothing) and the sender's own address is not private: behind NAT the peer
    /// rightly expects the public address, which no snapshot of the sender shows.
    func addresses() -> [Difference] {
        var out: [Difference] = []
        for (from, to, sender, fromName, toName, faulty) in [(t, u, a, a.name, b.name, "b"), (u, t, b, b.name, a.name, "a")] {
            let expected = to.remoteAddrs.filter { !TunnelPairing.isWildcard($0) }
            guard !expected.isEmpty, expected.allSatisfy({ Subnet($0) != nil }),
                  let own = (from.localAddrs.filter { !TunnelPairing.isWildcard($0) && Subnet($0) != nil } + sender.addresses.sorted()).first,
                  !Self.isPrivate(own),
                  TunnelPairing.addressesMatch(to.remoteAddrs, owner: sender, local: from.localAddrs) == false else { continue }
            out.append(diff(.addresses, .problem, 0.85,
                            "\(toName) expects its peer at \(expected.joined(separator: ",")), but \(fromName) is at \(own): \(toName) has no config for that address pair",
                            faulty == "b" ? [t.line("local_addrs")] : [t.line("remote_addrs")],
                            faulty == "b" ? [u.line("remote_addrs")] : [u.line("local_addrs")],
                            faulty: faulty,
                            fix: "on \(toName): \(setting(to.dialect, "addrs.remote", own)) in connection \(to.name), then \(reload(to.dialect, to.name))"))
        }
        return out
    }

    /// RFC 1918 and shared (RFC 6598) IPv4 space: likely behind NAT.
    static func isPrivate(_ a: String) -> Bool {
        let o = a.split(separator: ".").compactMap { Int($0) }
        guard o.count == 4 else { return false }
        return o[0] == 10 || (o[0] == 192 && o[1] == 168) || (o[0] == 172 && (16...31).contains(o[1])) || (o[0] == 100 && (64...127).contains(o[1]))
    }

    static func authKind(_ s: String?) -> String? {
        guard var a = s?.lowercased() else { return nil }
        if let c = a.firstIndex(of: "-") { a = String(a[..<c]) }
        if a.hasPrefix("pubkey") || a.hasPrefix("rsa") || a.hasPrefix("ecdsa") || a == "cert" { return "pubkey" }
        if a.hasPrefix("eap") { return "eap" }
        if a.hasPrefix("xauth") { return "xauth" }
        return a
    }

    func authMethods() -> [Difference] {
        var out: [Difference] = []
        for (from, to, fromName, toName, faulty) in [(t, u, a.name, b.name, "b"), (u, t, b.name, a.name, "a")] {
            guard let sent = Self.authKind(from.localAuth), let wanted = Self.authKind(to.remoteAuth), sent != wanted else { continue }
            if wanted == "any" || sent == "any" { continue }
            out.append(diff(.authMethod, .problem, 0.85,
                            "\(fromName) authenticates with \(sent), \(toName) expects \(wanted) from it",
                            faulty == "b" ? [t.line("local.auth")] : [t.line("remote.auth")],
                            faulty == "b" ? [u.line("remote.auth")] : [u.line("local.auth")],
                            faulty: nil,
                            fix: "agree on one method: on \(toName) expect \(sent) (remote auth), or on \(fromName) authenticate with \(wanted), then reload both"))
        }
        return out
    }

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

    // MARK: what degrades a tunnel

    /// The IKE ports: where one end's daemon listens against where the other sends (its
    /// `remote_port` / `rightikeport`, default 500, then 4500 after the NAT-T/MOBIKE switch).
    /// charon listens where strongswan.conf says (`charon.port`, `port_nat_t`:
    /// StrongswanConfExtractor's facts; only ends whose strongswan.conf was read are checked);
    /// Libreswan's pluto on 500 and 4500 and on the connection's own `leftikeport` (ipsec.conf
    /// alone tells).
    func ports() -> [Difference] {
        var out: [Difference] = []
        func number(_ g: Gateway, _ name: String) -> Int? {
            if case let .number(n)? = g.facts.value(name) { return Int(n) }
            return nil
        }
        func line(_ g: Gateway, _ name: String) -> SourceLine {
            let p = g.facts[name]?.provenance.first
            // the gateway's name before the file, as its other lines read (`a/swanctl.conf:2`)
            let file = p?.source ?? "strongswan.conf"
            return SourceLine(file: file.hasPrefix("/") ? "\(g.name):\(file)" : "\(g.name)/\(file)", line: p?.line, text: p?.excerpt)
        }
        for (x, y, tx, ty, xIsA) in [(a, b, t, u, true), (b, a, u, t, false)] {
            // where an end read from its daemon's listing sends, the listing does not say
            guard ty.settingsKnown else { continue }
            let sends = ty.sendsTo
            let sendLine = ty.lines["remote_port"] ?? ty.lines["local_port"] ?? ty.origin
            let setting = ty.dialect == .swanctl ? "remote_port" : "rightikeport"
            if tx.dialect == .libreswan {
                let listens = [500, 4500] + (tx.localPort.map { [$0] } ?? [])
                guard !listens.contains(sends) else { continue }
                let lx = [tx.lines["local_port"] ?? tx.origin], ly = [sendLine]
                let own = tx.localPort.map { " and on \($0) (leftikeport)" } ?? ""
                out.append(diff(.ikePorts, .problem, 0.75,
                                "\(x.name)'s pluto listens for IKE on UDP 500 and 4500\(own), \(y.name) sends to \(sends) (\(setting)): its requests reach nothing and it sees no response",
                                xIsA ? lx : ly, xIsA ? ly : lx, faulty: tx.localPort == nil ? y.name : x.name,
                                fix: "give \(x.name)'s connection leftikeport=\(sends), or remove \(setting) from \(y.name)'s connection so that it sends to 500"))
                continue
            }
            func add(_ listenFact: String, _ listen: Int, _ summary: String, _ conf: Double, _ fix: String) {
                let lx = [line(x, listenFact)], ly = [sendLine]
                out.append(diff(.ikePorts, .problem, conf, summary, xIsA ? lx : ly, xIsA ? ly : lx,
                                faulty: listen == 500 || listen == 4500 ? y.name : x.name, fix: fix))
            }
            if let listen = number(x, "strongswan.ike_port"), listen != sends {
                add("strongswan.ike_port", listen,
                    "\(x.name)'s charon listens for IKE on UDP \(listen == 0 ? "a random port" : String(listen)) (strongswan.conf), \(y.name) sends to \(sends)\(ty.remotePort == nil ? " (the default)" : ""): its requests reach nothing and it sees no response",
                    0.75, listen == 500
                        ? "remove \(setting) from \(y.name)'s connection so that it sends to 500, or set port = \(sends) in \(x.name)'s strongswan.conf (charon { })"
                        : "give \(y.name)'s connection remote_port = \(listen) (ipsec.conf: rightikeport=\(listen)), or remove port from \(x.name)'s strongswan.conf so that it listens on 500")
            } else if let nat = number(x, "strongswan.nat_t_port"), nat != 4500, sends == 500 {
                add("strongswan.nat_t_port", nat,
                    "\(x.name)'s charon uses UDP \(nat == 0 ? "a random port" : String(nat)) for NAT-T (strongswan.conf port_nat_t), \(y.name) switches to 4500 once NAT or MOBIKE is detected: IKE_AUTH and everything after it reach nothing",
                    0.6, "remove port_nat_t from \(x.name)'s strongswan.conf (back to 4500), or give \(y.name)'s connection remote_port = \(nat) so that it never switches")
            }
        }
        return out
    }

    func minor() -> [Difference] {
        var out: [Difference] = []
        guard bothSettingsKnown else { return out }
        if (t.dpdDelay == nil) != (u.dpdDelay == nil) {
            out.append(diff(.dpd, .info, 0.2, "dead peer detection at one end only (\(a.name): \(t.dpdDelay ?? "off"), \(b.name): \(u.dpdDelay ?? "off")): a dead peer is noticed by one side only",
                            [t.line("dpd_delay")], [u.line("dpd_delay")], faulty: nil, fix: "set dpd_delay (dpddelay=) on both ends"))
        }
        let fa = ["yes", "true"].contains(t.encap?.lowercased() ?? ""), fb = ["yes", "true"].contains(u.encap?.lowercased() ?? "")
        if fa != fb {
            out.append(diff(.encapsulation, .info, 0.2, "UDP encapsulation forced at \(fa ? a.name : b.name) only: ESP goes in UDP 4500 one way, which firewalls must allow",
                            [t.line("encap")], [u.line("encap")], faulty: nil, fix: "force encapsulation on both ends or neither"))
        }
        // MOBIKE is IKEv2 only; strongSwan enables it by default, Libreswan does not.
        func mobike(_ x: TunnelConfig) -> String { x.mobike?.lowercased() ?? (x.dialect == .libreswan ? "no" : "yes") }
        if t.ikeVersion != 1, u.ikeVersion != 1, mobike(t) != mobike(u) {
            out.append(diff(.mobike, .info, 0.2, "MOBIKE \(mobike(t)) at \(a.name)\(t.mobike == nil ? " (default)" : ""), \(mobike(u)) at \(b.name)\(u.mobike == nil ? " (default)" : ""): it is used only if both support it, so address changes are not followed",
                            [t.line("mobike")], [u.line("mobike")], faulty: nil, fix: "set mobike the same on both ends"))
        }
        out += lifetimes()
        return out
    }
}

extension ConfigChecks {
    /// Seconds of a strongSwan/Libreswan time value: `3600`, `60m`, `1h`, `1d`, `20m`.
    static func seconds(_ v: String?) -> Double? {
        guard var t = v?.lowercased().trimmingCharacters(in: .whitespaces), !t.isEmpty else { return nil }
        var mult = 1.0
        if let last = t.last, let m = ["s": 1.0, "m": 60, "h": 3600, "d": 86400][String(last)] { mult = m; t.removeLast() }
        return Double(t).map { $0 * mult }
    }

    /// When one end rekeys a CHILD SA and when the SA expires there, in seconds, and whether a
    /// random part is added to the rekey time (nil: this daemon's schedule is not known).
    struct RekeySchedule {
        var rekeyAt: Double?
        var expiresAt: Double?
        var jitter: Bool
    }

    /// Each daemon's schedule from its settings and defaults: swanctl.conf(5) (rekey_time 1h,
    /// life_time 110 % of it, rand_time the difference); strongSwan ipsec.conf(5) (lifetime 1h,
    /// margintime 9m, rekeyfuzz 100 %); Libreswan ipsec.conf(5) (salifetime 8h, rekeymargin 9m,
    /// rekeyfuzz 100 %); illumos ike.config(5) (soft expiry at 90 % of p2_lifetime_secs, no
    /// random part). racoon, isakmpd and iked: the expiry only.
    static func schedule(_ t: TunnelConfig, _ c: ChildConfig) -> RekeySchedule {
        func fuzzOff(_ v: String?) -> Bool { v.map { $0.trimmingCharacters(in: .whitespaces).hasPrefix("0") } ?? false }
        switch t.dialect {
        case .swanctl:
            let rekey = seconds(c.rekeyTime) ?? 3600
            let life = seconds(c.lifeTime) ?? rekey * 1.1
            return RekeySchedule(rekeyAt: rekey, expiresAt: life, jitter: !(fuzzOff(c.rekeyJitter) || (c.rekeyJitter == nil && life <= rekey)))
        case .strongswanStroke, .libreswan:
            let life = seconds(c.rekeyTime) ?? (t.dialect == .libreswan ? 28800 : 3600)
            let margin = seconds(c.rekeyMargin) ?? 540
            return RekeySchedule(rekeyAt: life - margin, expiresAt: life, jitter: !fuzzOff(c.rekeyJitter))
        case .illumos:
            let life = seconds(c.lifeTime)
            return RekeySchedule(rekeyAt: life.map { $0 * 0.9 }, expiresAt: life, jitter: false)
        case .racoon, .isakmpd, .iked:
            return RekeySchedule(rekeyAt: nil, expiresAt: seconds(c.lifeTime), jitter: true)
        }
    }

    /// CHILD SA lifetimes, both ends' together: an SA that one end lets expire before the
    /// other's rekey time is always replaced by the first end; two ends that rekey at the same
    /// moment without a random part both start a rekeying at once (a collision: duplicate SAs
    /// with IKEv1, a collision exchange and a CPU spike per tunnel with IKEv2 on a gateway of
    /// many tunnels, as the OpenBSD journal's isakmpd write-up describes).
    func lifetimes() -> [Difference] {
        var out: [Difference] = []
        for c in t.children {
            guard let d = u.children.first(where: { $0.name == c.name }) ?? (u.children.count == 1 ? u.children.first : nil) else { continue }
            let sa = Self.schedule(t, c), sb = Self.schedule(u, d)
            let lifeLineA = c.lines["life_time"] ?? c.lines["rekey_time"] ?? t.origin
            let lifeLineB = d.lines["life_time"] ?? d.lines["rekey_time"] ?? u.origin
            for (mine, theirs, me, peer, myLine, theirLine, aFirst) in [(sa, sb, a.name, b.name, lifeLineA, lifeLineB, true),
                                                                        (sb, sa, b.name, a.name, lifeLineB, lifeLineA, false)] {
                guard let expires = mine.expiresAt, let rekey = theirs.rekeyAt, expires < rekey else { continue }
                out.append(diff(.lifetimes, .info, 0.2,
                                "\(c.name): \(me)'s CHILD SA expires after \(Int(expires)) s, before \(peer) would rekey it (\(Int(rekey)) s): \(me) always rekeys, and if it only responds the SA lapses",
                                aFirst ? [myLine] : [theirLine], aFirst ? [theirLine] : [myLine], faulty: nil,
                                fix: "give both ends the same CHILD SA lifetime (swanctl rekey_time/life_time, ipsec.conf lifetime/salifetime and margintime, racoon sainfo lifetime, iked lifetime)"))
            }
            if let ra = sa.rekeyAt, let rb = sb.rekeyAt, !sa.jitter, !sb.jitter, abs(ra - rb) <= max(1, 0.01 * max(ra, rb)) {
                out.append(diff(.lifetimes, .warning, 0.5,
                                "\(c.name): both ends rekey at \(Int(ra)) s with no random part: they start a rekeying at the same moment (\(t.ikeVersion == 1 || u.ikeVersion == 1 ? "IKEv1: two SAs each time" : "a rekey collision each time"))",
                                [lifeLineA], [lifeLineB], faulty: nil,
                                fix: "leave a random part at one end at least (ipsec.conf rekeyfuzz=100%, swanctl rand_time) or give one end a shorter lifetime so it always rekeys first"))
            }
        }
        return out
    }
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] { var seen = Set<Element>(); return filter { seen.insert($0).inserted } }
}
