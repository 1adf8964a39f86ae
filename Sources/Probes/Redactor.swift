import Foundation
import Parsers

/// Removes key material from what `collect` saves (and what `diagnose` and `parse` read),
/// leaving everything a diagnosis needs: algorithm names, key lengths, SPIs, selectors, the fact
/// that a secret exists. It recognises secrets by form, not by a list of names:
///
/// - configs (SecretGrammar): whatever follows a secret-bearing keyword of the daemons'
///   grammars, any case, over continuation lines and quoted multi-line values; `ipsec.secrets`
///   entries of every type; URIs with a password; PEM private keys, with or without END line.
/// - logs (KeyDumps): every hex dump, whatever its header says and whatever the log's line
///   prefix (file log, syslog, journal), plus PEM blocks and URI passwords.
/// - probes: `ip xfrm state` keys (`enc`, `auth`, `auth-trunc`, `aead`), `setkey -D` `E:`/`A:`,
///   `ipseckey dump` `AKY:`/`EKY:` (with a salt `[..]` and `/128+32`); process command lines
///   keep the program and drop arguments that look like credentials (CommandLines).
/// - anywhere: every secret value learnt from the configs (a PSK that a log echoes goes too).
public struct Redactor: Sendable {
    public static let marker = "[redacted]"

    /// Secret values seen in configs; scrubbed from every output.
    public private(set) var literals: Set<String> = []

    public init() {}

    /// Learns the secret values of a config text (call on every config before redacting).
    public mutating func learn(config text: String) {
        learn(config: text, path: nil)
    }

    /// Learns with the grammar the path names (racoon's `psk.txt` has no keywords).
    public mutating func learn(config text: String, path: String?) {
        let file = path.flatMap { SecretGrammar.File.of(path: $0) } ?? .generic
        var found: [String] = []
        _ = SecretGrammar.redact(text, file: file) { found.append($0) }
        for v in found { add(v) }
    }

    mutating func add(_ v: String) {
        var s = v.trimmingCharacters(in: .whitespaces)
        if s.count >= 2, let f = s.first, (f == "\"" || f == "'"), s.last == f { s = String(s.dropFirst().dropLast()) }
        s = s.replacingOccurrences(of: Redactor.marker, with: "").trimmingCharacters(in: .whitespaces)
        // Shorter values would blank out ordinary words; `%` values are keywords (`%any`).
        guard s.count >= 4, !s.hasPrefix("%") else { return }
        literals.insert(s)
    }

    // MARK: by kind

    /// Redacts a command's output the way its source declares (EvidenceSource.redaction); an
    /// output no source claims passes every recogniser.
    public func redact(probe text: String, source: String?) -> String {
        guard let kind = source.flatMap({ ParserRegistry.source(named: $0)?.redaction }) else { return redact(anything: text) }
        return redact(probe: text, kind: kind)
    }

    public func redact(probe text: String, kind: RedactionKind) -> String {
        var t = text
        switch kind {
        case .xfrmKeys: t = Redactor.xfrmKeys(t)
        case .setkeyKeys: t = Redactor.setkeyKeys(t)
        case .ipseckeyKeys: t = Redactor.ipseckeyKeys(t)
        case .config: t = SecretGrammar.redact(t)
        case .log: t = KeyDumps.redact(t)
        case .commandLines: t = CommandLines.redact(t)
        case .commandOutput: t = CommandLines.redactOptions(Redactor.xfrmKeys(Redactor.ipseckeyKeys(t)))
        }
        return scrub(Redactor.pemBlocks(SecretGrammar.redactURIs(t)))
    }

    public func redact(config text: String) -> String {
        scrub(SecretGrammar.redact(text))
    }

    /// A config whose path names its grammar (racoon's `psk.txt`).
    public func redact(config text: String, path: String?) -> String {
        scrub(SecretGrammar.redact(text, file: path.flatMap { SecretGrammar.File.of(path: $0) } ?? .generic))
    }

    /// Whether `collect` knows the grammar of the config file at `path` (and so can redact it).
    /// Default deny: an unknown type is listed in the manifest, not copied.
    public static func knowsConfig(path: String) -> Bool { SecretGrammar.File.of(path: path) != nil }

    /// Input of any kind, or of a kind not to be trusted (what `parse` and `diagnose` read: a
    /// file may be named for one source and hold another): every recogniser in turn.
    public func redact(anything text: String, source: String? = nil) -> String {
        // Dumps first: their headers (`Sk_ei secret => 32 bytes`) are recognised as they stand.
        var t = KeyDumps.redact(text)
        t = SecretGrammar.redact(t)
        t = Redactor.setkeyKeys(Redactor.xfrmKeys(Redactor.ipseckeyKeys(t)))
        t = source == "processes" ? CommandLines.redact(t) : CommandLines.redactOptions(t)
        return scrub(Redactor.pemBlocks(SecretGrammar.redactURIs(t)))
    }

