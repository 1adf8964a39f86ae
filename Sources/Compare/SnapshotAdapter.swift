import Facts
import Foundation
import Parsers
import Probes

/// The ONE place where compare and fleet meet the rest of ipsec-doctor: it reads a snapshot (or
/// the live host) through the project's own reader and parsers and turns their records into the
/// normalised `Gateway` model. When the parser layer changes shape, only this file follows.
public enum SnapshotAdapter {
    /// Name of the file `collect --psk-fingerprint` writes next to manifest.json.
    public static let fingerprintFile = "psk-fingerprints.json"

    /// Reads a snapshot folder (made by `collect`, or a folder of saved outputs).
    public static func gateway(snapshot given: String) throws -> Gateway {
        // an archive (`gw1.tar.gz`) is read as the folder it holds
        let dir = try SnapshotArchive.resolve(given)
        // A snapshot is read within a deadline too: a fleet may hold a damaged or huge one.
        let gathered = try SnapshotReader.read(dir, deadline: 30)
        let files = fileMap(dir)
        let fingerprints = try readFingerprints(dir + "/" + fingerprintFile)
        let host = manifestHost(dir) ?? (dir as NSString).lastPathComponent
        return gateway(gathered, name: host, location: given, files: files, fingerprints: fingerprints)
    }

    /// Probes this host, as `diagnose` does.
    public static func liveGateway(deadline: Double) async throws -> Gateway {
        let gathered = try await EvidencePipeline.gather(EvidenceRequest(deadline: deadline))
        var files: [String: String] = [:]
        for spec in ProbeCatalog.all {
            if case let .file(path) = spec.action, !path.contains("*") { files[spec.name] = path }
        }
        return gateway(gathered, name: HostInfo.current().hostname, location: "this host", files: files, fingerprints: [])
    }

