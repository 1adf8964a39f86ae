import Facts

/// Host sources → ike.listening.udp500/udp4500 (ss), system.ip_forward (sysctl),
/// host.forwards_for_subnet (ip-addr with the local selectors of any implementation's children,
/// TunnelContext: a local selector overlaps the subnet of a non-loopback interface other than the
/// one holding the local gateway address, i.e. there are hosts behind us; selectors covering only
/// addresses on `lo` do not count; the evidence names the interface and the child),
/// route.peer_reachable (ip-route: `ip route get PEER` output, or a route table holding a
/// route towards the peer), ike.daemon.running and ike.implementation (processes).
public struct HostExtractor: FactExtractor {
    public init() {}

    /// (process name, implementation), from the one list of stacks.
    static let implementations: [(String, String)] = Implementation.allCases.flatMap { impl in
        impl.daemonNames.map { ($0, impl.rawValue) }
    }

    public func facts(from parsed: ParsedCollection) -> [Fact] {
        var out = FactList()
        if parsed.has("ss-uanp") {
            let socks = parsed.typed(SocketRecord.self, from: "ss-uanp").filter { ($0.record.netid ?? "udp") == "udp" }
            for port in [500, 4500] {
                let hits = socks.filter { $0.record.localPort == port }
                out.bool("ike.listening.udp\(port)", !hits.isEmpty,
                         hits.isEmpty ? parsed.wholeSource("ss-uanp") : hits.map { $0.provenance("\($0.record.localAddress):\(port) \($0.record.processes.joined(separator: ","))") })
            }
        }
        for src in parsed.sources("sysctl") {
            for r in src.result.typed(SysctlRecord.self) {
                let key = r.key ?? SysctlParser.key(fromPath: src.origin)
                if key == "net.ipv4.ip_forward" {
                    out.bool("system.ip_forward", r.value == "1", [src.provenance(line: r.line, excerpt: "net.ipv4.ip_forward = \(r.value)")])
                }
            }
        }
        let tunnel = TunnelContext.of(parsed)
        if parsed.has("ip-addr"), !tunnel.localTS.isEmpty {
            let addrs = parsed.typed(IpAddrRecord.self, from: "ip-addr").compactMap { r -> (String, CIDR, Sourced<IpAddrRecord>)? in
                guard let c = CIDR(r.record.address) else { return nil }
                return (r.record.ifname, c, r)
            }
            let localIPs = Set(tunnel.localAddrs.map(\.address))
            let gatewayIfs = Set(addrs.filter { localIPs.contains(hostAddress($0.2.record.address) ?? "") }.map(\.0))
            var hits: [Provenance] = []
            for (ifname, addr, rec) in addrs where ifname != "lo" && !addr.isLoopback && !gatewayIfs.contains(ifname) {
                guard let net = addr.network(prefix: addr.prefix), !(addr.isIPv6 && addr.bytes[0] == 0xfe && addr.bytes[1] & 0xc0 == 0x80) else { continue }
                if tunnel.localTS.contains(where: { $0.overlaps(net) && $0.prefix < $0.bitCount }) {
                    hits.append(rec.provenance("\(ifname) \(rec.record.address)"))
                    // and the child whose local selector covers that subnet
                    if let child = tunnel.children.first(where: { c in c.localTS.contains { CIDR($0).map { $0.overlaps(net) && $0.prefix < $0.bitCount } ?? false } }),
                       !hits.contains(child.evidence) {
                        hits.append(child.evidence)
                    }
                }
            }
            out.bool("host.forwards_for_subnet", !hits.isEmpty, hits.isEmpty ? parsed.wholeSource("ip-addr") : hits)
        }
        if parsed.has("ip-route") {
            let routes = parsed.typed(IpRouteRecord.self, from: "ip-route")
            if let err = routes.first(where: { $0.record.type == "error" }) {
                out.bool("route.peer_reachable", false, [err.provenance(err.record.error)])
            } else if let peer = tunnel.remoteAddrs.first {
                if let best = HostExtractor.bestRoute(routes, to: peer) {
                    let route = best.1.record
                    out.bool("route.peer_reachable", !route.refuses, [best.1.provenance("\(route.type == "unicast" ? "" : route.type + " ")\(route.dst ?? "") dev \(route.dev ?? "-")")])
                } else {
                    out.bool("route.peer_reachable", false, parsed.wholeSource("ip-route"))
                }
            } else if routes.count == 1, let only = routes.first, only.record.dst.flatMap({ CIDR($0) })?.prefix == 32 {
                // `ip route get ADDR` alone, with no tunnel known: its answer is the verdict.
                out.bool("route.peer_reachable", !only.record.refuses, [only.provenance(only.record.dst)])
            }
        }
        if parsed.has("processes") {
            let procs = parsed.typed(ProcessRecord.self, from: "processes")
            var found: (String, Sourced<ProcessRecord>)?
            outer: for (name, impl) in HostExtractor.implementations {
                for p in procs where p.record.runs(name) {
                    found = (impl, p); break outer
                }
            }
            if let (impl, p) = found {
                out.bool("ike.daemon.running", true, [p.provenance("\(p.record.pidText) \(p.record.args)")])
                out.add("ike.implementation", .string(impl), [p.provenance(p.record.args)])
            } else {
                out.bool("ike.daemon.running", false, parsed.wholeSource("processes"))
            }
        }
        return out.facts
    }

    /// Whether a process list, where there is one, shows an IKE daemon (any implementation): a
    /// daemon's empty status proves nothing when the daemon is not there to answer.
    static func daemonMayRun(_ parsed: ParsedCollection) -> Bool {
        guard parsed.has("processes") else { return true }
        return parsed.typed(ProcessRecord.self, from: "processes").contains { p in
            HostExtractor.implementations.contains { p.record.runs($0.0) }
        }
    }

    /// The most specific route to `peer` in the main/default tables (or `ip route get` output),
    /// with its prefix: the route the kernel takes for IKE to the peer when no policy routing
    /// intervenes.
    static func bestRoute(_ routes: [Sourced<IpRouteRecord>], to peer: CIDR) -> (CIDR, Sourced<IpRouteRecord>)? {
        routes.filter { r in
            let t = r.record.table; return t == nil || t == "main" || t == "default"
        }.compactMap { r -> (CIDR, Sourced<IpRouteRecord>)? in
            guard let d = r.record.dst else { return nil }
            let c = d == "default" ? CIDR(peer.isIPv6 ? "::/0" : "0.0.0.0/0") : CIDR(d)
            return c.map { ($0, r) }
        }.filter { $0.0.contains(peer) }.max { $0.0.prefix < $1.0.prefix }
    }
}
