import Parsers

/// Follows one packet through one host, stage by stage in the kernel's order:
/// forwarded: PREROUTING nat → routing → forwarding switch → SPD (fwd check, out lookup) →
/// FORWARD filter → POSTROUTING nat (and the SPD again when NAT changed the packet) → SA;
/// local: routing → SPD → OUTPUT filter → POSTROUTING nat → SA.
/// Then the ESP packet: its route, OUTPUT filter and size against the route's MTU.
public struct Tracer {
    public var host: HostModel

    public init(host: HostModel) { self.host = host }

    /// Collects steps as the stages run.
    struct Run {
        var steps: [TraceStep] = []
        var warnings: [TraceWarning] = []
        /// The source before POSTROUTING NAT rewrote it.
        var originalSrc: CIDR?
        /// The interface routing chose for the (inner) packet.
        var outDev: String?
        var policy: TraceEvidence?
        var uncertain: Bool { steps.contains { $0.uncertain } }
        mutating func add(_ stage: TraceStage, _ text: String, _ ev: [TraceEvidence] = [], uncertain: Bool = false) {
            steps.append(TraceStep(stage, text, evidence: ev, uncertain: uncertain))
        }
    }

    public func trace(_ packet: TracePacket) -> TraceResult {
        var run = Run()
        let verdict = follow(packet, &run)
        var result = TraceResult(host: host.name, packet: packet, verdict: verdict.0)
        result.steps = run.steps
        result.warnings = run.warnings
        result.outer = verdict.1
        result.outDev = run.outDev
        result.policy = run.policy
        // A drop or encryption that rests on an unmodelled match is not certain.
        if run.uncertain, result.verdict.outcome != .unknown {
            result.warnings.append(TraceWarning("a step above rests on something trace does not model (marked ?): the verdict holds only if that rule does not match"))
        }
        return result
    }

    func isLocal(_ a: CIDR) -> Bool {
        if host.addresses.contains(where: { $0.address.host == a.host }) { return true }
        return host.routes.contains { $0.table == "local" && $0.type == "local" && $0.dst.isIPv6 == a.isIPv6 && $0.dst.contains(a) }
    }

