import Facts

/// Libreswan/Openswan `ipsec.conf`: `version`, `config setup`, `conn NAME` sections (`conn
/// %default` included), `include PATH`, indented `key=value` settings, comments. Records, by `kind`:
///   `setup`    settings (object)
///   `conn`     name, also (list), settings (object, as written), and the fields a diagnosis
///              reads: left, right, local_subnets / remote_subnets (lists: `leftsubnet=` or
///              `leftsubnets={a,b}` / `{a b}`), multiple_subnets, auto, ike_version (from
///              `ikev2=` / `keyexchange=`), ike, esp (`esp=` or `phase2alg=`), authby,
///              ikelifetime, salifetime (`keylife=` or `salifetime=`), rekeyfuzz, type
///   `include`  path
///   `version`  value
/// Secrets never reach a record: keys holding keys or passwords (`*rsasigkey`, `*pubkey`,
/// `psk`, `*secret*`, `*pass*`, `*password*`) are left out and only their presence is noted
/// in `redacted`. Records: `LibreswanConfRecord`.
public struct LibreswanConfParser: OutputParser {
    public init() {}
    public var source: String { "libreswan-conf" }
    public var summary: String { "ipsec.conf of Libreswan/Openswan (conn sections, also=, include)" }

    static func isSecret(_ key: String) -> Bool {
        let k = key.lowercased()
        return k.hasSuffix("rsasigkey") || k.hasSuffix("pubkey") || k == "psk" || k.contains("secret") || k.contains("pass")
            || k.hasSuffix("key") && !k.hasSuffix("ikey") && k != "keyexchange" && !k.hasPrefix("keyexchange")
    }

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [LibreswanConfRecord] = []
        var current: (LibreswanConfRecord, [Int], [(String, JSONValue)], [String], [String])?   // record, lines, settings, also, redacted
        func flush() {
            guard var c = current else { return }
            LibreswanConfParser.finish(&c.0, settings: c.2, also: c.3, redacted: c.4)
            records.append(c.0); acc.account(c.1)
            current = nil
        }
        for line in text.numberedLines where !line.isBlank {
            let t = line.trimmed
            if t.hasPrefix("#") { acc.account(line.number); continue }
            let w = t.words
            if !line.isIndented {
                if w.first == "conn", w.count >= 2 {
                    flush()
                    var r = LibreswanConfRecord(line: line.number); r.set(.kind, "conn"); r.set(.name, w[1])
                    current = (r, [line.number], [], [], [])
                    continue
                }
                if w.first == "config", w.count >= 2, w[1] == "setup" {
                    flush()
                    var r = LibreswanConfRecord(line: line.number); r.set(.kind, "setup")
                    current = (r, [line.number], [], [], [])
                    continue
                }
                if w.first == "include", w.count >= 2 {
                    flush()
                    var r = LibreswanConfRecord(line: line.number); r.set(.kind, "include"); r.set(.path, w[1])
                    records.append(r); acc.account(line.number); continue
                }
                if w.first == "version", w.count >= 2 {
                    flush()
                    var r = LibreswanConfRecord(line: line.number); r.set(.kind, "version"); r.set(.value, w[1])
                    records.append(r); acc.account(line.number); continue
                }
            }
            // key=value inside a section (seed 002 indents the keys; some files do not)
            guard current != nil, let eq = t.firstIndex(of: "="), eq != t.startIndex else { acc.reject(line); continue }
            let key = String(t[..<eq]).trimmedSpaces
            guard !key.contains(" "), key.first?.isLetter == true else { acc.reject(line); continue }
            var value = String(t[t.index(after: eq)...]).trimmedSpaces
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            current!.1.append(line.number)
            if LibreswanConfParser.isSecret(key) { current!.4.append(key); continue }
            if key == "also" { current!.3.append(value); continue }
            current!.2.append((key, .string(value)))
        }
        flush()
        return acc.result(source: source, typed: records)
    }

    /// `{a,b}`, `{a b}`, `a,b`, `a` → [a, b]
    static func subnets(_ v: String) -> [String] {
        var t = v.trimmedSpaces
        if t.hasPrefix("{") { t.removeFirst() }
        if t.hasSuffix("}") { t.removeLast() }
        return t.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }).map(String.init).filter { !$0.isEmpty }
    }

    static func finish(_ r: inout LibreswanConfRecord, settings: [(String, JSONValue)], also: [String], redacted: [String]) {
        r.set(.settings, json: .object(settings))
        if !also.isEmpty { r.set(.also, also) }
        if !redacted.isEmpty { r.set(.redacted, redacted) }
        guard r.name != nil else { return }
        var d: [String: String] = [:]
        for (k, v) in settings { d[k] = v.stringValue }
        applyDerived(&r, d)
    }

    /// The derived fields of a conn from its (possibly merged) settings.
    static func applyDerived(_ r: inout LibreswanConfRecord, _ d: [String: String]) {
        r.set(.left, d["left"])
        r.set(.right, d["right"])
        let ls = d["leftsubnets"].map(subnets) ?? d["leftsubnet"].map(subnets)
        let rs = d["rightsubnets"].map(subnets) ?? d["rightsubnet"].map(subnets)
        r.set(.localSubnets, ls)
        r.set(.remoteSubnets, rs)
        if ls != nil || rs != nil { r.set(.multipleSubnets, (ls?.count ?? 0) > 1 || (rs?.count ?? 0) > 1) }
        r.set(.auto, d["auto"])
        if let v = d["ikev2"]?.lowercased() {
            switch v {
            case "insist", "yes", "propose", "permit": r.set(.ikeVersion, v == "insist" || v == "yes" ? 2 : 0)
            case "no", "never": r.set(.ikeVersion, 1)
            default: break
            }
        }
        if let v = d["keyexchange"]?.lowercased() {
            switch v {
            case "ikev2": r.set(.ikeVersion, 2)
            case "ikev1": r.set(.ikeVersion, 1)
            case "ike": if d["ikev2"] == nil { r.set(.ikeVersion, 0) }
            default: break
            }
        }
        r.set(.ike, d["ike"])
        r.set(.esp, d["esp"] ?? d["phase2alg"])
        r.set(.authby, d["authby"])
        r.set(.ikelifetime, d["ikelifetime"])
        r.set(.salifetime, d["salifetime"] ?? d["keylife"] ?? d["lifetime"])
        r.set(.rekeyfuzz, d["rekeyfuzz"])
        r.set(.rekeymargin, d["rekeymargin"] ?? d["margintime"])
        r.set(.type, d["type"])
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension LibreswanConfParser: EvidenceSource {
    public var yields: [String] {
        [
            "conn.auth", "conn.count", "conn.offers_address_pool", "conn.requests_vip", "conn.ike_version", "conn.local_ts", "conn.multiple_subnets", "conn.names", "conn.not_loaded",
            "conn.remote_auth", "conn.remote_ts", "conn.start_action", "ike.implementation", "ike.strongswan_frontend", "ike.tunnel_count",
        ]
    }
    public var kind: ProbeSpec.Kind { .config }
    public var probes: [ProbeSpec] {
        [
            ProbeSpec("ipsec-conf", source: "libreswan-conf", .file("/etc/ipsec.conf"), kind: .config),
            ProbeSpec("ipsec.d-conf", source: "libreswan-conf", .file("/etc/ipsec.d/*.conf"), kind: .config),
        ]
    }
    public var snapshotNames: [String] { ["ipsec.conf"] }
}
