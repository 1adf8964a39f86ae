import Facts

/// `swanctl --list-certs`, and stroke's `ipsec listcerts`/`listcacerts`/`listcrls` (the same
/// certificate printer, StrokeListCertsParser) → facts on this gateway's own certificate, which
/// charon's log does not describe (it names the subject it sends, never the subjectAltNames or
/// the dates):
/// - cert.local.expired: our certificate (an end-entity certificate listed with `has private
///   key`) is outside its validity, as charon judged it when listing (`expired (... ago)`, `not
///   valid yet`). Set false when every such certificate is valid; left unknown when some are and
///   some are not and the local ID does not tell which one is used.
/// - cert.local.id_in_cert: whether our certificate holds our local identity as its subject DN or
///   a subjectAltName. The identity is the connection's (`--list-conns`, `local public key
///   authentication: id:`) or, without that, the one the log shows us signing as. This is what
///   the peer matches (strongSwan: "no trusted ... public key found for 'ID'"); it turns the
///   log-only guess of cert.id-not-in-cert.own-id-not-subject into a certainty. On a stroke host
///   the identity is ipsec.conf's `leftid=` (charon signs with the certificate's subject DN
///   instead when the certificate does not hold it: "id '...' not confirmed by certificate,
///   defaulting to '...'", so the log's signed identity would hide the fault).
/// - cert.peer.expired: the peer's certificate listed outside its validity.
/// - cert.peer.revoked: a CRL in the same list (its issuer the certificate's) revokes the peer's
///   certificate's serial (ListedRevocation).
public struct SwanctlCertsExtractor: FactExtractor {
    public init() {}

    public func facts(from parsed: ParsedCollection) -> [Fact] {
        let listed = Self.sources.flatMap { parsed.typed(SwanctlCertRecord.self, from: $0) }
        let ends = listed.filter { $0.record.kind == "end-entity" }
        var out = FactList()
        let peers = Self.peerCertificates(ends.filter { $0.record.hasPrivateKey != true }, Self.remoteIdentities(parsed))
        Self.expiry("cert.peer.expired", peers, &out)
        ListedRevocation.revoked(peers, crls: listed.filter { $0.record.kind == "crl" }, &out)
        let own = ends.filter { $0.record.hasPrivateKey == true }
        guard !own.isEmpty else { return out.facts }
        let ids = Self.localIdentities(parsed)
        // the certificates that hold the ID are the ones in use, if any does
        let using = own.filter { c in ids.contains { c.record.holds($0.id) } }
        Self.expiry("cert.local.expired", using.isEmpty ? own : using, &out)
        if let id = ids.first {
            let p = [id.provenance] + own.map(Self.names)
            out.bool("cert.local.id_in_cert", !using.isEmpty, p)
        }
        return out.facts
    }

    /// True when every candidate is outside its validity, false when none is; else unknown.
    static func expiry(_ name: String, _ candidates: [Sourced<SwanctlCertRecord>], _ out: inout FactList) {
        guard !candidates.isEmpty else { return }
        if candidates.allSatisfy({ $0.record.expired || $0.record.notYetValid }) {
            out.bool(name, true, candidates.map(Self.validity))
        } else if candidates.allSatisfy({ !$0.record.expired && !$0.record.notYetValid }) {
            out.bool(name, false, candidates.map(Self.validity))
        }
    }

    /// The two front ends' lists: swanctl's, stroke's.
    static let sources = ["swanctl-list-certs", "stroke-list-certs"]

    /// The peer's certificates: those holding a remote ID of `--list-conns` (or ipsec.conf's
    /// `rightid=`) if it names any, else every listed end-entity certificate without our key.
    static func peerCertificates(_ others: [Sourced<SwanctlCertRecord>], _ remoteIds: [String]) -> [Sourced<SwanctlCertRecord>] {
        remoteIds.isEmpty ? others : others.filter { c in remoteIds.contains { c.record.holds($0) } }
    }

    static func remoteIdentities(_ parsed: ParsedCollection) -> [String] {
        let swanctl = parsed.typed(SwanctlLoadedConnRecord.self, from: "swanctl-list-conns").flatMap { c -> [String] in
            (c.record.remoteId ?? []).filter { !$0.isEmpty && $0 != "%any" }
        }
        return swanctl.isEmpty ? strokeIdentities(parsed, "rightid", auth: "rightauth").map(\.id) : swanctl
    }

    /// ipsec.conf's `leftid=`/`rightid=` of the conns that authenticate with a public key, on a
    /// host whose ipsec.conf is strongSwan's (strongSwan writes `@name` for an FQDN it does not
    /// resolve; the ID is the name). Nothing on a Libreswan host.
    static func strokeIdentities(_ parsed: ParsedCollection, _ key: String, auth: String) -> [(id: String, provenance: Provenance)] {
        guard IpsecConfOwner.strongswanEvidence(parsed) != nil else { return [] }
        return LibreswanExtractor.resolvedConns(parsed).compactMap { conn, d in
            let method = (d[auth] ?? d["authby"] ?? "pubkey").lowercased()
            guard ["pubkey", "rsasig", "ecdsasig", "rsa", "ecdsa"].contains(where: method.hasPrefix),
                  var id = d[key], !id.isEmpty, id != "%any" else { return nil }
            if id.hasPrefix("@") { id.removeFirst() }
            if id.count >= 2, id.hasPrefix("\""), id.hasSuffix("\"") { id = String(id.dropFirst().dropLast()) }
            return (id, conn.source.provenance("conn \(conn.name): \(key)=\(d[key] ?? "")"))
        }
    }

    /// Our identities for certificate authentication: `--list-conns`' local IDs of connections
    /// that authenticate with a public key, else the signature identities of charon's log.
    static func localIdentities(_ parsed: ParsedCollection) -> [(id: String, provenance: Provenance)] {
        var out: [(id: String, provenance: Provenance)] = []
        for c in parsed.typed(SwanctlLoadedConnRecord.self, from: "swanctl-list-conns") {
            let r = c.record
            // one id per round; where a round printed none, the ids cannot be paired with rounds
            guard let ids = r.localId, ids.count == r.localAuth.count else { continue }
            for (i, auth) in r.localAuth.enumerated() where auth.contains("public key") {
                let id = ids[i]
                guard !id.isEmpty, id != "%any" else { continue }
                out.append((id, c.provenance("\(r.name): local public key authentication, id: \(id)")))
            }
        }
        if !out.isEmpty { return out }
        let stroke = strokeIdentities(parsed, "leftid", auth: "leftauth")
        if !stroke.isEmpty { return stroke }
        for src in parsed.sources("charon-log") {
            for r in src.result.typed(LogEventRecord.self) {
                guard let m = r.message, let id = OwnCertIdentityExtractor.signedIdentity(m) else { continue }
                return [(id, Provenance(.log, src.origin, line: r.line, excerpt: r.text))]
            }
        }
        return out
    }

    static func validity(_ c: Sourced<SwanctlCertRecord>) -> Provenance {
        let r = c.record
        return c.provenance("\"\(r.subject ?? "?")\": not before \(r.notBefore ?? "?"), \(r.notBeforeStatus ?? "?"); "
            + "not after \(r.notAfter ?? "?"), \(r.notAfterStatus ?? "?")")
    }

    static func names(_ c: Sourced<SwanctlCertRecord>) -> Provenance {
        let r = c.record
        let sans = (r.altNames ?? []).isEmpty ? "none" : (r.altNames ?? []).joined(separator: ", ")
        return c.provenance("our certificate \"\(r.subject ?? "?")\", altNames: \(sans)")
    }
}
