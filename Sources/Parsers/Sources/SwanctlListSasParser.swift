import Facts

/// `swanctl --list-sas`: one record per CHILD SA (`kind: child`) carrying its IKE SA's fields,
/// and one record of `kind: ike` for each IKE SA without a CHILD SA, so that half-open IKE SAs
/// (CONNECTING) show. Reads both current output (`_i* ..._r`, `@ addr[port]`) and old releases
/// (`spi:spi`, `@ addr`).
public struct SwanctlListSasParser: OutputParser {
    public init() {}
    public var source: String { "swanctl-list-sas" }
    public var summary: String { "swanctl --list-sas (strongSwan IKE and CHILD SAs)" }

    public func parse(_ text: String) -> ParseResult {
        ByteText.withASCII(text) { SwanctlListSasScan(buf: $0).run(source: source) } ?? referenceParse(text)
    }

    /// `gw: #1, ESTABLISHED, IKEv2, 8b2c5f2ba4f1c5cd_i* 4e8f44b5f7e2d3a1_r`
    static func ikeHeader(_ t: String, line: Int) -> Record? {
        guard let colon = t.range(of: ": #") else { return nil }
        let name = String(t[..<colon.lowerBound])
        let parts = t[colon.upperBound...].split(separator: ",").map { String($0).trimmedSpaces }
        guard parts.count >= 3, let id = Int(parts[0]), parts[2].hasPrefix("IKEv"), !name.isEmpty else { return nil }
        var r = Record(line: line)
        r.set("kind", "ike")
        r.set("ike", name)
        r.set("ike_id", id)
        r.set("ike_state", parts[1])
        r.set("ike_version", Int(parts[2].dropFirst(4)))
        if parts.count >= 4 {
            let spis = parts[3].contains(":") && !parts[3].contains(" ")
                ? parts[3].split(separator: ":").map(String.init) : parts[3].words
            if spis.count == 2 {
                let a = spis[0], b = spis[1]
                r.set("spi_i", a.replacingOccurrences(of: "_i", with: "").replacingOccurrences(of: "*", with: ""))
                r.set("spi_r", b.replacingOccurrences(of: "_r", with: "").replacingOccurrences(of: "*", with: ""))
                if a.hasSuffix("*") { r.set("initiator", true) } else if b.hasSuffix("*") { r.set("initiator", false) }
            }
        }
        return r
    }

    /// `  net: #1, reqid 1, INSTALLED, TUNNEL-in-UDP, ESP:AES_CBC-128/HMAC_SHA2_256_128`
    static func childHeader(_ t: String, line: Int, ike: Record) -> Record? {
        guard let colon = t.range(of: ": #") else { return nil }
        let name = String(t[..<colon.lowerBound])
        let parts = t[colon.upperBound...].split(separator: ",", maxSplits: 5).map { String($0).trimmedSpaces }
        guard parts.count >= 4, let id = Int(parts[0]), parts[1].hasPrefix("reqid "), !name.contains(" ") else { return nil }
        var r = Record(line: line)
        r.set("kind", "child")
        for key in ["ike", "ike_id", "ike_state", "ike_version", "local_host", "local_port", "local_id",
                    "remote_host", "remote_port", "remote_id", "initiator"] {
            r.set(key, json: ike[key])
        }
        r.set("child", name)
        r.set("child_id", id)
        r.set("reqid", Int(parts[1].dropFirst(6)))
        var rest = Array(parts.dropFirst(2))
        if let cpu = rest.first, cpu.hasPrefix("cpu ") { r.set("cpu", String(cpu.dropFirst(4))); rest.removeFirst() }
        if rest.count >= 1 { r.set("state", rest[0]) }
        if rest.count >= 2 {
            let m = rest[1]
            r.set("mode", m.replacingOccurrences(of: "-in-UDP", with: ""))
            r.set("encap", m.hasSuffix("-in-UDP"))
        }
        if rest.count >= 3 {
            let prot = rest[2...].joined(separator: ", ")
            if let c = prot.firstIndex(of: ":") {
                r.set("protocol", String(prot[..<c]))
                let alg = String(prot[prot.index(after: c)...]).trimmedSpaces
                if !alg.isEmpty { r.set("proposal", alg) }
            } else {
                r.set("protocol", prot)
            }
        }
        return r
    }

