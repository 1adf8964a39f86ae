import Facts

/// Packet-capture summaries (snoop, tcpdump) → capture.* facts.
///
/// How direction is decided, first rule that applies:
///  1. the tool printed it (`tcpdump -i any`: `In`/`Out`);
///  2. a `local ADDR` hint line in the capture (the wizard adds it), or a local address known
///     from other sources: ip-addr interface addresses, Libreswan `interface` lines, the
///     connections' local gateway addresses (swanctl, Libreswan, ipsecctl SAs are not used);
///     a packet from a local address is outgoing, one to it incoming;
///  3. otherwise the first source address of an IKE or ESP packet is taken as this host, with
///     certainty 0.6 (the capture shows who talks, not who we are).
/// Facts: capture.ike_out / ike_in (UDP 500, or 4500 carrying isakmp; snoop's bare UDP 4500
/// counts as IKE), capture.esp_out / esp_in (ESP, ESP-in-UDP, ESP fragments),
/// capture.esp_fragmented (any ESP IP fragment), capture.any_ipsec.
public struct CaptureExtractor: FactExtractor {
    public init() {}

    public func facts(from parsed: ParsedCollection) -> [Fact] {
        let sources = ["snoop", "tcpdump"]
        guard sources.contains(where: { parsed.has($0) }) else { return [] }
        var locals = Set<String>()
        for r in parsed.records("ip-addr") { if let a = r.str("address"), let c = CIDR(a) { locals.insert(c.address) } }
        for r in parsed.records("libreswan-status") where r.str("kind") == "interface" { if let a = r.str("address") { locals.insert(a) } }
        for r in parsed.records("libreswan-status") where r.str("kind") == "connection" { if let a = r.str("local") { locals.insert(a) } }
        for a in TunnelContext(parsed).localAddrs { locals.insert(a.address) }
        var out = FactList()
        for name in sources {
            let recs = parsed.sourced(name)
            guard parsed.has(name) else { continue }
            var hintLocals = locals
            for r in recs where r.record.str("kind") == "hint" { if let l = r.record.str("local") { hintLocals.insert(l) } }
            let ipsec = recs.filter { ["ike", "nat-t", "esp", "esp-fragment"].contains($0.record.str("kind") ?? "") }
            var certainty = 1.0
            var local = hintLocals
            if !ipsec.contains(where: { hintLocals.contains($0.record.str("src") ?? "") || hintLocals.contains($0.record.str("dst") ?? "") }),
               !ipsec.contains(where: { $0.record.str("direction") != nil }), let first = ipsec.first?.record.str("src") {
                local = [first]; certainty = 0.6
            }
            func dir(_ r: SourcedRecord) -> String? {
                if let d = r.record.str("direction") { return d }
                if local.contains(r.record.str("src") ?? "") { return "out" }
                if local.contains(r.record.str("dst") ?? "") { return "in" }
                return nil
            }
            func text(_ r: SourcedRecord) -> String {
                "\(r.record.str("src") ?? "?") > \(r.record.str("dst") ?? "?") \(r.record.str("kind") ?? "")\(r.record.str("spi").map { " spi=\($0)" } ?? "")"
            }
            let whole = parsed.wholeSource(name)
            let isIKE = { (r: SourcedRecord) in ["ike", "nat-t"].contains(r.record.str("kind") ?? "") }
            let isESP = { (r: SourcedRecord) in ["esp", "esp-fragment"].contains(r.record.str("kind") ?? "") }
            for (fact, pick, d) in [("capture.ike_out", isIKE, "out"), ("capture.ike_in", isIKE, "in"),
                                    ("capture.esp_out", isESP, "out"), ("capture.esp_in", isESP, "in")] {
                let hits = ipsec.filter { pick($0) && dir($0) == d }
                let c = hits.contains { $0.record.str("direction") != nil } ? 1.0 : certainty
                out.add(fact, .bool(!hits.isEmpty), certainty: c, hits.isEmpty ? whole : hits.prefix(4).map { $0.provenance(text($0)) })
            }
            let frags = recs.filter { $0.record.str("kind") == "esp-fragment" }
            out.bool("capture.esp_fragmented", !frags.isEmpty, frags.isEmpty ? whole : frags.prefix(4).map { $0.provenance(text($0)) })
            out.bool("capture.any_ipsec", !ipsec.isEmpty, ipsec.isEmpty ? whole : ipsec.prefix(4).map { $0.provenance(text($0)) })
        }
        return out.facts
    }
}
