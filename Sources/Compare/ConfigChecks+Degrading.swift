
/// The items that degrade a tunnel rather than stop it, and the IKE ports: where one end
/// listens against where the other sends, DPD, encapsulation, MOBIKE, rekey schedules.
extension ConfigChecks {
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