    func follow(_ p0: TracePacket, _ run: inout Run) -> (TraceVerdict, OuterPacket?) {
        var p = p0
        let forwarded = p.inIface != nil || !isLocal(p.src)
        let haveRoutes = host.has("ip-route")
        // 1. where the packet comes from
        if forwarded {
            if p.inIface == nil {
                if haveRoutes {
                    let back = Routing.lookup(host, TracePacket(src: p.dst, dst: p.src, proto: p.proto), dst: p.src, iif: "lo")
                    p.inIface = back.route?.dev
                    run.add(.input, "\(p.src.address) is not an address of this host: a forwarded packet, arriving on \(p.inIface ?? "an unknown interface") (the route back to it)",
                            back.route.map { [$0.evidence] } ?? [], uncertain: p.inIface == nil)
                } else {
                    run.add(.input, "\(p.src.address) is not an address of this host (no interface list? routes not captured): treated as forwarded", [], uncertain: true)
                }
            } else {
                run.add(.input, "arrives on \(p.inIface!) (--in): a forwarded packet")
            }
            // PREROUTING nat: DNAT changes the destination before routing.
            let pre = Netfilter.run(host, hook: "PREROUTING", table: "nat", stage: .prerouting,
                                    FilterContext(packet: p, src: p.src, dst: p.dst, inIface: p.inIface, outIface: nil, ipsecOut: false, ipsecIn: false))
            run.steps += pre.steps
            if case .nat = pre.decision, let to = pre.rule?.toAddress, let a = CIDR(String(to.split(separator: ":").first ?? "")) {
                run.add(.prerouting, "DNAT: destination becomes \(a.address) (\(pre.label))", pre.evidence.map { [$0] } ?? [])
                p.dst = a.host
            }
        } else {
            run.add(.input, "\(p.src.address) is an address of this host: a packet this host sends (as `ping -I \(p.src.address)` would)",
                    host.addresses.filter { $0.address.host == p.src.host }.map(\.evidence))
        }

        // 2. routing
        var outDev: String?
        if haveRoutes {
            let d = Routing.lookup(host, p, dst: p.dst, iif: forwarded ? (p.inIface ?? "?") : "lo")
            run.steps += d.steps
            switch d.kind {
            case .local:
                return (TraceVerdict(.local, "addressed to this host (\(p.dst.address)): delivered locally, not sent through a tunnel", article: "traffic-selectors"), nil)
            case .unreachable, .blackhole, .prohibit, .noRoute:
                let why = d.kind == .noRoute ? "no route to \(p.dst.address)" : "route type \(d.route?.type ?? "\(d.kind)")"
                return (notTunnelled(p, run: &run, prefix: "dropped: \(why)", outcome: .dropped), nil)
            case .unicast:
                outDev = d.route?.dev
            }
            run.outDev = outDev
            if let dev = outDev, let link = host.links.first(where: { $0.ifname == dev }) {
                if link.kind == "xfrm", let id = link.ifId, p.ifId == 0 {
                    p.ifId = id
                    run.add(.routing, "\(dev) is an XFRM interface with if_id \(hex(id)): only policies with that if_id apply", [link.evidence])
                } else if link.kind == "vti" || link.kind == "vti6", let ok = link.okey.flatMap(TraceInputs.number), ok != 0, p.mark == 0 {
                    p.mark = ok
                    run.add(.routing, "\(dev) is a VTI with okey \(hex(ok)): the packet gets mark \(hex(ok)) for the policy lookup", [link.evidence])
                }
            }
        } else {
            run.add(.routing, "routes not captured (no `ip route` output): routing not checked", [], uncertain: host.has("xfrm-policy"))
        }

        // 3. forwarding switch
        if forwarded {
            let key = p.isIPv6 ? "net.ipv6.conf.all.forwarding" : "net.ipv4.ip_forward"
            if let v = host.sysctl[key] {
                if v.value == "0" {
                    run.add(.forward, "\(key) = 0: the kernel does not forward, the packet is dropped", [v.evidence])
                    return (TraceVerdict(.dropped, "dropped: IP forwarding is off (\(key) = 0, \(v.evidence.location))", diagnosis: "system.ip-forwarding-disabled"), nil)
                }
                run.add(.forward, "\(key) = \(v.value): forwarding on", [v.evidence])
            } else {
                run.add(.forward, "\(key) not captured: assuming forwarding is on", [], uncertain: false)
            }
        }

        let engine = Engine.detect(host, outDev: outDev)
        // 4. SPD lookup as routing does it (sets what `-m policy --dir out` sees)
        var policy: XfrmPolicy?
        if engine == .xfrm {
            if forwarded, let fwdDrop = fwdCheck(p, &run) { return (fwdDrop, nil) }
            policy = XfrmLookup.lookup(host.xfrmPolicies, dir: "out", XfrmLookup.Flow(p, oif: outDev)).chosen
        }
        let ipsecOut = policy.map { !$0.templates.isEmpty && $0.action == "allow" } ?? false
        // The SPD is consulted when the route is looked up (xfrm_lookup from ip_route_output_flow,
        // xfrm4_route_forward in ip_forward), before the FORWARD/OUTPUT hook: a block policy or a
        // missing SA ends the packet there, whatever the filter says.
        if policy != nil {
            var early = Run()
            let v = xfrmStage(p, original: p, outDev: outDev, natted: nil, &early)
            if v.0.outcome == .dropped || v.0.outcome == .acquire {
                run.steps += early.steps; run.policy = early.policy
                return v
            }
        }

        // 5. filter: FORWARD or OUTPUT
        let hook = forwarded ? "FORWARD" : "OUTPUT"
        let ctx = FilterContext(packet: p, src: p.src, dst: p.dst, inIface: forwarded ? p.inIface : nil, outIface: outDev, ipsecOut: ipsecOut, ipsecIn: false)
        if host.has("iptables-save") || host.has("nft-ruleset") {
            run.add(forwarded ? .forward : .output, "netfilter \(hook) filter (conntrack state assumed \(p.ctState)\(p.ctState == "NEW" ? ": a fresh packet" : "")\(ipsecOut ? ", an XFRM policy will transform it" : ""))")
            let f = Netfilter.run(host, hook: hook, table: "filter", stage: forwarded ? .forward : .output, ctx)
            run.steps += f.steps
            if f.decision == .drop || f.decision == .reject {
                let id = forwarded ? "fw.forward-blocked" : nil
                return (TraceVerdict(.dropped, "dropped by \(f.label) (\(f.evidence?.location ?? "?"))", diagnosis: id, article: id ?? "firewall-for-ipsec"), nil)
            }
        } else {
            run.add(forwarded ? .forward : .output, "no iptables-save or nft ruleset output: packet filter not checked", [], uncertain: false)
        }

        // 6. POSTROUTING nat
        var natted: (String, TraceEvidence?)?
        let post = Netfilter.run(host, hook: "POSTROUTING", table: "nat", stage: .postrouting,
                                 FilterContext(packet: p, src: p.src, dst: p.dst, inIface: forwarded ? p.inIface : nil, outIface: outDev, ipsecOut: ipsecOut, ipsecIn: false))
        run.steps += post.steps
        if case let .nat(kind) = post.decision, kind == "masquerade" || kind == "snat" || kind == "netmap" {
            let newSrc = natSource(kind: kind, to: post.rule?.toAddress, outDev: outDev, family6: p.isIPv6, &run)
            natted = (post.label + " " + kind.uppercased(), post.evidence)
            if let n = newSrc {
                run.add(.postrouting, "\(kind.uppercased()) rewrites the source \(p.src.address) → \(n.address) before the IPsec policy lookup (\(post.label))", post.evidence.map { [$0] } ?? [])
                run.originalSrc = p.src
                p.src = n
            } else {
                run.add(.postrouting, "\(kind.uppercased()) rewrites the source to an address trace cannot tell (\(post.label))", post.evidence.map { [$0] } ?? [], uncertain: true)
            }
        }

        // 7. IPsec
        switch engine {
        case .xfrm: return xfrmStage(p, original: p0, outDev: outDev, natted: natted, &run)
        case .libipsec: return Libipsec.stage(self, p, outDev: outDev ?? "ipsec0", natted: natted, &run)
        case .pfkey: return PFKeySPD.stage(self, p, &run)
        case .none:
            run.add(.xfrm, "no SPD output: `ip xfrm policy` (needs root), `swanctl --list-sas`, `setkey -DP` or `ipsecctl -sa` was not captured")
            return (TraceVerdict(.unknown, "the outputs do not tell: no security policy database was captured", article: "spd-sad"), nil)
        }
    }

