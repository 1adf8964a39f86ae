import Facts

/// ipsec trafficstatus (Libreswan) → child.sa.count, child.sa.installed, child.sa.bytes_in,
/// child.sa.bytes_out. Every line is an established IPsec SA.
public struct LibreswanTrafficExtractor: FactExtractor {
    public init() {}
    public func facts(from parsed: ParsedCollection) -> [Fact] {
        guard parsed.has("libreswan-trafficstatus") else { return [] }
        let recs = parsed.typed(LibreswanTrafficRecord.self, from: "libreswan-trafficstatus")
        let prov = recs.isEmpty ? parsed.wholeSource("libreswan-trafficstatus")
            : recs.map { $0.provenance("#\($0.record.serial ?? ""): \"\($0.record.connection ?? "")\" inBytes=\($0.record.inBytesText ?? "?") outBytes=\($0.record.outBytesText ?? "?")") }
        var out = FactList()
        out.number("child.sa.count", recs.count, prov)
        out.bool("child.sa.installed", !recs.isEmpty, prov)
        out.number("child.sa.bytes_in", recs.reduce(0) { $0.addingSaturating($1.record.inBytes ?? 0) }, prov)
        out.number("child.sa.bytes_out", recs.reduce(0) { $0.addingSaturating($1.record.outBytes ?? 0) }, prov)
        return out.facts
    }
}
