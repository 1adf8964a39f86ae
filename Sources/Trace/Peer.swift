import Parsers

/// The receiving side: the ESP packet arrives at the peer (its INPUT filter), the SA is found by
/// SPI, the inner packet is routed and must pass the inbound policy check — a policy whose
/// template matches the SA it came through (else XfrmInTmplMismatch, or XfrmInNoPols when no
/// policy covers it).
public enum PeerTrace {
    /// The whole round trip: request at the peer, the reply at the peer, the reply back home.
    public static func continueAt(_ peer: HostModel, home: HostModel, request: TracePacket, result: TraceResult) -> [TraceResult] {
        guard result.verdict.outcome == .encrypted, let outer = result.outer else {
            if let c = configCheck(peer, request) { return [c] }
            return []
        }
        let arrived = arrive(peer, outer: outer, inner: request)
        guard arrived.verdict.outcome == .local else { return [arrived] }
        var reply = request.reply
        reply.src = request.dst; reply.dst = request.src
        var back = Tracer(host: peer).trace(reply)
        back.host = peer.name + " (reply)"
        guard back.verdict.outcome == .encrypted, let o2 = back.outer else { return [arrived, back] }
        var home2 = arrive(home, outer: o2, inner: reply)
        home2.host = home.name + " (reply arrives)"
        return [arrived, back, home2]
    }

    static func normalSPI(_ s: String) -> String {
        var t = s.lowercased()
        if t.hasPrefix("0x") { t.removeFirst(2) }
        while t.hasPrefix("0"), t.count > 1 { t.removeFirst() }
        return t
    }