    /// Forwarded cleartext meets the fwd policies first (__xfrm_policy_check, XFRM_POLICY_FWD):
    /// a matching fwd policy that requires a transform drops a packet that did not come through one.
    func fwdCheck(_ p: TracePacket, _ run: inout Run) -> TraceVerdict? {
        guard let pol = XfrmLookup.lookup(host.xfrmPolicies, dir: "fwd", XfrmLookup.Flow(p)).chosen else { return nil }
        if pol.action == "block" {
            run.add(.forward, "fwd policy blocks it", [pol.evidence])
            return TraceVerdict(.dropped, "dropped by the fwd policy \(pol.evidence.location) (action block: XfrmFwdHdrError/XfrmInPolBlock)", diagnosis: "esp.no-policy")
        }
        if pol.templates.contains(where: { ($0.level ?? "required") != "use" }) {
            run.add(.forward, "a fwd policy requires it to have come through an SA, and it came in clear", [pol.evidence])
            return TraceVerdict(.dropped, "dropped: the fwd policy \(pol.evidence.location) requires IPsec for cleartext traffic (XfrmInTmplMismatch)", diagnosis: "esp.no-policy")
        }
        run.add(.forward, "fwd policy allows it", [pol.evidence])
        return nil
    }

    /// MASQUERADE takes the first address of the outgoing interface; an interface without one
    /// makes the kernel pick another interface's (inet_select_addr), which is never the tunnel's.
    func natSource(kind: String, to: String?, outDev: String?, family6: Bool, _ run: inout Run) -> CIDR? {
        if kind != "masquerade", let to, let a = CIDR(String(to.split(separator: "-").first?.split(separator: ":").first ?? "")) { return a.host }
        let global = host.addresses.filter { $0.address.isIPv6 == family6 && $0.scope == "global" }
        if let own = global.first(where: { $0.ifname == outDev }) { return own.address.host }
        if let other = global.filter({ $0.ifname != "lo" || !$0.address.isLoopback }).sorted(by: { $0.index < $1.index }).first {
            run.add(.postrouting, "\(outDev ?? "the interface") has no \(family6 ? "IPv6" : "IPv4") address: the kernel takes another interface's (\(other.ifname))", [other.evidence])
            return other.address.host
        }
        return nil
    }

