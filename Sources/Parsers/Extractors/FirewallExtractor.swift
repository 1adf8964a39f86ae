import Facts

/// iptables-save / nft list ruleset → fw.drops_ike_in/out (UDP 500 or 4500 from/to the peer),
/// fw.drops_esp_in/out (protocol 50 or UDP 4500), fw.forward_blocks_tunnel (FORWARD drops
/// traffic between the tunnel's selectors; needs them from a swanctl source),
/// nat.masquerade_hits_tunnel (a POSTROUTING MASQUERADE/SNAT rewrites traffic from the local to
/// the remote selector with no ACCEPT/RETURN for IPsec or the remote subnet before it).
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
        if let l = tunnel.localTS.first, let r = tunnel.remoteTS.first {
            // Decapsulated traffic from the peer's subnet, and our subnet's traffic bound for the tunnel
            // (both match `-m policy --pol ipsec`, in FORWARD as in POSTROUTING).
            check("fw.forward_blocks_tunnel", hook: "forward", [
                FwPacket(proto: "any", sport: nil, dport: nil, src: r, dst: l, ipsec: true),
                FwPacket(proto: "any", sport: nil, dport: nil, src: l, dst: r, ipsec: true),
            ])
            let p = FwPacket(proto: "any", sport: nil, dport: nil, src: l, dst: r, ipsec: true)
            if let hit = fw.translated(p) {
                out.bool("nat.masquerade_hits_tunnel", true, [hit])
            } else {
                out.bool("nat.masquerade_hits_tunnel", false, whole)
            }
        }
        return out.facts
    }
}
