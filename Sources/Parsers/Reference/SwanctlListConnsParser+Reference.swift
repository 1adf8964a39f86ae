import Facts

/// The character-level reading of `SwanctlListConnsParser` (the first version), kept for text
/// that is not plain ASCII (see `ByteText`) and as the reference the byte-level parser
/// (`SwanctlListConnsScan`) is tested against.
extension SwanctlListConnsParser {
    func referenceParse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var conn: Record?
        var children: [Record] = []
        var localAuth: [String] = [], remoteAuth: [String] = []
        var localIds: [String] = [], remoteIds: [String] = []
        var localAddrs: [String] = [], remoteAddrs: [String] = []
        var section = ""   // "auth-local", "auth-remote", "child"

        func flush() {
            if var c = conn {
                c.set("local_addrs", localAddrs); c.set("remote_addrs", remoteAddrs)
                c.set("local_auth", localAuth); c.set("remote_auth", remoteAuth)
                if !localIds.isEmpty { c.set("local_id", localIds) }
                if !remoteIds.isEmpty { c.set("remote_id", remoteIds) }
                c.set("children", json: .array(children.map(\.json)))
                acc.records.append(c.json)
            }
            conn = nil; children = []; localAuth = []; remoteAuth = []; localIds = []; remoteIds = []
            localAddrs = []; remoteAddrs = []; section = ""
        }

        for line in text.numberedLines {
            if line.isBlank { continue }
            let indent = line.text.prefix { $0 == " " || $0 == "\t" }.count
            let t = line.trimmed
            if indent == 0 {
                flush()
                if let colon = t.range(of: ": IKE") {
                    var r = Record(line: line.number)
                    r.set("name", String(t[..<colon.lowerBound]))
                    let rest = String(t[t.index(after: colon.lowerBound)...]).trimmedSpaces
                    let parts = rest.split(separator: ",").map { String($0).trimmedSpaces }
                    let v = parts.first ?? ""
                    r.set("version", v)
                    r.set("ike_version", v == "IKEv1" ? 1 : v == "IKEv2" ? 2 : 0)
                    for p in parts.dropFirst() {
                        if let s = p.after("reauthentication every ") { r.set("reauth_time", Int(s.dropLast())) }
                        if let s = p.after("rekeying every ") { r.set("rekey_time", Int(s.dropLast())) }
                        if let s = p.after("dpd delay ") { r.set("dpd_delay", Int(s.dropLast())) }
                    }
                    conn = r
                    acc.account(line.number)
                } else {
                    acc.reject(line)
                }
                continue
            }
            guard conn != nil else { acc.reject(line); continue }
            var ok = true
            if indent <= 2 {
                section = ""
                if let rest = t.after("local:") {
                    localAddrs.append(contentsOf: rest.trimmedSpaces.words.map(stripPort))
                } else if let rest = t.after("remote:") {
                    remoteAddrs.append(contentsOf: rest.trimmedSpaces.words.map(stripPort))
                } else if t.hasSuffix(" authentication:"), t.hasPrefix("local ") || t.hasPrefix("remote ") {
                    let isLocal = t.hasPrefix("local ")
                    let cls = String(t.dropFirst(isLocal ? 6 : 7).dropLast(" authentication:".count))
                    if isLocal { localAuth.append(cls) } else { remoteAuth.append(cls) }
                    section = isLocal ? "auth-local" : "auth-remote"
                } else if let colon = t.range(of: ": "), !t[..<colon.lowerBound].contains(" "),
                          let mode = t[colon.upperBound...].split(separator: ",").first.map({ String($0).trimmedSpaces }),
                          SwanctlListConnsParser.childModes.contains(mode) {
                    var c = Record(line: line.number)
                    c.set("name", String(t[..<colon.lowerBound]))
                    c.set("mode", mode)
                    if let r = t.range(of: "rekeying every ") {
                        c.set("rekey_time", Int(t[r.upperBound...].prefix { $0.isNumber }))
                    }
                    if let r = t.range(of: "dpd action is ") { c.set("dpd_action", String(t[r.upperBound...])) }
                    children.append(c)
                    section = "child"
                } else if t.hasPrefix("ppk:") {
                    ok = true
                } else {
                    ok = false
                }
            } else if section == "child", var c = children.last {
                if let rest = t.after("local:") { c.set("local_ts", rest.trimmedSpaces.words) }
                else if let rest = t.after("remote:") { c.set("remote_ts", rest.trimmedSpaces.words) }
                else if let rest = t.after("interface:") { c.set("interface", rest.trimmedSpaces) }
                else if let rest = t.after("priority:") { c.set("priority", Int(rest.trimmedSpaces)) }
                else if let rest = t.after("label:") { c.set("label", rest.trimmedSpaces) }
                else { ok = false }
                children[children.count - 1] = c
            } else if section.hasPrefix("auth") {
                if let rest = t.after("id:") {
                    if section == "auth-local" { localIds.append(rest.trimmedSpaces) } else { remoteIds.append(rest.trimmedSpaces) }
                } else if t.contains(":") {
                    ok = true   // ca_id, eap_id, groups, certs, cacerts, cert policy
                } else {
                    ok = false
                }
            } else {
                ok = false
            }
            if ok { acc.account(line.number) } else { acc.reject(line) }
        }
        flush()
        return acc.result(source: source)
    }
}
