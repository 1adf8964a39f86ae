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
    /// Plain text (PlainBytes) stays bytes from one recogniser to the next; other text goes
    /// through the String-level recognisers (`referenceRedact(anything:)`).
    public func redact(anything text: String, source: String? = nil) -> String {
        var b = Array(text.utf8)
        guard PlainBytes.isPlain(b) else { return referenceRedact(anything: text, source: source) }
        var changed = false
        func step(_ out: [UInt8]?) { if let out { b = out; changed = true } }
        // Dumps first: their headers (`Sk_ei secret => 32 bytes`) are recognised as they stand.
        step(KeyDumps.redact(plain: b))
        step(SecretGrammar.redact(plain: b))
        step(Redactor.ipseckeyKeys(plain: b))
        step(Redactor.xfrmKeys(plain: b))
        step(Redactor.setkeyKeys(plain: b))
        if source != "processes" { step(CommandLines.redactOptions(plain: b)) }
        var t = changed ? String(decoding: b, as: UTF8.self) : text
        if source == "processes" {
            t = CommandLines.redact(t)
            return scrub(Redactor.pemBlocks(SecretGrammar.redactURIs(t)))
        }
        // The same gates as redactURIs' and pemBlocks' own, on the bytes at hand.
        // (After a URI password went, pemBlocks looks at the new text itself.)
        if PlainBytes.contains(b, Redactor.uriWord) {
            t = Redactor.pemBlocks(SecretGrammar.redactURIs(t))
        } else if PlainBytes.contains(b, Redactor.privateKeyWord) {
            t = Redactor.pemBlocks(t)
        }
        return scrub(t)
    }

    static let uriWord = Array("://".utf8), privateKeyWord = Array("PRIVATE KEY".utf8)

    public func redact(log text: String) -> String {
        scrub(Redactor.pemBlocks(SecretGrammar.redactURIs(KeyDumps.redact(text))))
    }

    /// Replaces every learned secret literal. Values under 6 characters only where they stand
    /// as a word of their own (a 4-letter PSK must not blank out every word that holds it).
    /// An ASCII literal is looked for in the bytes (Foundation's `contains` bridges the whole
    /// text through NSString on Linux); an ASCII literal is in a text exactly when its bytes are.
    public func scrub(_ text: String) -> String {
        var t = text
        for lit in literals.sorted(by: { $0.count > $1.count }) {
            let present = lit.utf8.allSatisfy({ $0 < 0x80 }) ? t.fastContains(lit) : t.contains(lit)
            guard present else { continue }
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
    /// `auth-trunc hmac(sha1) [redacted] 96`. Plain text is matched line by line on its bytes
    /// (XfrmKeyLines); other text, and text where the pattern could run over a line end, by
    /// the regular expression.
    public static func xfrmKeys(_ text: String) -> String {
        let b = Array(text.utf8)
        guard PlainBytes.isPlain(b) else { return referenceXfrmKeys(text) }
        return xfrmKeys(plain: b).map { String(decoding: $0, as: UTF8.self) } ?? text
    }

    static let xfrmWords = ["enc ", "auth", "aead ", "comp "].map { Array($0.utf8) }

    /// Plain text's bytes, nil when unchanged (the same whole-text gate as before).
    static func xfrmKeys(plain b: [UInt8]) -> [UInt8]? {
        guard xfrmWords.contains(where: { PlainBytes.contains(b, $0) }) else { return nil }
        switch XfrmKeyLines.redact(plain: b) {
        case .unchanged: return nil
        case let .changed(out): return out
        case .acrossLines:
            let t = String(decoding: b, as: UTF8.self)
            let out = replace(xfrmKey, in: t, template: "$1\(marker)$3")
            return out == t ? nil : Array(out.utf8)
        }
    }

    static let setkeyKey = try! NSRegularExpression(
        pattern: #"^(\s*[EA]:\s+\S+\s+)([0-9a-fA-F]{8}(?:\s+[0-9a-fA-F]{8})*)\s*$"#, options: [.anchorsMatchLines])
    static let setkeyCont = try! NSRegularExpression(
        pattern: #"^(\s+)([0-9a-fA-F]{8}(?:\s+[0-9a-fA-F]{8})*)\s*$"#, options: [.anchorsMatchLines])

    /// `E: 3des-cbc  deadbeef ...` and its continuation lines. Plain text: only lines that start
    /// (after blanks) with `E:`/`A:`, or that start with a blank right after a key line, go
    /// through the regular expressions.
    public static func setkeyKeys(_ text: String) -> String {
        let b = Array(text.utf8)
        guard PlainBytes.isPlain(b) else { return referenceSetkeyKeys(text) }
        return setkeyKeys(plain: b).map { String(decoding: $0, as: UTF8.self) } ?? text
    }

    static let setkeyWords = ["E: ", "A: "].map { Array($0.utf8) }

    static func setkeyKeys(plain b: [UInt8]) -> [UInt8]? {
        guard setkeyWords.contains(where: { PlainBytes.contains(b, $0) }) else { return nil }
        return b.withUnsafeBufferPointer { p in
            var w = LineWriter(capacity: p.count)
            var inKey = false, changed = false
            PlainBytes.forEachLine(p) { s, e in
                var i = s
                while i < e, PlainBytes.isBlank(p[i]) { i += 1 }
                let keyLine = i + 1 < e && (p[i] == 0x45 || p[i] == 0x41) && p[i + 1] == 0x3A
                let continuation = inKey && s < e && PlainBytes.isBlank(p[s])
                if keyLine || continuation {
                    let line = PlainBytes.string(p, s, e)
                    let red = setkeyLine(line, inKey: &inKey)
                    if red != line { changed = true }
                    w.append(red)
                } else {
                    inKey = false
                    w.append(p, s, e)
                }
            }
            return changed ? w.out : nil
        }
    }

    /// One line of `setkeyKeys`; `inKey` says whether the line before held a key.
    static func setkeyLine(_ line: String, inKey: inout Bool) -> String {
        let r = NSRange(line.startIndex..., in: line)
        if setkeyKey.firstMatch(in: line, range: r) != nil {
            inKey = true
            return setkeyKey.stringByReplacingMatches(in: line, range: r, withTemplate: "$1\(marker)")
        } else if inKey, setkeyCont.firstMatch(in: line, range: r) != nil {
            return setkeyCont.stringByReplacingMatches(in: line, range: r, withTemplate: "$1\(marker)")
        }
        inKey = false
        return line
    }

    static let ipseckeyKey = try! NSRegularExpression(
        pattern: #"((?:AuthKey|EncrKey|authkey|encrkey|Authentication key|Encryption key)\s*[:=]\s*)([0-9a-fA-F/]{8,}|\S+)"#)

    /// `ipseckey dump` prints a key as its own line, `AKY: 6e2f...c0/160` (after a line
    /// `AKY: Authentication key.`), so the hex value line is redacted wherever it stands.
    static let ipseckeyKeyLine = try! NSRegularExpression(
        pattern: #"^(\s*(?:AKY|EKY|[AE]KY):\s*)([0-9a-fA-F]+(?:\[[0-9a-fA-F]*\])?(?:/\d+(?:\+\d+)?)?)(?=\s|$)"#,
        options: [.anchorsMatchLines, .caseInsensitive])

    /// Names `ipseckeyKey` needs, as they stand (it is case-sensitive).
    static let ipseckeyNames = ["AuthKey", "EncrKey", "authkey", "encrkey", "Authentication key", "Encryption key"].map { Array($0.utf8) }

    /// Plain text: each expression runs only where the words it needs are (`ipseckeyKey` one
    /// of its names, `ipseckeyKeyLine` `KY:` in any case); other text as before.
    public static func ipseckeyKeys(_ text: String) -> String {
        let b = Array(text.utf8)
        guard PlainBytes.isPlain(b) else { return referenceIpseckeyKeys(text) }
        return ipseckeyKeys(plain: b).map { String(decoding: $0, as: UTF8.self) } ?? text
    }

    static let ky = Array("ky:".utf8)

    static func ipseckeyKeys(plain b: [UInt8]) -> [UInt8]? {
        var t: String?
        if ipseckeyNames.contains(where: { PlainBytes.contains(b, $0) }) {
            t = replace(ipseckeyKey, in: String(decoding: b, as: UTF8.self), template: "$1\(marker)")
        }
        let after = t.map { Array($0.utf8) } ?? b
        if after.withUnsafeBufferPointer({ PlainBytes.containsLowered($0, 0, $0.count, ky) }) {
            t = replace(ipseckeyKeyLine, in: t ?? String(decoding: b, as: UTF8.self), template: "$1\(marker)")
        }
        guard let t else { return nil }
        let out = Array(t.utf8)
        return out == b ? nil : out
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
