import Parsers

/// SPDs read through PF_KEY tools: ipsec-tools' `setkey -DP` (racoon on Linux and the BSDs) and
/// OpenBSD's `ipsecctl -sa` flows. Their outputs give selectors, direction, action and the
/// tunnel's endpoints, and the SAs (`setkey -D`, the `SAD:` section), but no priorities worth
/// trusting across systems: the first matching entry, in printed order, is taken, and said so.
enum PFKeySPD {
    static func stage(_ t: Tracer, _ p: TracePacket, _ run: inout Tracer.Run) -> (TraceVerdict, OuterPacket?) {
        let host = t.host
        let proto = Protocols.name(p.proto)
        let hits = host.pfkeyPolicies.filter { pol in
            guard pol.dir == "out", pol.src.isIPv6 == p.src.isIPv6, pol.src.contains(p.src), pol.dst.contains(p.dst) else { return false }
            if let u = pol.upper, u != "any", !u.hasPrefix("255"), Protocols.name(u) != proto { return false }
            if let sp = pol.srcPort, sp != 0, sp != p.sport { return false }
            if let dp = pol.dstPort, dp != 0, dp != p.dport { return false }
            return true
        }
        guard let pol = hits.first else {
            run.add(.xfrm, "no outbound SPD entry covers \(p.src.address) → \(p.dst.address)", host.pfkeyPolicies.prefix(1).map(\.evidence))
            return (t.notTunnelled(p, run: &run, prefix: "leaves in clear", outcome: .clear), nil)
        }
        run.policy = pol.evidence
        run.add(.xfrm, "SPD entry \(pol.evidence.location) matches (first of \(hits.count) in printed order): \(pol.action)", [pol.evidence])
        switch pol.action {
        case "none", "bypass":
            return (TraceVerdict(.clear, "leaves in clear: the SPD entry \(pol.evidence.location) bypasses IPsec", diagnosis: "policy.traffic-not-matching"), nil)
        case "discard", "deny":
            return (TraceVerdict(.dropped, "dropped by the SPD entry \(pol.evidence.location) (\(pol.action))", diagnosis: "esp.no-policy"), nil)
        default: break
        }
        // ipsec/require/use/acquire/dontacq: an SA to the tunnel's far end (or the destination).
        let peer = pol.peer.flatMap(CIDR.init) ?? p.dst
        let sas = host.pfkeySAs.filter { $0.dst.host == peer.host && ($0.state ?? "mature") != "dead" && ($0.state ?? "mature") != "larval" }
        guard let sa = sas.last else {
            if pol.action == "use" || pol.action == "dontacq" {
                return (TraceVerdict(.clear, "leaves in clear: entry \(pol.evidence.location) uses IPsec only when an SA exists, and none to \(peer.address) does", diagnosis: "esp.no-sa"), nil)
            }
            if !host.has("setkey-D") && !host.has("ipsecctl-sa") {
                return (TraceVerdict(.unknown, "policy \(pol.evidence.location) requires IPsec to \(peer.address); the SAD was not captured (`setkey -D`)", article: "spd-sad"), nil)
            }
            run.add(.sa, "no SA to \(peer.address): the kernel asks the IKE daemon (acquire) and drops the packet")
            return (TraceVerdict(.acquire, "no SA yet: entry \(pol.evidence.location) triggers an acquire to \(peer.address)", diagnosis: "esp.no-sa"), nil)
        }
        run.add(.sa, "SA \(sa.spi) to \(peer.address)" + (sas.count > 1 ? " (the last listed of \(sas.count))" : ""), [sa.evidence])
        // BSD kernels print SAs of tunnel policies as `mode=any`: the policy's template says tunnel.
        let tunnel = sa.mode == "tunnel" || pol.templates.contains { $0.contains("/tunnel/") } || pol.peer != nil
        let outer = OuterPacket(src: tunnel ? sa.src.host : p.src, dst: tunnel ? sa.dst.host : p.dst, udpEncap: sa.udpEncap ? (4500, 4500) : nil, spi: sa.spi, size: nil)
        run.add(.encapsulation, "\(tunnel ? "tunnel" : "transport") mode: outer packet \(outer.src.address) → \(outer.dst.address), \(sa.udpEncap ? "ESP in UDP 4500" : "ESP")")
        return (TraceVerdict(.encrypted, "encrypted by SA \(sa.spi) via SPD entry \(pol.evidence.text) (\(pol.evidence.location))"), outer)
    }
}
