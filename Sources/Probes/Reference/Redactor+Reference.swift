import Foundation
import Parsers

/// The first, String-level redaction (stop 17), kept as it was: the byte-level redactors hand it
/// every text that is not plain (PlainBytes), and RedactorEquivalenceTests and the `redactor`
/// fuzz target check the byte-level output against it. Only the whole-text loops are here; the
/// line-level recognisers (`SecretGrammar.redactLine`, `KeyDumps.redactLine`, the regular
/// expressions) are shared, and the byte-level loops call them on every line that may hold a
/// secret.
extension Redactor {
    /// `redact(anything:source:)` as it was.
    public func referenceRedact(anything text: String, source: String? = nil) -> String {
        var t = KeyDumps.referenceRedact(text)
        t = SecretGrammar.referenceRedact(t)
        t = Redactor.referenceSetkeyKeys(Redactor.referenceXfrmKeys(Redactor.referenceIpseckeyKeys(t)))
        t = source == "processes" ? CommandLines.redact(t) : CommandLines.referenceRedactOptions(t)
        return referenceScrub(Redactor.pemBlocks(SecretGrammar.redactURIs(t)))
    }

    public func referenceRedact(probe text: String, kind: RedactionKind) -> String {
        var t = text
        switch kind {
        case .xfrmKeys: t = Redactor.referenceXfrmKeys(t)
        case .setkeyKeys: t = Redactor.referenceSetkeyKeys(t)
        case .ipseckeyKeys: t = Redactor.referenceIpseckeyKeys(t)
        case .config: t = SecretGrammar.referenceRedact(t)
        case .secretsFile: t = SecretGrammar.referenceRedact(t, file: .ipsecSecrets)
        case .log: t = KeyDumps.referenceRedact(t)
        case .commandLines: t = CommandLines.redact(t)
        case .commandOutput: t = CommandLines.referenceRedactOptions(Redactor.referenceXfrmKeys(Redactor.referenceIpseckeyKeys(t)))
        }
        return referenceScrub(Redactor.pemBlocks(SecretGrammar.redactURIs(t)))
    }

    public func referenceRedact(config text: String, path: String? = nil) -> String {
        referenceScrub(SecretGrammar.referenceRedact(text, file: path.flatMap { SecretGrammar.File.of(path: $0) } ?? .generic))
    }

    public func referenceRedact(log text: String) -> String {
        referenceScrub(Redactor.pemBlocks(SecretGrammar.redactURIs(KeyDumps.referenceRedact(text))))
    }

    /// `learn(config:path:)` as it was (with the values of the macros a secret names).
    public mutating func referenceLearn(config text: String, path: String? = nil) {
        let file = path.flatMap { SecretGrammar.File.of(path: $0) } ?? .generic
        var found: [String] = []
        _ = SecretGrammar.referenceRedact(text, file: file) { found.append($0) }
        learn(found: found, of: text)
    }

    public func referenceScrub(_ text: String) -> String {
        var t = text
        for lit in Redactor.scrubOrder(literals) where t.contains(lit) {
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

    public static func referenceXfrmKeys(_ text: String) -> String {
        guard text.fastContains("enc ") || text.fastContains("auth") || text.fastContains("aead ") || text.fastContains("comp ") else { return text }
        return replace(xfrmKey, in: text, template: "$1\(marker)$3")
    }

    public static func referenceSetkeyKeys(_ text: String) -> String {
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

    public static func referenceIpseckeyKeys(_ text: String) -> String {
        guard text.range(of: "KY:", options: .caseInsensitive) != nil || text.range(of: "key", options: .caseInsensitive) != nil else { return text }
        return replace(ipseckeyKeyLine, in: replace(ipseckeyKey, in: text, template: "$1\(marker)"), template: "$1\(marker)")
    }
}

extension KeyDumps {
    static func referenceRedact(_ text: String) -> String {
        var out: [String] = []
        var inDump = false
        for sub in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(sub)
            let r = NSRange(line.startIndex..., in: line)
            let bytes = LineBytes(line)
            let pairs = hexPairCount(line)
            if pairs >= 1, bytes.has(colonBlank), let m = offsetDump.firstMatch(in: line, range: r),
               let off = Range(m.range(at: 2), in: line) {
                out.append(String(line[..<off.upperBound]) + " " + marker)
                inDump = true
                continue
            }
            if let cut = dumpCut(line, pairs: pairs, inDump: inDump) {
                out.append(String(line[..<cut]) + marker)
                inDump = true
                continue
            }
            inDump = (bytes.has(bytesAt) && dumpHeader.firstMatch(in: line, range: r) != nil) || endsWithColon(line)
            out.append(line)
        }
        return out.joined(separator: "\n")
    }
}

extension SecretGrammar {
    static func referenceRedact(_ text: String, file: File = .generic, found: (String) -> Void = { _ in }) -> String {
        if file == .ipsecSecrets { return SecretsFileGrammar.redact(referenceRedact(text, file: .generic, found: found), found: found) }
        var out: [String] = []
        var state = State()
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            out.append(redactLine(String(line), file: file, state: &state, found: found))
        }
        return out.joined(separator: "\n")
    }
}

extension CommandLines {
    static func referenceRedactOptions(_ text: String) -> String {
        guard text.fastContains("-") else { return text }
        var out = text
        if text.fastContains("mysql") || text.fastContains("mariadb") {
            out = gluedPassword.stringByReplacingMatches(in: out, range: NSRange(out.startIndex..., in: out), withTemplate: "$1\(marker)")
        }
        let ns = out as NSString
        for m in option.matches(in: out, range: NSRange(location: 0, length: ns.length)).reversed() {
            let name = Substring(ns.substring(with: m.range(at: 1)))
            let value = ns.substring(with: m.range(at: 3))
            guard isCredentialName(name), name != "-p", !value.hasPrefix("-"), value != marker,
                  let r = Range(m.range(at: 3), in: out) else { continue }
            out.replaceSubrange(r, with: marker)
        }
        return out
    }
}
