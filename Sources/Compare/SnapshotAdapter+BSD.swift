import Facts
import Parsers
import Probes

/// The adapter's half for the daemons whose configuration is not ipsec.conf/swanctl.conf:
/// racoon (racoon.conf), OpenBSD isakmpd (ipsec.conf through ipsecctl), OpenBSD iked
/// (iked.conf) and illumos in.iked (/etc/inet/ike/config). Each record of their parsers becomes
/// a `TunnelConfig`; transforms are written in strongSwan's proposal syntax
/// (`aes128-sha1-modp1536`) so `Proposal.parse` reads every dialect alike. Where a file leaves
/// something to the daemon, the daemon's default applies (DefaultProposals cites them).
extension SnapshotAdapter {
    static func bsdTunnels(_ g: Gathered, texts: inout TextCache, hostName: String) -> [TunnelConfig] {
        var out: [TunnelConfig] = []
        for src in g.parsed.sources("racoon-conf") {
            let file = texts.display(src.origin), lines = texts.lines(src.origin)
            let sainfos = src.result.records.filter { $0["kind"]?.stringValue == "sainfo" }
            for rec in src.result.records where rec["kind"]?.stringValue == "remote" {
                out.append(racoonTunnel(rec, sainfos: sainfos, file: file, lines: lines))
            }
        }
        for src in g.parsed.sources("ipsecctl-conf") {
            let file = texts.display(src.origin), lines = texts.lines(src.origin)
            for rec in src.result.records where rec["kind"]?.stringValue == "ike" {
                out.append(isakmpdTunnel(rec, file: file, lines: lines))
            }
        }
        for src in g.parsed.sources("iked-conf") {
            let file = texts.display(src.origin), lines = texts.lines(src.origin)
            let mobike = src.result.records.last { $0["kind"]?.stringValue == "set" && ["mobike", "nomobike"].contains($0["option"]?.stringValue ?? "") }
            for rec in src.result.records where rec["kind"]?.stringValue == "ikev2" {
                out.append(ikedTunnel(rec, mobike: mobike?["option"]?.stringValue, file: file, lines: lines))
            }
        }
        for src in g.parsed.sources("illumos-ike-config") {
            let file = texts.display(src.origin), lines = texts.lines(src.origin)
            let recs = src.result.records
            let globals = Dictionary(recs.filter { $0["kind"]?.stringValue == "global" }
                .compactMap { r in r["name"]?.stringValue.map { ($0, r) } }, uniquingKeysWith: { _, b in b })
            let defaultXforms = recs.filter { $0["kind"]?.stringValue == "p1_xform" }
            for rec in recs where rec["kind"]?.stringValue == "rule" {
                out.append(illumosTunnel(rec, globals: globals, defaultXforms: defaultXforms, file: file, lines: lines))
            }
        }
        return out
    }

    static func text(_ lines: [String], _ n: Int?) -> String? {
        guard let n, lines.indices.contains(n - 1) else { return nil }
        return lines[n - 1].trimmingCharacters(in: .whitespaces)
    }

    /// The line of `file` from `start` on (within `span` lines) whose first word is `keyword`.
    static func find(_ keyword: String, in lines: [String], from start: Int, span: Int = 60, file: String) -> SourceLine? {
        guard start >= 1 else { return nil }
        for n in start..<min(lines.count + 1, start + span) {
            let t = lines[n - 1].trimmingCharacters(in: .whitespaces)
            if t == keyword || t.hasPrefix(keyword + " ") || t.hasPrefix(keyword + "\t") || t.hasPrefix(keyword + "=") {
                return SourceLine(file: file, line: n, text: t)
            }
        }
        return nil
    }

    // MARK: names of algorithms, per daemon, in strongSwan's spelling

