import Crypto
import Facts
import Foundation

/// A keyed hash of one pre-shared key, written by `collect --psk-fingerprint KEYFILE`, so that
/// `compare` can tell whether two gateways hold the same PSK without either snapshot holding it.
///
/// The hash is HMAC-SHA256 keyed with a secret the operator gives both collects (KEYFILE, at
/// least 16 random bytes). Without that key, a fingerprint cannot be tested against guessed
/// PSKs offline; with it, a weak PSK can be brute-forced from its fingerprint, exactly as from
/// a captured IKE exchange. So: keep KEYFILE apart from the snapshots, use one per audit.
public struct PSKFingerprint: Sendable, Codable, Hashable {
    /// The identities (or addresses) the key is for; empty: any peer.
    public var ids: [String]
    /// Hex HMAC-SHA256(KEYFILE, domain || PSK).
    public var fingerprint: String
    /// Which KEYFILE made it (a hash of the key, not the key): fingerprints compare only under one key.
    public var keyID: String
    /// File and line of the secret (never its value).
    public var source: String
    public init(ids: [String], fingerprint: String, keyID: String, source: String) {
        self.ids = ids; self.fingerprint = fingerprint; self.keyID = keyID; self.source = source
    }
}

/// `psk-fingerprints.json`.
public struct PSKFingerprintFile: Codable, Sendable {
    public var algorithm: String
    public var keyID: String
    public var fingerprints: [PSKFingerprint]
    public init(algorithm: String, keyID: String, fingerprints: [PSKFingerprint]) {
        self.algorithm = algorithm; self.keyID = keyID; self.fingerprints = fingerprints
    }
}

public enum PSKFingerprinter {
    public static let algorithm = "HMAC-SHA256(keyfile, \"ipsec-doctor-psk-v1\\0\" || psk)"
    static let domain = Data("ipsec-doctor-psk-v1\u{0}".utf8)

    /// Reads KEYFILE: at least 16 bytes (trailing newline ignored), at most 4 KiB.
    public static func loadKey(_ path: String) throws -> Data {
        let subject = "--psk-fingerprint \(path)"
        guard let d = FileManager.default.contents(atPath: path) else { throw DoctorError.usage("cannot read the key file", subject: subject) }
        var key = d
        while let last = key.last, last == 0x0A || last == 0x0D { key.removeLast() }
        guard key.count >= 16 else {
            throw DoctorError.usage("the key must hold at least 16 bytes", subject: subject, hint: "head -c 32 /dev/urandom | base64 > \(path)   # the same file on both gateways")
        }
        guard key.count <= 4096 else { throw DoctorError.usage("larger than 4 KiB", subject: subject, hint: "give a short random key") }
        return key
    }

    public static func keyID(_ key: Data) -> String {
        SHA256.hash(data: Data("ipsec-doctor-key-id\u{0}".utf8) + key).prefix(6).map { String(format: "%02x", $0) }.joined()
    }

    public static func fingerprint(psk: Data, key: Data) -> String {
        let mac = HMAC<SHA256>.authenticationCode(for: domain + psk, using: SymmetricKey(data: key))
        return mac.map { String(format: "%02x", $0) }.joined()
    }

    /// Every PSK in swanctl.conf `secrets { ike-* { id = ..., secret = ... } }` and in
    /// ipsec.secrets (`ID ID : PSK "secret"`), as fingerprints. `files`: (path, text).
    public static func fingerprints(files: [(String, String)], key: Data) -> [PSKFingerprint] {
        let kid = keyID(key)
        var out: [PSKFingerprint] = []
        for (path, text) in files {
            for (ids, secret, line) in swanctlSecrets(text) + ipsecSecrets(text) {
                out.append(PSKFingerprint(ids: ids, fingerprint: fingerprint(psk: secret, key: key), keyID: kid, source: "\(path):\(line)"))
            }
        }
        return out
    }

    /// swanctl.conf: `0x...` is hex, `0s...` base64, anything else the bytes as written.
    static func decodeSwanctl(_ v: String) -> Data {
        var t = v.trimmingCharacters(in: .whitespaces)
        if t.count >= 2, t.hasPrefix("\""), t.hasSuffix("\"") { t = String(t.dropFirst().dropLast()); return Data(t.utf8) }
        if t.hasPrefix("0x"), let d = hex(String(t.dropFirst(2))) { return d }
        if t.hasPrefix("0s"), let d = Data(base64Encoded: String(t.dropFirst(2))) { return d }
        return Data(t.utf8)
    }

    static func hex(_ s: String) -> Data? {
        let chars = Array(s.filter { !$0.isWhitespace })
        guard chars.count % 2 == 0 else { return nil }
        var d = Data()
        var i = 0
        while i < chars.count {
            guard let b = UInt8(String(chars[i...i + 1]), radix: 16) else { return nil }
            d.append(b); i += 2
        }
        return d
    }

    static func swanctlSecrets(_ text: String) -> [([String], Data, Int)] {
        var out: [([String], Data, Int)] = []
        var depth = 0
        var inSecrets = false
        var section: (ids: [String], secret: Data?, line: Int, isIKE: Bool)?
        for (n, raw) in text.components(separatedBy: "\n").enumerated() {
            var t = raw.trimmingCharacters(in: .whitespaces)
            if t.hasPrefix("#") { continue }
            if let h = t.range(of: " #") { t = String(t[..<h.lowerBound]).trimmingCharacters(in: .whitespaces) }
            if t.hasSuffix("{") {
                let name = String(t.dropLast()).trimmingCharacters(in: .whitespaces)
                depth += 1
                if depth == 1 { inSecrets = name == "secrets" }
                if inSecrets, depth == 2 { section = ([], nil, n + 1, name.hasPrefix("ike")) }
                continue
            }
            if t == "}" || t == "};" {
                if inSecrets, depth == 2, let s = section, s.isIKE, let secret = s.secret { out.append((s.ids, secret, s.line)) }
                if depth == 2 { section = nil }
                depth -= 1
                if depth == 0 { inSecrets = false }
                continue
            }
            guard inSecrets, depth == 2, let eq = t.firstIndex(of: "=") else { continue }
            let k = t[..<eq].trimmingCharacters(in: .whitespaces), v = t[t.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            if k == "secret" { section?.secret = decodeSwanctl(v) }
            if k == "id" || k.hasPrefix("id-") { section?.ids.append(v) }
        }
        return out
    }

    /// `[ids] : PSK "secret"` (strongSwan and Libreswan ipsec.secrets).
    static func ipsecSecrets(_ text: String) -> [([String], Data, Int)] {
        var out: [([String], Data, Int)] = []
        for (n, raw) in text.components(separatedBy: "\n").enumerated() {
            let t = raw.trimmingCharacters(in: .whitespaces)
            guard !t.hasPrefix("#"), let r = t.range(of: ": PSK ") ?? t.range(of: ":PSK ") else { continue }
            let ids = t[..<r.lowerBound].split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            var v = t[r.upperBound...].trimmingCharacters(in: .whitespaces)
            if v.count >= 2, v.hasPrefix("\""), let end = v.dropFirst().firstIndex(of: "\"") {
                v = String(v[v.index(after: v.startIndex)..<end])
                out.append((ids, Data(v.utf8), n + 1))
            } else {
                out.append((ids, decodeSwanctl(v), n + 1))
            }
        }
        return out
    }
}
