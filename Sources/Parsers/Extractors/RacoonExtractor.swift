import Facts

/// racoon / ipsec-tools sources → facts.
///  - racoon-log or racoonctl-show-sa present: ike.implementation=racoon
///  - SAD (setkey-D, racoonctl-show-sa ipsec records): child.sa.installed (an ESP/AH SA in state
///    `mature`), child.sa.count (mature ESP/AH SAs counted in pairs, in+out = one, rounded up),
///    child.sa.reqids; xfrm-like kernel.esp_supported=true when an ESP SA exists
///  - racoonctl show-sa isakmp: ike.sa.count, ike.sa.established (responder cookie set)
///  - setkey-DP: child.trap_installed is not claimed (racoon acquires on any ipsec policy)
///  - racoon-log: the log.* facts (log.ike.peer_not_responding for "phase1 negotiation failed
///    due to time up"), log.ike.retransmits, ike.nat_detected
public struct RacoonExtractor: FactExtractor {
    public init() {}

    static let logFacts = DaemonLogFacts(catalogue: RacoonMessages.catalogue)

    public func facts(from parsed: ParsedCollection) -> [Fact] {
        var out = FactList()
        if parsed.has("racoon-log") || parsed.has("racoonctl-show-sa") {
            out.add("ike.implementation", .string("racoon"), Array((parsed.wholeSource("racoonctl-show-sa") + parsed.wholeSource("racoon-log")).prefix(1)))
        }
        // the SAD of setkey -D and the SAs racoonctl shows (`kind: ipsec`), one record type (PFKeyDump)
        let sad = parsed.typed(PFKeySARecord.self, from: "setkey-D")
            + parsed.typed(PFKeySARecord.self, from: "racoonctl-show-sa").filter { $0.record.kind == "ipsec" }
        if parsed.has("setkey-D") || sad.count > 0 {
            let whole = parsed.wholeSource("setkey-D") + parsed.wholeSource("racoonctl-show-sa")
            let sas = sad.filter { ["esp", "ah", "esp-udp"].contains($0.record.proto ?? "") }
            let mature = sas.filter { $0.record.state == "mature" }
            let prov = mature.map { $0.provenance("\($0.record.src ?? "") \($0.record.dst ?? "") \($0.record.proto ?? "") spi=\($0.record.spi ?? "") reqid=\($0.record.reqidText ?? "") state=mature") }
            out.bool("child.sa.installed", !mature.isEmpty, mature.isEmpty ? whole : prov)
            out.number("child.sa.count", (mature.count + 1) / 2, mature.isEmpty ? whole : prov)
            let reqids = unique(mature.compactMap { $0.record.reqidText }.filter { $0 != "0" })
            if !reqids.isEmpty { out.list("child.sa.reqids", reqids, prov) }
            if sas.contains(where: { $0.record.proto == "esp" }) { out.bool("kernel.esp_supported", true, Array(prov.prefix(1))) }
        }
        let isakmp = parsed.typed(RacoonctlShowSaRecord.self, from: "racoonctl-show-sa").filter { $0.record.kind == "isakmp" }
        if !isakmp.isEmpty {
            let up = isakmp.filter { $0.record.established == true }
            let p = { (r: Sourced<RacoonctlShowSaRecord>) in r.provenance("\(r.record.destination ?? "") \(r.record.cookies ?? "")") }
            out.number("ike.sa.count", isakmp.count, isakmp.map(p))
            out.bool("ike.sa.established", !up.isEmpty, (up.isEmpty ? isakmp : up).map(p))
        }
        RacoonExtractor.logFacts.add(parsed.sources("racoon-log"), to: &out)
        return out.facts
    }
}
