/// One entry of ipsec.secrets (IpsecSecretsParser): a secret's selectors and its TYPE, or an
/// `include` directive. Never the secret, a passphrase, a PIN or a key file's content: the
/// record has no field that could hold one.
public struct IpsecSecretsRecord: SourceRecord, Equatable {
    public enum Kind: String, Codable, Sendable { case secret, include }

    public var line: Int
    public var kind: Kind
    /// The ID selectors (strongSwan) / indices (Libreswan) as written, quotes removed; empty for
    /// an entry that starts with `:` (it matches any host and peer).
    public var ids: [String]?
    /// The secret's type in upper case: PSK, RSA, ECDSA, PKCS8, P12, PIN, EAP, NTLM, XAUTH, PPKS.
    public var type: String?
    /// The file (glob) an `include` names, as written.
    public var path: String?

    public init(line: Int, ids: [String], type: String) {
        self.line = line; kind = .secret; self.ids = ids; self.type = type
    }

    public init(line: Int, include path: String) {
        self.line = line; kind = .include; self.path = path
    }

    /// The auth method a type gives secrets to (`secrets.types`): psk, rsa, ecdsa, pkcs8, p12,
    /// pin, eap, ntlm, xauth, ppk.
    public var method: String? {
        guard let t = type?.lowercased() else { return nil }
        return t == "ppks" ? "ppk" : t
    }
}
