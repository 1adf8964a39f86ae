import Facts

/// OpenBSD sources (ipsecctl-sa, isakmpd-result, isakmpd-log, iked-log) → facts.
///  - any of them: host.os=openbsd; isakmpd-result/-log: ike.implementation=isakmpd
///  - ipsecctl-sa: child.sa.installed (an ESP/AH SA pair: SAs in both directions between the
///    same two addresses; with addresses missing, two SAs), child.sa.count (pairs),
///    child.sa.bytes_in / bytes_out (the `-v` counters: input / output bytes summed over the SAs),
///    ike.tunnel_count (distinct peers of the flows; else of the S report's phase 1 SAs)
///  - isakmpd-result: ike.sa.count (phase 1 SAs), openbsd.sa_names (the generated names the fifo
///    `t main|quick NAME` needs), openbsd.half_open_tunnels: the S report's SAs of peers that have
///    a phase 1 SA but no complete set of flows in+out and SAs both ways in ipsecctl -sa (without
///    ipsecctl -sa: phase 1 SAs with no phase 2 SA to the same peer); flows whose peer has no SA
///    are listed as `flow to PEER`
///  - iked-log: ike.implementation=iked and its log.* facts
///  - isakmpd-log: log.isakmpd.teardown_no_match (`sa_find: no SA matched query` after a fifo
///    teardown), and the log.* facts of its signatures
public struct OpenBSDExtractor: FactExtractor {
    public init() {}

    /// isakmpd's: the events of its catalogue and of IsakmpdLogParser's signatures
    static let logFacts = DaemonLogFacts(events: IsakmpdMessages.all.map(\.event) + ["auth_failed", "no_response", "ts_unacceptable", "dpd_dead", "unreachable"])
    /// iked's: the events of its catalogue and of IkedLogParser's notify signatures
    static let ikedLogFacts = DaemonLogFacts(events: IkedMessages.all.map(\.event) + ["auth_failed", "ts_unacceptable", "invalid_ke", "no_response"])