    /// `'moon.strongswan.org' @ 192.168.0.1[4500] [10.3.0.1]` or old `'x' @ 10.0.0.1`
    static func endpoint(_ rest: String, prefix: String, into r: inout Record) {
        let s = rest.trimmedSpaces
        if let at = s.range(of: " @ ", options: .backwards) {
            var id = String(s[..<at.lowerBound])
            if id.hasPrefix("'"), id.hasSuffix("'"), id.count >= 2 { id = String(id.dropFirst().dropLast()) }
            r.set(prefix + "_id", id)
            let w = String(s[at.upperBound...]).words
            if let hp = w.first {
                if let br = hp.firstIndex(of: "["), hp.hasSuffix("]") {
                    r.set(prefix + "_host", String(hp[..<br]))
                    r.set(prefix + "_port", Int(hp[hp.index(after: br)..<hp.index(before: hp.endIndex)]))
                } else {
                    r.set(prefix + "_host", hp)
                }
            }
            let extra = w.dropFirst().joined(separator: " ")
            if let v = extra.range(of: "[") , let e = extra.range(of: "]", options: .backwards), v.lowerBound < e.lowerBound,
               !extra.hasPrefix("EAP"), !extra.hasPrefix("XAuth") {
                r.set(prefix + "_vips", String(extra[v.upperBound..<e.lowerBound]).words)
            }
            if let eap = extra.range(of: "EAP: '") {
                let tail = extra[eap.upperBound...]
                if let q = tail.firstIndex(of: "'") { r.set("remote_eap_id", String(tail[..<q])) }
            }
        } else {
            r.set(prefix + "_id", s)
        }
    }

    /// `c3a7e891 (0x1),   8765 bytes,   112 packets,    23s ago`
    static func traffic(_ rest: String, dir: String, into r: inout Record) {
        let parts = rest.split(separator: ",").map { String($0).trimmedSpaces }
        guard let first = parts.first else { return }
        let spiWords = first.words
        if let spi = spiWords.first {
            let s = spi.split(separator: "/")
            // a SPI word of only "/" has no part: nothing to keep (indexing it would trap)
            if let s0 = s.first { r.set("spi_" + dir, String(s0)) }
            if s.count > 1 { r.set("cpi_" + dir, String(s[1])) }
        }
        if spiWords.count > 1 { r.set("mark_" + dir, spiWords.dropFirst().joined(separator: " ")) }
        for p in parts.dropFirst() {
            let w = p.words
            guard w.count >= 2 else { continue }
            if w[1] == "bytes" { r.set("bytes_" + dir, parseCounter(w[0]).map { Double($0) }) }
            else if w[1] == "packets" { r.set("packets_" + dir, parseCounter(w[0]).map { Double($0) }) }
            else if w[1] == "ago", w[0].hasSuffix("s") { r.set("last_used_" + dir, Int(w[0].dropLast())) }
        }
    }

    /// The number before `s` after a phrase: `rekeying in 3196s` → 3196.
    static func seconds(after phrase: String, in t: String) -> Int? {
        guard let r = t.range(of: phrase + " ") else { return nil }
        let word = t[r.upperBound...].prefix { $0.isNumber }
        return Int(word)
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension SwanctlListSasParser: EvidenceSource {
    public var yields: [String] {
        [
            "child.sa.bytes_in", "child.sa.bytes_out", "child.sa.count", "child.sa.installed", "child.sa.packets_in",
            "child.sa.packets_out", "child.sa.reqids", "ike.nat_detected", "ike.sa.connecting", "ike.sa.count",
            "ike.sa.established",
        ]
    }
    public var probes: [ProbeSpec] {
        [
            ProbeSpec("swanctl-list-sas", source: "swanctl-list-sas", .command(["swanctl", "--list-sas"]), needsRoot: true),
        ]
    }
}
