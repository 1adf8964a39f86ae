import Facts

/// illumos IP Filter's NAT (`ipnat -l`) against each child's traffic (IpFilterNAT): the
/// active translations first (proof), then the rules. Tunnel interfaces named by ipsecinit.conf
/// (`tunnel iptun0`) are where a `map` comes before the tunnel's IPsec policy.
extension PacketFilterExtractor {
    func ipnat(_ parsed: ParsedCollection, _ out: inout FactList) {
        guard parsed.has("ipnat-list") else { return }
        let sources = parsed.sources("ipnat-list")
        let records = sources.flatMap { $0.result.typed(IpnatRecord.self) }
        // no rule and no session is "nothing translated" only when the output said so
        if !records.contains(where: { $0.kind == "rule" || $0.kind == "session" }),
           sources.contains(where: { !$0.result.unparsed.isEmpty }) { return }
        let tunnel = TunnelContext.of(parsed, firstOnly: true)
        let tunnels = Set(parsed.sources("ipsecinit-conf").flatMap { $0.result.typed(IpsecinitConfRecord.self).compactMap(\.tunnel) })
        let sourced = parsed.typed(IpnatRecord.self, from: "ipnat-list")
        func hit(_ line: Int?, _ l: CIDR, _ r: CIDR, _ child: TunnelChild, _ out: inout FactList) {
            let row = sourced.first { $0.record.line == line }
            let p = (row.map { [$0.provenance($0.record.text ?? Self.sessionSummary($0.record))] } ?? parsed.wholeSource("ipnat-list"))
                + [child.evidence]
            out.bool("nat.masquerade_hits_tunnel", true, p)
            out.add("nat.masqueraded_local_ts", .string(l.description), p)
            out.add("nat.masqueraded_remote_ts", .string(r.description), p)
        }
        var asked = 0, undecided = false
        for (l, r, child) in tunnel.selectorPairs {
            asked += 1
            if let s = IpFilterNAT.session(records, local: l, remote: r) { hit(s.line, l, r, child, &out); return }
            switch IpFilterNAT.verdict(rules: records, local: l, remote: r, tunnels: tunnels) {
            case .untouched: continue
            case .undecided: undecided = true
            case let .rewritten(line): hit(line, l, r, child, &out); return
            }
        }
        if asked > 0, !undecided { out.bool("nat.masquerade_hits_tunnel", false, parsed.wholeSource("ipnat-list")) }
    }

    /// `MAP 10.1.0.5 <- -> 192.0.2.1 [198.51.100.7]`: a session as ipnat prints it, for evidence.
    static func sessionSummary(_ r: IpnatRecord) -> String {
        func end(_ a: String?, _ p: String?) -> String { [a, p].compactMap { $0 }.joined(separator: " ") }
        return "\(r.type ?? "") \(end(r.inside, r.insidePort)) <- -> \(end(r.outside, r.outsidePort)) [\(end(r.remote, r.remotePort))]"
    }
}
