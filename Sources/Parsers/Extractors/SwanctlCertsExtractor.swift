import Facts

/// `swanctl --list-certs` → facts on this gateway's own certificate, which charon's log does not
/// describe (it names the subject it sends, never the subjectAltNames or the dates):
/// - cert.local.expired: our certificate (an end-entity certificate listed with `has private
///   key`) is outside its validity, as charon judged it when listing (`expired (... ago)`, `not
///   valid yet`). Set false when every such certificate is valid; left unknown when some are and
///   some are not and the local ID does not tell which one is used.
/// - cert.local.id_in_cert: whether our certificate holds our local identity as its subject DN or
///   a subjectAltName. The identity is the connection's (`--list-conns`, `local public key
///   authentication: id:`) or, without that, the one the log shows us signing as. This is what
///   the peer matches (strongSwan: "no trusted ... public key found for 'ID'"); it turns the
///   log-only guess of cert.id-not-in-cert.own-id-not-subject into a certainty.
public struct SwanctlCertsExtractor: FactExtractor {
    public init() {}

    public func facts(from parsed: ParsedCollection) -> [Fact] {
        let ends = parsed.typed(SwanctlCertRecord.self, from: "swanctl-list-certs").filter { $0.record.kind == "end-entity" }
        var out = FactList()
        Self.peerExpiry(ends.filter { $0.record.hasPrivateKey != true }, Self.remoteIdentities(parsed), &out)
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

    /// The peer's certificates: those holding a remote ID of `--list-conns` if it names any,
    /// else every listed end-entity certificate without our key.
    static func peerExpiry(_ others: [Sourced<SwanctlCertRecord>], _ remoteIds: [String], _ out: inout FactList) {
        let named = others.filter { c in remoteIds.contains { c.record.holds($0) } }
        expiry("cert.peer.expired", remoteIds.isEmpty ? others : named, &out)
    }

    static func remoteIdentities(_ parsed: ParsedCollection) -> [String] {
        parsed.typed(SwanctlLoadedConnRecord.self, from: "swanctl-list-conns").flatMap { c -> [String] in
            (c.record.remoteId ?? []).filter { !$0.isEmpty && $0 != "%any" }
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
        for src in parsed.sources("charon-log") {
            for r in src.result.records {
                guard let m = r.str("message"), let id = OwnCertIdentityExtractor.signedIdentity(m) else { continue }
                return [(id, Provenance(.log, src.origin, line: r.recordLine, excerpt: r.str("text")))]
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
