import Facts

/// conn.local_ts, conn.remote_ts, conn.local_addrs, conn.remote_addrs for the implementations
/// whose own extractor does not set them: racoon (racoon.conf `sainfo`/`remote`, else the KAME
/// SPD of `setkey -DP` that racoon negotiates from when its sainfo is `anonymous`), OpenBSD
/// iked.conf and isakmpd's ipsec.conf (`from A to B peer P`), illumos in.iked
/// (`/etc/inet/ike/config` rules: gateways only). Read from their `TunnelChild`s, the same that
/// the FORWARD/NAT checks pair (`TunnelContext`), so a rule's evidence names the selectors the
/// check used, and each value's evidence is the child that holds it.
///
/// Quiet where strongSwan or Libreswan config or status is present: their extractors set these
/// facts from their own sources, and a second source of the same fact would only disagree.
public struct ChildSelectorsExtractor: FactExtractor {
    public init() {}

    static let ownedElsewhere = ["swanctl-conf", "swanctl-list-conns", "stroke-status", "libreswan-conf", "libreswan-status"]

    public func facts(from parsed: ParsedCollection) -> [Fact] {
        guard !ChildSelectorsExtractor.ownedElsewhere.contains(where: parsed.has) else { return [] }
        var children = RacoonExtractor.daemonChildren(parsed) + OpenBSDExtractor.daemonChildren(parsed) + IllumosExtractor.daemonChildren(parsed)
        // racoon with `sainfo anonymous` takes its selectors from the SPD (setkey's spdadd)
        if !children.contains(where: { !$0.localTS.isEmpty || !$0.remoteTS.isEmpty }),
           parsed.has("racoon-conf") || parsed.has("racoon-log") || parsed.has("racoonctl-show-sa") || parsed.has("setkey-conf") {
            let spd = RacoonExtractor.kernelChildren(parsed)
            if !spd.isEmpty { children = children.filter { $0.conn != "sainfo" } + spd }
        }
        guard !children.isEmpty else { return [] }
        var out = FactList()
        func publish(_ name: String, _ values: (TunnelChild) -> [String]) {
            let holders = children.filter { !values($0).isEmpty }
            let v = unique(holders.flatMap(values))
            var seen = Set<Provenance>()
            if !v.isEmpty { out.list(name, v, holders.map(\.evidence).filter { seen.insert($0).inserted }) }
        }
        publish("conn.local_ts", \.localTS)
        publish("conn.remote_ts", \.remoteTS)
        // A wildcard gateway (illumos' default rule `local_addr 0.0.0.0/0`, `peer any`) is no
        // address a remedy can ping: left out, as LibreswanExtractor leaves out %any.
        publish("conn.local_addrs") { $0.localAddrs.filter { !Wildcard.isAnyAddress($0) } }
        publish("conn.remote_addrs") { $0.remoteAddrs.filter { !Wildcard.isAnyAddress($0) } }
        return out.facts
    }
}
