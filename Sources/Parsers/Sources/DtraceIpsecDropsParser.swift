import Facts

/// The report of the SmartOS/Danube Cloud dtrace script ipsec_print_dropped_packets.d (seed
/// 000): per dropped packet a block
///   IPsec dropped an inbound IPv4 packet.
///   IPPROTO: 17    (1=ICMP, 6=TCP, 17=UDP; 50=ESP, see netinet/in.h)
///   Src IP address: 80.1.65.242 / Dst IP address: ... / Src port: / Dst port: / Packet len:
///   Dropped by: IPsec SADB
/// One record per block: direction (inbound/outbound), family (IPv4/IPv6), ipproto, src, dst,
/// sport, dport, length, dropped_by (as printed), reason (esp, spd, sadb, or the text lowercased).
public struct DtraceIpsecDropsParser: OutputParser {
    public init() {}
    public var source: String { "dtrace-ipsec-drops" }
    public var summary: String { "ipsec_print_dropped_packets.d report (illumos IPsec drops)" }

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [DtraceIpsecDropRecord] = []
        var cur: (DtraceIpsecDropRecord, [Int])?
        func flush() { if let c = cur { records.append(c.0); acc.account(c.1) }; cur = nil }
        for line in text.numberedLines where !line.isBlank {
            let t = line.trimmed
            if let rest = t.after("IPsec dropped an ") ?? t.after("IPsec dropped a ") {
                flush()
                var r = DtraceIpsecDropRecord(line: line.number)
                let w = rest.words
                if let d = w.first { r.set(.direction, d) }
                if w.count > 1 { r.set(.family, w[1]) }
                cur = (r, [line.number])
                continue
            }
            guard cur != nil, let colon = t.firstIndex(of: ":") else { acc.reject(line); continue }
            let key = String(t[..<colon])
            let value = t[t.index(after: colon)...].trimmedSpaces
            switch key {
            case "IPPROTO": cur!.0.set(.ipproto, Int(value.words.first ?? ""))
            case "Src IP address": cur!.0.set(.src, value)
            case "Dst IP address": cur!.0.set(.dst, value)
            case "Src port": cur!.0.set(.sport, Int(value))
            case "Dst port": cur!.0.set(.dport, Int(value))
            case "Packet len": cur!.0.set(.length, Int(value))
            case "Dropped by":
                cur!.0.set(.droppedBy, value)
                let v = value.lowercased()
                cur!.0.set(.reason, v.hasSuffix(" esp") ? "esp" : v.hasSuffix(" spd") ? "spd" : v.hasSuffix(" sadb") ? "sadb" : v)
            default: acc.reject(line); continue
            }
            cur!.1.append(line.number)
        }
        flush()
        return acc.result(source: source, typed: records)
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension DtraceIpsecDropsParser: EvidenceSource {
    public var yields: [String] {
        ["host.os", "illumos.drop.esp", "illumos.drop.sadb", "illumos.drop.spd"]
    }
}