    /// racoon.conf(5) / ike.config(5) cipher names; `keyLength` when written apart.
    static func bsdCipher(_ name: String, keyLength: Int? = nil) -> [String] {
        let n = name.lowercased()
        switch n {
        case "aes", "rijndael", "aes-cbc", "aes_cbc":
            if let k = keyLength { return ["aes\(k)"] }
            return ["aes128"]
        case "3des", "3des-cbc", "des3": return ["3des"]
        case "des", "des-cbc": return ["des"]
        case "blowfish", "blowfish-cbc", "blowfish-cdc": return ["blowfish"]
        case "cast128", "cast", "cast-cbc": return ["cast128"]
        case "camellia": return ["camellia\(keyLength ?? 128)"]
        case "null_enc", "null": return []
        default:
            // `aes(128..256)` (ike.config) and `aes 256` (racoon) key sizes
            if n.hasPrefix("aes(") {
                let sizes = n.dropFirst(4).dropLast().components(separatedBy: "..").compactMap { Int($0) }
                if sizes.count == 2 { return [128, 192, 256].filter { $0 >= sizes[0] && $0 <= sizes[1] }.map { "aes\($0)" } }
            }
            return [n]
        }
    }

    static func bsdHash(_ name: String) -> String {
        switch name.lowercased() {
        case "sha", "sha1", "hmac_sha1", "hmac-sha1": return "sha1"
        case "md5", "hmac_md5", "hmac-md5": return "md5"
        case "sha256", "sha2_256", "hmac_sha256", "hmac-sha2-256": return "sha256"
        case "sha384", "sha2_384", "hmac_sha384", "hmac-sha2-384": return "sha384"
        case "sha512", "sha2_512", "hmac_sha512", "hmac-sha2-512": return "sha512"
        case "non_auth", "none": return ""
        default: return name.lowercased()
        }
    }

    /// `2`, `modp1024`, `grp14`, `brainpool256`, `curve25519` → `dh2`, `modp1024`, `dh14`, ...
    static func bsdGroup(_ name: String) -> String {
        let n = name.lowercased()
        if Int(n) != nil { return "dh" + n }
        if n.hasPrefix("grp"), Int(n.dropFirst(3)) != nil { return "dh" + n.dropFirst(3) }
        if n.hasPrefix("brainpool") { return "ecp" + n.dropFirst(9) + "bp" }
        return n
    }

    /// iked.conf(5) cipher names: `aes-128`, `aes-256-gcm`, `aes-128-gcm-12`, `chacha20-poly1305`.
    static func ikedCipher(_ name: String) -> String {
        let n = name.lowercased()
        let parts = n.split(separator: "-").map(String.init)
        if parts.first == "aes", parts.count >= 2 {
            if parts.count == 2 { return "aes" + parts[1] }
            if parts[2] == "gcm" { return "aes\(parts[1])gcm\(parts.count > 3 ? parts[3] : "16")" }
            if parts[2] == "ctr" { return "aes\(parts[1])ctr" }
            if parts[2] == "gmac" { return "aes\(parts[1])gmac" }
        }
        switch n {
        case "3des-cbc": return "3des"
        case "chacha20-poly1305": return "chacha20poly1305"
        case "cast": return "cast128"
        case "blowfish": return "blowfish"
        default: return n
        }
    }

    static func proposalString(_ parts: [String]) -> String {
        parts.filter { !$0.isEmpty }.joined(separator: "-")
    }

    static func authOf(_ method: String?) -> String? {
        guard let m = method?.lowercased() else { return nil }
        if m.contains("pre_shared") || m == "preshared" || m == "psk" { return m.hasPrefix("xauth") ? "xauth" : "psk" }
        if m.hasPrefix("xauth") { return "xauth" }
        if m.contains("rsa") || m.contains("dss") || m.contains("ecdsa") || m == "signature" || m == "rfc7427" { return "pubkey" }
        if m.hasPrefix("eap") { return "eap" }
        return m
    }

    // MARK: racoon

