import Facts

/// `ipsec status` / `ipsec whack --status` / `ipsec auto --status` (Libreswan and Openswan, with
/// or without the `000 ` reply code). Records, by `kind`:
///   `interface`   name, address, port (`interface eth0 UDP 192.0.1.254:500`, `interface ipsec0/eth1 192.1.2.23@500`)
///   `connection`  name, instance, local_ts, local, local_id, nexthop, remote, remote_id, remote_ts, routing,
///                 eroute_owner, and from its detail lines: policy (list), ike_version (1, 2, 0 = either),
///                 auth, ike_life, ipsec_life, rekey_margin, rekey_fuzz, newest_ike_sa, newest_ipsec_sa,
///                 ike_algorithm, esp_algorithm
///   `totals`      loaded, active (`Total IPsec connections: loaded N, active M`)
///   `ike_sas` / `ipsec_sas`  the counters of `IKE SAs: total(N), half-open(N), ...`
///   `state`       serial, connection, instance, peer, port, state (STATE_X, absent in Libreswan ≥ 5),
///                 description, event, event_in, newest, eroute_owner, ike_serial, phase (ike/child),
///                 status (established/connecting/other)
///   `sa`          serial, connection, proto, spi_a/dst_a, spi_b/dst_b, spis, bytes_in, bytes_out, max_bytes
///   `pending`     serial, connection, description
/// The global settings and algorithm lists are accounted without records.
public struct LibreswanStatusParser: OutputParser {
    public init() {}
    public var source: String { "libreswan-status" }
    public var summary: String { "ipsec status / ipsec whack --status (Libreswan/Openswan connections and states)" }

    static let boilerplate = ["using kernel interface", "fips mode", "SElinux", "seccomp", "config setup options", "debug",
                              "virtual-private", "- allowed subnets", "- excluded subnets", "- disallowed", "stats db_ops",
                              "Kernel algorithms supported", "IKE algorithms supported", "algorithm ", "Connection list",
                              "State Information", "Bare Shunt list", "State list", "myid", "nat-traversal", "Shunt list",
                              "Total IPsec connections", "no connections", "Connection shunts", "#pending"]

    public func parse(_ text: String) -> ParseResult {
        // strongSwan's starter has an `ipsec status` too, and a saved `ipsec-status.txt` may be
        // its output: read it as what it is (the result's source is then stroke-status).
        if StrokeStatusParser.isStrokeStatus(text) { return StrokeStatusParser().parse(text) }
        var acc = ParseAccumulator()
        var records: [LibreswanStatusRecord] = []
        var conns: [(LibreswanStatusRecord, [Int])] = []
        var connIndex: [String: Int] = [:]
        for line in text.numberedLines where !line.isBlank {
            let (code, body0) = Libreswan.stripCode(line.text)
            let body = body0.trimmedSpaces
            if body.isEmpty { acc.account(line.number); continue }
            var used = false
            for seg in Libreswan.segments(body) {
                let seg = seg.trimmedSpaces
                if seg.hasPrefix("#"), let r = Libreswan.stateRecord(seg, line: line.number) {
                    records.append(r); acc.account(line.number); used = true
                } else if seg.hasPrefix("\""), let n = Libreswan.quotedName(Substring(seg)), n.rest.hasPrefix(":") {
                    let key = n.name + (n.instance ?? "")
                    let rest = String(n.rest.dropFirst()).trimmedSpaces
                    if let header = LibreswanStatusParser.connectionHeader(rest, name: n.name, instance: n.instance, line: line.number) {
                        connIndex[key] = conns.count
                        conns.append((header, [line.number]))
                    } else if let i = connIndex[key] {
                        LibreswanStatusParser.detail(rest, into: &conns[i].0)
                        conns[i].1.append(line.number)
                    } else {
                        acc.account(line.number)
                    }
                    used = true
                } else if let r = LibreswanStatusParser.other(seg, line: line.number) {
                    records.append(r); acc.account(line.number); used = true
                } else if code != nil || LibreswanStatusParser.boilerplate.contains(where: { seg.hasPrefix($0) })
                            || LibreswanStatusParser.isSettingLine(seg) {
                    acc.account(line.number); used = true
                }
            }
            if !used { acc.reject(line) }
        }
        for (r, lines) in conns { records.append(r); acc.account(lines) }
        records.sort { $0.line < $1.line }
        return acc.result(source: source, typed: records)
    }