    /// Nothing encrypts it: say why, with the diagnosis that fits best.
    func notTunnelled(_ p: TracePacket, run: inout Run, prefix: String, outcome: TraceOutcome) -> TraceVerdict {
        let covering = host.configuredChildren.filter {
            TrafficSelector.coversAny($0.localTS, addr: p.src, proto: p.proto, port: p.sport)
                && TrafficSelector.coversAny($0.remoteTS, addr: p.dst, proto: p.proto, port: p.dport)
        }
        if let c = covering.first {
            let installed = host.charonChildren.contains { $0.ike == c.conn && $0.child == c.child && $0.state == "INSTALLED" }
            run.add(.xfrm, "connection \(c.label) is configured for this traffic but \(installed ? "its policy does not catch it" : "has no installed CHILD_SA")", [host.evidence(of: c)])
            if host.ikeStates[c.conn] == "ESTABLISHED" {
                return TraceVerdict(outcome, "\(prefix): \(c.label) would cover it, but only its IKE SA is up, no CHILD_SA", diagnosis: "child.half-established")
            }
            if !host.sources.contains("swanctl-list-sas") {
                // another daemon's children (TunnelChild): trace reads no IKE state of its own there
                return TraceVerdict(outcome, "\(prefix): \(c.label) would cover it, but no IPsec SA of it is installed (`ipsec-doctor diagnose` says why)",
                                    article: "ike-sa-vs-child-sa")
            }
            return TraceVerdict(outcome, "\(prefix): \(c.label) would cover it, but \(c.conn) has no established IKE SA (`ipsec-doctor diagnose` says why)",
                                article: "ike-sa-vs-child-sa")
        }
        if !host.configuredChildren.isEmpty {
            run.add(.xfrm, "no configured connection's selectors cover \(p.src.address) → \(p.dst.address)", host.configuredChildren.map(host.evidence(of:)))
        }
        return TraceVerdict(outcome, "\(prefix): no policy matches", diagnosis: "policy.traffic-not-matching")
    }

