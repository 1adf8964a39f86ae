import Facts

/// `swanctl --list-conns`: one record per connection with its addresses, authentication rounds
/// and CHILD configs (`children`: name, mode, local_ts, remote_ts). swanctl does not print the
/// start action here (see list_conns.c); it comes from swanctl.conf.
public struct SwanctlListConnsParser: OutputParser {
    public init() {}
    public var source: String { "swanctl-list-conns" }
    public var summary: String { "swanctl --list-conns (strongSwan loaded connections)" }

    static let childModes: Set<String> = ["TUNNEL", "TRANSPORT", "TRANSPORT_PROXY", "BEET", "PASS", "DROP"]

    public func parse(_ text: String) -> ParseResult {
        ByteText.withASCII(text) { SwanctlListConnsScan(buf: $0).run(source: source) } ?? referenceParse(text)
    }
}

/// The byte-level reading of plain ASCII `swanctl --list-conns` output (see `ByteText`): the
/// same records, field order and unparsed lines as `referenceParse`, without a String per line.
struct SwanctlListConnsScan {
    let buf: UnsafeBufferPointer<UInt8>

    enum Section { case none, authLocal, authRemote, child }

    @inline(__always) func trim(_ s: Int, _ e: Int) -> (Int, Int) {
        var s = s, e = e
        while s < e, ByteWords.isBlank(buf[s]) { s += 1 }
        while e > s, ByteWords.isBlank(buf[e - 1]) { e -= 1 }
        return (s, e)
    }

    /// The first occurrence of `literal` in `s..<e`.
    func find(_ literal: StaticString, _ s: Int, _ e: Int) -> Int? {
        let n = literal.utf8CodeUnitCount
        var i = s
        while i + n <= e {
            if ByteWords.equal(buf, i, i + n, literal) { return i }
            i += 1
        }
        return nil
    }

    @inline(__always) func has(_ literal: StaticString, at s: Int, _ e: Int) -> Bool {
        let n = literal.utf8CodeUnitCount
        return e - s >= n && ByteWords.equal(buf, s, s + n, literal)
    }

    func string(_ s: Int, _ e: Int) -> String { ByteWords.string(buf, s, e) }

    /// The words of `s..<e` (`trimmedSpaces.words`).
    func words(_ s: Int, _ e: Int) -> [String] {
        var out: [String] = []
        var i = s
        while i < e {
            while i < e, ByteWords.isBlank(buf[i]) { i += 1 }
            if i == e { break }
            let ws = i
            while i < e, !ByteWords.isBlank(buf[i]) { i += 1 }
            out.append(string(ws, i))
        }
        return out
    }

    /// `Int(String)` of `s..<e` trimmed.
    func int(_ s: Int, _ e: Int) -> Int? {
        let (s, e) = trim(s, e)
        return ByteInt.parse(buf, s, e)
    }

    /// The digits at `s` (`prefix { $0.isNumber }`) as an Int.
    func leadingNumber(_ s: Int, _ e: Int) -> Int? {
        var k = s
        while k < e, buf[k] >= 0x30, buf[k] <= 0x39 { k += 1 }
        return ByteInt.parse(buf, s, k)
    }

