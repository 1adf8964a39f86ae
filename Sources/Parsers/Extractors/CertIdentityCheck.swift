/// charon's view of a peer whose identity is not in its certificate. The pubkey authenticator
/// asks the credential manager for trusted keys of the peer's IKE identity; a certificate that
/// names another subject/subjectAltName is never even considered, so no chain is built for it:
/// the log shows `received end entity cert "..."` and then, with no `using certificate` line in
/// between, `no trusted ECDSA public key found for 'ID'` (lab scenario cert-id-not-in-cert, b).
/// When the certificate does name the ID but its chain fails, charon prints `using certificate`
/// first, then the reason (no issuer, expired, revoked).
enum CertIdentityCheck {
    /// Updates `unusedPeerCert` from one charon message.
    static func note(_ message: String, _ unusedPeerCert: inout Bool) {
        if message.hasPrefix("received end entity cert ") {
            unusedPeerCert = true
        } else if message.trimmingLeadingSpaces.hasPrefix("using certificate ") {
            unusedPeerCert = false
        } else if message.hasPrefix("IKE_SA ") && message.contains(" established between ") {
            unusedPeerCert = false
        }
    }

    /// `no trusted %N public key found for '%Y'` (pubkey_authenticator.c)
    static func isNoTrustedKey(_ message: String?) -> Bool {
        guard let m = message else { return false }
        return m.hasPrefix("no trusted ") && m.contains(" public key found for ")
    }
}

private extension String {
    var trimmingLeadingSpaces: Substring { drop { $0 == " " } }
}