    public static func arrive(_ peer: HostModel, outer: OuterPacket, inner: TracePacket) -> TraceResult {
        let t = Tracer(host: peer)
        var run = Tracer.Run()
        func done(_ v: TraceVerdict) -> TraceResult {
            var r = TraceResult(host: peer.name, packet: inner, verdict: v); r.steps = run.steps; r.warnings = run.warnings; return r
        }
        if !peer.has("ip-addr") {
            run.add(.peer, "the peer's addresses were not captured (`ip addr`): assuming \(outer.dst.address) is its own")
        } else if !t.isLocal(outer.dst) {
            run.add(.peer, "the ESP packet is addressed to \(outer.dst.address), which is not an address of this snapshot", [], uncertain: true)
            return done(TraceVerdict(.unknown, "the peer snapshot does not own \(outer.dst.address): is it the right gateway?"))
        }
        let spi = normalSPI(outer.spi)
        run.add(.peer, "ESP packet \(outer.src.address) → \(outer.dst.address) (\(outer.protocolName)\(outer.udpEncap.map { " \($0.dport)" } ?? "")) arrives, SPI \(outer.spi)")
        // INPUT filter for the ESP packet itself.
        var op = TracePacket(src: outer.src, dst: outer.dst, proto: outer.protocolName, sport: outer.udpEncap?.sport, dport: outer.udpEncap?.dport)
        op.ctState = "NEW"
        let inDev = peer.has("ip-route") ? Routing.lookup(peer, TracePacket(src: outer.dst, dst: outer.src), dst: outer.src, iif: "lo").route?.dev : nil
        let f = Netfilter.run(peer, hook: "INPUT", table: "filter", stage: .peer,
                              FilterContext(packet: op, src: op.src, dst: op.dst, inIface: inDev, outIface: nil, ipsecOut: false, ipsecIn: false))
        run.steps += f.steps
        if f.decision == .drop || f.decision == .reject {
            return done(TraceVerdict(.dropped, "the peer's packet filter drops the ESP packet: \(f.label) (\(f.evidence?.location ?? "?"))", diagnosis: "esp.no-inbound"))
        }
        // SA by SPI.
        var tunnel = true
        var decapDev = inDev
        var acceptsInner: ((TracePacket) -> Bool)?
        var saKernel: XfrmSA?
        // The kernel finds the SA by (destination, SPI, protocol), unique in a real SAD. Sanitised
        // outputs (test suites print every SPI as 0xSPISPI) repeat it: then prefer the sender's SA.
        let bySPI = peer.xfrmStates.filter { normalSPI($0.spi) == spi && $0.dst.host == outer.dst.host }
        if let sa = bySPI.first(where: { $0.src.host == outer.src.host }) ?? bySPI.first {
            run.add(.peer, "SA \(sa.spi) found by SPI and destination", [sa.evidence])
            tunnel = (sa.mode ?? "tunnel") == "tunnel"
            saKernel = sa
        } else if let c = peer.charonChildren.first(where: { $0.spiIn.map(normalSPI) == spi }) {
            run.add(.peer, "charon's CHILD_SA \(c.ike)/\(c.child) has inbound SPI \(c.spiIn!) (kernel-libipsec decrypts it and writes it to ipsec0)", [c.evidence])
            decapDev = "ipsec0"
            acceptsInner = { pk in
                TrafficSelector.coversAny(c.remoteTS, addr: pk.src, proto: pk.proto, port: pk.sport)
                    && TrafficSelector.coversAny(c.localTS, addr: pk.dst, proto: pk.proto, port: pk.dport)
            }
        } else if let sa = peer.pfkeySAs.first(where: { normalSPI($0.spi) == spi }) {
            run.add(.peer, "SA \(sa.spi) found by SPI", [sa.evidence])
        } else {
            run.add(.peer, "no SA with SPI \(outer.spi) for \(outer.dst.address)",
                    peer.xfrmStates.prefix(4).map(\.evidence) + peer.charonChildren.prefix(4).map(\.evidence))
            return done(TraceVerdict(.dropped, "the peer has no SA with SPI \(outer.spi): it drops the packet (XfrmInNoStates)", diagnosis: "esp.unknown-spi"))
        }
        _ = tunnel
        // The inner packet, routed at the peer.
        // Without the peer's addresses, an inner packet for the ESP packet's own address is its own.
        var local = t.isLocal(inner.dst) || (!peer.has("ip-addr") && inner.dst.host == outer.dst.host)
        var outDev: String?
        if peer.has("ip-route") {
            let d = Routing.lookup(peer, inner, dst: inner.dst, iif: decapDev ?? "?")
            run.steps += d.steps.map { var s = $0; s.stage = .peer; return s }
            local = d.kind == .local
            outDev = d.route?.dev
            if !local, d.kind != .unicast {
                return done(TraceVerdict(.dropped, "decrypted, but the peer has no route for \(inner.dst.address)", diagnosis: "policy.traffic-not-matching"))
            }
        }
        // Inbound policy check.
        if let accepts = acceptsInner {
            if !accepts(inner) {
                run.add(.peer, "the inner packet \(inner.src.address) → \(inner.dst.address) is outside that CHILD_SA's selectors: charon drops it")
                return done(TraceVerdict(.dropped, "decrypted, but outside the SA's traffic selectors at the peer", diagnosis: "child.ts-mismatch"))
            }
        } else if let sa = saKernel {
            let dir = local ? "in" : "fwd"
            let (pol, _) = XfrmLookup.lookup(peer.xfrmPolicies, dir: dir, XfrmLookup.Flow(inner, oif: nil))
            guard let pol else {
                run.add(.peer, "no `dir \(dir)` policy covers the inner packet \(inner.src.address) → \(inner.dst.address)")
                return done(TraceVerdict(.dropped, "decrypted, but no \(dir) policy covers it at the peer (XfrmInNoPols)", diagnosis: "esp.no-policy"))
            }
            if pol.action == "block" {
                return done(TraceVerdict(.dropped, "the peer's \(dir) policy \(pol.evidence.location) blocks it (XfrmInPolBlock)", diagnosis: "esp.no-policy"))
            }
            let needed = pol.templates.filter { ($0.level ?? "required") != "use" }
            if !needed.isEmpty, !needed.contains(where: { XfrmLookup.templateAccepts($0, sa) }) {
                run.add(.peer, "policy \(pol.evidence.location) wants \(needed.map { "\($0.proto) \($0.mode)" + ($0.reqid.map { " reqid \($0)" } ?? "") }.joined(separator: ", ")); the packet came through SA \(sa.spi) reqid \(sa.reqid.map(String.init) ?? "?")",
                        [pol.evidence, sa.evidence])
                let several = Set(peer.xfrmStates.compactMap(\.reqid)).count > 1
                return done(TraceVerdict(.dropped, "XfrmInTmplMismatch at the peer: \(dir) policy \(pol.evidence.location) does not accept SA \(sa.spi)",
                                         diagnosis: several ? "child.leftsubnets-asymmetric" : "esp.no-policy"))
            }
            run.add(.peer, "\(dir) policy \(pol.evidence.location) accepts SA \(sa.spi)", [pol.evidence])
        }
        // The peer's filter for the decrypted packet.
        var ip = inner
        ip.inIface = decapDev
        let hook = local ? "INPUT" : "FORWARD"
        let g = Netfilter.run(peer, hook: hook, table: "filter", stage: .peer,
                              FilterContext(packet: ip, src: ip.src, dst: ip.dst, inIface: decapDev, outIface: local ? nil : outDev, ipsecOut: false, ipsecIn: saKernel != nil))
        run.steps += g.steps
        if g.decision == .drop || g.decision == .reject {
            return done(TraceVerdict(.dropped, "decrypted, then dropped by the peer's \(g.label) (\(g.evidence?.location ?? "?"))", diagnosis: local ? nil : "fw.forward-blocked", article: local ? "firewall-for-ipsec" : nil))
        }
        if !local, let v = peer.sysctl[inner.isIPv6 ? "net.ipv6.conf.all.forwarding" : "net.ipv4.ip_forward"], v.value == "0" {
            run.add(.peer, "forwarding is off at the peer", [v.evidence])
            return done(TraceVerdict(.dropped, "decrypted, but the peer does not forward (\(v.evidence.text))", diagnosis: "system.ip-forwarding-disabled"))
        }
        return done(TraceVerdict(.local, local ? "decrypted and delivered to \(inner.dst.address) on \(peer.name)" : "decrypted and forwarded out \(outDev ?? "?") on \(peer.name)"))
    }

