import Foundation
import Parsers

/// Removes key material from what `collect` saves, leaving everything a diagnosis needs:
/// algorithm names, key lengths, SPIs, selectors, the fact that a secret exists.
///
/// - `ip xfrm state`: the key of `enc`, `auth`, `auth-trunc`, `aead` (algorithm and bit length
///   kept); `setkey -D` `E:`/`A:` key hex; illumos `ipseckey dump` `AuthKey`/`EncrKey`.
/// - configs: the value of `secret`, `psk`, `pin`, `password`, `passphrase`, `xauth_password`
///   ... (swanctl.conf `secrets { }`, strongswan.conf, ipsec.conf), every `ipsec.secrets` entry
///   (`: PSK "..."`, `: XAUTH`, `: EAP`, `: NTLM`, the passphrase of `: RSA file pass`, Libreswan
///   `: RSA { ... }` key blocks).
/// - anywhere: PEM private key blocks, and every secret value found in the configs (a PSK that a
///   debug log echoes is caught by its literal).
/// - logs: hex dumps that follow a line naming a secret or a key (charon at log level 4).
public struct Redactor: Sendable {
    public static let marker = "[redacted]"

    /// Secret values seen in configs; scrubbed from every output.
    public private(set) var literals: Set<String> = []

    public init() {}