    public func redact(log text: String) -> String {
        scrub(Redactor.pemBlocks(SecretGrammar.redactURIs(KeyDumps.redact(text))))
    }

    /// Replaces every learned secret literal. Values under 6 characters only where they stand
    /// as a word of their own (a 4-letter PSK must not blank out every word that holds it).
    public func scrub(_ text: String) -> String {
        var t = text
        for lit in literals.sorted(by: { $0.count > $1.count }) where t.contains(lit) {
            if lit.count >= 6 {
                t = t.replacingOccurrences(of: lit, with: Redactor.marker)
            } else {
                let re = try? NSRegularExpression(
                    pattern: "(?<![A-Za-z0-9])" + NSRegularExpression.escapedPattern(for: lit) + "(?![A-Za-z0-9])")
                if let re { t = Redactor.replace(re, in: t, template: NSRegularExpression.escapedTemplate(for: Redactor.marker)) }
            }
        }
        return t
    }

    // MARK: ip xfrm state, setkey, ipseckey

    static let xfrmKey = try! NSRegularExpression(
        pattern: #"^(\s*(?:enc|auth|auth-trunc|aead|comp)\s+\S+\s+)(0x[0-9a-fA-F]+|[0-9a-fA-F]{8,})(\b.*)$"#,
        options: [.anchorsMatchLines, .caseInsensitive])

    /// `enc cbc(aes) 0xd7a0...` → `enc cbc(aes) [redacted]`; `auth-trunc hmac(sha1) 0x52.. 96` →
    /// `auth-trunc hmac(sha1) [redacted] 96`.
    public static func xfrmKeys(_ text: String) -> String {
        guard text.fastContains("enc ") || text.fastContains("auth") || text.fastContains("aead ") || text.fastContains("comp ") else { return text }
        return replace(xfrmKey, in: text, template: "$1\(marker)$3")
    }

    static let setkeyKey = try! NSRegularExpression(
        pattern: #"^(\s*[EA]:\s+\S+\s+)([0-9a-fA-F]{8}(?:\s+[0-9a-fA-F]{8})*)\s*$"#, options: [.anchorsMatchLines])
    static let setkeyCont = try! NSRegularExpression(
        pattern: #"^(\s+)([0-9a-fA-F]{8}(?:\s+[0-9a-fA-F]{8})*)\s*$"#, options: [.anchorsMatchLines])

    public static func setkeyKeys(_ text: String) -> String {
        guard text.fastContains("E: ") || text.fastContains("A: ") else { return text }
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
        pattern: #"^(\s*(?:AKY|EKY|[AE]KY):\s*)([0-9a-fA-F]+(?:\[[0-9a-fA-F]*\])?(?:/\d+(?:\+\d+)?)?)(?=\s|$)"#,
        options: [.anchorsMatchLines, .caseInsensitive])

    public static func ipseckeyKeys(_ text: String) -> String {
        guard text.range(of: "KY:", options: .caseInsensitive) != nil || text.range(of: "key", options: .caseInsensitive) != nil else { return text }
        return replace(ipseckeyKeyLine, in: replace(ipseckeyKey, in: text, template: "$1\(marker)"), template: "$1\(marker)")
    }

    // MARK: configs, PEM, logs (kept for callers and tests of the old names)

    /// Redacts the secrets of a config text (SecretGrammar).
    public static func configSecrets(_ text: String) -> String { SecretGrammar.redact(text) }

    /// PEM private key bodies, with or without their END line.
    public static func pemBlocks(_ text: String) -> String {
        guard text.fastContains("PRIVATE KEY") else { return text }
        var out: [String] = []
        var inKey = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if inKey {
                if line.contains("-----END ") { inKey = false; out.append(String(line)) }
                else { out.append(line.trimmingCharacters(in: .whitespaces).isEmpty ? String(line) : marker) }
                continue
            }
            if let r = line.range(of: "-----BEGIN "), line[r.upperBound...].contains("PRIVATE KEY") {
                inKey = !line[r.upperBound...].contains("-----END ")
                if !inKey, let e = line.range(of: "-----END ") {
                    let head = line[..<r.upperBound] + (line[r.upperBound...].range(of: "-----").map { line[r.upperBound..<$0.upperBound] } ?? "")
                    out.append(String(head) + marker + String(line[e.lowerBound...]))
                } else {
                    let endOfHeader = line[r.upperBound...].range(of: "-----").map { $0.upperBound } ?? line.endIndex
                    out.append(String(line[..<endOfHeader]) + (endOfHeader < line.endIndex ? marker : ""))
                }
                continue
            }
            out.append(String(line))
        }
        return out.joined(separator: "\n")
    }

    /// Drops every hex dump of a log (KeyDumps).
    public static func logDumps(_ text: String) -> String { KeyDumps.redact(text) }

    static func replace(_ re: NSRegularExpression, in text: String, template: String) -> String {
        re.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: template)
    }
}
