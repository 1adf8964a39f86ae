import Facts
import Foundation

/// `ipsec status` / `ipsec statusall` of strongSwan's stroke interface (ipsec.conf hosts; also
/// `strongswan status[all]` on distributions that rename the tool). The format is charon's
/// stroke_list.c: section headers (`Status of IKE charon daemon (...)`, `Listening IP
/// addresses:`, `Connections:`, `Shunted Connections:`, `Routed Connections:`, `Security
/// Associations (N up, M connecting):`), then lines `NAME: ...` (connections), `NAME[N]: ...`
/// (IKE SAs) and `NAME{N}: ...` (CHILD SAs), the name right-aligned in 12 columns.
///
/// Records: `kind: child` and `kind: ike` carry the same fields as swanctl-list-sas records
/// (ike, ike_id, ike_state, local/remote host and id, child, child_id, reqid, state, mode, encap,
/// protocol, spi_in/out, proposal, bytes/packets in/out, local_ts/remote_ts), so the same
/// extractor turns them into the same facts; `kind: conn` (loaded connections, shaped as
/// swanctl-list-conns records, read by SwanctlConnsExtractor where swanctl is absent), `shunt`,
/// `routed` (trap policies), `daemon` (version, plugins), `listening`, `summary` (up/connecting).
public struct StrokeStatusParser: OutputParser {
    public init() {}
    public var source: String { "stroke-status" }
    public var summary: String { "ipsec status / ipsec statusall (strongSwan stroke: connections, IKE and CHILD SAs)" }

    enum Section { case none, daemon, pools, listening, connections, shunted, routed, sas }

    static let childStates: Set<String> = ["CREATED", "ROUTED", "INSTALLING", "INSTALLED", "UPDATING", "REKEYING", "REKEYED",
                                           "RETRYING", "DELETING", "DELETED", "DESTROYING"]

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [StrokeStatusRecord] = []
        var section = Section.none
        var daemon: StrokeStatusRecord?
        var listening: StrokeStatusRecord?
        var addresses: [String] = []
        var conns: [StrokeStatusRecord] = []
        var ike: StrokeStatusRecord?
        var ikeHasChild = false
        var child: StrokeStatusRecord?

        func flushChild() {
            if let c = child { records.append(c) }
            child = nil
        }
        func flushIKE() {
            flushChild()
            if let i = ike, !ikeHasChild { records.append(i) }
            ike = nil; ikeHasChild = false
        }
        func flushSection() {
            flushIKE()
            if var l = listening { l.fields.set(.addresses, addresses); records.append(l) }
            listening = nil; addresses = []
            records += conns
            conns = []
            if let d = daemon { records.append(d) }
            daemon = nil
        }

