import Facts

/// illumos/Solaris IP Filter NAT: `ipnat -l` (`-hl` with each rule's hits first, `-lv` verbose).
/// Two lists under their headings (ipnat.c): `List of active MAP/Redirect filters:`, one rule a
/// line as printnat() of usr/src/cmd/ipf/lib/common/printnat.c prints it, and `List of active
/// sessions:`, one translation a line as printactivenat() prints it; `-v` adds indented detail
/// lines and a `Hostmap table:`. Records, by `kind`:
///   `rule`     type (map, rdr, bimap, map-block), hits, interface (and interface2 when two are
///              named, `e1000g0,e1000g1`), the packets it takes — `match` (map: the source
///              `10.1.0.0/24`; rdr: the destination `203.0.113.5/32`, with match_port) or the
///              filter form `from`/`to` (each with _port, and _negated for `!`) — then target
///              (after `->`; `range a-b` as printed), target_port, proto, options (the rest),
///              text (the rule as printed, for evidence)
///   `session`  type (MAP, RDR, BIMAP, MAP-BLOCK), clone, inside/inside_port (`nat_inip`),
///              outside/outside_port (`nat_outip`), remote/remote_port (`nat_oip`, in brackets)
public struct IpnatListParser: OutputParser {
    public init() {}
    public var source: String { "ipnat-list" }
    public var summary: String { "ipnat -l (illumos IP Filter NAT rules and sessions)" }