    public func facts(from parsed: ParsedCollection) -> [Fact] {
        let names = ["ipsecctl-sa", "isakmpd-result", "isakmpd-log", "iked-log"]
        guard names.contains(where: { parsed.has($0) }) else { return [] }
        var out = FactList()
        out.add("host.os", .string(Platform.openbsd.rawValue), Array(names.flatMap { parsed.wholeSource($0) }.prefix(1)))
        if parsed.has("isakmpd-result") || parsed.has("isakmpd-log") {
            out.add("ike.implementation", .string("isakmpd"), Array((parsed.wholeSource("isakmpd-result") + parsed.wholeSource("isakmpd-log")).prefix(1)))
        }
        let flows = parsed.typed(IpsecctlSaRecord.self, from: "ipsecctl-sa").filter { $0.record.kind == "flow" }
        let sas = parsed.typed(IpsecctlSaRecord.self, from: "ipsecctl-sa").filter { $0.record.kind == "sa" && ["esp", "ah"].contains($0.record.proto ?? "") }
        func pairKey(_ a: String, _ b: String) -> String { [a, b].sorted().joined(separator: "|") }
        // SA pairs by address pair; SAs with a missing address are pooled under "?"
        var dirs: [String: Set<String>] = [:]
        for s in sas {
            let f = s.record.from ?? "?", t = s.record.to ?? "?"
            let key = (f == "?" || t == "?") ? "?" : pairKey(f, t)
            dirs[key, default: []].insert(f == "?" || t == "?" ? "\(dirs["?"]?.count ?? 0)" : "\(f)>\(t)")
        }
        let pairs = dirs.filter { $0.value.count >= 2 }
        if parsed.has("ipsecctl-sa") {
            let whole = parsed.wholeSource("ipsecctl-sa")
            let prov = sas.map { $0.provenance("\($0.record.proto ?? "") \($0.record.mode ?? "") spi \($0.record.spi ?? "?")") }
            let n = pairs.values.map { $0.count / 2 }.reduce(0, +)
            out.bool("child.sa.installed", n > 0, prov.isEmpty ? whole : prov)
            out.number("child.sa.count", n, prov.isEmpty ? whole : prov)
            // verbose listings carry per-SA counters: input bytes are received, output bytes sent
            let counted = sas.filter { $0.record.bytesIn != nil || $0.record.bytesOut != nil }
            if !counted.isEmpty {
                let cp = counted.map { $0.provenance("\($0.record.from ?? "?") -> \($0.record.to ?? "?") spi \($0.record.spi ?? "?"): \($0.record.bytesInText ?? "0") input bytes, \($0.record.bytesOutText ?? "0") output bytes") }
                out.number("child.sa.bytes_in", counted.compactMap { $0.record.bytesIn }.reduce(0) { $0.addingSaturating($1) }, cp)
                out.number("child.sa.bytes_out", counted.compactMap { $0.record.bytesOut }.reduce(0) { $0.addingSaturating($1) }, cp)
            }
            let peers = unique(flows.compactMap { $0.record.peer })
            if !peers.isEmpty || !flows.isEmpty {
                let outFlows = flows.filter { $0.record.dir != "in" }
                out.number("ike.tunnel_count", peers.isEmpty ? outFlows.count : peers.count, flows.map { $0.provenance("flow \($0.record.dir ?? "") peer \($0.record.peer ?? "?")") })
            }
        }
        // S report
        let report = parsed.typed(IsakmpdResultRecord.self, from: "isakmpd-result")
        if !report.isEmpty {
            let p1 = report.filter { $0.record.phase == 1 }
            let p2 = report.filter { $0.record.phase == 2 }
            let rp = { (r: Sourced<IsakmpdResultRecord>) in r.provenance("SA name: \(r.record.name ?? "") (Phase \(r.record.fields.str(.phase) ?? "?"))") }
            out.number("ike.sa.count", p1.count, p1.isEmpty ? parsed.wholeSource("isakmpd-result") : p1.map(rp))
            if !parsed.has("ipsecctl-sa"), !p1.isEmpty { out.number("ike.tunnel_count", Set(p1.map { $0.record.dst ?? "" }).count, p1.map(rp)) }
            out.list("openbsd.sa_names", report.compactMap { $0.record.name }, report.map(rp))
            var half: [String] = []
            var hp: [Provenance] = []
            for s in p1 {
                let peer = s.record.dst ?? ""
                let complete: Bool
                if parsed.has("ipsecctl-sa") {
                    let pf = flows.filter { ($0.record.peer ?? "") == peer }
                    let hasIn = pf.contains { $0.record.dir == "in" }, hasOut = pf.contains { $0.record.dir == "out" }
                    let hasPair = peer.isEmpty ? pairs["?"] != nil || !pairs.isEmpty
                        : pairs.keys.contains { $0.split(separator: "|").contains(Substring(peer)) }
                    complete = hasIn && hasOut && hasPair
                } else {
                    complete = p2.contains { ($0.record.dst ?? "") == peer }
                }
                if !complete {
                    half.append(s.record.name ?? "")
                    hp.append(rp(s))
                    for c in p2 where (c.record.dst ?? "") == peer { half.append(c.record.name ?? ""); hp.append(rp(c)) }
                }
            }
            for f in flows {
                guard let peer = f.record.peer else { continue }
                let hasSA = sas.contains { $0.record.from == peer || $0.record.to == peer }
                if !hasSA, !half.contains("flow to \(peer)") { half.append("flow to \(peer)"); hp.append(f.provenance("flow \(f.record.dir ?? "") peer \(peer): no SA")) }
            }
            out.list("openbsd.half_open_tunnels", unique(half), hp.isEmpty ? report.map(rp) : hp)
        }
        if parsed.has("iked-log") {
            out.add("ike.implementation", .string("iked"), Array(parsed.wholeSource("iked-log").prefix(1)))
            OpenBSDExtractor.ikedLogFacts.add(parsed.sources("iked-log"), to: &out)
        }
        // isakmpd log
        let logs = parsed.sources("isakmpd-log")
        if !logs.isEmpty {
            var hits: [Provenance] = []
            for src in logs {
                for r in src.result.typed(LogEventRecord.self) where r.event == "no_sa_matched" {
                    hits.append(Provenance(.log, src.origin, line: r.line, excerpt: r.text))
                }
            }
            out.bool("log.isakmpd.teardown_no_match", !hits.isEmpty, hits.isEmpty ? logs.map { Provenance(.log, $0.origin) } : hits)
            OpenBSDExtractor.logFacts.add(logs, to: &out)
        }
        return out.facts
    }
}