        for line in text.numberedLines {
            if line.isBlank { continue }
            let t = line.trimmed
            if let header = StrokeStatusParser.sectionHeader(t) {
                flushSection()
                section = header
                var r = StrokeStatusRecord(line: line.number)
                switch header {
                case .daemon:
                    r.fields.set(.kind, "daemon")
                    if let open = t.firstIndex(of: "("), let close = t.lastIndex(of: ")"), open < close {
                        r.fields.set(.version, String(t[t.index(after: open)..<close]))
                    }
                    daemon = r
                case .listening:
                    r.fields.set(.kind, "listening")
                    listening = r
                case .sas:
                    r.fields.set(.kind, "summary")
                    let nums = t.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
                    if nums.count == 2 { r.fields.set(.up, nums[0]); r.fields.set(.connecting, nums[1]) }
                    records.append(r)
                default: break
                }
                acc.account(line.number)
                continue
            }
            var ok = true
            switch section {
            case .daemon:
                if let plugins = t.after("loaded plugins:") {
                    daemon?.fields.set(.plugins, plugins.words)
                } else if let up = t.after("uptime:") {
                    daemon?.fields.set(.uptime, up.trimmedSpaces)
                } else {
                    ok = t.hasPrefix("malloc") || t.hasPrefix("worker threads:")
                }
            case .listening:
                ok = !t.contains(" ") && (t.contains(".") || t.contains(":"))
                if ok { addresses.append(t) }
            case .pools:
                ok = t.contains(":")
            case .none:
                ok = false
            case .sas where t == "none":
                ok = true  // "Security Associations (0 up, 0 connecting):" then "  none"
            case .connections, .shunted, .routed, .sas:
                guard let l = StrokeStatusParser.labelled(t) else { ok = false; break }
                switch (section, l.kind) {
                case (.connections, .config):
                    ok = StrokeStatusParser.connLine(l, line: line.number, conns: &conns)
                case (.shunted, .config):
                    var r = StrokeStatusRecord(line: line.number)
                    r.fields.set(.kind, "shunt")
                    r.fields.set(.name, l.name)
                    ok = StrokeStatusParser.selectors(l.rest, into: &r, withMode: true)
                    if ok { records.append(r) }
                case (.routed, .child), (.sas, .child):
                    if let c = StrokeStatusParser.childHeader(l, line: line.number, ike: section == .sas ? ike : nil) {
                        flushChild()
                        child = c
                        if section == .routed { child?.fields.set(.kind, "routed") } else { ikeHasChild = true }
                    } else if var c = child, c.fields[.child] == .string(l.name) {
                        ok = StrokeStatusParser.childDetail(l.rest, into: &c)
                        child = c
                    } else {
                        ok = false
                    }
                case (.sas, .ike):
                    if let i = StrokeStatusParser.ikeHeader(l, line: line.number) {
                        flushIKE()
                        ike = i
                    } else if var i = ike, i.fields[.ike] == .string(l.name) {
                        ok = StrokeStatusParser.ikeDetail(l.rest, into: &i)
                        ike = i
                    } else {
                        ok = false
                    }
                default:
                    ok = false
                }
            }
            if ok { acc.account(line.number) } else { acc.reject(line) }
        }
        flushSection()
        records.sort { $0.line < $1.line }
        return acc.result(source: source, typed: records)
    }

    /// The text opens with one of stroke_list.c's section headers (`Security Associations (1 up,
    /// 0 connecting):`, `Routed Connections:`, `Status of IKE charon daemon ...`); Libreswan's
    /// `ipsec status` opens with `000 using kernel interface` or another whack line, never these.
    public static func isStrokeStatus(_ text: String) -> Bool {
        guard let first = text.numberedLines.first(where: { !$0.isBlank }) else { return false }
        return sectionHeader(first.trimmed) != nil
    }

    static func sectionHeader(_ t: String) -> Section? {
        if t.hasPrefix("Status of IKE charon daemon") || t.hasPrefix("Status of IKEv1 pluto daemon") { return .daemon }
        if t.hasPrefix("Virtual IP pools") { return .pools }
        switch t {
        case "Listening IP addresses:": return .listening
        case "Connections:": return .connections
        case "Shunted Connections:": return .shunted
        case "Routed Connections:": return .routed
        default: break
        }
        if t.hasPrefix("Security Associations ("), t.hasSuffix("):") { return .sas }
        return nil
    }

    /// A line `NAME: rest`, `NAME[N]: rest` (IKE SA) or `NAME{N}: rest` (CHILD SA).
    struct Labelled {
        enum Kind { case config, ike, child }
        var name: String
        var id: Int?
        var kind: Kind
        var rest: String
    }

    static func labelled(_ t: String) -> Labelled? {
        guard let colon = t.range(of: ": ") ?? (t.hasSuffix(":") ? t.range(of: ":", options: .backwards) : nil) else { return nil }
        var label = String(t[..<colon.lowerBound])
        let rest = String(t[colon.upperBound...]).trimmedSpaces
        var kind = Labelled.Kind.config
        var id: Int?
        for (open, close, k) in [("[", "]", Labelled.Kind.ike), ("{", "}", Labelled.Kind.child)] where label.hasSuffix(close) {
            if let o = label.range(of: open, options: .backwards), let n = Int(label[o.upperBound..<label.index(before: label.endIndex)]) {
                id = n; kind = k
                label = String(label[..<o.lowerBound])
            }
        }
        guard !label.isEmpty else { return nil }
        return Labelled(name: label, id: id, kind: kind, rest: rest)
    }

    /// `conn:  %any...192.0.2.2  IKEv2, dpddelay=30s`, `conn:   local:  [id] uses pre-shared key
    /// authentication`, `conn:   remote: ...`, `child:   child:  TS === TS TUNNEL`, and the
    /// ca:/cert:/ocsp:/crl:/group: lines of an auth round.
    static func connLine(_ l: Labelled, line: Int, conns: inout [StrokeStatusRecord]) -> Bool {
        let rest = l.rest
        if let range = rest.range(of: "..."), !rest.hasPrefix("local:"), !rest.hasPrefix("remote:"), !rest.hasPrefix("child:") {
            let words = rest.words
            guard words.count >= 2, words[0].contains("...") else { return false }
            var r = StrokeStatusRecord(line: line)
            r.fields.set(.kind, "conn")
            r.fields.set(.name, l.name)
            _ = range
            let ends = words[0].components(separatedBy: "...")
            r.fields.set(.localAddrs, ends[0].split(separator: ",").map(String.init))
            r.fields.set(.remoteAddrs, ends.count > 1 ? ends[1].split(separator: ",").map(String.init) : [])
            let version = words[1].trimmingCharacters(in: CharacterSet(charactersIn: ","))
            // As swanctl --list-conns records it: 0 for either version (`IKEv1/2`, or `IKE`).
            r.fields.set(.ikeVersion, version == "IKEv1" ? 1 : version == "IKEv2" ? 2 : 0)
            if words.contains("Aggressive") || words.contains("Aggressive,") { r.fields.set(.aggressive, true) }
            if let d = rest.range(of: "dpddelay=") {
                r.fields.set(.dpdDelay, String(rest[d.upperBound...].prefix { $0.isNumber }))
            }
            conns.append(r)
            return true
        }
        guard let i = conns.indices.last else { return false }
        if let who = rest.after("local:") ?? rest.after("remote:") {
            let side: (id: StrokeStatusRecord.Field, auth: StrokeStatusRecord.Field) = rest.hasPrefix("local:") ? (.localId, .localAuth) : (.remoteId, .remoteAuth)
            if let open = who.firstIndex(of: "["), let close = who.lastIndex(of: "]"), open < close {
                conns[i].fields.set(side.id, String(who[who.index(after: open)..<close]))
            }
            if let uses = who.range(of: "uses ") {
                // One line per authentication round, as swanctl lists them.
                let method = String(who[uses.upperBound...]).replacingOccurrences(of: " authentication", with: "")
                let previous = conns[i].fields.strings(side.auth)
                conns[i].fields.set(side.auth, previous + [method])
            }
            return true
        }
        if let ts = rest.after("child:") {
            var child = StrokeStatusRecord(line: line)
            child.fields.set(.name, l.name)
            guard selectors(ts, into: &child, withMode: true) else { return false }
            // Nested JSON objects, as `parse` shows them (`StrokeStatusRecord.children` reads them).
            var children: [JSONValue] = []
            if case let .json(.array(items))? = conns[i].fields[.children] { children = items }
            children.append(child.json)
            conns[i].fields.put(.children, .json(.array(children)))
            return true
        }
        return ["ca:", "im-ca:", "cert:", "ocsp:", "crl:", "group:"].contains { rest.hasPrefix($0) }
    }

    /// `TS [TS ...] === TS [TS ...] [MODE][, dpdaction=...]`
    static func selectors(_ text: String, into r: inout StrokeStatusRecord, withMode: Bool) -> Bool {
        guard let sep = text.range(of: " === ") ?? text.range(of: "=== ") else { return false }
        var right = String(text[sep.upperBound...]).words
        if let comma = right.firstIndex(where: { $0.hasSuffix(",") }) { right = Array(right[...comma]) }
        right = right.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: ",")) }
        if withMode, let last = right.last, last.uppercased() == last, last.first?.isLetter == true, !last.contains(".") {
            r.fields.set(.mode, last)
            right.removeLast()
        }
        r.fields.set(.localTs, String(text[..<sep.lowerBound]).words)
        r.fields.set(.remoteTs, right)
        return true
    }

    /// `NAME[N]: ESTABLISHED 2 minutes ago, 192.0.2.1[gw-a]...192.0.2.2[gw-b]` (any IKE state).
    static func ikeHeader(_ l: Labelled, line: Int) -> StrokeStatusRecord? {
        // Identities may hold ", " (a certificate's DN): split once, after the state.
        guard let comma = l.rest.range(of: ", ") else { return nil }
        let head = String(l.rest[..<comma.lowerBound]), ends = String(l.rest[comma.upperBound...])
        guard let state = head.words.first, state.uppercased() == state, state.first?.isLetter == true,
              let dots = ends.range(of: "]...") else { return nil }
        var r = StrokeStatusRecord(line: line)
        r.fields.set(.kind, "ike")
        r.fields.set(.ike, l.name)
        r.fields.set(.ikeId, l.id)
        r.fields.set(.ikeState, state)
        if let ago = head.range(of: " ago") {
            r.fields.set(.established, String(head[head.index(head.startIndex, offsetBy: state.count)..<ago.lowerBound]).trimmedSpaces)
        }
        let local = String(ends[..<ends.index(after: dots.lowerBound)])
        let remote = String(ends[dots.upperBound...])
        for (host, id, end) in [(StrokeStatusRecord.Field.localHost, StrokeStatusRecord.Field.localId, local), (.remoteHost, .remoteId, remote)] {
            guard let open = end.firstIndex(of: "["), end.hasSuffix("]") else { return nil }
            r.fields.set(host, String(end[..<open]))
            r.fields.set(id, String(end[end.index(after: open)..<end.index(before: end.endIndex)]))
        }
        return r
    }

    /// `IKEv2 SPIs: 1a2b..._i* 3c4d..._r, rekeying in 2 hours`, `IKE proposal: ...`, `Tasks
    /// queued: ...`, `Remote EAP identity: ...`.
    static func ikeDetail(_ rest: String, into r: inout StrokeStatusRecord) -> Bool {
        if rest.hasPrefix("IKEv"), let spis = rest.range(of: " SPIs: ") {
            r.fields.set(.ikeVersion, Int(rest.dropFirst(4).prefix { $0.isNumber }))
            let words = String(rest[spis.upperBound...]).components(separatedBy: ", ")[0].words
            if words.count == 2 {
                r.fields.set(.spiI, words[0].replacingOccurrences(of: "_i", with: "").replacingOccurrences(of: "*", with: ""))
                r.fields.set(.spiR, words[1].replacingOccurrences(of: "_r", with: "").replacingOccurrences(of: "*", with: ""))
                if words[0].hasSuffix("*") { r.fields.set(.initiator, true) } else if words[1].hasSuffix("*") { r.fields.set(.initiator, false) }
            }
            return true
        }
        if let p = rest.after("IKE proposal:") { r.fields.set(.ikeProposal, p.trimmedSpaces); return true }
        if rest.hasPrefix("Tasks ") { return true }
        if let id = rest.after("Remote EAP identity:") ?? rest.after("Remote XAuth identity:") {
            r.fields.set(.remoteEapId, id.trimmedSpaces); return true
        }
        return false
    }

    /// `NAME{N}:  INSTALLED, TUNNEL, reqid 1, ESP in UDP SPIs: c1a2b3c4_i c5d6e7f8_o` (older
    /// releases print no reqid).
    static func childHeader(_ l: Labelled, line: Int, ike: StrokeStatusRecord?) -> StrokeStatusRecord? {
        let parts = l.rest.components(separatedBy: ", ")
        guard parts.count >= 2, childStates.contains(parts[0]) else { return nil }
        var r = StrokeStatusRecord(line: line)
        r.fields.set(.kind, "child")
        // A CHILD SA's record carries its IKE SA's fields, as swanctl-list-sas records do.
        if let ike { r.fields.copy(StrokeStatusRecord.inherited, from: ike.fields) }
        r.fields.set(.child, l.name)
        r.fields.set(.childId, l.id)
        r.fields.set(.state, parts[0])
        r.fields.set(.mode, parts[1].replacingOccurrences(of: "_PROXY", with: ""))
        for p in parts.dropFirst(2) {
            if let n = p.after("reqid ") {
                r.fields.set(.reqid, Int(n.trimmedSpaces))
            } else if let spis = p.range(of: " SPIs: ") {
                let proto = String(p[..<spis.lowerBound])
                r.fields.set(.protocol, proto.words.first)
                r.fields.set(.encap, proto.hasSuffix(" in UDP"))
                let words = String(p[spis.upperBound...]).words
                if words.count == 2 {
                    r.fields.set(.spiIn, words[0].replacingOccurrences(of: "_i", with: ""))
                    r.fields.set(.spiOut, words[1].replacingOccurrences(of: "_o", with: ""))
                }
            }
        }
        return r
    }

    /// `AES_CBC_128/HMAC_SHA2_256_128, 252 bytes_i (3 pkts, 1s ago), 252 bytes_o (3 pkts, 1s
    /// ago), rekeying in 45 minutes` or `10.1.0.0/24 === 10.2.0.0/24`.
    static func childDetail(_ rest: String, into r: inout StrokeStatusRecord) -> Bool {
        if rest.contains("===") { return selectors(rest, into: &r, withMode: false) }
        guard rest.contains(" bytes_i") else { return false }
        let first = rest.components(separatedBy: ", ")[0]
        if !first.contains("bytes_i") { r.fields.set(.proposal, first) }
        for (bytes, packets, marker) in [(StrokeStatusRecord.Field.bytesIn, StrokeStatusRecord.Field.packetsIn, " bytes_i"), (.bytesOut, .packetsOut, " bytes_o")] {
            guard let m = rest.range(of: marker) else { continue }
            let before = rest[..<m.lowerBound]
            let number = before.split(separator: " ").last.map(String.init) ?? ""
            r.fields.set(bytes, Int(number))
            let after = rest[m.upperBound...]
            // ` (3 pkts, 1s ago)` / ` (1 pkt, ...)`: only when the SA was used.
            if after.hasPrefix(" ("), let pk = after.dropFirst(2).split(separator: " ").first {
                r.fields.set(packets, Int(pk))
            }
        }
        return true
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension StrokeStatusParser: EvidenceSource {
    public var yields: [String] {
        [
            "child.sa.bytes_in", "child.sa.bytes_out", "child.sa.count", "child.sa.installed", "child.sa.packets_in",
            "child.sa.packets_out", "child.sa.reqids", "child.ts_narrowed", "conn.auth", "conn.child_names", "conn.count", "conn.ike_version",
            "conn.local_addrs", "conn.local_ts", "conn.ts_restricted", "conn.names", "conn.remote_auth", "conn.remote_addrs", "conn.remote_ts",
            "ike.nat_detected", "ike.sa.connecting", "ike.sa.count", "ike.sa.established", "ike.strongswan_frontend", "ike.tunnel_count",
        ]
    }
    public var probes: [ProbeSpec] {
        [
            // statusall prints everything status does, plus the connections and the proposals.
            ProbeSpec("stroke-status", source: "stroke-status", .command(["ipsec", "statusall"]), needsRoot: true,
                      condition: .strongswanIpsec),
        ]
    }
    public var snapshotNames: [String] { ["ipsec-statusall", "strongswan-status", "strongswan-statusall"] }
}
