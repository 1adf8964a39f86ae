import Facts

/// Shared shape of packet-capture records (snoop, tcpdump), one per packet line:
///   src, dst (addresses as printed; may be masked like `xx.yy.zz.10` in documentation),
///   sport, dport, kind: `ike` (UDP 500, or 4500 carrying isakmp / non-ESP marker), `nat-t`
///   (UDP 4500 whose content is not shown: snoop), `esp` (ESP, ESP-in-UDP), `esp-fragment`
///   (an IP fragment of an ESP packet), `keepalive` (NAT-T keep-alive), `other`;
///   spi, seq, frag_id, frag_offset, more_fragments, length, time, direction (`in`/`out`
///   when the tool printed it: tcpdump -i any), encap (ESP in UDP).
/// A line `local ADDR` or `# local ADDR` (added by the operator or the wizard) is a `hint`
/// record: the capturing host's own address, which the capture extractor uses to tell
/// outgoing from incoming packets.
enum CaptureLine {
    static func hint(_ t: String, line: Int) -> CaptureRecord? {
        var s = Substring(t)
        if s.hasPrefix("#") { s = s.dropFirst().drop { $0 == " " } }
        let w = s.words
        guard w.count == 2, w[0] == "local" || w[0] == "local:" else { return nil }
        var r = CaptureRecord(line: line)
        r.set(.kind, "hint"); r.set(.local, w[1])
        return r
    }

    static func portNumber(_ s: String) -> Int? {
        switch s {
        case "isakmp": return 500
        case "ipsec-nat-t", "nat-t-ike": return 4500
        default: return Int(s)
        }
    }
}