    static func gateway(_ g: Gathered, name: String, location: String, files: [String: String],
                        fingerprints: [PSKFingerprint]) -> Gateway {
        let facts = g.facts()
        var texts = TextCache(files: files)
        var tunnels: [TunnelConfig] = []
        for src in g.parsed.sources("swanctl-conf") {
            for rec in src.result.records where rec["kind"]?.stringValue == "connection" {
                tunnels.append(swanctlTunnel(rec, file: texts.display(src.origin), lines: texts.lines(src.origin)))
            }
        }
        for src in g.parsed.sources("libreswan-conf") {
            let conns = src.result.records.filter { $0["kind"]?.stringValue == "conn" }
            let defaults = conns.first { $0["name"]?.stringValue == "%default" }
            let isStrongSwan = looksLikeStrongSwan(src.result.records, facts: facts)
            let named = conns.filter { $0["name"]?.stringValue != "%default" }
            // auto=ignore: not loaded at start, unless every conn says so: such a file's conns
            // are added by hand (`ipsec auto --add`), as Libreswan's own test suite does.
            let handAdded = named.allSatisfy { $0["settings"]?["auto"]?.stringValue == "ignore" }
            for rec in named {
                if !handAdded, rec["settings"]?["auto"]?.stringValue == "ignore" { continue }
                tunnels.append(ipsecConfTunnel(rec, defaults: defaults, all: conns, strongSwan: isStrongSwan,
                                               file: texts.display(src.origin), lines: texts.lines(src.origin)))
            }
        }
        tunnels += bsdTunnels(g, texts: &texts, hostName: name)
        tunnels += loadedSwanctlTunnels(g, configured: tunnels, texts: &texts)
        var sas: [ChildSAState] = []
        for src in g.parsed.sources("swanctl-list-sas") {
            for rec in src.result.records where rec["kind"]?.stringValue == "child" {
                sas.append(childSA(rec, file: texts.display(src.origin)))
            }
        }
        var kernel: [KernelSA] = []
        // The kernels' SA databases, whichever daemon filled them: Linux XFRM, PF_KEY (racoon's
        // setkey -D), OpenBSD (ipsecctl -sa), illumos (ipseckey dump).
        // One reading for the four dumps' typed records (KernelSARecord: fields by the names they share).
        func read<R: KernelSARecord>(_ records: [R], _ file: String) {
            for rec in records {
                guard let s = rec.saString(.src) ?? rec.saString(.from), let d = rec.saString(.dst) ?? rec.saString(.to),
                      let spi = rec.saString(.spi), spi.lowercased().hasPrefix("0x") || spi.allSatisfy(\.isHexDigit) else { continue }
                kernel.append(KernelSA(src: s, dst: d, spi: normaliseSPI(spi), reqid: rec.saNumber(.reqid).map { Int($0) },
                                       origin: SourceLine(file: file, line: rec.line)))
            }
        }
        for src in ["xfrm-state", "setkey-D", "ipsecctl-sa", "ipseckey-dump"].flatMap(g.parsed.sources) {
            let file = texts.display(src.origin)
            switch src.result.source {
            case "xfrm-state": read(src.result.typed(XfrmStateRecord.self), file)
            case "setkey-D": read(src.result.typed(PFKeySARecord.self), file)
            case "ipsecctl-sa": read(src.result.typed(IpsecctlSaRecord.self), file)
            default: read(src.result.typed(IpseckeyDumpRecord.self), file)
            }
        }
        var addresses = Set<String>()
        for rec in g.parsed.records("ip-addr") {
            if let a = rec["address"]?.stringValue ?? rec["local"]?.stringValue {
                addresses.insert(String(a.split(separator: "/").first ?? Substring(a)))
            }
        }
        // ipsec.conf has no "local": pluto and starter take as left whichever end is one of this
        // host's addresses, so the same file serves both gateways (Libreswan's test suite does so).
        tunnels = tunnels.map { t in
            guard t.dialect.orientedByAddress, !t.localAddrs.contains(where: addresses.contains),
                  t.remoteAddrs.contains(where: addresses.contains) else { return t }
            return t.mirrored()
        }
        let interfaceAddresses = addresses
        for t in tunnels { addresses.formUnion(t.localAddrs.filter { $0 != "%any" && $0 != "%defaultroute" }) }
        var gw = Gateway(name: name, location: location, tunnels: tunnels, sas: sas, kernelSAs: kernel,
                        pskFingerprints: fingerprints, facts: facts, addresses: addresses,
                        logFailures: logFailures(facts))
        gw.interfaceAddresses = interfaceAddresses
        for src in g.parsed.sources("xfrm-policy") {
            for rec in src.result.records {
                guard let s = rec["src"]?.stringValue, let d = rec["dst"]?.stringValue, let dir = rec["dir"]?.stringValue,
                      ["in", "out", "fwd"].contains(dir), let tmpl = rec["tmpl"]?.arrayValue?.first else { continue }
                gw.policies.append(KernelPolicy(src: s, dst: d, dir: dir, tmplSrc: tmpl["src"]?.stringValue, tmplDst: tmpl["dst"]?.stringValue,
                                                reqids: (rec["reqids"]?.arrayValue ?? []).compactMap { $0.numberValue.map { Int($0) } },
                                                origin: SourceLine(file: texts.display(src.origin), line: rec.recordLine,
                                                                   text: "src \(s) dst \(d) dir \(dir)")))
            }
        }
        for src in g.parsed.sources("charon-log") {
            for rec in src.result.typed(LogEventRecord.self) {
                guard let event = rec.event, let kind = eventKinds[event],
                      let sa = rec.ikeSA, let bar = sa.firstIndex(of: "|") else { continue }
                let tunnel = String(sa[..<bar])
                if gw.tunnelLogFailures[tunnel]?[kind] == nil {
                    gw.tunnelLogFailures[tunnel, default: [:]][kind] = SourceLine(file: texts.display(src.origin), line: src.result.givenLine(rec.line),
                                                                                   text: rec.text)
                }
            }
        }
        return gw
    }

    /// charon-log events (CharonLogParser) by the failure kind compare reads.
    static let eventKinds = ["auth_failed": "auth", "auth_refused_by_peer": "auth", "mac_mismatch": "auth", "no_proposal_chosen": "proposal",
                             "ts_unacceptable": "ts", "version_mismatch": "version", "no_peer_config": "id", "psk_not_found": "psk-missing"]

    // MARK: swanctl.conf

