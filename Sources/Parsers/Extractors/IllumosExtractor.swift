import Facts

/// illumos / SmartOS sources (svcs, ipseckey-dump, dtrace-ipsec-drops; snoop, ipsecinit.conf and
/// ipnat -l imply the platform too) → facts.
///  - host.os=illumos
///  - svcs: illumos.services_offline (the ipsecalgs, ike and policy services that are not
///    `online`; a service missing from the listing is not claimed), ike.daemon.running
///    (svc:/network/ipsec/ike online), ike.implementation=in.iked when the ike service is listed,
///    system.ip_forward (svc:/network/ipv4-forwarding:default online or disabled)
///  - ipseckey-dump: child.sa.installed (an ESP/AH SA in state mature), child.sa.count (mature
///    SAs counted in pairs, rounded up)
///  - dtrace-ipsec-drops: illumos.drop.esp / .spd / .sadb (packets per `Dropped by:` reason)
public struct IllumosExtractor: FactExtractor {
    public init() {}

    public func facts(from parsed: ParsedCollection) -> [Fact] {
        let names = ["svcs", "ipseckey-dump", "dtrace-ipsec-drops", "snoop", "ipsecinit-conf", "ipnat-list"]
        guard names.contains(where: { parsed.has($0) }) else { return [] }
        var out = FactList()
        out.add("host.os", .string(Platform.illumos.rawValue), Array(names.flatMap { parsed.wholeSource($0) }.prefix(1)))
        let all = parsed.typed(SvcsRecord.self, from: "svcs")
        let svcs = all.filter { $0.record.fmri.hasPrefix("svc:/network/ipsec/") }
        if parsed.has("svcs") {
            let watched = ["ipsecalgs", "ike", "policy"]
            let relevant = svcs.filter { watched.contains($0.record.service ?? "") && ($0.record.instance ?? "default") == "default" }
            let p = { (r: Sourced<SvcsRecord>) in r.provenance("\(r.record.state) \(r.record.fmri)") }
            let offline = relevant.filter { $0.record.state != "online" || $0.record.isTransitioning }
            out.list("illumos.services_offline", unique(offline.compactMap { $0.record.service }),
                     offline.isEmpty ? (relevant.isEmpty ? parsed.wholeSource("svcs") : relevant.map(p)) : offline.map(p))
            // routeadm's ipv4-forwarding is this service (routeadm.c: RA_INSTANCE_IPV4_FORWARDING);
            // online forwards, disabled does not, any other state says neither
            if let fwd = all.first(where: { $0.record.fmri == "svc:/network/ipv4-forwarding:default" }),
               !fwd.record.isTransitioning, case let st = fwd.record.state, st == "online" || st == "disabled" {
                out.bool("system.ip_forward", st == "online", [p(fwd)])
            }
            if let ike = relevant.first(where: { $0.record.service == "ike" }) {
                out.bool("ike.daemon.running", ike.record.state == "online", [p(ike)])
                out.add("ike.implementation", .string("in.iked"), [p(ike)])
            }
        }
        if parsed.has("ipseckey-dump") {
            let sas = parsed.typed(IpseckeyDumpRecord.self, from: "ipseckey-dump").filter { ["ESP", "AH"].contains(($0.record.satype ?? "").uppercased()) }
            let mature = sas.filter { $0.record.state == "mature" }
            let prov = mature.map { $0.provenance("\($0.record.satype ?? "") spi=\($0.record.spi ?? "") \($0.record.src ?? "?") -> \($0.record.dst ?? "?") state=MATURE") }
            let whole = parsed.wholeSource("ipseckey-dump")
            out.bool("child.sa.installed", !mature.isEmpty, prov.isEmpty ? whole : prov)
            out.number("child.sa.count", (mature.count + 1) / 2, prov.isEmpty ? whole : prov)
        }
        if parsed.has("dtrace-ipsec-drops") {
            let drops = parsed.typed(DtraceIpsecDropRecord.self, from: "dtrace-ipsec-drops")
            for reason in ["esp", "spd", "sadb"] {
                let hits = drops.filter { $0.record.reason == reason }
                out.number("illumos.drop.\(reason)", hits.count, hits.isEmpty ? parsed.wholeSource("dtrace-ipsec-drops") : hits.map {
                    let r = $0.record
                    return $0.provenance("IPsec dropped an \(r.direction ?? "") packet \(r.src ?? "?"):\(r.fields.str(.sport) ?? "?") -> \(r.dst ?? "?"):\(r.fields.str(.dport) ?? "?"), Dropped by: \(r.droppedBy ?? "")")
                })
            }
        }
        return out.facts
    }
}
