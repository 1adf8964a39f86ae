import Facts

/// What a pluto log shows of `leftsubnets={...}`/`rightsubnets={...}`: pluto negotiates one SA per
/// subnet pair and names each `"conn/1x0"`, `"conn/2x0"` (real pluto 4.10, variant
/// lsw-leftsubnets-one-peer-subnet; Libreswan issue 1406's `"north/0x2"`).
///  - conn.multiple_subnets (true only; a log alone, no `ipsec status` and no ipsec.conf: what
///    users paste): a line of such an instance
///  - log.child.split_refused_by_peer: the peer refused such an instance's selectors, i.e. the
///    refusal was received, not sent: `IKE_AUTH response rejected Child SA with TS_UNACCEPTABLE`,
///    `CREATE_CHILD_SA failed with error notification TS_UNACCEPTABLE`, IKEv1 `ignoring
///    informational payload INVALID_ID_INFORMATION` (the forms of Libreswan's test suite). A
///    responder that refuses a peer's selectors on its own instance (`No IKEv2 connection found
///    with compatible Traffic Selectors`, `sending notification INVALID_ID_INFORMATION`) is a
///    plain mismatch, not a split refused.
extension LibreswanExtractor {
    func subnetInstances(_ parsed: ParsedCollection, _ out: inout FactList) {
        let logs = parsed.sources("pluto-log")
        guard !logs.isEmpty else { return }
        let configSays = parsed.has("libreswan-conf") || parsed.typed(LibreswanStatusRecord.self, from: "libreswan-status").contains { $0.record.kind == "connection" }
        var instance: Provenance?, refused: Provenance?
        for src in logs {
            for r in src.result.typed(LogEventRecord.self) {
                guard let c = r.connection, LibreswanExtractor.baseName(c) != c else { continue }
                let p = src.provenance(line: r.line, excerpt: r.excerpt)
                if instance == nil { instance = p }
                if refused == nil, let m = r.message, LibreswanExtractor.refusalReceived(m) { refused = p }
            }
        }
        if !configSays, let instance { out.bool("conn.multiple_subnets", true, [instance]) }
        out.bool("log.child.split_refused_by_peer", refused != nil, refused.map { [$0] } ?? logs.map { $0.provenance() })
    }

    /// The peer's TS_UNACCEPTABLE / INVALID_ID_INFORMATION, as pluto says it received one.
    static func refusalReceived(_ m: String) -> Bool {
        guard m.contains("TS_UNACCEPTABLE") || m.contains("INVALID_ID_INFORMATION") else { return false }
        return !m.hasPrefix("sending") && !m.contains("responding to") && !m.hasPrefix("dropping unexpected")
    }
}
