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
/// capture.esp_fragmented (any ESP IP fragment), capture.any_ipsec, and from ICMP errors about our
/// IKE: capture.icmp_port_unreachable, capture.icmp_unreachable; from ARP: capture.arp_unanswered.
public struct CaptureExtractor: FactExtractor {
    public init() {}

    public func facts(from parsed: ParsedCollection) -> [Fact] {
        let sources = ["snoop", "tcpdump"]
        guard sources.contains(where: { parsed.has($0) }) else { return [] }
        var locals = Set<String>()
        locals.formUnion(parsed.interfaceAddresses)
        let status = parsed.sources("libreswan-status").flatMap { $0.result.typed(LibreswanStatusRecord.self) }
        for r in status where r.kind == "interface" { if let a = r.address { locals.insert(a) } }
        for r in status where r.kind == "connection" { if let a = r.local { locals.insert(a) } }
        let tunnel = TunnelContext.of(parsed)
        for a in tunnel.localAddrs { locals.insert(a.address) }
        // Who must answer ARP for IKE to reach the peer: the peer, or the gateway of its route.
        var nextHops = Set(tunnel.remoteAddrs.map(\.address))
        for peer in tunnel.remoteAddrs.prefix(1) {
            if let via = HostExtractor.bestRoute(parsed.typed(IpRouteRecord.self, from: "ip-route"), to: peer)?.1.record.via { nextHops.insert(via) }
        }
        var out = FactList()
        for name in sources {
            let recs = parsed.typed(CaptureRecord.self, from: name)
            guard parsed.has(name) else { continue }
            var hintLocals = locals
            for r in recs where r.record.kind == "hint" { if let l = r.record.fields.str(.local) { hintLocals.insert(l) } }
            let ipsec = recs.filter { ["ike", "nat-t", "esp", "esp-fragment"].contains($0.record.kind ?? "") }
            var certainty = 1.0
            var local = hintLocals
            if !ipsec.contains(where: { hintLocals.contains($0.record.src ?? "") || hintLocals.contains($0.record.dst ?? "") }),
               !ipsec.contains(where: { $0.record.fields.str(.direction) != nil }), let first = ipsec.first?.record.src {
                local = [first]; certainty = 0.6
            }
            func dir(_ r: Sourced<CaptureRecord>) -> String? {
                if let d = r.record.fields.str(.direction) { return d }
                if local.contains(r.record.src ?? "") { return "out" }
                if local.contains(r.record.dst ?? "") { return "in" }
                return nil
            }
            func text(_ r: Sourced<CaptureRecord>) -> String {
                "\(r.record.src ?? "?") > \(r.record.dst ?? "?") \(r.record.kind ?? "")\(r.record.spi.map { " spi=\($0)" } ?? "")"
            }
            let whole = parsed.wholeSource(name)
            let isIKE = { (r: Sourced<CaptureRecord>) in ["ike", "nat-t"].contains(r.record.kind ?? "") }
            let isESP = { (r: Sourced<CaptureRecord>) in ["esp", "esp-fragment"].contains(r.record.kind ?? "") }
            for (fact, pick, d) in [("capture.ike_out", isIKE, "out"), ("capture.ike_in", isIKE, "in"),
                                    ("capture.esp_out", isESP, "out"), ("capture.esp_in", isESP, "in")] {
                let hits = ipsec.filter { pick($0) && dir($0) == d }
                let c = hits.contains { $0.record.fields.str(.direction) != nil } ? 1.0 : certainty
                out.add(fact, .bool(!hits.isEmpty), certainty: c, hits.isEmpty ? whole : hits.prefix(4).map { $0.provenance(text($0)) })
            }
            unknownSPI(parsed, ipsec.filter { isESP($0) && dir($0) == "in" }, text: text, &out)
            let frags = recs.filter { $0.record.kind == "esp-fragment" }
            out.bool("capture.esp_fragmented", !frags.isEmpty, frags.isEmpty ? whole : frags.prefix(4).map { $0.provenance(text($0)) })
            out.bool("capture.any_ipsec", !ipsec.isEmpty, ipsec.isEmpty ? whole : ipsec.prefix(4).map { $0.provenance(text($0)) })
            icmp(recs, ike: ipsec.filter { isIKE($0) && dir($0) == "out" }, whole: whole, &out)
            arp(recs, nextHops: nextHops, anyIPsec: !ipsec.isEmpty, whole: whole, &out)
        }
        return out.facts
    }

