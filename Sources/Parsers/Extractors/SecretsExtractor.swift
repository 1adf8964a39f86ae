import Facts
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// ipsec.secrets (IpsecSecretsParser) → facts; never a secret, only which IDs have which type:
///  - secrets.types: the auth methods that have secrets (psk, rsa, eap, xauth, ppk ...)
///  - secrets.includes: the include targets as written
///  - secrets.psk_match, with ipsec.conf's connections (libreswan-conf records, both dialects):
///    for each connection that authenticates with a PSK (`authby=secret|psk|xauthpsk`,
///    `leftauth=psk`), whether a PSK entry names its IDs or addresses (`leftid`/`left`,
///    `rightid`/`right`): exact; only a wildcard (no selector, `%any`, `%any6`, `0.0.0.0`):
///    wildcard; neither: none — the daemon then logs "no shared key found" (strongSwan) /
///    "Can't authenticate: no preshared key found" (pluto), not a key that differs. "none" is
///    said only when every include of the files read was read too (an include not read may hold
///    the entry).
public struct SecretsExtractor: FactExtractor {
    public init() {}

    public func facts(from parsed: ParsedCollection) -> [Fact] {
        let entries = parsed.typed(IpsecSecretsRecord.self, from: "ipsec-secrets")
        guard !entries.isEmpty || parsed.has("ipsec-secrets") else { return [] }
        var out = FactList()
        let secrets = entries.filter { $0.record.kind == .secret }
        let includes = entries.filter { $0.record.kind == .include }
        let whole = parsed.wholeSource("ipsec-secrets")
        let types = unique(secrets.compactMap(\.record.method)).sorted()
        out.list("secrets.types", types, secrets.isEmpty ? whole : Array(secrets.map { Self.provenance($0) }.prefix(8)))
        if !includes.isEmpty {
            out.list("secrets.includes", unique(includes.compactMap(\.record.path)), includes.map { $0.provenance("include \($0.record.path ?? "")") })
        }
        if let match = pskMatch(parsed, secrets: secrets, includes: includes) { out.add("secrets.psk_match", .string(match.0), match.1) }
        return out.facts
    }

    /// `line N: ids : TYPE` — what a report may quote of an entry.
    static func provenance(_ e: Sourced<IpsecSecretsRecord>) -> Provenance {
        let ids = (e.record.ids ?? []).joined(separator: " ")
        return e.provenance((ids.isEmpty ? "" : ids + " ") + ": " + (e.record.type ?? ""))
    }

    func pskMatch(_ parsed: ParsedCollection, secrets: [Sourced<IpsecSecretsRecord>],
                  includes: [Sourced<IpsecSecretsRecord>]) -> (String, [Provenance])? {
        let conns = LibreswanExtractor.resolvedConns(parsed).filter { Self.usesPSK($0.1) }
        guard !conns.isEmpty, parsed.has("ipsec-secrets") else { return nil }
        let psks = secrets.filter { $0.record.type == "PSK" }
        var worst: (rank: Int, value: String, prov: [Provenance])?
        for (conn, d) in conns {
            let ids = Self.identities(d)
            guard !ids.isEmpty else { continue }
            let exact = psks.first { e in (e.record.ids ?? []).contains { ids.contains(Self.normal($0)) } }
            let wildcard = psks.first { e in (e.record.ids ?? []).isEmpty || (e.record.ids ?? []).contains(where: Wildcard.isAnyPeer) }
            let found: (Int, String, [Provenance])
            if let e = exact {
                found = (0, "exact", [conn.source.provenance("conn \(conn.name)"), Self.provenance(e)])
            } else if let e = wildcard {
                found = (1, "wildcard", [conn.source.provenance("conn \(conn.name)"), Self.provenance(e)])
            } else {
                guard Self.allRead(includes, parsed) else { continue }
                let shown = ids.sorted().joined(separator: ", ")
                found = (2, "none", [conn.source.provenance("conn \(conn.name) authenticates with a PSK; no PSK entry of ipsec.secrets names \(shown) or %any")]
                         + parsed.wholeSource("ipsec-secrets"))
            }
            if worst == nil || found.0 > worst!.rank { worst = found }
        }
        return worst.map { ($0.value, $0.prov) }
    }

    /// Whether a conn authenticates (this side) with a PSK: `leftauth=psk|secret`, else
    /// `authby=` holding secret, psk or xauthpsk (Libreswan `authby=secret|rsasig` included).
    static func usesPSK(_ d: [String: String]) -> Bool {
        if let a = d["leftauth"]?.lowercased() { return a == "psk" || a == "secret" }
        let by = (d["authby"] ?? "").lowercased()
        return by.split(whereSeparator: { $0 == "|" || $0 == "," }).contains { ["secret", "psk", "xauthpsk"].contains($0) }
    }

    /// The IDs and addresses of both ends that a selector may name, normalised (no `@`, no
    /// quotes, lower case); `%defaultroute`, `%any` and the like are no identity.
    static func identities(_ d: [String: String]) -> Set<String> {
        Set(["leftid", "left", "rightid", "right"].compactMap { d[$0] }.map(normal).filter { !$0.isEmpty && !$0.hasPrefix("%") })
    }

    static func normal(_ id: String) -> String {
        var s = id.trimmingCharacters(in: CharacterSet(charactersIn: "\"' "))
        if s.hasPrefix("@") { s.removeFirst() }
        return s.lowercased()
    }

    /// Every include of the files read names a file that was read too (by glob), so an entry
    /// not found is in none of the files the daemon loads.
    static func allRead(_ includes: [Sourced<IpsecSecretsRecord>], _ parsed: ParsedCollection) -> Bool {
        let paths = parsed.sources("ipsec-secrets").map { path(of: $0.origin) }
        return includes.allSatisfy { inc in
            guard let raw = inc.record.path else { return true }
            let dir = (path(of: inc.source.origin) as NSString).deletingLastPathComponent
            let pattern = raw.hasPrefix("/") ? raw : (dir.isEmpty ? "/etc" : dir) + "/" + raw
            return paths.contains { fnmatch(pattern, $0, 0) == 0 }
        }
    }

    /// The file a source was read from: `ipsec.d-secrets:/etc/ipsec.d/a.secrets` (a glob's
    /// file), `ipsec-secrets` (the probe of /etc/ipsec.secrets), or the path itself.
    static func path(of origin: String) -> String {
        if let colon = origin.firstIndex(of: ":"), origin[origin.index(after: colon)...].hasPrefix("/") {
            return String(origin[origin.index(after: colon)...])
        }
        if origin == "ipsec-secrets" { return "/etc/ipsec.secrets" }
        return origin
    }
}
