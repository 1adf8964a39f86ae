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

    public func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) -> ParseResult {
        ByteText.ifASCII(bytes) { SwanctlListSasScan(buf: $0).run(source: source) } ?? referenceParse(String(decoding: bytes, as: UTF8.self))
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

/// The byte-level reading of plain ASCII `swanctl --list-sas` output (see `ByteText`): the same
/// records, field order and unparsed lines as `SwanctlListSasParser.referenceParse`, without a
/// String per line. Each step names the reference function whose reading it repeats.
struct SwanctlListSasScan {
    let buf: UnsafeBufferPointer<UInt8>
    typealias Span = (s: Int, e: Int)
    typealias Fields = OrderedFields<SwanctlSaRecord.Field>

    func run(source: String) -> ParseResult {
        var acc = ParseAccumulator()
        var accounted = AscendingLines()
        var records: [SwanctlSaRecord] = []
        var ike = SwanctlSaRecord(line: 0)
        var ikeOpen = false
        var ikeHasChild = false
        var child = SwanctlSaRecord(line: 0)
        var childOpen = false

        func flushChild() {
            if childOpen { child.fields.compact(); records.append(child) }
            childOpen = false
        }
        func flushIKE() {
            flushChild()
            if ikeOpen, !ikeHasChild { ike.fields.compact(); records.append(ike) }
            ikeOpen = false; ikeHasChild = false
        }

        var it = ByteLineIterator(buf)
        while let line = it.next() {
            var ts = line.start
            while ts < line.end, ByteWords.isBlank(buf[ts]) { ts += 1 }
            if ts == line.end { continue }                 // blank
            var te = line.end
            while ByteWords.isBlank(buf[te - 1]) { te -= 1 }
            let t: Span = (ts, te)
            let indent = ts - line.start
            if indent == 0 {
                flushIKE()
                if let r = ikeHeader(t, line: line.number) {
                    ike = r; ikeOpen = true
                    accounted.add(line.number, to: &acc)
                } else {
                    acc.reject(buf, line)
                }
                continue
            }
            guard ikeOpen else { acc.reject(buf, line); continue }
            var ok = true
            if indent <= 2 || !childOpen {
                if let c = childHeader(t, line: line.number, ike: ike) {
                    flushChild()
                    child = c; childOpen = true
                    ikeHasChild = true
                    accounted.add(line.number, to: &acc)
                    continue
                }
                if childOpen, indent <= 2 { flushChild() }
                if let rest = after(t, "local "), !childOpen {
                    endpoint(rest, local: true, into: &ike.fields)
                } else if let rest = after(t, "remote "), !childOpen {
                    endpoint(rest, local: false, into: &ike.fields)
                } else if hasPrefix(t, "established ") {
                    ike.fields.set(.establishedAgo, seconds(after: "established ", in: t))
                    ike.fields.set(.rekeyIn, seconds(after: "rekeying in ", in: t))
                } else if hasPrefix(t, "queued:") || hasPrefix(t, "active:") || hasPrefix(t, "passive:") {
                    tasks(t, into: &ike.fields)
                } else if isProposal(t) {
                    ike.fields.set(.proposal, string(t))
                } else {
                    ok = false
                }
                if ok { accounted.add(line.number, to: &acc) } else { acc.reject(buf, line) }
                continue
            }
            // Lines of the current CHILD SA (indented deeper).
            if hasPrefix(t, "installed ") {
                child.fields.set(.installedAgo, seconds(after: "installed ", in: t))
                child.fields.set(.rekeyIn, seconds(after: "rekeying in ", in: t))
                child.fields.set(.expiresIn, seconds(after: "expires in ", in: t))
            } else if let rest = after(t, "in ") {
                traffic(rest, inbound: true, into: &child.fields)
            } else if let rest = after(t, "out ") {
                traffic(rest, inbound: false, into: &child.fields)
            } else if let rest = after(t, "local ") {
                child.fields.set(.localTs, wordStrings(rest))
            } else if let rest = after(t, "remote ") {
                child.fields.set(.remoteTs, wordStrings(rest))
            } else {
                ok = false
            }
            if ok { accounted.add(line.number, to: &acc) } else { acc.reject(buf, line) }
        }
        flushIKE()
        accounted.flush(to: &acc)
        records.sort { $0.line < $1.line }
        return acc.result(source: source, typed: records)
    }

    /// `ikeHeader`: `gw: #1, ESTABLISHED, IKEv2, 8b2c5f2ba4f1c5cd_i* 4e8f44b5f7e2d3a1_r`. The
    /// reference's pieces (`split(",")`, empty ones left out) are read one at a time in place
    /// (`piece`): only the first four are used, and an array of them per header was an
    /// allocation per IKE SA.
    func ikeHeader(_ t: Span, line: Int) -> SwanctlSaRecord? {
        guard let colon = find(": #", in: t) else { return nil }
        let name: Span = (t.s, colon)
        var at = colon + 3
        guard let p0 = piece(&at, t.e, 0x2c), let p1 = piece(&at, t.e, 0x2c), let p2 = piece(&at, t.e, 0x2c) else { return nil }
        let parts = (trimmed(p0), trimmed(p1), trimmed(p2))
        guard let id = int(parts.0), hasPrefix(parts.2, "IKEv"), name.s < name.e else { return nil }
        var r = Fields(capacity: 24)
        r.set(.kind, "ike")
        r.set(.ike, ascii: buf, name.s, name.e)
        r.set(.ikeId, id)
        r.set(.ikeState, ascii: buf, parts.1.s, parts.1.e)
        r.set(.ikeVersion, int((parts.2.s + 4, parts.2.e)))
        if let p3 = piece(&at, t.e, 0x2c) {
            let p = trimmed(p3)
            // `split(":")` or `words`: two pieces exactly.
            var a: Span?, b: Span?, third = false
            var i = p.s
            if find(":", in: p) != nil && find(" ", in: p) == nil {
                a = piece(&i, p.e, 0x3a); b = piece(&i, p.e, 0x3a); third = piece(&i, p.e, 0x3a) != nil
            } else {
                a = word(&i, p.e); b = word(&i, p.e); third = word(&i, p.e) != nil
            }
            if let a, let b, !third {
                r.set(.spiI, removing("_i", then: "*", from: a))
                r.set(.spiR, removing("_r", then: "*", from: b))
                if hasSuffix(a, "*") { r.set(.initiator, true) } else if hasSuffix(b, "*") { r.set(.initiator, false) }
            }
        }
        return SwanctlSaRecord(line: line, fields: r)
    }

    /// `childHeader`: `net: #1, reqid 1, INSTALLED, TUNNEL-in-UDP, ESP:AES_CBC-128/HMAC_SHA2_256_128`.
    /// Asked of every line of an IKE SA (indent 2 or less): a header's name holds no blank, so
    /// the `": #"` that makes one is the line's first blank (with `:` before and `#` after); a
    /// line whose first blank is not is none, without a search of the whole line (`local`,
    /// `remote`, `established` lines). The pieces (at most six) are kept on the stack.
    func childHeader(_ t: Span, line: Int, ike: SwanctlSaRecord) -> SwanctlSaRecord? {
        var sp = t.s
        while sp < t.e, buf[sp] != 0x20 { sp += 1 }
        guard sp > t.s, sp + 1 < t.e, buf[sp - 1] == 0x3a, buf[sp + 1] == 0x23 else { return nil }
        let colon = sp - 1
        let name: Span = (t.s, colon)
        return withUnsafeTemporaryAllocation(of: Span.self, capacity: 6) { parts -> SwanctlSaRecord? in
            let count = split((colon + 3, t.e), on: 0x2c, maxSplits: 5, into: parts)
            for k in 0..<count { parts[k] = trimmed(parts[k]) }
            guard count >= 4, let id = int(parts[0]), hasPrefix(parts[1], "reqid ") else { return nil }
            var r = Fields(capacity: 48)
            r.set(.kind, "child")
            r.copy(SwanctlSaRecord.inherited, from: ike.fields)
            r.set(.child, ascii: buf, name.s, name.e)
            r.set(.childId, id)
            r.set(.reqid, int((parts[1].s + 6, parts[1].e)))
            var first = 2
            if hasPrefix(parts[2], "cpu ") { r.set(.cpu, string((parts[2].s + 4, parts[2].e))); first = 3 }
            let rest = count - first
            if rest >= 1 { r.set(.state, ascii: buf, parts[first].s, parts[first].e) }
            if rest >= 2 {
                let m = parts[first + 1]
                if find("-in-UDP", in: m) == nil {
                    r.set(.mode, ascii: buf, m.s, m.e)
                } else {
                    r.set(.mode, string(removing("-in-UDP", from: bytes(m))))
                }
                r.set(.encap, hasSuffix(m, "-in-UDP"))
            }
            if rest == 3 {
                // One piece: the reference's join is the piece itself.
                let prot = parts[first + 2]
                if let c = find(":", in: prot) {
                    r.set(.`protocol`, ascii: buf, prot.s, c)
                    let alg = trimmed((c + 1, prot.e))
                    if alg.s < alg.e { r.set(.proposal, ascii: buf, alg.s, alg.e) }
                } else {
                    r.set(.`protocol`, ascii: buf, prot.s, prot.e)
                }
            } else if rest >= 4 {
                // the reference joins the remaining parts with ", " and cuts at the first ":"
                var prot: [UInt8] = []
                for k in (first + 2)..<count {
                    if k > first + 2 { prot += [0x2c, 0x20] }
                    prot += bytes(parts[k])
                }
                if let c = prot.firstIndex(of: 0x3a) {
                    r.set(.`protocol`, String(decoding: prot[..<c], as: UTF8.self))
                    var s = c + 1, e = prot.count
                    while s < e, ByteWords.isBlank(prot[s]) { s += 1 }
                    while e > s, ByteWords.isBlank(prot[e - 1]) { e -= 1 }
                    if s < e { r.set(.proposal, String(decoding: prot[s..<e], as: UTF8.self)) }
                } else {
                    r.set(.`protocol`, String(decoding: prot, as: UTF8.self))
                }
            }
            return SwanctlSaRecord(line: line, fields: r)
        }
    }

    /// `endpoint`: `'moon.strongswan.org' @ 192.168.0.1[4500] [10.3.0.1]` or old `'x' @ 10.0.0.1`
    func endpoint(_ rest: Span, local: Bool, into r: inout Fields) {
        let s = trimmed(rest)
        let (idKey, hostKey, portKey, vipsKey): (SwanctlSaRecord.Field, SwanctlSaRecord.Field, SwanctlSaRecord.Field, SwanctlSaRecord.Field) = local
            ? (.localId, .localHost, .localPort, .localVips)
            : (.remoteId, .remoteHost, .remotePort, .remoteVips)
        guard let at = findLast(" @ ", in: s) else { r.set(idKey, string(s)); return }
        var id: Span = (s.s, at)
        if id.e - id.s >= 2, buf[id.s] == 0x27, buf[id.e - 1] == 0x27 { id = (id.s + 1, id.e - 1) }
        r.set(idKey, string(id))
        // Most endpoints are `id @ host[port]`: one word after the `@`, read in place.
        var wi = at + 3
        if let hp = word(&wi, s.e), word(&wi, s.e) == nil {
            if let br = find("[", in: hp), hasSuffix(hp, "]") {
                r.set(hostKey, string((hp.s, br)))
                r.set(portKey, int((br + 1, hp.e - 1)))
            } else {
                r.set(hostKey, string(hp))
            }
            return
        }
        let w = words((at + 3, s.e))
        if let hp = w.first {
            if let br = find("[", in: hp), hasSuffix(hp, "]") {
                r.set(hostKey, string((hp.s, br)))
                r.set(portKey, int((br + 1, hp.e - 1)))
            } else {
                r.set(hostKey, string(hp))
            }
        }
        guard w.count > 1 else { return }
        // `extra`: the words after host[port] joined by single spaces
        var extra: [UInt8] = []
        for (k, word) in w.dropFirst().enumerated() {
            if k > 0 { extra.append(0x20) }
            extra += bytes(word)
        }
        if let v = extra.firstIndex(of: 0x5b), let e = extra.lastIndex(of: 0x5d), v < e,
           !extra.starts(with: Array("EAP".utf8)), !extra.starts(with: Array("XAuth".utf8)) {
            r.set(vipsKey, String(decoding: extra[(v + 1)..<e], as: UTF8.self).words)
        }
        let eapMark = Array("EAP: '".utf8)
        if extra.count >= eapMark.count, let eap = (0...(extra.count - eapMark.count)).first(where: { extra[$0..<($0 + eapMark.count)].elementsEqual(eapMark) }) {
            let tail = extra[(eap + eapMark.count)...]
            if let q = tail.firstIndex(of: 0x27) { r.set(.remoteEapId, String(decoding: tail[..<q], as: UTF8.self)) }
        }
    }

    /// `traffic`: `c3a7e891 (0x1),   8765 bytes,   112 packets,    23s ago`. The pieces and
    /// words are walked in place (`piece`, `word`) rather than split into arrays: two such
    /// lines per CHILD SA made six arrays each.
    func traffic(_ rest: Span, inbound: Bool, into r: inout Fields) {
        let (spiKey, cpiKey, markKey, bytesKey, packetsKey, usedKey): (SwanctlSaRecord.Field, SwanctlSaRecord.Field, SwanctlSaRecord.Field, SwanctlSaRecord.Field, SwanctlSaRecord.Field, SwanctlSaRecord.Field) = inbound
            ? (.spiIn, .cpiIn, .markIn, .bytesIn, .packetsIn, .lastUsedIn)
            : (.spiOut, .cpiOut, .markOut, .bytesOut, .packetsOut, .lastUsedOut)
        var at = rest.s
        guard let first = piece(&at, rest.e, 0x2c) else { return }
        // The first piece's words (blanks trimmed or not, the words are the same).
        var wi = first.s
        if let spi = word(&wi, first.e) {
            var si = spi.s
            // the reference traps on a SPI word of only "/"; nothing to keep then
            if let s0 = piece(&si, spi.e, 0x2f) {
                r.set(spiKey, ascii: buf, s0.s, s0.e)
                if let s1 = piece(&si, spi.e, 0x2f) { r.set(cpiKey, ascii: buf, s1.s, s1.e) }
            }
            if word(&wi, first.e) != nil {
                let spiWords = words(first)
                r.set(markKey, string((spiWords[1].s, spiWords[spiWords.count - 1].e)).words.joined(separator: " "))
            }
        }
        while let p = piece(&at, rest.e, 0x2c) {
            var pi = p.s
            guard let w0 = word(&pi, p.e), let w1 = word(&pi, p.e) else { continue }
            if equal(w1, "bytes") { r.set(bytesKey, ByteInt.counter(buf, w0.s, w0.e)) }
            else if equal(w1, "packets") { r.set(packetsKey, ByteInt.counter(buf, w0.s, w0.e)) }
            else if equal(w1, "ago"), hasSuffix(w0, "s") { r.set(usedKey, int((w0.s, w0.e - 1))) }
        }
    }

    /// The next piece of `split(separator: sep)` (empty pieces left out) from `i` on, `i` moved past it.
    @inline(__always)
    func piece(_ i: inout Int, _ e: Int, _ sep: UInt8) -> Span? {
        while i < e, buf[i] == sep { i += 1 }
        guard i < e else { return nil }
        let a = i
        while i < e, buf[i] != sep { i += 1 }
        return (a, i)
    }

    /// The next word (`words`) from `i` on, `i` moved past it.
    @inline(__always)
    func word(_ i: inout Int, _ e: Int) -> Span? {
        while i < e, ByteWords.isBlank(buf[i]) { i += 1 }
        guard i < e else { return nil }
        let a = i
        while i < e, !ByteWords.isBlank(buf[i]) { i += 1 }
        return (a, i)
    }

    /// `queued: ...`, `active: ...`, `passive: ...` -> tasks_queued etc.
    func tasks(_ t: Span, into r: inout Fields) {
        let parts = split(t, on: 0x3a, maxSplits: 1)
        // the caller saw `queued:`, `active:` or `passive:`, so parts[0] is one of these
        let key: SwanctlSaRecord.Field = equal(parts[0], "queued") ? .tasksQueued : equal(parts[0], "active") ? .tasksActive : .tasksPassive
        r.set(key, parts.count > 1 ? string(trimmed(parts[1])) : "")
    }

    /// A proposal line: one word with a "/" or no lower-case letter, starting with a letter.
    func isProposal(_ t: Span) -> Bool {
        guard find(" ", in: t) == nil, isLetter(buf[t.s]) else { return false }
        if find("/", in: t) != nil { return true }
        for i in t.s..<t.e where buf[i] >= 0x61 && buf[i] <= 0x7a { return false }
        return true
    }

    /// `seconds`: the number before `s` after a phrase: `rekeying in 3196s` -> 3196.
    func seconds(after phrase: StaticString, in t: Span) -> Int? {
        guard let at = find(phrase, in: t) else { return nil }
        let s = at + phrase.utf8CodeUnitCount
        var e = s
        while e < t.e, buf[e] >= 0x30, buf[e] <= 0x39 { e += 1 }
        return int((s, e))
    }

    // MARK: bytes

    func string(_ s: Span) -> String { ByteWords.string(buf, s.s, s.e) }
    func string(_ b: [UInt8]) -> String { String(decoding: b, as: UTF8.self) }
    func bytes(_ s: Span) -> [UInt8] { Array(buf[s.s..<s.e]) }
    func int(_ s: Span) -> Int? { ByteInt.parse(buf, s.s, s.e) }
    func isLetter(_ b: UInt8) -> Bool { (b | 0x20) >= 0x61 && (b | 0x20) <= 0x7a }

    func trimmed(_ s: Span) -> Span {
        var a = s.s, b = s.e
        while a < b, ByteWords.isBlank(buf[a]) { a += 1 }
        while b > a, ByteWords.isBlank(buf[b - 1]) { b -= 1 }
        return (a, b)
    }

    /// `StringProtocol.words`: runs of bytes other than space and tab.
    func words(_ s: Span) -> [Span] {
        var out: [Span] = []
        var i = s.s
        while i < s.e {
            while i < s.e, ByteWords.isBlank(buf[i]) { i += 1 }
            if i == s.e { break }
            let a = i
            while i < s.e, !ByteWords.isBlank(buf[i]) { i += 1 }
            out.append((a, i))
        }
        return out
    }
    func wordStrings(_ s: Span) -> [String] { words(s).map(string) }

    /// `split(separator:maxSplits:)` with empty pieces left out, as the standard library does it:
    /// after `maxSplits` kept pieces the rest is one piece.
    func split(_ s: Span, on sep: UInt8, maxSplits: Int = .max) -> [Span] {
        var out: [Span] = []
        var start = s.s
        var i = s.s
        while i < s.e {
            if buf[i] == sep {
                let kept = start < i
                if kept { out.append((start, i)) }
                i += 1
                start = i
                if kept, out.count == maxSplits { break }
                continue
            }
            i += 1
        }
        if start < s.e { out.append((start, s.e)) }
        return out
    }

    /// `split(_:on:maxSplits:)` into `out` (room for `maxSplits + 1` pieces): the count.
    func split(_ s: Span, on sep: UInt8, maxSplits: Int, into out: UnsafeMutableBufferPointer<Span>) -> Int {
        var n = 0
        var start = s.s
        var i = s.s
        while i < s.e {
            if buf[i] == sep {
                let kept = start < i
                if kept { out[n] = (start, i); n += 1 }
                i += 1
                start = i
                if kept, n == maxSplits { break }
                continue
            }
            i += 1
        }
        if start < s.e { out[n] = (start, s.e); n += 1 }
        return n
    }

    /// `string(removing(second, from: removing(first, from: bytes(s))))`, on the stack.
    func removing(_ first: StaticString, then second: StaticString, from s: Span) -> String {
        let n = s.e - s.s
        guard n > 0 else { return "" }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: n) { room in
            var k = Self.remove(first, from: UnsafeBufferPointer(rebasing: buf[s.s..<s.e]), into: room.baseAddress!)
            // In place: each byte is written at or before where it was read.
            k = Self.remove(second, from: UnsafeBufferPointer(start: room.baseAddress!, count: k), into: room.baseAddress!)
            return String(decoding: UnsafeBufferPointer(start: room.baseAddress!, count: k), as: UTF8.self)
        }
    }

    /// `removing(_:from:)` of `src` written to `dst`: the count written.
    static func remove(_ pattern: StaticString, from src: UnsafeBufferPointer<UInt8>, into dst: UnsafeMutablePointer<UInt8>) -> Int {
        let p = pattern.utf8Start, m = pattern.utf8CodeUnitCount, n = src.count
        var i = 0, k = 0
        while i < n {
            if i + m <= n {
                var j = 0
                while j < m, src[i + j] == p[j] { j += 1 }
                if j == m { i += m; continue }
            }
            dst[k] = src[i]; k += 1; i += 1
        }
        return k
    }

    func equal(_ s: Span, _ literal: StaticString) -> Bool { ByteWords.equal(buf, s.s, s.e, literal) }

    func hasPrefix(_ s: Span, _ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        return s.e - s.s >= n && ByteWords.equal(buf, s.s, s.s + n, literal)
    }
    func hasSuffix(_ s: Span, _ literal: StaticString) -> Bool {
        let n = literal.utf8CodeUnitCount
        return s.e - s.s >= n && ByteWords.equal(buf, s.e - n, s.e, literal)
    }
    func after(_ s: Span, _ literal: StaticString) -> Span? {
        hasPrefix(s, literal) ? (s.s + literal.utf8CodeUnitCount, s.e) : nil
    }

    /// The first position of `literal` in `s` (its first byte compared before the rest).
    func find(_ literal: StaticString, in s: Span) -> Int? {
        let n = literal.utf8CodeUnitCount
        guard s.e - s.s >= n else { return nil }
        let f = literal.utf8Start.pointee
        var i = s.s
        while i + n <= s.e {
            if buf[i] == f, ByteWords.equal(buf, i, i + n, literal) { return i }
            i += 1
        }
        return nil
    }
    /// The last position of `literal` in `s`.
    func findLast(_ literal: StaticString, in s: Span) -> Int? {
        let n = literal.utf8CodeUnitCount
        guard s.e - s.s >= n else { return nil }
        var i = s.e - n
        while i >= s.s {
            if ByteWords.equal(buf, i, i + n, literal) { return i }
            i -= 1
        }
        return nil
    }

    /// `replacingOccurrences(of: pattern, with: "")`: left to right, without overlaps.
    func removing(_ pattern: StaticString, from b: [UInt8]) -> [UInt8] {
        let p = UnsafeBufferPointer(start: pattern.utf8Start, count: pattern.utf8CodeUnitCount)
        guard b.count >= p.count else { return b }
        var out: [UInt8] = []
        out.reserveCapacity(b.count)
        var i = 0
        while i < b.count {
            if i + p.count <= b.count, b[i..<(i + p.count)].elementsEqual(p) { i += p.count; continue }
            out.append(b[i]); i += 1
        }
        return out
    }
}