    /// `configdir=/etc, configfile=...`, `nhelpers=-1, uniqueids=yes`: settings lines.
    static func isSettingLine(_ s: String) -> Bool {
        guard let eq = s.firstIndex(of: "=") else { return false }
        let key = s[..<eq]
        return !key.isEmpty && key.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == "." || $0 == " " }
            && key.first?.isLetter == true
    }

    static func other(_ s: String, line: Int) -> LibreswanStatusRecord? {
        var r = LibreswanStatusRecord(line: line)
        if let rest = s.after("Total IPsec connections:") {
            r.fields.set(.kind, "totals")
            for part in rest.split(separator: ",") {
                let w = part.words
                if w.count == 2, let n = Int(w[1]) { r.set(named: w[0], n) }
            }
            return r
        }
        for (prefix, kind) in [("IKE SAs:", "ike_sas"), ("IPsec SAs:", "ipsec_sas")] {
            guard let rest = s.after(prefix) else { continue }
            r.fields.set(.kind, kind)
            for part in rest.split(separator: ",") {
                let p = part.trimmedSpaces
                guard let open = p.firstIndex(of: "("), p.hasSuffix(")") else { continue }
                let name = p[..<open].replacingOccurrences(of: "-", with: "_")
                if let n = Int(p[p.index(after: open)..<p.index(before: p.endIndex)]) { r.set(named: name, n) }
            }
            return r
        }
        if let rest = s.after("interface ") {
            let w = rest.words
            guard w.count >= 2 else { return nil }
            r.fields.set(.kind, "interface")
            r.fields.set(.name, w[0])
            let addr = w.count >= 3 ? w[2] : w[1]
            if w.count >= 3 { r.fields.set(.transport, w[1]) }
            if let at = addr.lastIndex(of: "@") ?? addr.lastIndex(of: ":"), let port = Int(addr[addr.index(after: at)...]) {
                r.fields.set(.address, String(addr[..<at])); r.fields.set(.port, port)
            } else { r.fields.set(.address, addr) }
            return r
        }
        return nil
    }

    /// `192.0.1.0/24===192.1.2.45<192.1.2.45>[@west]---192.1.2.23...192.1.2.23<192.1.2.23>[@east]===192.0.2.0/24; erouted; eroute owner: #2`
    static func connectionHeader(_ rest: String, name: String, instance: String?, line: Int) -> LibreswanStatusRecord? {
        let parts = rest.components(separatedBy: "; ")
        let topo = parts[0].trimmingCharacters(in: .init(charactersIn: "; "))
        guard topo.contains("..."), !topo.contains(" ") || topo.contains("[") else { return nil }
        let sides = topo.components(separatedBy: "...")
        guard sides.count >= 2 else { return nil }
        var r = LibreswanStatusRecord(line: line)
        r.fields.set(.kind, "connection")
        r.fields.set(.name, name)
        r.fields.set(.instance, instance)
        func split(_ side: String, local: Bool) -> (ts: String?, gw: String?, id: String?, nexthop: String?, modecfgClient: Bool) {
            let pieces = side.components(separatedBy: "===")
            var ts: String?, gwPart = side
            if pieces.count >= 2 {
                if local { ts = pieces[0]; gwPart = pieces[1] } else { gwPart = pieces[0]; ts = pieces[pieces.count - 1] }
            }
            let hops = gwPart.components(separatedBy: "---")
            var nexthop: String?
            if hops.count >= 2 {
                if local { gwPart = hops[0]; nexthop = hops[hops.count - 1] } else { nexthop = hops[0]; gwPart = hops[hops.count - 1] }
            }
            var id: String?, client = false
            if let b = gwPart.firstIndex(of: "["), let e = gwPart.lastIndex(of: "]"), b < e {
                let inner = gwPart[gwPart.index(after: b)..<e]
                id = String(inner.split(separator: ",", omittingEmptySubsequences: false).first ?? "")
                // the end's flags after its ID (`[@id,+MC+S=C]`; with no ID, `[MC+S=C]`): MC is a
                // Mode Config client, one that asks its peer for an address
                let parts = inner.split(separator: ",", omittingEmptySubsequences: false)
                client = (parts.count > 1 ? Array(parts.dropFirst()) : parts).contains { $0.hasPrefix("MC") || $0.contains("+MC") }
                gwPart = String(gwPart[..<b])
            }
            if let b = gwPart.firstIndex(of: "<") { gwPart = String(gwPart[..<b]) }
            return (ts, gwPart.isEmpty ? nil : gwPart, id?.isEmpty == true ? nil : id, nexthop, client)
        }
        let l = split(sides[0], local: true)
        let rr = split(sides[sides.count - 1], local: false)
        r.fields.set(.localTs, l.ts)
        r.fields.set(.local, l.gw)
        r.fields.set(.localId, l.id)
        r.fields.set(.nexthop, l.nexthop ?? rr.nexthop)
        r.fields.set(.remote, rr.gw)
        r.fields.set(.remoteId, rr.id)
        r.fields.set(.remoteTs, rr.ts)
        if l.modecfgClient { r.fields.set(.modecfgClient, true) }
        for p in parts.dropFirst() {
            let t = p.trimmingCharacters(in: .init(charactersIn: "; "))
            if let v = t.after("eroute owner: #") { r.fields.set(.erouteOwner, Int(v)) }
            else if !t.isEmpty, r.fields[.routing] == nil { r.fields.set(.routing, t) }
        }
        return r
    }

    /// Detail lines of a connection: the fields a diagnosis needs.
    static func detail(_ rest: String, into r: inout LibreswanStatusRecord) {
        let items = rest.components(separatedBy: ";").map { $0.trimmedSpaces }.filter { !$0.isEmpty }
        for item in items {
            if let v = item.after("policy: ") ?? (item.hasPrefix("policy:") ? String(item.dropFirst(7)) : nil) {
                let policy = v.split(separator: "+").map(String.init)
                r.fields.set(.policy, policy)
                let s = Set(policy)
                if s.contains("IKEv2") || (s.contains("IKEV2_ALLOW") && !s.contains("IKEV1_ALLOW")) { r.fields.set(.ikeVersion, 2) }
                else if s.contains("IKEv1") || (s.contains("IKEV1_ALLOW") && !s.contains("IKEV2_ALLOW")) { r.fields.set(.ikeVersion, 1) }
                else if s.contains("IKEV1_ALLOW"), s.contains("IKEV2_ALLOW") { r.fields.set(.ikeVersion, 0) }
                for a in ["PSK", "RSASIG", "ECDSA", "XAUTH"] where s.contains(a) && r.fields[.auth] == nil { r.fields.set(.auth, a == "PSK" ? "psk" : a == "XAUTH" ? "xauth" : "pubkey") }
                continue
            }
            if let v = item.after("our auth:") {
                let a = String(v.prefix { $0 != "," && $0 != "(" })
                r.fields.set(.auth, a == "secret" ? "psk" : (a.hasPrefix("rsa") || a.hasPrefix("ecdsa") || a == "digsig") ? "pubkey" : a)
            }
            for (key, field) in [("ike_life: ", LibreswanStatusRecord.Field.ikeLife), ("ipsec_life: ", .ipsecLife),
                                 ("rekey_margin: ", .rekeyMargin), ("rekey_fuzz: ", .rekeyFuzz),
                                 ("IKE algorithm newest: ", .ikeAlgorithm), ("ESP algorithm newest: ", .espAlgorithm)] {
                if let v = item.after(key) { r.fields.set(field, v) }
            }
            for key in ["newest ISAKMP SA: #", "newest IKE SA: #", "newest IPsec SA: #"] {
                guard let v = item.after(key), let n = Int(v) else { continue }
                r.fields.set(key.contains("IPsec") ? .newestIpsecSa : .newestIkeSa, n)
            }
        }
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension LibreswanStatusParser: EvidenceSource {
    public var yields: [String] {
        [
            "child.sa.bytes_in", "child.sa.bytes_out", "child.sa.count", "child.sa.installed", "conn.auth",
            "conn.count", "conn.ike_version", "conn.local_addrs", "conn.local_ts", "conn.multiple_subnets",
            "conn.names", "conn.not_loaded", "conn.remote_addrs", "conn.remote_ts", "ike.implementation", "ike.sa.auth_retransmitted_on_4500",
            "ike.sa.connecting", "ike.sa.connecting_as_responder_only", "ike.sa.count", "ike.sa.established", "ike.tunnel_count",
        ]
    }
    public var probes: [ProbeSpec] {
        [
            ProbeSpec("libreswan-status", source: "libreswan-status", .command(["ipsec", "status"]), needsRoot: true,
                  condition: .libreswanIpsec),
        ]
    }
    public var snapshotNames: [String] { ["ipsec-status"] }
}
