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
}

extension Array where Element: Hashable {
    func uniqued() -> [Element] { var seen = Set<Element>(); return filter { seen.insert($0).inserted } }
}