    static func swanctlTunnel(_ r: JSONValue, file: String, lines: [String]) -> TunnelConfig {
        let start = r.recordLine ?? 1
        let locate = BlockLocator(lines: lines, file: file, start: start, name: r["name"]?.stringValue)
        func strings(_ k: String) -> [String] { r[k]?.arrayValue?.compactMap(\.stringValue) ?? [] }
        let version = r["version"]?.numberValue.map { Int($0) }
        var t = TunnelConfig(
            name: r["name"]?.stringValue ?? "?", dialect: .swanctl,
            ikeVersion: version ?? 0,
            aggressive: r["aggressive"]?.stringValue.map { $0 == "yes" },
            localAddrs: strings("local_addrs"), remoteAddrs: strings("remote_addrs"),
            localID: strings("local_id").first, remoteID: strings("remote_id").first,
            localAuth: strings("local_auth").first, remoteAuth: strings("remote_auth").first,
            ikeProposals: r["proposals"]?.arrayValue?.compactMap(\.stringValue),
            dpdDelay: r["dpd_delay"]?.stringValue, encap: r["encap"]?.stringValue, mobike: nil,
            rekeyTime: r["rekey_time"]?.stringValue, children: [],
            origin: SourceLine(file: file, line: start, text: lines.indices.contains(start - 1) ? lines[start - 1].trimmingCharacters(in: .whitespaces) : nil))
        for (key, setting) in [("version", "version"), ("proposals", "proposals"), ("local_addrs", "local_addrs"),
                               ("remote_addrs", "remote_addrs"), ("aggressive", "aggressive"), ("dpd_delay", "dpd_delay"),
                               ("encap", "encap"), ("mobike", "mobike"), ("rekey_time", "rekey_time")] {
            if let l = locate.find(setting, depth: 1) { t.lines[key] = l }
        }
        t.remotePort = r["remote_port"]?.numberValue.map { Int($0) }
        if let l = locate.find("remote_port", depth: 1) { t.lines["remote_port"] = l }
        if let m = locate.find("mobike", depth: 1) { t.mobike = m.text?.split(separator: "=").last.map { String($0).trimmingCharacters(in: .whitespaces) } }
        for side in ["local", "remote"] {
            if let sub = locate.section(side) {
                if let l = sub.find("id", depth: 1) { t.lines[side + ".id"] = l }
                if let l = sub.find("auth", depth: 1) { t.lines[side + ".auth"] = l }
            }
        }
        let childSections = locate.section("children")
        for c in r["children"]?.arrayValue ?? [] {
            func cs(_ k: String) -> [String] { c[k]?.arrayValue?.compactMap(\.stringValue) ?? [] }
            var child = ChildConfig(name: c["name"]?.stringValue ?? "?", localTS: cs("local_ts"), remoteTS: cs("remote_ts"),
                                    espProposals: c["esp_proposals"]?.arrayValue?.compactMap(\.stringValue),
                                    ahProposals: c["ah_proposals"]?.arrayValue?.compactMap(\.stringValue),
                                    mode: c["mode"]?.stringValue, startAction: c["start_action"]?.stringValue,
                                    rekeyTime: c["rekey_time"]?.stringValue, lifeTime: c["life_time"]?.stringValue)
            child.rekeyJitter = c["rand_time"]?.stringValue
            if let sec = childSections?.section(child.name) {
                for k in ["local_ts", "remote_ts", "esp_proposals", "ah_proposals", "mode", "start_action", "rekey_time", "life_time"] {
                    if let l = sec.find(k, depth: 1) { child.lines[k] = l }
                }
                child.lines["child"] = sec.header
            }
            t.children.append(child)
        }
        return t
    }

    // MARK: ipsec.conf (strongSwan stroke and Libreswan/Openswan)

    /// strongSwan's starter and Libreswan share ipsec.conf; their defaults differ. strongSwan's
    /// knows `keyexchange=` and `leftauth=`, Libreswan's `ikev2=`, `phase2alg=`, `authby=secret`.
    static func looksLikeStrongSwan(_ records: [JSONValue], facts: FactStore) -> Bool {
        var keys = Set<String>()
        for r in records {
            if case let .object(pairs)? = r["settings"] { keys.formUnion(pairs.map(\.0)) }
        }
        // Libreswan 4+ also knows keyexchange=; its `config setup` keys (ipsec.conf(5) of
        // Libreswan: ikev1-policy, logfile, logappend, logtime, dumpdir) settle it.
        let libreswanOnly: Set = ["ikev2", "phase2alg", "protostack", "nat-keepalive", "leftrsasigkey", "rightrsasigkey", "narrowing",
                                  "ikev1-policy", "logfile", "logappend", "logtime", "dumpdir"]
        let strongSwanOnly: Set = ["leftauth", "rightauth", "leftfirewall", "rightfirewall", "keyexchange", "plutostart", "charondebug", "leftsendcert"]
        if !keys.isDisjoint(with: libreswanOnly) { return false }
        if !keys.isDisjoint(with: strongSwanOnly) { return true }
        if let impl = facts.value("ike.implementation")?.description { return impl.contains("strongswan") }
        return false
    }

