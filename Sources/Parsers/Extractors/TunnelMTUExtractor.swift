import Facts

/// ip-link with the tunnel's gateway address (TunnelContext, any implementation) →
/// mtu.tunnel_device_exceeds_path: a route-based tunnel interface (kernel-libipsec's `ipsec0`,
/// `vti*`, XFRM interfaces `ipsec*`/`xfrm*`, or `ip -d link`'s kind vti/xfrm) lets through inner
/// packets that, once encrypted, are larger than the MTU of the interface the ESP leaves on (the
/// one holding this side's gateway address). The overhead counted is ESP's least (RFC 4303):
/// outer IPv4 header 20 (IPv6 40), ESP header 8, IV 8, trailer 2 padded to 4, ICV 16 = 56 (76);
/// any real SA adds more (CBC's 16-byte IV and padding, NAT-T's 8-byte UDP header), so the fact is
/// never true where the packets would fit (variant dp-esp-fragments-dropped: ipsec0 1400, wan0
/// 1280; the lab's healthy gateways: ipsec0 1400, wan0 1500).
public struct TunnelMTUExtractor: FactExtractor {
    public init() {}

    static let leastOverhead4 = 56, leastOverhead6 = 76

    static func isTunnelDevice(name: String, kind: String?) -> Bool {
        if let k = kind?.lowercased(), ["vti", "vti6", "xfrm"].contains(k) { return true }
        return name.hasPrefix("ipsec") || name.hasPrefix("vti") || name.hasPrefix("xfrm")
    }

    public func facts(from parsed: ParsedCollection) -> [Fact] {
        guard parsed.has("ip-link"), parsed.has("ip-addr") else { return [] }
        let links = parsed.typed(IpLinkRecord.self, from: "ip-link")
        let tunnels = links.filter { TunnelMTUExtractor.isTunnelDevice(name: $0.record.ifname ?? "", kind: $0.record.kind) && $0.record.mtu != nil }
        guard !tunnels.isEmpty else { return [] }
        let tunnel = TunnelContext.of(parsed)
        guard let me = tunnel.localAddrs.first else { return [] }
        // the interface holding this side's gateway address carries the ESP
        guard let egressName = parsed.typed(IpAddrRecord.self, from: "ip-addr").first(where: { r in
            hostAddress(r.record.address) == me.address
        })?.record.ifname,
              let egress = links.first(where: { $0.record.ifname == egressName }), let wanMTU = egress.record.mtu else { return [] }
        let overhead = me.isIPv6 ? TunnelMTUExtractor.leastOverhead6 : TunnelMTUExtractor.leastOverhead4
        var out = FactList()
        let big = tunnels.filter { ($0.record.mtu ?? 0) + overhead > wanMTU }
        let egressProv = egress.provenance("\(egressName) mtu \(wanMTU)")
        if let t = big.first {
            let name = t.record.ifname ?? "?", mtu = t.record.mtu ?? 0
            out.bool("mtu.tunnel_device_exceeds_path", true,
                     [t.provenance("\(name) mtu \(mtu): \(mtu) + at least \(overhead) bytes of ESP > \(wanMTU)"), egressProv])
        } else {
            out.bool("mtu.tunnel_device_exceeds_path", false, tunnels.map { $0.provenance("\($0.record.ifname ?? "?") mtu \($0.record.mtu ?? 0)") } + [egressProv])
        }
        return out.facts
    }
}
