import Facts

/// illumos/Solaris `ipseckey dump` (and `ipseckey get`): PF_KEY messages printed by
/// libipsecutil's print_samsg (usr/src/lib/libipsecutil/common/ipsec_util.c): a
/// `Base message (version 2) type DUMP, SA type ESP.` line, `Message length N bytes, seq=N,
/// pid=N.`, then extension lines each with a prefix: `SA: SADB_ASSOC spi=0x..., replay=N,
/// state=MATURE` (older: `replay window size=N`), `SA: Authentication algorithm = X`, `SA:
/// Encryption algorithm = X`, `SRC:`/`DST:` (`Source address (proto=...)` then the address
/// line), `AKY:`/`EKY:` keys, `LT:`/`CLT:`/`HLT:`/`SLT:` lifetimes, `SID:`/`DID:`, `NRM:`/`NLC:`
/// (NAT-T) ...; `Dump succeeded for SA type 0.` ends the dump.
/// One record per message: satype, spi, replay, state (lowercased), auth, enc, src, dst,
/// bytes (from `N bytes protected`). Key lines (AKY/EKY) are accounted and never kept.
public struct IpseckeyDumpParser: OutputParser {
    public init() {}
    public var source: String { "ipseckey-dump" }
    public var summary: String { "ipseckey dump (illumos/Solaris SADB)" }

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [IpseckeyDumpRecord] = []
        var cur: (IpseckeyDumpRecord, [Int])?
        func flush() { if let c = cur { records.append(c.0); acc.account(c.1) }; cur = nil }
        for line in text.numberedLines where !line.isBlank {
            let t = line.trimmed
            if t.hasPrefix("Base message (version") {
                flush()
                var r = IpseckeyDumpRecord(line: line.number)
                if let s = t.range(of: "SA type ") {
                    r.set(.satype, String(t[s.upperBound...].prefix { $0 != "." && $0 != " " && $0 != "," }))
                }
                if let ty = t.range(of: ") type ") { r.set(.type, String(t[ty.upperBound...].prefix { $0 != "," })) }
                cur = (r, [line.number])
                continue
            }
            if t.hasPrefix("Dump succeeded") || t.hasPrefix("Dump failed") { flush(); acc.account(line.number); continue }
            guard cur != nil else { acc.reject(line); continue }
            if t.hasPrefix("Message length") || t.hasPrefix("Timestamp:") || t.hasPrefix("Error ") { cur!.1.append(line.number); continue }
            // extension lines: `XYZ: ...` with a 2-3 letter upper-case prefix
            guard let colon = t.firstIndex(of: ":"), t.distance(from: t.startIndex, to: colon) <= 4,
                  t[..<colon].allSatisfy({ $0.isUppercase }) else { acc.reject(line); continue }
            let prefix = String(t[..<colon])
            let body = t[t.index(after: colon)...].trimmedSpaces
            cur!.1.append(line.number)
            switch prefix {
            case "SA":
                if let rest = body.after("SADB_ASSOC ") {
                    for part in rest.components(separatedBy: ", ") {
                        let kv = part.split(separator: "=", maxSplits: 1).map(String.init)
                        guard kv.count == 2 else { continue }
                        switch kv[0] {
                        case "spi": cur!.0.set(.spi, kv[1])
                        case "replay", "replay window size": cur!.0.set(.replay, Int(kv[1]))
                        case "state": cur!.0.set(.state, kv[1].lowercased())
                        default: break
                        }
                    }
                } else if let v = body.after("Authentication algorithm = ") {
                    cur!.0.set(.auth, v)
                } else if let v = body.after("Encryption algorithm = ") {
                    cur!.0.set(.enc, v)
                }
            case "SRC", "DST":
                // `AF_INET: port 500, 192.168.1.1 (host).` / `AF_INET6: port 0, fe80::1.`
                if body.hasPrefix("AF_INET") {
                    var a = body
                    if let c = a.range(of: ", ", options: .backwards) { a = String(a[c.upperBound...]) }
                    a = String(a.prefix { $0 != " " })
                    while a.hasSuffix(".") { a.removeLast() }
                    if let slash = a.firstIndex(of: "/") { a = String(a[..<slash]) }
                    if CIDR(a) != nil { cur!.0.set(prefix == "SRC" ? .src : .dst, a) }
                }
            case "CLT", "LT":
                if let r = body.range(of: " bytes protected") {
                    let num = body[..<r.lowerBound].split(separator: " ").last.map(String.init) ?? ""
                    if let n = Int(num) { cur!.0.set(.bytes, n) }
                }
            default: break   // AKY/EKY keys and everything else: accounted, not kept
            }
        }
        flush()
        return acc.result(source: source, typed: records)
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension IpseckeyDumpParser: EvidenceSource {
    // From IllumosExtractor's documentation: no real case exists to pin them (SourceCasePending).
    public var yields: [String] { ["child.sa.count", "child.sa.installed", "host.os"] }
    public var probes: [ProbeSpec] {
        [
            ProbeSpec("ipseckey-dump", source: "ipseckey-dump", .command(["ipseckey", "dump"]), needsRoot: true, platform: .only(.illumos)),
        ]
    }
    public var redaction: RedactionKind { .ipseckeyKeys }
}
