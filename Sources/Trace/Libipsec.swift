import Parsers

/// strongSwan's kernel-libipsec: ESP in charon, not in the kernel. Routes in table 220 send the
/// tunnel's traffic into the TUN device (ipsec0); charon reads it, looks up its own policies (the
/// installed CHILD_SAs' selectors, the trap policies), encrypts and sends ESP in UDP 4500 from
/// its socket. A packet no policy covers is dropped inside charon; one that only a trap policy
/// covers triggers an acquire.
enum Libipsec {
    static func stage(_ t: Tracer, _ p: TracePacket, outDev: String, natted: (String, TraceEvidence?)?, _ run: inout Tracer.Run) -> (TraceVerdict, OuterPacket?) {
        let host = t.host
        run.add(.xfrm, "routed into \(outDev): kernel-libipsec (charon's user-space ESP) handles it; the kernel's XFRM tables are not used",
                host.links.filter { $0.ifname == outDev }.map(\.evidence))
        func covers(_ local: [String], _ remote: [String], _ pk: TracePacket) -> Bool {
            TrafficSelector.coversAny(local, addr: pk.src, proto: pk.proto, port: pk.sport)
                && TrafficSelector.coversAny(remote, addr: pk.dst, proto: pk.proto, port: pk.dport)
        }
        let installed = host.charonChildren.filter { $0.state == "INSTALLED" && covers($0.localTS, $0.remoteTS, p) }
            .sorted { TrafficSelector.specificity($0.localTS + $0.remoteTS) > TrafficSelector.specificity($1.localTS + $1.remoteTS) }
        if let c = installed.first {
            run.policy = c.evidence
            run.add(.sa, "CHILD_SA \(c.ike)/\(c.child) covers it (local \(c.localTS.joined(separator: " ")), remote \(c.remoteTS.joined(separator: " "))): outbound SPI \(c.spiOut ?? "?")", [c.evidence])
            guard let ls = c.localHost.flatMap(CIDR.init), let rs = c.remoteHost.flatMap(CIDR.init) else {
                return (TraceVerdict(.encrypted, "encrypted by SA \(c.spiOut ?? "?") (\(c.ike)/\(c.child), \(c.evidence.location)); the peer's address was not printed"), nil)
            }
            // libipsec always encapsulates in UDP (charon sends from its 4500 socket).
            let outer = OuterPacket(src: ls.host, dst: rs.host, udpEncap: (c.localPort ?? 4500, c.remotePort ?? 4500), spi: "0x" + (c.spiOut ?? "?"), size: nil)
            return t.espLeaves(p, outer: outer, algorithms: c.proposal.flatMap(EspAlgorithms.fromProposal), tunnel: (c.mode ?? "TUNNEL") == "TUNNEL",
                               innerMTUDev: outDev, verdict: "encrypted by SA 0x\(c.spiOut ?? "?") via \(c.ike)/\(c.child) (charon, \(c.evidence.location))", &run)
        }
        if let natted {
            let before = host.charonChildren.first { $0.state == "INSTALLED" && covers($0.localTS, $0.remoteTS, TracePacket(src: run.originalSrc ?? p.src, dst: p.dst, proto: p.proto, sport: p.sport, dport: p.dport)) }
            if let before {
                run.add(.sa, "before NAT \(before.ike)/\(before.child) covered it; with the new source none does: charon drops it", [before.evidence])
                return (TraceVerdict(.rewritten, "rewritten by \(natted.0) before the policy lookup: will not match \(before.ike)/\(before.child) (\(before.localTS.joined(separator: " ")) === \(before.remoteTS.joined(separator: " ")))",
                                     diagnosis: "nat.masquerade-before-ipsec"), nil)
            }
        }
        if let trap = host.charonPolicies.first(where: { $0.kind == "trap" && covers($0.localTS, $0.remoteTS, p) }) {
            run.policy = trap.evidence
            // Seen in the lab (strongSwan 5.9.8): libipsec drops the packet, logging `could not find an
            // outbound IPsec SA for reqid {N}, dropping packet`, and no acquire reaches charon, so
            // traffic does not bring such a tunnel up (unlike a kernel XFRM trap policy).
            run.add(.sa, "trap policy \(trap.name) covers it but no CHILD_SA is installed: kernel-libipsec drops the packet (`could not find an outbound IPsec SA`) and raises no acquire", [trap.evidence])
            return (TraceVerdict(.dropped, "dropped: trap policy \(trap.name) has no SA, and with kernel-libipsec traffic does not trigger it; start the CHILD_SA (`swanctl --initiate --child \(trap.name.split(separator: "/").last.map(String.init) ?? trap.name)`) or use start_action = start",
                                 diagnosis: "child.not-triggered"), nil)
        }
        if let shunt = host.charonPolicies.first(where: { $0.kind != "trap" && covers($0.localTS, $0.remoteTS, p) }) {
            run.add(.sa, "shunt policy \(shunt.name) (\(shunt.kind)) covers it", [shunt.evidence])
            return (TraceVerdict(shunt.kind == "drop" ? .dropped : .clear, "\(shunt.kind == "drop" ? "dropped" : "passed in clear") by the shunt policy \(shunt.name)", diagnosis: "policy.traffic-not-matching"), nil)
        }
        run.add(.sa, "no installed CHILD_SA or trap policy of charon covers \(p.src.address) → \(p.dst.address)",
                host.charonChildren.map(\.evidence) + host.charonPolicies.map(\.evidence))
        return (t.notTunnelled(p, run: &run, prefix: "dropped in charon (routed into \(outDev))", outcome: .dropped), nil)
    }
}