    static let ruleTypes: Set<String> = ["map", "rdr", "bimap", "map-block"]
    static let sessionTypes: Set<String> = ["MAP", "RDR", "BIMAP", "MAP-BLOCK"]

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [IpnatRecord] = []
        var section = ""
        for line in text.numberedLines where !line.isBlank {
            let t = line.trimmed
            if t.hasPrefix("List of active MAP/Redirect filters:") { section = "rules"; acc.account(line.number); continue }
            if t.hasPrefix("List of active sessions:") { section = "sessions"; acc.account(line.number); continue }
            if t.hasPrefix("Hostmap table:") { section = "hostmap"; acc.account(line.number); continue }
            // -v detail under a rule or session (`age 120 use 0 ...`, `ifp e1000g0,...`), hostmap entries
            if section == "hostmap" || (line.text.first == "\t" && !section.isEmpty) { acc.account(line.number); continue }
            let record = section == "sessions" ? Self.session(t.words, line.number) : Self.rule(t, line.number)
            if let r = record { records.append(r); acc.account(line.number) } else { acc.reject(line) }
        }
        return acc.result(source: source, typed: records)
    }

    /// `[hits] map e1000g0 10.1.0.0/24 -> 0.0.0.0/32 portmap tcp/udp auto`,
    /// `rdr e1000g0 203.0.113.5/32 port 80 -> 10.1.0.5 port 8080 tcp`,
    /// `map e1000g0 from 10.1.0.0/24 to any -> 0.0.0.0/32`.
    static func rule(_ text: String, _ line: Int) -> IpnatRecord? {
        var w = text.words[...]
        var r = IpnatRecord(line: line)
        r.set(.kind, "rule")
        if let n = w.first.flatMap({ Int($0) }) { r.set(.hits, n); w = w.dropFirst() }
        guard let type = w.first, ruleTypes.contains(type), w.count >= 4 else { return nil }
        r.set(.type, type)
        w = w.dropFirst()
        let ifs = w.removeFirst().split(separator: ",").map(String.init)
        r.set(.interface, ifs.first)
        if ifs.count > 1 { r.set(.interface2, ifs[1]) }
        guard let arrow = w.firstIndex(of: "->") else { return nil }
        var left = Array(w[..<arrow])
        if left.first == "!" || left.first == "from" {
            // filter form: [!] from A [port ...] [!] to B [port ...]
            var negFrom = false
            if left.first == "!" { negFrom = true; left.removeFirst() }
            guard left.first == "from", let toAt = left.firstIndex(of: "to") else { return nil }
            var fromPart = Array(left[1..<toAt]), toPart = Array(left[(toAt + 1)...])
            var negTo = false
            if fromPart.last == "!" { negTo = true; fromPart.removeLast() }
            guard let f = fromPart.first, let d = toPart.first else { return nil }
            r.set(.from, f)
            if negFrom { r.set(.fromNegated, true) }
            if fromPart.count > 1 { r.set(.fromPort, fromPart.dropFirst().joined(separator: " ")) }
            r.set(.to, d)
            if negTo { r.set(.toNegated, true) }
            toPart.removeFirst()
            if !toPart.isEmpty { r.set(.toPort, toPart.joined(separator: " ")) }
        } else {
            guard let m = left.first else { return nil }
            r.set(.match, m)
            if left.count >= 3, left[1] == "port" { r.set(.matchPort, left[2]) } else if left.count > 1 { return nil }
        }
        var right = Array(w[w.index(after: arrow)...])
        guard !right.isEmpty else { return nil }
        if right.first == "range", right.count >= 2 { r.set(.target, "range " + right[1]); right.removeFirst(2) }
        else { r.set(.target, right.removeFirst()) }
        if right.first == "port", right.count >= 2 {
            if right[1] == "=", right.count >= 3 { r.set(.targetPort, "= " + right[2]); right.removeFirst(3) }
            else { r.set(.targetPort, right[1]); right.removeFirst(2) }
        }
        if type == "rdr", let p = right.first, !p.contains("/") || p == "tcp/udp", !["round-robin", "frag", "sticky"].contains(p) {
            r.set(.proto, p); right.removeFirst()
        }
        if right.first == "portmap" || right.first == "icmpidmap", right.count >= 2 { r.set(.proto, right[1]) }
        if !right.isEmpty { r.set(.options, right) }
        r.set(.text, text)
        return r
    }

    /// `MAP 10.1.0.5      1025  <- -> 192.0.2.1       10000 [198.51.100.7 53]`, ports only for
    /// TCP and UDP; `CLONE` after the type for a cloned session.
    static func session(_ words: [String], _ line: Int) -> IpnatRecord? {
        var w = words[...]
        guard let type = w.first, sessionTypes.contains(type) || type.hasPrefix("unknown(") else { return nil }
        var r = IpnatRecord(line: line)
        r.set(.kind, "session")
        r.set(.type, type)
        w = w.dropFirst()
        if w.first == "CLONE" { r.set(.clone, true); w = w.dropFirst() }
        guard let arrowIn = w.firstIndex(of: "<-"), w.index(after: arrowIn) < w.endIndex, w[w.index(after: arrowIn)] == "->" else { return nil }
        let inside = Array(w[..<arrowIn])
        let rest = Array(w[(arrowIn + 2)...])
        guard let bracket = rest.firstIndex(where: { $0.hasPrefix("[") }) else { return nil }
        let outside = Array(rest[..<bracket])
        let remote = rest[bracket...].joined(separator: " ").dropFirst().replacingOccurrences(of: "]", with: "").words
        guard (1...2).contains(inside.count), (1...2).contains(outside.count), (1...2).contains(remote.count),
              rest.last?.hasSuffix("]") == true else { return nil }
        r.set(.inside, inside[0]); if inside.count == 2 { r.set(.insidePort, inside[1]) }
        r.set(.outside, outside[0]); if outside.count == 2 { r.set(.outsidePort, outside[1]) }
        r.set(.remote, remote[0]); if remote.count == 2 { r.set(.remotePort, remote[1]) }
        return r
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension IpnatListParser: EvidenceSource {
    /// With a tunnel known: whether a translation rewrites its traffic before IPsec
    /// (PacketFilterExtractor+IPNat).
    public var yields: [String] { ["host.os", "nat.masquerade_hits_tunnel", "nat.masqueraded_local_ts", "nat.masqueraded_remote_ts"] }
    public var probes: [ProbeSpec] {
        [
            // read-only: -l lists the loaded NAT rules and the active translations
            ProbeSpec("ipnat-list", source: "ipnat-list", .command(["ipnat", "-l"]), timeout: 8, needsRoot: true, platform: .only(.illumos)),
        ]
    }
    /// Not a bare `ipnat`: the stem of /etc/ipf/ipnat.conf, the rules as written, not as loaded.
    public var snapshotNames: [String] { ["ipnat-l", "ipnat-hl", "ipnat-lv"] }
}
