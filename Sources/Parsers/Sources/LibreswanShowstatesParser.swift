import Facts

/// `ipsec showstates` / `ipsec whack --showstates` (with or without `000 `): the state lines of
/// `ipsec status` alone. Records as in `libreswan-status` (`LibreswanStatusRecord`, kinds `state`, `sa`, `pending`).
public struct LibreswanShowstatesParser: OutputParser {
    public init() {}
    public var source: String { "libreswan-showstates" }
    public var summary: String { "ipsec showstates (Libreswan IKE and IPsec states)" }

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [LibreswanStatusRecord] = []
        for line in text.numberedLines where !line.isBlank {
            let (code, body) = Libreswan.stripCode(line.text)
            let b = body.trimmedSpaces
            if b.isEmpty { if code != nil { acc.account(line.number) } else { acc.reject(line) }; continue }
            var used = false
            for seg in Libreswan.segments(b) {
                if let r = Libreswan.stateRecord(seg.trimmedSpaces, line: line.number) { records.append(r); acc.account(line.number); used = true }
            }
            if !used { acc.reject(line) }
        }
        return acc.result(source: source, typed: records)
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension LibreswanShowstatesParser: EvidenceSource {
    public var yields: [String] {
        [
            "child.sa.bytes_in", "child.sa.bytes_out", "child.sa.count", "child.sa.installed", "ike.implementation",
            "ike.sa.auth_retransmitted_on_4500", "ike.sa.connecting", "ike.sa.connecting_as_responder_only", "ike.sa.count", "ike.sa.established",
        ]
    }
}
