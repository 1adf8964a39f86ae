import Facts
import Foundation

/// Who asks for an inner address (mode config / IKEv2 configuration payload), who offers one, and
/// whether one came: the facts that tell a refused CHILD SA caused by an address request no pool
/// answered from a plain subnet mismatch. A client that gets no address proposes 0.0.0.0/0 (pluto's
/// modecfg client) or its own address as TSi, which the responder's selectors do not cover, so
/// both ends log only a selector refusal (real pluto 4.10 both ends, variant lsw-modecfg-no-pool:
/// b `processing decrypted IKE_AUTH request: SK{IDi,IDr,AUTH,CP,SA,TSi,TSr}`, then `No IKEv2
/// connection found with compatible Traffic Selectors`; a `IKE_AUTH response rejected Child SA
/// with TS_UNACCEPTABLE`). charon names the missing address itself (`no virtual IP found`,
/// log.ike.virtual_ip_failed); pluto does not.
///  - conn.requests_vip: an ipsec.conf conn asks its peer for an address (Libreswan
///    `leftmodecfgclient=yes`; strongSwan `leftsourceip=%config`/`%config4`/`%config6`/`%modecfg`/
///    `0.0.0.0`/`::`), or charon generated an IKE_AUTH request with `CPRQ(ADDR`; false when
///    ipsec.conf's conns are known and none asks
///  - conn.offers_address_pool: an ipsec.conf conn gives addresses to its peer (Libreswan
///    `addresspool=`/`rightaddresspool=`, strongSwan `rightsourceip=` other than `%config`)
///  - log.ike.peer_requested_vip: the peer's IKE_AUTH request asked for an address (pluto's
///    `processing decrypted IKE_AUTH request: SK{...,CP,...}`, charon's `peer requested virtual IP`)
///  - log.ike.virtual_ip_assigned: an address was given or taken (charon `installing new virtual
///    IP`, `assigning virtual IP`; pluto `received INTERNAL_IP4_ADDRESS`, `received IPv4 lease`)
public struct AddressRequestExtractor: FactExtractor {
    public init() {}

    static let requestValues: Set<String> = ["%config", "%config4", "%config6", "%modecfg", "0.0.0.0", "::"]

    public func facts(from parsed: ParsedCollection) -> [Fact] {
        var out = FactList()
        let conns = LibreswanExtractor.resolvedConns(parsed)
        let requesting = conns.filter {
            $0.1["leftmodecfgclient"]?.lowercased() == "yes"
                || ($0.1["leftsourceip"].map { Self.requestValues.contains($0.lowercased()) } ?? false)
        }
        let pools = conns.filter {
            $0.1["addresspool"] != nil || $0.1["rightaddresspool"] != nil
                || ($0.1["rightsourceip"].map { !$0.lowercased().hasPrefix("%config") } ?? false)
        }
        var logRequest: [Provenance] = []
        var peerRequest: [Provenance] = [], assigned: [Provenance] = []
        for (source, own, peer, got) in [("charon-log", ["CPRQ(ADDR"], ["peer requested virtual IP"], ["installing new virtual IP", "assigning virtual IP"]),
                                         ("pluto-log", [], [], ["received INTERNAL_IP4_ADDRESS", "received INTERNAL_IP6_ADDRESS", "received IPv4 lease", "received IPv6 lease"])] {
            for src in parsed.sources(source) {
                for r in src.result.typed(LogEventRecord.self) {
                    guard let message = r.message else { continue }
                    let p = Provenance(.log, src.origin, line: r.line, excerpt: r.text ?? message)
                    if own.contains(where: message.contains), message.hasPrefix("generating IKE_AUTH request") { logRequest.append(p) }
                    if peer.contains(where: message.contains) || Self.plutoPeerRequest(message) { peerRequest.append(p) }
                    if got.contains(where: message.contains) { assigned.append(p) }
                }
            }
        }
        if !requesting.isEmpty || !logRequest.isEmpty {
            out.bool("conn.requests_vip", true, requesting.map { $0.0.source.provenance("conn \($0.0.name) asks its peer for an address") } + logRequest.prefix(2))
        } else if !conns.isEmpty {
            out.bool("conn.requests_vip", false, conns.prefix(2).map { $0.0.source.provenance("conn \($0.0.name): no address request") })
        }
        if !conns.isEmpty {
            out.bool("conn.offers_address_pool", !pools.isEmpty, (pools.isEmpty ? conns : pools).prefix(2).map {
                $0.0.source.provenance(pools.isEmpty ? "conn \($0.0.name): no addresspool / rightsourceip" : "conn \($0.0.name) gives addresses")
            })
        }
        if !peerRequest.isEmpty { out.bool("log.ike.peer_requested_vip", true, Array(peerRequest.suffix(2))) }
        if !assigned.isEmpty { out.bool("log.ike.virtual_ip_assigned", true, Array(assigned.suffix(2))) }
        return out.facts
    }

    /// pluto's responder lists the payloads of the IKE_AUTH request it decrypted; `CP` among them
    /// is the initiator's configuration request.
    static func plutoPeerRequest(_ message: String) -> Bool {
        guard message.hasPrefix("processing decrypted IKE_AUTH request: SK{"), let open = message.firstIndex(of: "{") else { return false }
        let body = message[message.index(after: open)...].prefix { $0 != "}" }
        return body.split(separator: ",").contains("CP")
    }
}
