import Facts

/// OpenBSD `ipsecctl -sa` (also `-sf`, `-ss`, with `-v`): the `FLOWS:` and `SAD:` sections
/// (titles, `No flows`, `No entries`). Records, by `kind`:
///   `flow`  proto (esp/ah/ipcomp/ipip), dir (in/out), from, to, peer, local, srcid, dstid, type
///           (use/require/acquire/dontacq/bypass/deny)
///   `sa`    proto, mode (tunnel/transport), from, to, spi, auth, enc, comp, udpencap, and from
///           the `-v` detail lines: state, bytes_in, bytes_out, packets_in, packets_out,
///           dropped_in, dropped_out (the `counter:` block)
/// Verbose listings prefix each entry with `@N`, continue the first line with `\` and indent
/// the details (`sa:`, `lifetime_cur:`, `key_auth:` ...); those lines belong to the entry.
/// Values may be missing (the seed 003 text lost its addresses: `flow esp in from to peer ...`);
/// key words are then followed by the next key word and the field is left out. Keys printed
/// with `-k` (`authkey`, `enckey`) never reach a record.
public struct IpsecctlSaParser: OutputParser {
    public init() {}
    public var source: String { "ipsecctl-sa" }
    public var summary: String { "ipsecctl -sa (OpenBSD flows and SAs)" }

    static let flowKeys: Set<String> = ["from", "to", "peer", "local", "srcid", "dstid", "type", "port", "proto", "rdomain", "tag"]
    static let saKeys: Set<String> = ["from", "to", "spi", "auth", "enc", "comp", "authkey", "enckey", "udpencap", "tag", "tap", "port", "iface", "bundle"]

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var lastSA: (IpsecctlSaRecord, [Int])?
        var records: [IpsecctlSaRecord] = []
        func flush() { if let s = lastSA { records.append(s.0); acc.account(s.1) }; lastSA = nil }
        for line in text.numberedLines where !line.isBlank {
            let t = line.trimmed
            var w = t.words
            // `@0 esp tunnel ...`, `@1 flow esp out ...`: the index ipsecctl -v prints before each entry
            if !line.isIndented, let f = w.first, f.hasPrefix("@"), f.dropFirst().allSatisfy(\.isNumber), w.count > 1 { w.removeFirst() }
            if ["FLOWS:", "SAD:", "No flows", "No entries"].contains(t) { flush(); acc.account(line.number); continue }
            if line.isIndented, lastSA != nil {
                // -v detail: `sa: spi 0x... auth hmac-sha1 enc aes`, `state mature replay 64 flags 0x...`, lifetimes
                if let i = w.firstIndex(of: "state"), i + 1 < w.count { lastSA!.0.set(.state, w[i + 1]) }
                // `counter:` block: `140 output bytes`, `1 input packet`, `0 packets dropped on input`
                if w.count == 3, let n = Int(w[0]) {
                    switch (w[1], w[2]) {
                    case ("input", "bytes"): lastSA!.0.set(.bytesIn, n)
                    case ("output", "bytes"): lastSA!.0.set(.bytesOut, n)
                    case ("input", "packets"), ("input", "packet"): lastSA!.0.set(.packetsIn, n)
                    case ("output", "packets"), ("output", "packet"): lastSA!.0.set(.packetsOut, n)
                    default: break
                    }
                }
                if w.count == 5, let n = Int(w[0]), w[1] == "packets", w[2] == "dropped" { lastSA!.0.set(w[4] == "input" ? .droppedIn : .droppedOut, n) }
                lastSA!.1.append(line.number)
                continue
            }
            if w.first == "flow", w.count >= 3 {
                flush()
                var r = IpsecctlSaRecord(line: line.number)
                r.set(.kind, "flow")
                r.set(.proto, w[1])
                var i = 2
                if ["in", "out"].contains(w[i]) { r.set(.dir, w[i]); i += 1 }
                IpsecctlSaParser.keyed(Array(w[i...]), keys: IpsecctlSaParser.flowKeys, into: &r)
                records.append(r)
                acc.account(line.number)
                continue
            }
            if let p = w.first, ["esp", "ah", "ipcomp", "ipip", "tcpmd5"].contains(p), w.count >= 3 {
                flush()
                var r = IpsecctlSaRecord(line: line.number)
                r.set(.kind, "sa")
                r.set(.proto, p)
                var i = 1
                if ["tunnel", "transport"].contains(w[i]) { r.set(.mode, w[i]); i += 1 }
                IpsecctlSaParser.keyed(Array(w[i...]), keys: IpsecctlSaParser.saKeys, into: &r)
                lastSA = (r, [line.number])
                continue
            }
            flush()
            acc.reject(line)
        }
        flush()
        return acc.result(source: source, typed: records)
    }

    /// `from A to B peer C type use` → fields; a key with no value (next word is a key) is skipped.
    static func keyed(_ w: [String], keys: Set<String>, into r: inout IpsecctlSaRecord) {
        var i = 0
        while i < w.count {
            let k = w[i]
            if k == "udpencap" { r.set(.udpencap, true); i += 1; if i < w.count, !keys.contains(w[i]) { r.set(.udpencapPort, w[i]); i += 1 }; continue }
            guard keys.contains(k) else { i += 1; continue }
            if i + 1 < w.count, !keys.contains(w[i + 1]) {
                if k != "authkey" && k != "enckey", let key = IpsecctlSaRecord.Field(rawValue: k) { r.set(key, w[i + 1]) }
                i += 2
            } else { i += 1 }
        }
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension IpsecctlSaParser: EvidenceSource {
    public var yields: [String] {
        [
            "child.sa.bytes_in", "child.sa.bytes_out", "child.sa.count", "child.sa.installed", "host.os",
            "ike.tunnel_count",
        ]
    }
    public var probes: [ProbeSpec] {
        [
            ProbeSpec("ipsecctl-sa", source: "ipsecctl-sa", .command(["ipsecctl", "-sa"]), needsRoot: true, platform: .only(.openbsd)),
        ]
    }
}