    static func ipsecConfTunnel(_ r: JSONValue, defaults: JSONValue?, all: [JSONValue], strongSwan: Bool,
                                file: String, lines: [String]) -> TunnelConfig {
        // Settings as the daemon sees them: %default, then also= parents, then the conn itself.
        var d: [String: (String, Int?)] = [:]
        func apply(_ rec: JSONValue?, depth: Int = 0) {
            guard let rec, depth < 8 else { return }
            for parent in rec["also"]?.arrayValue?.compactMap(\.stringValue) ?? [] {
                apply(all.first { $0["name"]?.stringValue == parent }, depth: depth + 1)
            }
            if case let .object(pairs)? = rec["settings"] {
                for (k, v) in pairs { if let s = v.stringValue { d[k] = (s, rec.recordLine) } }
            }
        }
        apply(defaults)
        apply(r)
        func v(_ k: String) -> String? { d[k]?.0 }
        let start = r.recordLine ?? 1
        let locator = BlockLocator(lines: lines, file: file, start: start, style: .ipsecConf)
        let defLocator = defaults?.recordLine.map { BlockLocator(lines: lines, file: file, start: $0, style: .ipsecConf) }
        func line(_ k: String) -> SourceLine? { locator.find(k, depth: 1) ?? defLocator?.find(k, depth: 1) }
        var version: Int?
        if strongSwan {
            switch v("keyexchange")?.lowercased() {
            case "ikev1": version = 1
            case "ikev2": version = 2
            case "ike": version = 0
            default: version = 2   // strongSwan 5: keyexchange defaults to ike, which initiates IKEv2 and accepts both
            }
        } else {
            version = r["ike_version"]?.numberValue.map { Int($0) }
            if version == nil {
                switch v("ikev2")?.lowercased() {
                case "insist", "yes": version = 2
                case "no", "never": version = 1
                case "permit", "propose": version = 0
                default: version = v("keyexchange")?.lowercased() == "ikev1" ? 1 : (v("keyexchange")?.lowercased() == "ikev2" ? 2 : 2)
                    // Libreswan 4+: ikev2=yes by default; older 3.x defaulted to permit (accept both).
                }
            }
        }
        let authby = v("authby")?.lowercased()
        func auth(_ side: String) -> String? {
            if let a = v(side + "auth")?.lowercased() { return a.hasPrefix("pubkey") || a.hasPrefix("rsa") || a.hasPrefix("ecdsa") ? "pubkey" : a }
            switch authby {
            case "secret", "psk", "xauthpsk": return "psk"
            case "never", "null": return authby
            default: return "pubkey"   // both daemons default to authby=rsasig/pubkey
            }
        }
        func split(_ s: String?) -> [String]? {
            guard let s else { return nil }
            return s.replacingOccurrences(of: ";", with: "-").split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }
        }
        func subnets(_ primary: String, _ plural: String, host: String?) -> [String] {
            let raw = v(plural) ?? v(primary)
            guard let raw else { return host.map { $0.contains("/") || $0.hasPrefix("%") ? $0 : $0 + "/32" }.map { [$0] } ?? [] }
            var t = raw.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("{") { t.removeFirst() }
            if t.hasSuffix("}") { t.removeLast() }
            return t.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
        }
        let left = v("left"), right = v("right")
        var t = TunnelConfig(
            name: r["name"]?.stringValue ?? "?", dialect: strongSwan ? .strongswanStroke : .libreswan,
            ikeVersion: version,
            aggressive: v("aggressive").map { $0 == "yes" } ?? v("aggrmode").map { $0 == "yes" },
            localAddrs: left.map { [$0] } ?? [], remoteAddrs: right.map { [$0] } ?? [],
            localID: v("leftid") ?? left, remoteID: v("rightid") ?? right,
            localAuth: auth("left"), remoteAuth: auth("right"),
            ikeProposals: split(v("ike")),
            dpdDelay: v("dpddelay"), encap: v("forceencaps") ?? v("encapsulation"), mobike: v("mobike"),
            rekeyTime: v("ikelifetime"), children: [],
            origin: SourceLine(file: file, line: start, text: lines.indices.contains(start - 1) ? lines[start - 1] : nil))
        let map = ["version": strongSwan ? "keyexchange" : "ikev2", "proposals": "ike", "local.id": "leftid", "remote.id": "rightid",
                   "local_addrs": "left", "remote_addrs": "right", "aggressive": "aggressive", "dpd_delay": "dpddelay",
                   "encap": strongSwan ? "forceencaps" : "encapsulation", "mobike": "mobike", "rekey_time": "ikelifetime",
                   "local.auth": strongSwan ? "leftauth" : "authby", "remote.auth": strongSwan ? "rightauth" : "authby"]
        for (key, setting) in map { if let l = line(setting) { t.lines[key] = l } }
        // leftikeport=/rightikeport= (strongSwan's starter; Libreswan 4.2 and later)
        t.localPort = v("leftikeport").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        t.remotePort = v("rightikeport").flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
        if let l = line("leftikeport") { t.lines["local_port"] = l }
        if let l = line("rightikeport") { t.lines["remote_port"] = l }
        if t.lines["local.auth"] == nil, let l = line("authby") { t.lines["local.auth"] = l; t.lines["remote.auth"] = l }
        if t.lines["local.id"] == nil { t.lines["local.id"] = t.lines["local_addrs"] }
        if t.lines["remote.id"] == nil { t.lines["remote.id"] = t.lines["remote_addrs"] }
        var child = ChildConfig(name: t.name, localTS: subnets("leftsubnet", "leftsubnets", host: left),
                                remoteTS: subnets("rightsubnet", "rightsubnets", host: right),
                                espProposals: split(v("esp") ?? v("phase2alg")), ahProposals: split(v("ah")),
                                mode: v("type"), startAction: v("auto"), rekeyTime: v("salifetime") ?? v("keylife") ?? v("lifetime"),
                                lifeTime: nil)
        child.rekeyMargin = v("rekeymargin") ?? v("margintime")
        child.rekeyJitter = v("rekeyfuzz")
        // Libreswan: pfs=yes (default) uses the IKE DH group for the CHILD SA when esp= names none.
        if !strongSwan, v("pfs")?.lowercased() == "no" { child.lines["pfs"] = line("pfs") }
        for (key, setting) in [("local_ts", v("leftsubnets") != nil ? "leftsubnets" : "leftsubnet"),
                               ("remote_ts", v("rightsubnets") != nil ? "rightsubnets" : "rightsubnet"),
                               ("esp_proposals", v("esp") != nil ? "esp" : "phase2alg"), ("start_action", "auto"),
                               ("rekey_time", "salifetime"), ("mode", "type")] {
            if let l = line(setting) { child.lines[key] = l }
        }
        // A client that asks its peer for an address (Libreswan leftmodecfgclient=yes, strongSwan
        // leftsourceip=%config) and has no subnet of its own proposes that address once assigned:
        // no configuration holds it, so its selectors are not compared (a refusal of the address
        // is ike.virtual-ip-failed, from the logs).
        func asksForAddress(_ side: String) -> Bool {
            v(side + "subnet") == nil && v(side + "subnets") == nil
                && (v(side + "modecfgclient")?.lowercased() == "yes" || v(side + "sourceip")?.lowercased().hasPrefix("%config") == true)
        }
        if asksForAddress("left") || asksForAddress("right") { child.selectorsKnown = false }
        child.lines["child"] = t.origin
        t.children = [child]
        return t
    }

    // MARK: state

    static func childSA(_ r: JSONValue, file: String) -> ChildSAState {
        func s(_ k: String) -> String? { r[k]?.stringValue }
        func n(_ k: String) -> Double? { r[k]?.numberValue }
        return ChildSAState(
            ike: s("ike") ?? "?", child: s("child") ?? "?", localHost: s("local_host"), remoteHost: s("remote_host"),
            localID: s("local_id"), remoteID: s("remote_id"), state: s("state"), reqid: n("reqid").map { Int($0) },
            spiIn: s("spi_in").map(normaliseSPI), spiOut: s("spi_out").map(normaliseSPI),
            bytesIn: n("bytes_in"), bytesOut: n("bytes_out"), packetsIn: n("packets_in"), packetsOut: n("packets_out"),
            localTS: r["local_ts"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            remoteTS: r["remote_ts"]?.arrayValue?.compactMap(\.stringValue) ?? [],
            proposal: s("proposal"), origin: SourceLine(file: file, line: r.recordLine))
    }

    /// `0x6e45ab4b`, `6e45ab4b` and `0x06e45ab4b`-style spellings compare equal.
    public static func normaliseSPI(_ spi: String) -> String {
        var t = spi.lowercased()
        if t.hasPrefix("0x") { t.removeFirst(2) }
        while t.count > 8, t.hasPrefix("0") { t.removeFirst() }
        while t.count < 8 { t = "0" + t }
        return t
    }

    static let failureFacts: [(String, String)] = [
        ("auth", "log.ike.auth_failed"), ("proposal", "log.ike.no_proposal_chosen"), ("child-proposal", "log.child.no_proposal_chosen"),
        ("ts", "log.child.ts_unacceptable"), ("version", "log.ike.version_mismatch"), ("id", "log.ike.no_peer_config"),
        ("unknown-spi", "log.esp.unknown_spi"), ("no-response", "log.ike.retransmits"), ("psk-missing", "log.ike.psk_not_found"),
    ]

    static func logFailures(_ facts: FactStore) -> [String: SourceLine] {
        var out: [String: SourceLine] = [:]
        for (kind, name) in failureFacts {
            guard let f = facts[name], f.value == .bool(true) else { continue }
            let p = f.provenance.first { $0.line != nil } ?? f.provenance.first
            out[kind] = SourceLine(file: p?.source ?? name, line: p?.line, text: p?.excerpt)
        }
        return out
    }

    // MARK: files

    /// origin (probe name or file name) → path of the saved file, so lines can be quoted.
    static func fileMap(_ dir: String) -> [String: String] {
        var map: [String: String] = [:]
        if let data = FileManager.default.contents(atPath: dir + "/manifest.json"),
           let m = try? JSONDecoder().decode(SnapshotManifest.self, from: data) {
            for e in m.entries { if let f = e.file { map[e.name] = dir + "/" + f } }
        } else {
            for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] { map[name] = dir + "/" + name }
        }
        return map
    }

    static func manifestHost(_ dir: String) -> String? {
        guard let data = FileManager.default.contents(atPath: dir + "/manifest.json"),
              let m = try? JSONDecoder().decode(SnapshotManifest.self, from: data), !m.host.isEmpty else { return nil }
        return m.host
    }

    /// The fingerprints file, if the snapshot has one. A damaged file is an input error (65).
    static func readFingerprints(_ path: String) throws -> [PSKFingerprint] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        guard let data = FileManager.default.contents(atPath: path), data.count < 4 << 20 else {
            throw DoctorError.badInput("cannot read (or larger than 4 MiB)", subject: path)
        }
        do { return try JSONDecoder().decode(PSKFingerprintFile.self, from: data).fingerprints } catch {
            throw DoctorError.badInput("not a psk-fingerprints file (\(error))", subject: path, hint: "made by `collect --psk-fingerprint`; remove it to compare without fingerprints")
        }
    }

    struct TextCache {
        var files: [String: String]
        var cache: [String: [String]] = [:]
        mutating func lines(_ origin: String) -> [String] {
            if let c = cache[origin] { return c }
            var out: [String] = []
            if let p = files[origin], let d = FileManager.default.contents(atPath: p), d.count < 16 << 20 {
                out = String(decoding: d, as: UTF8.self).components(separatedBy: "\n")
            }
            cache[origin] = out
            return out
        }
        func display(_ origin: String) -> String {
            guard let p = files[origin] else { return origin }
            let parts = p.split(separator: "/")
            return parts.suffix(2).joined(separator: "/")
        }
    }
}


extension TunnelConfig {
    /// The same tunnel seen from the other end (ipsec.conf's right is this host).
    func mirrored() -> TunnelConfig {
        var t = self
        swap(&t.localAddrs, &t.remoteAddrs)
        swap(&t.localID, &t.remoteID)
        swap(&t.localAuth, &t.remoteAuth)
        swap(&t.localPort, &t.remotePort)
        func flip(_ k: String) -> String {
            for (x, y) in [("local.", "remote."), ("local_", "remote_")] {
                if k.hasPrefix(x) { return y + k.dropFirst(x.count) }
                if k.hasPrefix(y) { return x + k.dropFirst(y.count) }
            }
            return k
        }
        t.lines = Dictionary(uniqueKeysWithValues: lines.map { (flip($0.key), $0.value) })
        t.children = children.map { c in
            var c = c
            swap(&c.localTS, &c.remoteTS)
            c.lines = Dictionary(uniqueKeysWithValues: c.lines.map { (flip($0.key), $0.value) })
            return c
        }
        return t
    }
}

/// Subnets and addresses, from the parser layer's support code (the only file importing it).
typealias Subnet = CIDR