    func xfrmStage(_ p: TracePacket, original: TracePacket, outDev: String?, natted: (String, TraceEvidence?)?, _ run: inout Run) -> (TraceVerdict, OuterPacket?) {
        let flow = XfrmLookup.Flow(p, oif: outDev)
        let (chosen, others) = XfrmLookup.lookup(host.xfrmPolicies, dir: "out", flow)
        if natted != nil {
            let before = XfrmLookup.lookup(host.xfrmPolicies, dir: "out", XfrmLookup.Flow(original, dst: p.dst, oif: outDev)).chosen
            if let before, chosen?.order != before.order {
                run.add(.xfrm, "before NAT the policy \(before.evidence.location) matched; after it \(chosen.map { "only \($0.evidence.location)" } ?? "none") does", [before.evidence])
                return (TraceVerdict(.rewritten, "rewritten by \(natted!.0) before the policy lookup: will not match \(before.evidence.text)",
                                     diagnosis: "nat.masquerade-before-ipsec"), nil)
            }
        }
        guard let pol = chosen else {
            run.add(.xfrm, "no `dir out` policy's selector covers \(flow.src.address) → \(flow.dst.address) \(flow.proto)" + (p.mark != 0 ? " mark \(hex(p.mark))" : ""),
                    host.xfrmPolicies.isEmpty ? [] : [TraceEvidence(host.xfrmPolicies[0].evidence.origin, nil, "\(host.xfrmPolicies.filter { $0.dir == "out" && !$0.socket }.count) out policies")])
            return (notTunnelled(p, run: &run, prefix: "leaves in clear", outcome: .clear), nil)
        }
        run.policy = pol.evidence
        run.add(.xfrm, "policy \(pol.evidence.location) matches (priority \(pol.priority.map(String.init) ?? "?"))" + (others.isEmpty ? "" : "; \(others.count) other matching polic\(others.count == 1 ? "y" : "ies") lose on priority/order"),
                [pol.evidence] + others.prefix(3).map(\.evidence))
        if pol.action == "block" {
            return (TraceVerdict(.dropped, "dropped by the block policy \(pol.evidence.location)", diagnosis: "esp.no-policy"), nil)
        }
        if pol.templates.isEmpty {
            return (TraceVerdict(.clear, "leaves in clear: the matching policy \(pol.evidence.location) has no template (a bypass/pass policy)", diagnosis: "policy.traffic-not-matching"), nil)
        }
        var used: XfrmSA?
        for t in pol.templates {
            let cands = XfrmLookup.states(host.xfrmStates, for: t, policy: pol, flow)
            if cands.isEmpty {
                if t.level == "use" { run.add(.sa, "no \(t.proto) SA for the optional template (level use): skipped"); continue }
                let trap = host.charonPolicies.first { $0.kind == "trap" && TrafficSelector.coversAny($0.localTS, addr: p.src, proto: p.proto, port: p.sport) && TrafficSelector.coversAny($0.remoteTS, addr: p.dst, proto: p.proto, port: p.dport) }
                run.add(.sa, "no \(t.proto) \(t.mode) SA to \(t.dst?.address ?? p.dst.address)" + (t.reqid.map { " with reqid \($0)" } ?? "") + ": the kernel sends an ACQUIRE to the IKE daemon and drops the packet (XfrmOutNoStates if none comes)",
                        trap.map { [$0.evidence] } ?? [])
                let id = trap != nil || host.xfrmStates.isEmpty ? "child.not-triggered" : "esp.no-sa"
                return (TraceVerdict(.acquire, "no SA yet: policy \(pol.evidence.location) triggers an acquire; the packet is dropped until the CHILD_SA is up", diagnosis: id), nil)
            }
            // Several SAs (during a rekey): the kernel prefers the newest valid one.
            let pick = cands.sorted { ($0.addTime ?? "") > ($1.addTime ?? "") }.first!
            run.add(.sa, "SA \(pick.spi) (\(pick.proto) \(pick.mode ?? "?"), reqid \(pick.reqid.map(String.init) ?? "?"))" + (cands.count > 1 ? ", the newest of \(cands.count)" : ""), [pick.evidence])
            used = used ?? pick
        }
        guard let sa = used else {
            return (TraceVerdict(.clear, "leaves in clear: every template of \(pol.evidence.location) is optional and has no SA", diagnosis: "esp.no-sa"), nil)
        }
        let tunnel = (sa.mode ?? "tunnel") == "tunnel"
        let outer = OuterPacket(src: tunnel ? sa.src.host : p.src, dst: tunnel ? sa.dst.host : p.dst,
                                udpEncap: sa.encap.map { ($0.sport, $0.dport) }, spi: sa.spi, size: nil)
        return espLeaves(p, outer: outer, algorithms: EspAlgorithms.fromXfrm(sa), tunnel: tunnel, innerMTUDev: outDev,
                         verdict: "encrypted by SA \(sa.spi) via policy \(pol.evidence.text) (\(pol.evidence.location))", &run)
    }

