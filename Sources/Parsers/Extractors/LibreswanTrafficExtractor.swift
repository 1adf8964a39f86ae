import Facts

/// ipsec trafficstatus (Libreswan) → child.sa.count, child.sa.installed, child.sa.bytes_in,
/// child.sa.bytes_out. Every line is an established IPsec SA.
public struct LibreswanTrafficExtractor: FactExtractor {
    public init() {}
    public func facts(from parsed: ParsedCollection) -> [Fact] {
        guard parsed.has("libreswan-trafficstatus") else { return [] }
        let recs = parsed.sourced("libreswan-trafficstatus")
        let prov = recs.isEmpty ? parsed.wholeSource("libreswan-trafficstatus")
            : recs.map { $0.provenance("#\($0.record.str("serial") ?? ""): \"\($0.record.str("connection") ?? "")\" inBytes=\($0.record.str("inBytes") ?? "?") outBytes=\($0.record.str("outBytes") ?? "?")") }
        var out = FactList()
        out.number("child.sa.count", recs.count, prov)
        out.bool("child.sa.installed", !recs.isEmpty, prov)
        out.number("child.sa.bytes_in", recs.reduce(0) { $0.addingSaturating($1.record.int("inBytes") ?? 0) }, prov)
        out.number("child.sa.bytes_out", recs.reduce(0) { $0.addingSaturating($1.record.int("outBytes") ?? 0) }, prov)
        return out.facts
    }
}
