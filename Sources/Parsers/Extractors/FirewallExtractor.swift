import Facts

/// iptables-save / nft list ruleset → fw.drops_ike_in/out (UDP 500 or 4500 from/to the peer),
/// fw.drops_esp_in/out (protocol 50 or UDP 4500), fw.forward_blocks_tunnel (FORWARD drops
/// traffic between the local and remote selectors of one of the tunnel's children),
/// nat.masquerade_hits_tunnel (a POSTROUTING MASQUERADE/SNAT rewrites traffic from a child's local
/// to its remote selector with no ACCEPT/RETURN for IPsec or the remote subnet before it). The
/// children come from any implementation's config or status (TunnelContext, TunnelChild), so a
/// Libreswan, stroke, racoon or OpenBSD host gets the same checks as a swanctl one; the evidence
/// names the child whose traffic is hit, and fw.forward_blocked_local_ts/_remote_ts and
/// nat.masqueraded_local_ts/_remote_ts give its selector pair to the remedies.
/// Rules are read first-match in INPUT/OUTPUT/FORWARD (iptables filter table, nft base chains of
/// type filter; any base chain dropping counts), jumps followed, chain policies applied. A rule
/// whose match cannot be decided (an unknown module, an address we do not know) may accept but
/// never counts as a drop, so a finding always points to a rule that certainly matches.
public struct FirewallExtractor: FactExtractor {
    public init() {}
    public func facts(from parsed: ParsedCollection) -> [Fact] {
        guard parsed.has("iptables-save") || parsed.has("nft-ruleset") else { return [] }
        let fw = Firewall(parsed)
        let whole = parsed.wholeSource("iptables-save") + parsed.wholeSource("nft-ruleset")
        let tunnel = TunnelContext.of(parsed, firstOnly: true)
        let peer = tunnel.remoteAddrs.first, me = tunnel.localAddrs.first
        var out = FactList()
        func check(_ name: String, hook: String, _ packets: [FwPacket]) {
            let hits = packets.compactMap { fw.dropped(hook: hook, $0) }
            out.bool(name, !hits.isEmpty, hits.isEmpty ? whole : unique(hits.map(\.description)).compactMap { d in hits.first { $0.description == d } })
        }
        // on UDP 4500 IKE carries the zero non-ESP marker, ESP-in-UDP its SPI (RFC 3948 2.2)
        func udp(_ port: Int, inbound: Bool, payload: String = "ike") -> FwPacket {
            FwPacket(proto: "udp", sport: port, dport: port, src: inbound ? peer : me, dst: inbound ? me : peer, ipsec: false,
                     payload: payload)
        }
        func esp(inbound: Bool) -> FwPacket {
            FwPacket(proto: "esp", sport: nil, dport: nil, src: inbound ? peer : me, dst: inbound ? me : peer, ipsec: false)
        }
        check("fw.drops_ike_in", hook: "input", [udp(500, inbound: true), udp(4500, inbound: true)])
        check("fw.drops_ike_out", hook: "output", [udp(500, inbound: false), udp(4500, inbound: false)])
        check("fw.drops_esp_in", hook: "input", [esp(inbound: true), udp(4500, inbound: true, payload: "esp")])
        check("fw.drops_esp_out", hook: "output", [esp(inbound: false), udp(4500, inbound: false, payload: "esp")])
        selectorChecks(fw, tunnel, whole, &out)
        return out.facts
    }

    /// FORWARD and POSTROUTING, per child: decapsulated traffic from the child's remote selector
    /// to its local one, and its local selector's traffic bound for the tunnel (both match
    /// `-m policy --pol ipsec`, in FORWARD as in POSTROUTING). A selector is never paired with
    /// another child's: that traffic is not the tunnel's.
    func selectorChecks(_ fw: Firewall, _ tunnel: TunnelContext, _ whole: [Provenance], _ out: inout FactList) {
        var forwardHit: [Provenance]?, natHit: [Provenance]?, asked = 0
        var forwardPair: (CIDR, CIDR)?, natPair: (CIDR, CIDR)?
        for (l, r, child) in tunnel.selectorPairs {
            asked += 1
            if forwardHit == nil {
                let packets = [FwPacket(proto: "any", sport: nil, dport: nil, src: r, dst: l, ipsec: true),
                               FwPacket(proto: "any", sport: nil, dport: nil, src: l, dst: r, ipsec: true)]
                if let hit = packets.lazy.compactMap({ fw.dropped(hook: "forward", $0) }).first {
                    forwardHit = [hit, child.evidence]; forwardPair = (l, r)
                }
            }
            if natHit == nil, let hit = fw.translated(FwPacket(proto: "any", sport: nil, dport: nil, src: l, dst: r, ipsec: true)) {
                natHit = [hit, child.evidence]; natPair = (l, r)
            }
            if forwardHit != nil, natHit != nil { break }
        }
        guard asked > 0 else { return }
        out.bool("fw.forward_blocks_tunnel", forwardHit != nil, forwardHit ?? whole)
        out.bool("nat.masquerade_hits_tunnel", natHit != nil, natHit ?? whole)
        // The pair that is hit, for the remedies: an exemption for another child's subnets fixes nothing.
        if let (l, r) = forwardPair, let p = forwardHit {
            out.add("fw.forward_blocked_local_ts", .string(l.description), p)
            out.add("fw.forward_blocked_remote_ts", .string(r.description), p)
        }
        if let (l, r) = natPair, let p = natHit {
            out.add("nat.masqueraded_local_ts", .string(l.description), p)
            out.add("nat.masqueraded_remote_ts", .string(r.description), p)
        }
    }
}