    /// The ESP packet: encapsulation, its route and OUTPUT filter, and its size.
    func espLeaves(_ p: TracePacket, outer o: OuterPacket, algorithms: EspAlgorithms?, tunnel: Bool, innerMTUDev: String?,
                   verdict: String, _ run: inout Run) -> (TraceVerdict, OuterPacket?) {
        var outer = o
        let encapText = outer.udpEncap.map { "ESP in UDP \($0.sport) → \($0.dport) (NAT-T, RFC 3948)" } ?? "ESP (IP protocol 50)"
        run.add(.encapsulation, "\(tunnel ? "tunnel" : "transport") mode: outer packet \(outer.src.address) → \(outer.dst.address), \(encapText)")
        var outerDev: String?
        if host.has("ip-route") {
            let r = Routing.outerRoute(host, src: outer.src, dst: outer.dst)
            run.steps += r.steps.map { var s = $0; s.stage = .outer; return s }
            if r.kind != .unicast {
                return (TraceVerdict(.dropped, "encrypted, but the ESP packet has no route to the peer \(outer.dst.address)", diagnosis: "ike.peer-unreachable"), outer)
            }
            outerDev = r.route?.dev
        }
        var op = TracePacket(src: outer.src, dst: outer.dst, proto: outer.udpEncap == nil ? "esp" : "udp", sport: outer.udpEncap?.sport, dport: outer.udpEncap?.dport)
        op.ctState = "NEW"
        if host.has("iptables-save") || host.has("nft-ruleset") {
            let f = Netfilter.run(host, hook: "OUTPUT", table: "filter", stage: .outer,
                                  FilterContext(packet: op, src: op.src, dst: op.dst, inIface: nil, outIface: outerDev, ipsecOut: false, ipsecIn: false))
            run.steps += f.steps
            if f.decision == .drop || f.decision == .reject {
                return (TraceVerdict(.dropped, "encrypted, but the ESP packet is dropped by \(f.label) (\(f.evidence?.location ?? "?"))", diagnosis: "esp.local-firewall-blocks-esp"), outer)
            }
        }
        // size
        let outerMTU = outerDev.flatMap { d in host.links.first { $0.ifname == d }?.mtu }
        let innerMTU = innerMTUDev.flatMap { d in host.links.first { $0.ifname == d }?.mtu }
        if let alg = algorithms {
            let innerHeader = p.isIPv6 ? 40 : 20
            let udp = outer.udpEncap != nil
            if let mtu = outerMTU {
                let fit = alg.largestInner(mtu: mtu, tunnel: tunnel, outerIPv6: outer.dst.isIPv6, innerHeader: innerHeader, udp: udp)
                let size = p.size ?? min(innerMTU ?? mtu, mtu)
                let total = alg.outerSize(inner: size, tunnel: tunnel, outerIPv6: outer.dst.isIPv6, innerHeader: innerHeader, udp: udp)
                outer.size = total
                run.add(.mtu, "\(alg.name): \(size)-byte packet → \(total) bytes on \(outerDev ?? "?") (MTU \(mtu)); overhead \(total - size) bytes; the largest packet that fits is \(fit) bytes" + (innerMTU.map { " (\(innerMTUDev!) MTU \($0))" } ?? ""),
                        host.links.filter { $0.ifname == outerDev || $0.ifname == innerMTUDev }.map(\.evidence))
                if total > mtu, p.size != nil {
                    run.warnings.append(TraceWarning("the \(size)-byte packet becomes \(total) bytes of ESP, over the MTU of \(mtu): it is fragmented (or, with DF, answered by ICMP fragmentation needed); clamp TCP MSS or lower the MTU to \(fit)", diagnosis: "mtu.esp-fragmentation"))
                }
            } else {
                run.add(.mtu, "\(alg.name): overhead known, but the MTU of \(outerDev ?? "the outgoing interface") was not captured (`ip link`)")
            }
        } else {
            run.add(.mtu, "the SA's algorithms were not printed: size not checked")
        }
        return (TraceVerdict(.encrypted, verdict), outer)
    }
}

/// Which IPsec implementation holds the SPD for this packet.
enum Engine {
    case xfrm, libipsec, pfkey, none

    static func detect(_ host: HostModel, outDev: String?) -> Engine {
        let tun = outDev.flatMap { d in host.links.first { $0.ifname == d } }
        let charon = host.has("swanctl-list-sas") || host.has("swanctl-list-pols")
        if let d = outDev, charon, host.xfrmPolicies.isEmpty, d == "ipsec0" || tun?.kind == "tun" {
            return .libipsec
        }
        if !host.xfrmPolicies.isEmpty || host.has("xfrm-policy") { return .xfrm }
        if !host.pfkeyPolicies.isEmpty || host.has("setkey-DP") || host.has("ipsecctl-sa") { return .pfkey }
        return .none
    }
}