    /// capture.esp_in_unknown_spi: ESP arrives for an SPI none of our inbound SAs has (swanctl
    /// --list-sas `spi_in` of every CHILD SA listed, rekeyed ones too; `ip xfrm state` SAs to a
    /// local address). Only when one of those lists was read, and only for packets carrying an SPI.
    func unknownSPI(_ parsed: ParsedCollection, _ incoming: [Sourced<CaptureRecord>], text: (Sourced<CaptureRecord>) -> String, _ out: inout FactList) {
        guard parsed.has("swanctl-list-sas") || parsed.has("xfrm-state") else { return }
        func norm(_ s: String?) -> String? {
            guard var t = s?.lowercased() else { return nil }
            if t.hasPrefix("0x") { t.removeFirst(2) }
            while t.count > 1, t.hasPrefix("0") { t.removeFirst() }
            return t.isEmpty ? nil : t
        }
        var ours = Set<String>()
        for r in parsed.records("swanctl-list-sas") { if let s = norm(r.str("spi_in")) { ours.insert(s) } }
        let locals = Set(parsed.interfaceAddresses)
        for r in parsed.records("xfrm-state") where locals.isEmpty || locals.contains(r.str("dst") ?? "") {
            if let s = norm(r.str("spi")) { ours.insert(s) }
        }
        let withSPI = incoming.filter { norm($0.record.spi) != nil }
        guard !withSPI.isEmpty else { return }
        let unknown = withSPI.filter { !ours.contains(norm($0.record.spi) ?? "") }
        out.bool("capture.esp_in_unknown_spi", !unknown.isEmpty,
                 unknown.isEmpty ? withSPI.prefix(2).map { $0.provenance(text($0)) }
                     : unknown.prefix(4).map { $0.provenance(text($0) + " (no inbound SA has this SPI)") })
    }

    /// capture.arp_unanswered: we keep asking ARP for the next hop towards the peer and nobody
    /// answers, so the kernel never sends IKE at all — the capture then shows no IKE leaving,
    /// which must not be read as our own filter dropping it. Targets: the peer or its route's
    /// gateway when known; otherwise any target, but only in a capture with no IKE/ESP at all.
    func arp(_ recs: [Sourced<CaptureRecord>], nextHops: Set<String>, anyIPsec: Bool, whole: [Provenance], _ facts: inout FactList) {
        let arps = recs.filter { $0.record.kind == "arp" }
        guard !arps.isEmpty, !nextHops.isEmpty || !anyIPsec else { return }
        let answered = Set(arps.filter { $0.record.fields.str(.op) == "reply" }.compactMap { $0.record.fields.str(.target) })
        let asked = arps.filter { r in
            guard r.record.fields.str(.op) == "request", let t = r.record.fields.str(.target) else { return false }
            return nextHops.isEmpty || nextHops.contains(t)
        }
        guard !asked.isEmpty else { return }
        let unanswered = asked.filter { !answered.contains($0.record.fields.str(.target) ?? "") }
        // One request may simply be the capture's end; two or more unanswered is the kernel retrying.
        let counts = Dictionary(grouping: unanswered, by: { $0.record.fields.str(.target) ?? "" })
        let retried = counts.filter { $0.value.count >= 2 }.flatMap(\.value).sorted { $0.record.line < $1.record.line }
        facts.bool("capture.arp_unanswered", !retried.isEmpty, retried.isEmpty ? whole : retried.prefix(3).map {
            $0.provenance("ARP who-has \($0.record.fields.str(.target) ?? "?") tell \($0.record.fields.str(.sender) ?? "?"): no reply")
        })
    }

    /// ICMP errors about our outgoing IKE: the answer to "is the peer there?".
    /// - capture.icmp_port_unreachable: the peer's own address says nothing listens on UDP
    ///   500/4500 — the host is up, its IKE daemon is not (or listens elsewhere).
    /// - capture.icmp_unreachable: a router (or the peer's host) says the peer's host or network
    ///   cannot be reached, or is administratively prohibited.
    /// Only decided when the capture shows IKE leaving: without it, silence proves nothing.
    func icmp(_ recs: [Sourced<CaptureRecord>], ike out: [Sourced<CaptureRecord>], whole: [Provenance], _ facts: inout FactList) {
        guard !out.isEmpty else { return }
        let peers = Set(out.compactMap { $0.record.dst })
        let errors = recs.filter { $0.record.kind == "icmp-unreachable" && peers.contains($0.record.fields.str(.about) ?? "") }
        func line(_ r: Sourced<CaptureRecord>) -> String {
            "\(r.record.src ?? "?") > \(r.record.dst ?? "?"): ICMP \(r.record.fields.str(.unreachable) ?? "") unreachable about \(r.record.fields.str(.about) ?? "?")"
                + (r.record.fields.int(.aboutPort).map { " port \($0)" } ?? "")
        }
        let port = errors.filter { r in
            r.record.fields.str(.unreachable) == "port" && r.record.fields.str(.aboutProto) == "udp"
                && [500, 4500].contains(r.record.fields.int(.aboutPort) ?? 0) && r.record.src == r.record.fields.str(.about)
        }
        facts.bool("capture.icmp_port_unreachable", !port.isEmpty, port.isEmpty ? whole : port.prefix(3).map { $0.provenance(line($0)) })
        let path = errors.filter { ["net", "host", "prohibited"].contains($0.record.fields.str(.unreachable) ?? "") }
        facts.bool("capture.icmp_unreachable", !path.isEmpty, path.isEmpty ? whole : path.prefix(3).map { $0.provenance(line($0)) })
    }
}