    /// Learns the secret values of a config text (call on every config before redacting).
    public mutating func learn(config text: String) {
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if let v = Redactor.configSecretValue(String(line)) { add(v) }
            for v in Redactor.secretsFileValues(String(line)) { add(v) }
        }
    }

    mutating func add(_ v: String) {
        var s = v.trimmingCharacters(in: .whitespaces)
        if s.count >= 2, let f = s.first, (f == "\"" || f == "'"), s.last == f { s = String(s.dropFirst().dropLast()) }
        // Short or structural values would blank out ordinary words.
        guard s.count >= 6, s != Redactor.marker, !s.hasPrefix("%") else { return }
        literals.insert(s)
    }

    // MARK: by kind

    /// Redacts a command's output the way its source declares (EvidenceSource.redaction).
    public func redact(probe text: String, source: String?) -> String {
        redact(probe: text, kind: source.flatMap { ParserRegistry.source(named: $0)?.redaction } ?? .commandOutput)
    }

    public func redact(probe text: String, kind: RedactionKind) -> String {
        var t = text
        switch kind {
        case .xfrmKeys: t = Redactor.xfrmKeys(t)
        case .setkeyKeys: t = Redactor.setkeyKeys(t)
        case .ipseckeyKeys: t = Redactor.ipseckeyKeys(t)
        case .config: t = Redactor.configSecrets(t)
        case .log: t = Redactor.logDumps(t)
        case .commandOutput: t = Redactor.xfrmKeys(Redactor.ipseckeyKeys(t))
        }
        return scrub(Redactor.pemBlocks(t))
    }

    public func redact(config text: String) -> String {
        scrub(Redactor.pemBlocks(Redactor.configSecrets(text)))
    }

    public func redact(log text: String) -> String {
        scrub(Redactor.pemBlocks(Redactor.logDumps(text)))
    }

    /// Replaces every learned secret literal.
    public func scrub(_ text: String) -> String {
        var t = text
        for lit in literals.sorted(by: { $0.count > $1.count }) where t.contains(lit) {
            t = t.replacingOccurrences(of: lit, with: Redactor.marker)
        }
        return t
    }

    // MARK: ip xfrm state, setkey, ipseckey

    static let xfrmKey = try! NSRegularExpression(
        pattern: #"^(\s*(?:enc|auth|auth-trunc|aead)\s+\S+\s+)(0x[0-9a-fA-F]+|[0-9a-fA-F]{8,})(\b.*)$"#,
        options: [.anchorsMatchLines])

    /// `enc cbc(aes) 0xd7a0...` → `enc cbc(aes) [redacted]`; `auth-trunc hmac(sha1) 0x52.. 96` →
    /// `auth-trunc hmac(sha1) [redacted] 96`.
    public static func xfrmKeys(_ text: String) -> String {
        replace(xfrmKey, in: text, template: "$1\(marker)$3")
    }

    static let setkeyKey = try! NSRegularExpression(
        pattern: #"^(\s*[EA]:\s+\S+\s+)([0-9a-fA-F]{8}(?:\s+[0-9a-fA-F]{8})*)\s*$"#, options: [.anchorsMatchLines])
    static let setkeyCont = try! NSRegularExpression(
        pattern: #"^(\s+)([0-9a-fA-F]{8}(?:\s+[0-9a-fA-F]{8})*)\s*$"#, options: [.anchorsMatchLines])

    public static func setkeyKeys(_ text: String) -> String {
        var out: [String] = []
        var inKey = false
        for line in text.components(separatedBy: "\n") {
            let r = NSRange(line.startIndex..., in: line)
            if setkeyKey.firstMatch(in: line, range: r) != nil {
                out.append(setkeyKey.stringByReplacingMatches(in: line, range: r, withTemplate: "$1\(marker)"))
                inKey = true
            } else if inKey, setkeyCont.firstMatch(in: line, range: r) != nil {
                out.append(setkeyCont.stringByReplacingMatches(in: line, range: r, withTemplate: "$1\(marker)"))
            } else {
                inKey = false
                out.append(line)
            }
        }
        return out.joined(separator: "\n")
    }

    static let ipseckeyKey = try! NSRegularExpression(
        pattern: #"((?:AuthKey|EncrKey|authkey|encrkey|Authentication key|Encryption key)\s*[:=]\s*)([0-9a-fA-F/]{8,}|\S+)"#)

    /// `ipseckey dump` prints a key as its own line, `AKY: 6e2f...c0/160` (after a line
    /// `AKY: Authentication key.`), so the hex value line is redacted wherever it stands.
    static let ipseckeyKeyLine = try! NSRegularExpression(
        pattern: #"^(\s*(?:AKY|EKY):\s*)([0-9a-fA-F]+(?:/\d+)?)(?=\s|$)"#, options: [.anchorsMatchLines])

    public static func ipseckeyKeys(_ text: String) -> String {
        replace(ipseckeyKeyLine, in: replace(ipseckeyKey, in: text, template: "$1\(marker)"), template: "$1\(marker)")
    }

    // MARK: configs

    static let secretKeys: Set<String> = [
        "secret", "psk", "pin", "password", "passwd", "passphrase", "xauth_password", "xauthpassword",
        "pre-shared-key", "presharedkey", "pre_shared_key", "sharedkey", "shared_key", "eap_password",
        "private_key_password", "key_password",
    ]

    static let assignment = try! NSRegularExpression(pattern: #"^(\s*)([A-Za-z0-9_.-]+)(\s*[=:]\s*)(.*?)(\s*)$"#)

    /// The secret value of a `secret = X` style line, if it is one.
    static func configSecretValue(_ line: String) -> String? {
        let r = NSRange(line.startIndex..., in: line)
        guard let m = assignment.firstMatch(in: line, range: r),
              let k = Range(m.range(at: 2), in: line), let v = Range(m.range(at: 4), in: line) else { return nil }
        let key = line[k].lowercased()
        guard secretKeys.contains(key) || key.hasSuffix("_secret") || key.hasSuffix("-secret") || key.hasSuffix("password") else { return nil }
        let value = String(line[v])
        return value.isEmpty || value == "{" ? nil : value
    }

    /// ipsec.secrets entries: `[ids] : PSK "x"`, `: XAUTH "x"`, `user : EAP "x"`, `: NTLM x`,
    /// `: RSA file [passphrase]`, `: P12 file "pass"`, `: PIN %smartcard "pin"`. Returns the values.
    static let secretsEntry = try! NSRegularExpression(
        pattern: #"^(.*?:\s*)(PSK|XAUTH|EAP|NTLM|RSA|ECDSA|BLISS|PKCS8|P12|PIN|BLISS|ED25519|ED448|PPK)(\s+)(.*)$"#)

    static func secretsFileValues(_ line: String) -> [String] {
        let r = NSRange(line.startIndex..., in: line)
        guard let m = secretsEntry.firstMatch(in: line, range: r),
              let t = Range(m.range(at: 2), in: line), let v = Range(m.range(at: 4), in: line) else { return [] }
        let rest = String(line[v]).trimmingCharacters(in: .whitespaces)
        if rest.hasPrefix("{") || rest.isEmpty { return [] }
        switch line[t] {
        case "PSK", "XAUTH", "EAP", "NTLM", "PPK": return [rest]
        default:
            // keyfile [passphrase]: the file name stays, the passphrase goes
            let words = rest.split(separator: " ", maxSplits: 1).map(String.init)
            return words.count > 1 ? [words[1]] : []
        }
    }

    /// Redacts secret assignments, ipsec.secrets entries and Libreswan `: RSA { ... }` blocks.
    public static func configSecrets(_ text: String) -> String {
        var out: [String] = []
        var inRSABlock = false
        for line in text.components(separatedBy: "\n") {
            if inRSABlock {
                if line.contains("}") { inRSABlock = false; out.append(line) }
                else if line.trimmingCharacters(in: .whitespaces).isEmpty || line.trimmingCharacters(in: .whitespaces).hasPrefix("#") { out.append(line) }
                else {
                    // keep the field name (Modulus, PrivateExponent, ...), drop the value
                    let lead = line.prefix { $0 == " " || $0 == "\t" }
                    let name = line.split(separator: ":", maxSplits: 1).first.map { String($0).trimmingCharacters(in: .whitespaces) } ?? ""
                    out.append(lead + (name.isEmpty || name.count > 30 ? marker : "\(name): \(marker)"))
                }
                continue
            }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("#") { out.append(line); continue }
            let r = NSRange(line.startIndex..., in: line)
            if let m = secretsEntry.firstMatch(in: line, range: r),
               let pre = Range(m.range(at: 1), in: line), let t = Range(m.range(at: 2), in: line),
               let sp = Range(m.range(at: 3), in: line), let v = Range(m.range(at: 4), in: line),
               !line[pre].contains("=") {
                let rest = String(line[v]).trimmingCharacters(in: .whitespaces)
                let head = String(line[pre]) + String(line[t]) + String(line[sp])
                if rest.hasPrefix("{") {
                    out.append(head + "{")
                    inRSABlock = !rest.contains("}")
                    if !inRSABlock { out[out.count - 1] = head + "{ \(marker) }" }
                    continue
                }
                switch line[t] {
                case "PSK", "XAUTH", "EAP", "NTLM", "PPK":
                    out.append(head + "\"\(marker)\"")
                default:
                    let words = rest.split(separator: " ", maxSplits: 1).map(String.init)
                    out.append(head + (words.first ?? "") + (words.count > 1 ? " \(marker)" : ""))
                }
                continue
            }
            if configSecretValue(line) != nil, let m = assignment.firstMatch(in: line, range: r),
               let a = Range(m.range(at: 1), in: line), let k = Range(m.range(at: 2), in: line),
               let eq = Range(m.range(at: 3), in: line) {
                out.append(String(line[a]) + String(line[k]) + String(line[eq]) + marker)
                continue
            }
            out.append(line)
        }
        return out.joined(separator: "\n")
    }

    // MARK: PEM, logs

    static let pem = try! NSRegularExpression(
        pattern: #"(-----BEGIN ([A-Z0-9 ]*PRIVATE KEY|[A-Z0-9 ]*PRIVATE KEY BLOCK)-----)[\s\S]*?(-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----)"#)

    public static func pemBlocks(_ text: String) -> String {
        guard text.contains("PRIVATE KEY") else { return text }
        return replace(pem, in: text, template: "$1\n\(marker)\n$3")
    }

    static let hexDumpLine = try! NSRegularExpression(pattern: #"^(.*?\s)?(\d+:)(\s+[0-9A-Fa-f]{2}){1,16}\b.*$"#)
    static let secretHeader = try! NSRegularExpression(
        pattern: #"(secret|Sk_[a-z]{1,2}|SKEYID|shared key|preshared|PSK|key material|keymat|DH shared|private key|encryption key|integrity key|nonce)"#,
        options: [.caseInsensitive])

    /// Drops the hex dumps charon prints after naming a secret (`Sk_ei secret => 32 bytes`).
    public static func logDumps(_ text: String) -> String {
        var out: [String] = []
        var inDump = false
        for line in text.components(separatedBy: "\n") {
            let r = NSRange(line.startIndex..., in: line)
            let isDump = hexDumpLine.firstMatch(in: line, range: r) != nil
            if isDump && inDump {
                if let m = hexDumpLine.firstMatch(in: line, range: r), let n = Range(m.range(at: 2), in: line) {
                    out.append(String(line[..<n.upperBound]) + " " + marker)
                } else { out.append(marker) }
                continue
            }
            inDump = !isDump && secretHeader.firstMatch(in: line, range: r) != nil && (line.contains("=>") || line.hasSuffix(":"))
            out.append(line)
        }
        return out.joined(separator: "\n")
    }

    static func replace(_ re: NSRegularExpression, in text: String, template: String) -> String {
        re.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
    }
}
