import Facts
import Foundation

/// charon log → log.cert.own_id_not_subject: in one IKE SA we authenticated with a signature as
/// an identity (`authentication of 'ID' (myself) with ECDSA_WITH_SHA256_DER successful`) that the
/// certificate we sent does not name in its subject (`sending end entity cert "C=.., CN=OTHER"`).
/// charon (vici, 5.9) sends such a pair without a word; the peer looks for a certificate that
/// holds ID and refuses with a bare AUTHENTICATION_FAILED (variant cert-id-email-not-in-cert, a:
/// id `gw-a@lab.test`, certificate CN `gw-a.lab.test`). Whether a subjectAltName holds ID is not
/// in the log: the rule reading this says so and stays below a cause the log names.
public struct OwnCertIdentityExtractor: FactExtractor {
    public init() {}

    public func facts(from parsed: ParsedCollection) -> [Fact] {
        var out = FactList()
        for src in parsed.sources("charon-log") {
            // per IKE SA (`lab|1`): our signed identity and the certificate we sent, with their lines
            var ids: [String: (String, LogEventRecord)] = [:], certs: [String: (String, LogEventRecord)] = [:]
            for r in src.result.typed(LogEventRecord.self) {
                guard let m = r.message, let sa = r.ikeSA else { continue }
                if let id = Self.signedIdentity(m) { ids[sa] = (id, r) }
                if let dn = m.after("sending end entity cert \"")?.dropLastQuote { certs[sa] = (dn, r) }
                guard let (id, idRec) = ids[sa], let (dn, certRec) = certs[sa], !Self.names(dn, id) else { continue }
                out.bool("log.cert.own_id_not_subject", true, [
                    Provenance(.log, src.origin, line: idRec.line, excerpt: idRec.text),
                    Provenance(.log, src.origin, line: certRec.line, excerpt: certRec.text),
                ])
                return out.facts
            }
        }
        return out.facts
    }

    /// `authentication of 'ID' (myself) with SCHEME successful`, for a signature scheme (not a
    /// pre-shared key, not EAP): the ID; an ID written as a DN is its own subject form, left out.
    static func signedIdentity(_ m: String) -> String? {
        guard let rest = m.after("authentication of '"), let end = rest.range(of: "' (myself) with ") else { return nil }
        let id = String(rest[..<end.lowerBound]), scheme = rest[end.upperBound...]
        if scheme.hasPrefix("pre-shared key") || scheme.hasPrefix("EAP") || id.contains("=") || id.isEmpty { return nil }
        return id
    }

    /// Whether the subject DN names the identity (as its CN, E or any RDN value).
    static func names(_ dn: String, _ id: String) -> Bool {
        dn.split(separator: ",").contains { rdn in
            let value = rdn.split(separator: "=", maxSplits: 1).last.map { String($0).trimmedSpaces } ?? ""
            return value.caseInsensitiveCompare(id) == .orderedSame
        }
    }
}

private extension String {
    /// `C=XX, CN=a"` → `C=XX, CN=a`
    var dropLastQuote: String? { hasSuffix("\"") ? String(dropLast()) : nil }
}