    func run(source: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [SwanctlLoadedConnRecord] = []
        var conn: SwanctlLoadedConnRecord?
        var children: [SwanctlLoadedConnRecord.Child] = []
        var localAuth: [String] = [], remoteAuth: [String] = []
        var localIds: [String] = [], remoteIds: [String] = []
        var localAddrs: [String] = [], remoteAddrs: [String] = []
        var section = Section.none
        // Equal lists share one buffer (a concentrator's connections repeat their local side).
        var lists = ListInterner()

        func flush() {
            if var c = conn {
                c.localAddrs = lists(localAddrs); c.remoteAddrs = lists(remoteAddrs)
                c.localAuth = lists(localAuth); c.remoteAuth = lists(remoteAuth)
                if !localIds.isEmpty { c.localId = lists(localIds) }
                if !remoteIds.isEmpty { c.remoteId = lists(remoteIds) }
                c.children = children
                records.append(c)
            }
            conn = nil; children = []; localAuth = []; remoteAuth = []; localIds = []; remoteIds = []
            localAddrs = []; remoteAddrs = []; section = .none
        }

        var it = ByteLineIterator(buf)
        while let line = it.next() {
            let (s, e) = trim(line.start, line.end)
            if s == e { continue }
            let indent = s - line.start
            if indent == 0 {
                flush()
                if let colon = find(": IKE", s, e) {
                    let name = string(s, colon)
                    // the comma-separated parts after the colon, each trimmed, empty ones skipped
                    var parts: [(Int, Int)] = []
                    var ps = colon + 1
                    while ps <= e {
                        var pe = ps
                        while pe < e, buf[pe] != 0x2c { pe += 1 }
                        if pe > ps { parts.append(trim(ps, pe)) }
                        ps = pe + 1
                    }
                    let v = parts.first.map { string($0.0, $0.1) } ?? ""
                    var r = SwanctlLoadedConnRecord(line: line.number, name: name, version: v,
                                                    ikeVersion: v == "IKEv1" ? 1 : v == "IKEv2" ? 2 : 0)
                    for (a, b) in parts.dropFirst() {
                        // `reauthentication every 3600s`: the number without its last character
                        if has("reauthentication every ", at: a, b) { setIfPresent(&r.reauthTime, ByteInt.parse(buf, a + 23, max(a + 23, b - 1))) }
                        if has("rekeying every ", at: a, b) { setIfPresent(&r.rekeyTime, ByteInt.parse(buf, a + 15, max(a + 15, b - 1))) }
                        if has("dpd delay ", at: a, b) { setIfPresent(&r.dpdDelay, ByteInt.parse(buf, a + 10, max(a + 10, b - 1))) }
                    }
                    conn = r
                    acc.account(line.number)
                } else {
                    acc.reject(buf, line)
                }
                continue
            }
            guard conn != nil else { acc.reject(buf, line); continue }
            var ok = true
            if indent <= 2 {
                section = .none
                if has("local:", at: s, e) {
                    localAddrs.append(contentsOf: words(s + 6, e).map(stripPort))
                } else if has("remote:", at: s, e) {
                    remoteAddrs.append(contentsOf: words(s + 7, e).map(stripPort))
                } else if e - s >= 16, ByteWords.equal(buf, e - 16, e, " authentication:"),
                          has("local ", at: s, e) || has("remote ", at: s, e) {
                    let isLocal = has("local ", at: s, e)
                    let cs = s + (isLocal ? 6 : 7), ce = e - 16
                    let cls = ce > cs ? string(cs, ce) : ""
                    if isLocal { localAuth.append(cls) } else { remoteAuth.append(cls) }
                    section = isLocal ? .authLocal : .authRemote
                } else if let colon = find(": ", s, e), !(s..<colon).contains(where: { buf[$0] == 0x20 }),
                          let mode = firstPart(colon + 2, e), SwanctlListConnsParser.childModes.contains(mode) {
                    var c = SwanctlLoadedConnRecord.Child(line: line.number, name: string(s, colon), mode: mode)
                    if let r = find("rekeying every ", s, e) { c.rekeyTime = leadingNumber(r + 15, e) }
                    if let r = find("dpd action is ", s, e) { c.dpdAction = string(r + 14, e) }
                    children.append(c)
                    section = .child
                } else if has("ppk:", at: s, e) {
                    ok = true
                } else {
                    ok = false
                }
            } else if section == .child, var c = children.last {
                if has("local:", at: s, e) { c.localTs = lists(words(s + 6, e)) }
                else if has("remote:", at: s, e) { c.remoteTs = lists(words(s + 7, e)) }
                else if has("interface:", at: s, e) { let (a, b) = trim(s + 10, e); c.interface = string(a, b) }
                else if has("priority:", at: s, e) { setIfPresent(&c.priority, int(s + 9, e)) }
                else if has("label:", at: s, e) { let (a, b) = trim(s + 6, e); c.label = string(a, b) }
                else { ok = false }
                children[children.count - 1] = c
            } else if section == .authLocal || section == .authRemote {
                if has("id:", at: s, e) {
                    let (a, b) = trim(s + 3, e)
                    if section == .authLocal { localIds.append(string(a, b)) } else { remoteIds.append(string(a, b)) }
                } else if (s..<e).contains(where: { buf[$0] == 0x3a }) {
                    ok = true   // ca_id, eap_id, groups, certs, cacerts, cert policy
                } else {
                    ok = false
                }
            } else {
                ok = false
            }
            if ok { acc.account(line.number) } else { acc.reject(buf, line) }
        }
        flush()
        return acc.result(source: source, typed: records.tight())
    }

    /// The first non-empty comma-separated part of `s..<e`, trimmed
    /// (`split(separator: ",").first.map { trimmedSpaces }`).
    func firstPart(_ s: Int, _ e: Int) -> String? {
        var ps = s
        while ps < e {
            var pe = ps
            while pe < e, buf[pe] != 0x2c { pe += 1 }
            if pe > ps { let (a, b) = trim(ps, pe); return string(a, b) }
            ps = pe + 1
        }
        return nil
    }
}

/// `192.168.0.1[500]` → `192.168.0.1`; `%any` stays.
func stripPort(_ s: String) -> String {
    if s.hasSuffix("]"), let br = s.lastIndex(of: "["), br != s.startIndex { return String(s[..<br]) }
    return s
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension SwanctlListConnsParser: EvidenceSource {
    public var yields: [String] {
        [
            "conn.auth", "conn.remote_auth", "conn.child_names", "conn.count", "conn.ike_version", "conn.local_addrs", "conn.local_ts", "conn.ts_restricted", "conn.names", "conn.not_loaded",
            "conn.remote_addrs", "conn.remote_ts", "ike.tunnel_count",
        ]
    }
    public var probes: [ProbeSpec] {
        [
            ProbeSpec("swanctl-list-conns", source: "swanctl-list-conns", .command(["swanctl", "--list-conns"]), needsRoot: true),
        ]
    }
}
