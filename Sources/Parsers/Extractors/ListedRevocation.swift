import Facts

/// A peer certificate that a CRL of the same certificate list revokes (`swanctl --list-certs`,
/// `ipsec listcrls`: certificate_printer.c prints a CRL's `N revoked certificates:` with one
/// `SERIAL: DATE, REASON` line each, and every certificate's `serial:` in the same form).
/// - cert.peer.revoked: true when a listed CRL whose issuer is the certificate's issuer holds the
///   serial of one of the peer's certificates; false when such CRLs are listed and none holds
///   any; unknown without a CRL of that issuer (nothing to judge from).
enum ListedRevocation {
    static func revoked(_ peers: [Sourced<SwanctlCertRecord>], crls: [Sourced<SwanctlCertRecord>], _ out: inout FactList) {
        var checked: [Provenance] = []
        for cert in peers {
            guard let serial = cert.record.serial?.lowercased(), let issuer = cert.record.issuer else { continue }
            let sameIssuer = crls.filter { $0.record.issuer == issuer }
            if let crl = sameIssuer.first(where: { ($0.record.revokedSerials ?? []).contains { $0.lowercased() == serial } }) {
                out.bool("cert.peer.revoked", true, [
                    cert.provenance("peer certificate \"\(cert.record.subject ?? "?")\", serial \(serial)"),
                    crl.provenance("CRL of \"\(issuer)\" (this update \(crl.record.notBefore ?? "?")) revokes serial \(serial)"),
                ])
                return
            }
            checked += sameIssuer.map { $0.provenance("CRL of \"\(issuer)\": serial \(serial) not revoked") }
        }
        if !checked.isEmpty { out.bool("cert.peer.revoked", false, checked) }
    }
}