    /// racoon.conf(5): `remote` holds phase 1, `sainfo` phase 2 (not tied to a remote unless its
    /// `from` names a peer ID, so every sainfo is a candidate child of every remote). An
    /// `anonymous` sainfo takes its selectors from the SPD (setkey), not from this file.
    static func racoonTunnel(_ r: JSONValue, sainfos: [JSONValue], file: String, lines: [String]) -> TunnelConfig {
        let start = r.recordLine ?? 1
        let name = r["name"]?.stringValue ?? "anonymous"
        func identifier(_ key: String) -> String? {
            // `address 192.1.2.45`, `fqdn "x"`, `user_fqdn "u@x"`; bare `address`/`asn1dn`: none stated
            guard let w = r[key]?.stringValue?.split(separator: " ").map(String.init), w.count >= 2 else { return nil }
            return w.dropFirst().joined(separator: " ")
        }
        let modes = r["exchange_mode"]?.arrayValue?.compactMap(\.stringValue) ?? ["main"]
        var proposals: [String] = []
        var auths: [String] = []
        for p in r["proposals"]?.arrayValue ?? [] {
            let key = p["key_length"]?.numberValue.map { Int($0) }
            proposals.append(proposalString(bsdCipher(p["encryption_algorithm"]?.stringValue ?? "", keyLength: key)
                + [bsdHash(p["hash_algorithm"]?.stringValue ?? ""), bsdGroup(p["dh_group"]?.stringValue ?? "")]))
            if let a = authOf(p["authentication_method"]?.stringValue) { auths.append(a) }
        }
        let localID = identifier("my_identifier")
        let verify = r["verify_identifier"]?.stringValue == "on"
        var t = TunnelConfig(
            name: name, dialect: .racoon, ikeVersion: 1,
            aggressive: modes.first == "aggressive",
            localAddrs: localID.flatMap { Subnet($0) != nil ? [$0] : nil } ?? [],
            remoteAddrs: name == "anonymous" ? ["%any"] : [name],
            localID: localID,
            // peers_identifier is checked only with verify_identifier on (racoon.conf(5))
            remoteID: verify ? identifier("peers_identifier") : nil,
            localAuth: auths.first, remoteAuth: auths.first,
            ikeProposals: proposals.isEmpty ? nil : proposals,
            dpdDelay: (r["dpd_delay"]?.numberValue ?? 0) > 0 ? r["dpd_delay"]?.numberValue.map { String(Int($0)) } : nil,
            encap: r["nat_traversal"]?.stringValue == "force" ? "yes" : nil, mobike: nil,
            rekeyTime: r["lifetime_seconds"]?.numberValue.map { String(Int($0)) }, children: [],
            origin: SourceLine(file: file, line: start, text: text(lines, start)))
        t.acceptsEitherMode = modes.contains("main") && modes.contains("aggressive")
        for (key, kw) in [("aggressive", "exchange_mode"), ("local.id", "my_identifier"), ("remote.id", "peers_identifier"),
                          ("proposals", "proposal"), ("dpd_delay", "dpd_delay"), ("encap", "nat_traversal"), ("rekey_time", "lifetime"),
                          ("local.auth", "authentication_method"), ("remote.auth", "authentication_method")] {
            if let l = find(kw, in: lines, from: start, file: file) { t.lines[key] = l }
        }
        if t.lines["version"] == nil { t.lines["version"] = t.origin }
        for s in sainfos {
            let sl = s.recordLine ?? 1
            let encs = s["encryption_algorithm"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let auths = s["authentication_algorithm"]?.arrayValue?.compactMap(\.stringValue) ?? ["non_auth"]
            let pfs = s["pfs_group"]?.stringValue.map(bsdGroup) ?? ""
            var esp: [String] = []
            for e in encs {
                let w = e.split(separator: " ").map(String.init)
                let cipher = bsdCipher(w.first ?? "", keyLength: w.count > 1 ? Int(w[1]) : nil)
                for a in auths { esp.append(proposalString(cipher + [bsdHash(a), pfs])) }
            }
            func selector(_ v: String?) -> [String] {
                // `address 192.0.1.0/24 any` / `subnet 10.0.0.0/8 any`: the network, without the protocol
                guard let w = v?.split(separator: " "), w.count >= 2 else { return [] }
                return [String(w[1])]
            }
            let anonymous = s["anonymous"] == .bool(true)
            var c = ChildConfig(name: anonymous ? "sainfo anonymous" : "sainfo@\(sl)", localTS: selector(s["local"]?.stringValue),
                                remoteTS: selector(s["remote"]?.stringValue), espProposals: esp.isEmpty ? nil : esp, ahProposals: nil,
                                mode: "tunnel", startAction: nil, rekeyTime: nil,
                                lifeTime: s["lifetime_seconds"]?.numberValue.map { String(Int($0)) })
            c.selectorsKnown = !(c.localTS.isEmpty || c.remoteTS.isEmpty)
            c.lines["child"] = SourceLine(file: file, line: sl, text: text(lines, sl))
            if let l = find("encryption_algorithm", in: lines, from: sl, span: 20, file: file) { c.lines["esp_proposals"] = l }
            if let l = find("lifetime", in: lines, from: sl, span: 20, file: file) { c.lines["life_time"] = l }
            if let l = find("pfs_group", in: lines, from: sl, span: 20, file: file) { c.lines["pfs"] = l }
            t.children.append(c)
        }
        return t
    }

    // MARK: OpenBSD ipsec.conf (isakmpd)

    /// ipsecctl(8)'s defaults for what an `ike` rule leaves out, as its regression outputs show
    /// them (openbsd/src regress/sbin/ipsecctl/ike9.ok: phase 1 `SHA-AES128` with key lengths
    /// 128..256 and `MODP_1024`; quick mode `AES`, `HMAC_SHA2_256`, `MODP_1024`).
    static func isakmpdTunnel(_ r: JSONValue, file: String, lines: [String]) -> TunnelConfig {
        let start = r.recordLine ?? 1
        let flows = (r["flows"]?.arrayValue ?? []).compactMap { f -> (String, String)? in
            guard let a = f["from"]?.stringValue, let b = f["to"]?.stringValue else { return nil }
            return (a, b)
        }
        func phase(_ key: String, auth: String, group: String) -> [String]? {
            guard let o = r[key] else { return nil }
            let enc = o["enc"]?.stringValue.map { e -> [String] in e == "aes" ? ["aes128", "aes192", "aes256"] : bsdCipher(e) }
                ?? ["aes128", "aes192", "aes256"]
            return [proposalString(enc + [bsdHash(o["auth"]?.stringValue ?? auth), bsdGroup(o["group"]?.stringValue ?? group)])]
        }
        let peer = r["peer"]?.stringValue ?? flows.first.map(\.1).flatMap { Subnet($0)?.description.hasSuffix("/32") == true || !$0.contains("/") ? $0 : nil }
        let auth = r["auth"]?.stringValue == "psk" ? "psk" : "pubkey"
        let name = "IPsec-\(flows.first?.0 ?? "?")-\(flows.first?.1 ?? "?")"
        var t = TunnelConfig(
            name: name, dialect: .isakmpd, ikeVersion: 1,
            aggressive: r["phase1_mode"]?.stringValue == "aggressive",
            localAddrs: r["local"]?.stringValue.map { [$0] } ?? [],
            remoteAddrs: peer.map { [$0] } ?? ["%any"],
            localID: r["srcid"]?.stringValue, remoteID: r["dstid"]?.stringValue,
            localAuth: auth, remoteAuth: auth,
            ikeProposals: phase("main", auth: "sha1", group: "modp1024"),
            dpdDelay: r["mode"]?.stringValue == "dynamic" ? "5" : nil,   // ike9.ok: DPD-check-interval=5
            encap: nil, mobike: nil,
            rekeyTime: r["main"]?["lifetime"]?.stringValue, children: [],
            origin: SourceLine(file: file, line: start, text: text(lines, start)))
        let here = SourceLine(file: file, line: start, text: text(lines, start))
        for key in ["version", "proposals", "local.id", "remote.id", "local.auth", "remote.auth", "aggressive", "dpd_delay"] { t.lines[key] = here }
        let esp = phase("quick", auth: "sha256", group: "modp1024")
        for (i, f) in flows.enumerated() {
            var c = ChildConfig(name: flows.count == 1 ? name : "\(name)#\(i + 1)", localTS: [f.0], remoteTS: [f.1],
                                espProposals: esp ?? ["aes128-aes192-aes256-sha256-modp1024"], ahProposals: nil,
                                mode: r["tmode"]?.stringValue, startAction: r["mode"]?.stringValue, rekeyTime: nil,
                                lifeTime: r["quick"]?["lifetime"]?.stringValue)
            for k in ["child", "local_ts", "remote_ts", "esp_proposals"] { c.lines[k] = here }
            t.children.append(c)
        }
        return t
    }

    // MARK: iked

    static func ikedTunnel(_ r: JSONValue, mobike: String?, file: String, lines: [String]) -> TunnelConfig {
        let start = r.recordLine ?? 1
        let flows = (r["flows"]?.arrayValue ?? []).compactMap { f -> (String, String)? in
            guard let a = f["from"]?.stringValue, let b = f["to"]?.stringValue else { return nil }
            return (a, b)
        }
        func proposals(_ key: String, child: Bool) -> [String]? {
            guard let list = r[key]?.arrayValue, !list.isEmpty else { return nil }
            return list.map { p in
                func all(_ k: String) -> [String] { p[k]?.arrayValue?.compactMap(\.stringValue) ?? [] }
                return proposalString(all("enc").map(ikedCipher) + all("auth").map(bsdHash)
                                      + all("prf").map { "prf" + bsdHash($0) } + all("group").map(bsdGroup) + (child ? all("esn") : []))
            }
        }
        let auth = authOf(r["auth"]?.stringValue) ?? "pubkey"   // iked.conf(5): any signature authentication by default
        func host(_ s: String?) -> String? { s.flatMap { $0 == "any" ? nil : $0 } }
        var t = TunnelConfig(
            name: r["name"]?.stringValue ?? "policy@\(start)", dialect: .iked, ikeVersion: 2, aggressive: nil,
            localAddrs: host(r["local"]?.stringValue).map { [$0] } ?? [],
            remoteAddrs: host(r["peer"]?.stringValue).map { [$0] } ?? ["%any"],
            localID: r["srcid"]?.stringValue, remoteID: r["dstid"]?.stringValue,
            localAuth: auth, remoteAuth: auth,
            ikeProposals: proposals("ikesa", child: false),
            dpdDelay: "60",   // parse.y: dpd_interval = IKED_IKE_SA_ALIVE_TIMEOUT, always on
            encap: nil, mobike: mobike == "nomobike" ? "no" : "yes",
            rekeyTime: r["ikelifetime_seconds"]?.numberValue.map { String(Int($0)) }, children: [],
            origin: SourceLine(file: file, line: start, text: text(lines, start)))
        for (key, kw) in [("proposals", "ikesa"), ("local.id", "srcid"), ("remote.id", "dstid"), ("local_addrs", "local"),
                          ("remote_addrs", "peer"), ("rekey_time", "ikelifetime"), ("local.auth", "psk"), ("remote.auth", "psk")] {
            if let l = findWord(kw, in: lines, from: start, file: file) { t.lines[key] = l }
        }
        t.lines["version"] = t.origin
        let esp = proposals("childsa", child: true)
        // iked.conf(5): Child SA lifetime 3 hours by default
        let life = r["lifetime_seconds"]?.numberValue.map { String(Int($0)) } ?? "10800"
        for (i, f) in flows.enumerated() {
            var c = ChildConfig(name: flows.count == 1 ? t.name : "\(t.name)#\(i + 1)", localTS: [f.0 == "any" ? "0.0.0.0/0" : f.0],
                                remoteTS: [f.1 == "any" ? "0.0.0.0/0" : f.1], espProposals: esp, ahProposals: nil,
                                mode: r["tmode"]?.stringValue, startAction: r["mode"]?.stringValue, rekeyTime: nil, lifeTime: life)
            c.lines["child"] = t.origin
            for (key, kw) in [("local_ts", "from"), ("remote_ts", "from"), ("esp_proposals", "childsa"), ("life_time", "lifetime")] {
                if let l = findWord(kw, in: lines, from: start, file: file) { c.lines[key] = l }
            }
            t.children.append(c)
        }
        return t
    }

    /// The first line of a `\`-continued rule from `start` on that contains `word` as a word.
    static func findWord(_ word: String, in lines: [String], from start: Int, file: String) -> SourceLine? {
        var n = start
        while n >= 1, n <= lines.count {
            let t = lines[n - 1]
            if t.split(whereSeparator: { $0 == " " || $0 == "\t" }).contains(where: { $0 == word }) {
                return SourceLine(file: file, line: n, text: t.trimmingCharacters(in: .whitespaces))
            }
            guard t.hasSuffix("\\") else { return nil }
            n += 1
        }
        return nil
    }

    // MARK: illumos

    /// ike.config(5): IKEv1 Main Mode only; a rule without p1_xform takes the file's; phase 2
    /// (selectors and ESP algorithms) is ipsecinit.conf's, so only its PFS group and lifetime
    /// come from here.
    static func illumosTunnel(_ r: JSONValue, globals: [String: JSONValue], defaultXforms: [JSONValue],
                              file: String, lines: [String]) -> TunnelConfig {
        let start = r.recordLine ?? 1
        var xforms = r["p1_xforms"]?.arrayValue ?? []
        if xforms.isEmpty { xforms = defaultXforms }
        var proposals: [String] = []
        var auth: String?
        for x in xforms {
            proposals.append(proposalString(bsdCipher(x["encr_alg"]?.stringValue ?? "") + [bsdHash(x["auth_alg"]?.stringValue ?? ""),
                                                                                              bsdGroup(x["oakley_group"]?.stringValue ?? "")]))
            auth = auth ?? authOf(x["auth_method"]?.stringValue)
        }
        func value(_ k: String) -> String? { r[k]?.stringValue ?? globals[k]?["value"]?.stringValue }
        func single(_ list: [String]) -> [String] { list.filter { !$0.contains("/") || $0.hasSuffix("/32") } }
        let remoteID = r["remote_id"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
        var t = TunnelConfig(
            name: r["label"]?.stringValue ?? "rule@\(start)", dialect: .illumos, ikeVersion: 1, aggressive: false,
            localAddrs: single(r["local_addr"]?.arrayValue?.compactMap(\.stringValue) ?? []),
            remoteAddrs: single(r["remote_addr"]?.arrayValue?.compactMap(\.stringValue) ?? []).nonEmpty ?? ["%any"],
            localID: r["local_id"]?.stringValue, remoteID: remoteID, localAuth: auth, remoteAuth: auth,
            ikeProposals: proposals.isEmpty ? nil : proposals, dpdDelay: nil, encap: nil, mobike: nil,
            rekeyTime: value("p1_lifetime_secs"), children: [],
            origin: SourceLine(file: file, line: start, text: text(lines, start)))
        for (key, kw) in [("proposals", "p1_xform"), ("local.id", "local_id"), ("remote.id", "remote_id"), ("local_addrs", "local_addr"),
                          ("remote_addrs", "remote_addr"), ("local.auth", "p1_xform"), ("remote.auth", "p1_xform")] {
            if let l = find(kw, in: lines, from: start, span: 40, file: file) { t.lines[key] = l }
        }
        t.lines["version"] = t.origin
        let pfs = value("p2_pfs").flatMap { $0 == "0" ? nil : bsdGroup($0) }
        var c = ChildConfig(name: t.name, localTS: [], remoteTS: [], espProposals: nil, ahProposals: nil, mode: nil, startAction: nil,
                            rekeyTime: nil, lifeTime: value("p2_lifetime_secs"))
        c.selectorsKnown = false
        c.espKnown = false
        c.lines["child"] = t.origin
        if pfs != nil { c.lines["pfs"] = find("p2_pfs", in: lines, from: start, span: 40, file: file) }
        t.children = [c]
        return t
    }
}

extension Array {
    var nonEmpty: Self? { isEmpty ? nil : self }
}
