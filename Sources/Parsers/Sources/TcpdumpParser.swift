import Facts

/// `tcpdump -n` lines (any link type, with or without time stamps, `-i any` direction
/// columns `In`/`Out`, `-v` header lines, `-X` hex dumps):
///   `IP 192.1.3.209.isakmp > 192.1.2.23.isakmp: isakmp: phase 1 I ident`      (kind ike)
///   `IP 192.1.2.254.54500 > 192.1.2.23.ipsec-nat-t: UDP-encap: ESP(spi=0x..,seq=0x2), length 132` (esp, encap)
///   `IP 172.16.99.1 > 172.16.99.2: ESP(spi=0xc86f5f5b,seq=0x22), length 96`  (esp)
///   `IP 10.0.0.1 > 10.0.0.2: ip-proto-50`                                     (esp-fragment: a non-first fragment)
///   `... isakmp-nat-keep-alive`                                               (keepalive)
///   `IP 192.0.2.2 > 192.0.2.1: ICMP 192.0.2.2 udp port 500 unreachable, length 64` (icmp-unreachable)
///   `ARP, Request who-has 192.0.2.9 tell 192.0.2.1, length 28`                (arp: op, target, sender)
/// A `-v` header `IP (tos 0x0, ttl 64, id 1, offset 1480, flags [+], proto ESP (50), length 1500)`
/// marks the packet line after it as a fragment when offset > 0 or flags hold `+`. Records as
/// in CaptureLine; tcpdump's own chatter (`reading from file`, `listening on`, `N packets
/// captured`) is accounted without records.
public struct TcpdumpParser: OutputParser {
    public init() {}
    public var source: String { "tcpdump" }
    public var summary: String { "tcpdump -n output (IKE, ESP, NAT-T, fragments)" }

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [CaptureRecord] = []
        var header: (line: Int, fragment: Bool)?
        var lastRecordLines: [Int] = []
        var lastRecord: CaptureRecord?
        func flush() { if let r = lastRecord { records.append(r); acc.account(lastRecordLines) }; lastRecord = nil; lastRecordLines = [] }
        for line in text.numberedLines where !line.isBlank {
            let t = line.trimmed
            if let h = CaptureLine.hint(t, line: line.number) { flush(); records.append(h); acc.account(line.number); continue }
            if t.hasPrefix("reading from file") || t.hasPrefix("listening on") || t.hasPrefix("tcpdump:")
                || t.hasSuffix("packets captured") || t.hasSuffix("packets received by filter") || t.hasSuffix("packets dropped by kernel")
                || t.hasSuffix("packet captured") {
                flush(); acc.account(line.number); continue
            }
            if t.hasPrefix("0x"), t.contains(":"), lastRecord != nil { lastRecordLines.append(line.number); continue }
            let w = t.words
            if let a = w.firstIndex(of: "ARP,"), let r = TcpdumpParser.arp(Array(w[(a + 1)...]), line: line.number) {
                var rr = r
                TcpdumpParser.setPrefix(&rr, Array(w[..<a]))
                flush(); lastRecord = rr; lastRecordLines = [line.number]
                continue
            }
            guard let ipIdx = w.firstIndex(where: { $0 == "IP" || $0 == "IP6" }) else {
                // -v continuation line carrying the addresses: `    1.2.3.4.4500 > 5.6.7.8.4500: ...`
                if let h = header, w.count >= 3, w[1] == ">", let r = TcpdumpParser.packet(w, 0, line: line.number, fragment: h.fragment) {
                    flush(); lastRecord = r; lastRecordLines = [h.line, line.number]; header = nil
                    continue
                }
                if lastRecord != nil, line.isIndented { lastRecordLines.append(line.number); continue }
                flush(); acc.reject(line); continue
            }
            if ipIdx + 1 < w.count, w[ipIdx + 1].hasPrefix("(") {
                // -v header; the packet follows on this line after `) ` or on the next line
                flush()
                let frag = TcpdumpParser.headerIsFragment(t)
                if let close = t.range(of: ") "), let r = TcpdumpParser.packet(t[close.upperBound...].words, 0, line: line.number, fragment: frag) {
                    var rr = r
                    TcpdumpParser.setPrefix(&rr, Array(w[..<ipIdx]))
                    lastRecord = rr; lastRecordLines = [line.number]
                } else {
                    header = (line.number, frag); acc.account(line.number)
                }
                continue
            }
            guard var r = TcpdumpParser.packet(w, ipIdx + 1, line: line.number, fragment: false) else { flush(); acc.reject(line); continue }
            TcpdumpParser.setPrefix(&r, Array(w[..<ipIdx]))
            // A UDP packet's non-first fragment prints as `ip-proto-17`: right after an ESP-in-UDP
            // packet between the same addresses, both are the pieces of one fragmented ESP packet.
            if r.fields.string(.kind) == "other", ipIdx + 4 < w.count, w[ipIdx + 4] == "ip-proto-17", var prev = lastRecord,
               prev.fields.string(.src) == r.fields.string(.src), prev.fields.string(.dst) == r.fields.string(.dst),
               ["esp", "esp-fragment"].contains(prev.fields.string(.kind) ?? ""), prev.fields[.encap] != nil {
                r.set(.kind, "esp-fragment"); r.set(.encap, true); r.set(.spi, prev.fields.string(.spi))
                prev.set(.kind, "esp-fragment"); lastRecord = prev
            }
            flush()
            lastRecord = r; lastRecordLines = [line.number]
        }
        flush()
        records.sort { $0.line < $1.line }
        return acc.result(source: source, typed: records)
    }

    static func headerIsFragment(_ t: String) -> Bool {
        if t.contains("flags [+]") || t.contains("flags [+,") { return true }
        if let r = t.range(of: "offset ") {
            let n = Int(t[r.upperBound...].prefix { $0.isNumber }) ?? 0
            return n > 0
        }
        return false
    }

    /// time stamp and `-i any` columns before `IP`: `12:00:00.1 eth0 Out`, `14:19:24.1 ?    In`
    static func setPrefix(_ r: inout CaptureRecord, _ pre: [String]) {
        if let f = pre.first, f.first?.isNumber == true, f.contains(":") { r.set(.time, f) }
        if pre.contains("Out") { r.set(.direction, "out") } else if pre.contains("In") { r.set(.direction, "in") }
    }

    /// `SRC > DST: payload` starting at word i.
    static func packet(_ w: [String], _ i: Int, line: Int, fragment: Bool) -> CaptureRecord? {
        guard i + 2 < w.count, w[i + 1] == ">", w[i + 2].hasSuffix(":") else { return nil }
        var r = CaptureRecord(line: line)
        let (src, sport) = split(w[i])
        let (dst, dport) = split(String(w[i + 2].dropLast()))
        r.set(.src, src); r.set(.dst, dst); r.set(.sport, sport); r.set(.dport, dport)
        let payload = w[(i + 3)...].joined(separator: " ")
        if payload.hasPrefix("ICMP "), TcpdumpParser.icmpUnreachable(Array(w[(i + 4)...]), into: &r) {
            r.set(.kind, "icmp-unreachable")
        } else if let e = payload.range(of: "ESP(spi=") {
            let inner = payload[e.upperBound...].prefix { $0 != ")" }
            let parts = inner.split(separator: ",").map { $0.trimmedSpaces }
            r.set(.spi, parts.first)
            if let s = parts.first(where: { $0.hasPrefix("seq=") }) { r.set(.seq, parseInt(String(s.dropFirst(4)))) }
            r.set(.kind, fragment ? "esp-fragment" : "esp")
            if payload.contains("UDP-encap") || sport == 4500 || dport == 4500 { r.set(.encap, true) }
        } else if payload.hasPrefix("ip-proto-50") {
            r.set(.kind, "esp-fragment")
        } else if payload.contains("isakmp-nat-keep-alive") {
            r.set(.kind, "keepalive")
        } else if payload.contains("isakmp") || payload.contains("NONESP-encap") || sport == 500 || dport == 500 {
            r.set(.kind, "ike")
        } else if sport == 4500 || dport == 4500 {
            r.set(.kind, "nat-t")
        } else {
            r.set(.kind, "other")
        }
        if fragment, r.fields.string(.kind) == "esp" { r.set(.kind, "esp-fragment") }
        if let l = payload.range(of: "length ") { r.set(.length, Int(payload[l.upperBound...].prefix { $0.isNumber })) }
        return r
    }

    /// `Request who-has 192.0.2.9 tell 192.0.2.1, length 28` / `Reply 192.0.2.2 is-at 2a:..:cf, length 28`
    /// (print-arp.c): the link layer asking for, or answering with, an address.
    static func arp(_ w: [String], line: Int) -> CaptureRecord? {
        var r = CaptureRecord(line: line)
        r.set(.kind, "arp")
        if w.count >= 4, w[0] == "Request", w[1] == "who-has", let tell = w.firstIndex(of: "tell"), tell + 1 < w.count {
            r.set(.op, "request"); r.set(.target, w[2]); r.set(.sender, w[tell + 1].hasSuffix(",") ? String(w[tell + 1].dropLast()) : w[tell + 1])
        } else if w.count >= 4, w[0] == "Reply", w[2] == "is-at" {
            r.set(.op, "reply"); r.set(.target, w[1]); r.set(.lladdr, w[3].hasSuffix(",") ? String(w[3].dropLast()) : w[3])
        } else {
            return nil
        }
        return r
    }

    /// ICMP destination unreachable, as tcpdump's print-icmp.c words it (after `ICMP `):
    ///   `192.0.2.2 udp port 500 unreachable` (or `udp port isakmp` without -n)   unreachable=port
    ///   `192.0.2.2 protocol 50 unreachable`                                       unreachable=protocol
    ///   `net 203.0.113.5 unreachable`, `host 203.0.113.5 unreachable[ - unknown]` unreachable=net/host
    ///   `host X unreachable - admin prohibited[ filter]`, `net X ... prohibited`  unreachable=prohibited
    ///   `X unreachable - need to frag (mtu 1400)`                                  unreachable=need-frag, mtu
    /// Sets `unreachable`, `about` (the address the original packet was for), `about_proto`,
    /// `about_port`, `mtu`; false when the words are not an unreachable message.
    static func icmpUnreachable(_ w: [String], into r: inout CaptureRecord) -> Bool {
        guard let u = w.firstIndex(where: { $0.hasPrefix("unreachable") }), u >= 1 else { return false }
        let rest = w[(u + 1)...].joined(separator: " ")
        var kind: String
        var about: String
        if w[0] == "net" || w[0] == "host", u == 2 {
            kind = w[0]; about = w[1]
        } else if u == 4, w[1] == "udp" || w[1] == "tcp", w[2] == "port" {
            kind = "port"; about = w[0]
            r.set(.aboutProto, w[1]); r.set(.aboutPort, CaptureLine.portNumber(w[3]) ?? Int(w[3]))
        } else if u == 3, w[1] == "protocol" {
            kind = "protocol"; about = w[0]; r.set(.aboutProto, w[2])
        } else if u == 1 {
            kind = rest.contains("need to frag") ? "need-frag" : "other"; about = w[0]
            if let m = rest.range(of: "(mtu ") { r.set(.mtu, Int(rest[m.upperBound...].prefix { $0.isNumber })) }
        } else {
            return false
        }
        if rest.contains("prohibited") { kind = "prohibited" }
        guard CIDR(about) != nil else { return false }
        r.set(.unreachable, kind); r.set(.about, about)
        return true
    }

    /// `192.1.2.23.isakmp` → (192.1.2.23, 500); `192.1.2.23` → (192.1.2.23, nil); IPv6 `2001:db8::1.500`.
    static func split(_ s: String) -> (String, Int?) {
        if CIDR(s) != nil { return (s, nil) }
        if let dot = s.lastIndex(of: ".") {
            let host = String(s[..<dot]), port = String(s[s.index(after: dot)...])
            if let p = CaptureLine.portNumber(port), CIDR(host) != nil || !host.contains(".") || host.split(separator: ".").count == 4 {
                return (host, p)
            }
            if CaptureLine.portNumber(port) == nil, !port.allSatisfy(\.isNumber) { return (s, nil) }
            if let p = Int(port) { return (host, p) }
        }
        return (s, nil)
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension TcpdumpParser: EvidenceSource {
    public var yields: [String] {
        [
            "capture.any_ipsec", "capture.esp_fragmented", "capture.esp_in", "capture.esp_in_unknown_spi", "capture.esp_out", "capture.ike_in",
            "capture.ike_out", "capture.icmp_port_unreachable", "capture.icmp_unreachable", "capture.arp_unanswered",
        ]
    }
}
