import Facts

/// `ipsec trafficstatus` / `ipsec whack --trafficstatus`, with or without the `006 ` status
/// prefix: one record per IPsec SA (`LibreswanTrafficRecord`): serial, connection, instance, peer,
/// then the line's `key=value`s under their own names (username, type, add_time, inBytes,
/// outBytes, maxBytes, id ...).
public struct LibreswanTrafficStatusParser: OutputParser {
    public init() {}
    public var source: String { "libreswan-trafficstatus" }
    public var summary: String { "ipsec trafficstatus (Libreswan IPsec SAs with byte counters)" }

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [LibreswanTrafficRecord] = []
        for line in text.numberedLines where !line.isBlank {
            var t = line.trimmed
            if t.count > 4, t.prefix(3).allSatisfy({ $0.isNumber }), t.dropFirst(3).first == " " { t = String(t.dropFirst(4)) }
            guard t.hasPrefix("#"), let colon = t.range(of: ": \""), let serial = Int(t[t.index(after: t.startIndex)..<colon.lowerBound]) else {
                acc.reject(line); continue
            }
            let afterQuote = t[colon.upperBound...]
            guard let endQuote = afterQuote.firstIndex(of: "\"") else { acc.reject(line); continue }
            var r = LibreswanTrafficRecord(line: line.number)
            r.fields.set(.serial, serial)
            r.fields.set(.connection, String(afterQuote[..<endQuote]))
            var rest = String(afterQuote[afterQuote.index(after: endQuote)...])
            // `"conn"[1] 192.1.2.23, type=...`: instance and peer before the first comma
            if let comma = rest.firstIndex(of: ",") {
                let head = rest[..<comma].trimmedSpaces
                rest = String(rest[rest.index(after: comma)...])
                if head.hasPrefix("["), let close = head.firstIndex(of: "]") {
                    r.fields.set(.instance, Int(head[head.index(after: head.startIndex)..<close]))
                    let peer = head[head.index(after: close)...].trimmedSpaces
                    if !peer.isEmpty { r.fields.set(.peer, peer) }
                }
            }
            for part in rest.split(separator: ",") {
                let kv = part.trimmedSpaces.split(separator: "=", maxSplits: 1).map(String.init)
                guard kv.count == 2 else { continue }
                let (k, v) = (kv[0], kv[1])
                switch k {
                case "inBytes", "outBytes", "add_time":
                    if let n = Int(v) { r.set(named: k, n) } else { r.set(named: k, v) }
                case "id":
                    r.fields.set(.id, v.count >= 2 && v.hasPrefix("'") && v.hasSuffix("'") ? String(v.dropFirst().dropLast()) : v)
                default:
                    r.set(named: k, v)
                }
            }
            records.append(r)
            acc.account(line.number)
        }
        return acc.result(source: source, typed: records)
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension LibreswanTrafficStatusParser: EvidenceSource {
    public var yields: [String] {
        ["child.sa.bytes_in", "child.sa.bytes_out", "child.sa.count", "child.sa.installed"]
    }
    public var probes: [ProbeSpec] {
        [
            ProbeSpec("libreswan-trafficstatus", source: "libreswan-trafficstatus", .command(["ipsec", "trafficstatus"]),
                  needsRoot: true, condition: .libreswanIpsec),
        ]
    }
    public var snapshotNames: [String] { ["ipsec-trafficstatus"] }
}