    /// When nothing was encrypted: does the peer's configuration even accept this traffic?
    /// A connection between the same gateways whose selectors do not mirror ours is a TS mismatch.
    static func configCheck(_ peer: HostModel, _ p: TracePacket) -> TraceResult? {
        guard !peer.configuredChildren.isEmpty else { return nil }
        var run = Tracer.Run()
        let mirrored = peer.configuredChildren.filter {
            TrafficSelector.coversAny($0.remoteTS, addr: p.src, proto: p.proto, port: p.sport)
                && TrafficSelector.coversAny($0.localTS, addr: p.dst, proto: p.proto, port: p.dport)
        }
        var r: TraceResult
        if let c = mirrored.first {
            run.add(.peer, "the peer's \(c.label) accepts \(p.src.address) → \(p.dst.address)", [peer.evidence(of: c)])
            r = TraceResult(host: peer.name, packet: p, verdict: TraceVerdict(.local, "the peer's configuration would accept this traffic (\(c.label))"))
        } else {
            run.add(.peer, "no connection of the peer has remote selectors covering \(p.src.address) and local ones covering \(p.dst.address)", peer.configuredChildren.map(peer.evidence(of:)))
            r = TraceResult(host: peer.name, packet: p, verdict: TraceVerdict(.dropped, "the peer's traffic selectors do not cover \(p.src.address) → \(p.dst.address): they do not mirror this side's", diagnosis: "child.ts-mismatch"))
        }
        r.steps = run.steps
        return r
    }
}
