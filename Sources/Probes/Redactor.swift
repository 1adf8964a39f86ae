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
        learn(found: found, of: text)
    }

    /// Learns the secret values of an ipsec.secrets text, typos of its types included.
    public mutating func learn(secretsFile text: String) {
        var found: [String] = []
        _ = SecretGrammar.redact(text, file: .ipsecSecrets) { found.append($0) }
        for v in found { add(v) }
    }

    /// Learns the secrets a grammar `found` in `text`, and the values of the macros among them
    /// (`psk $k`: see MacroSecrets); the text is only read again when a secret is a `$name`.
    mutating func learn(found: [String], of text: @autoclosure () -> String) {
        for v in found { add(v) }
        guard found.contains(where: { !MacroSecrets.references($0).isEmpty }) else { return }
        for v in MacroSecrets.values(in: text(), for: found) { add(v) }
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
        case .secretsFile: t = SecretGrammar.redact(t, file: .ipsecSecrets)
        case .log: t = KeyDumps.redact(t)
        case .commandLines: t = CommandLines.redact(t)
        case .commandOutput: t = CommandLines.redactOptions(anything: Redactor.xfrmKeys(Redactor.ipseckeyKeys(t)))
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
    /// The text stays bytes from one recogniser to the next; each reads its plain lines
    /// (PlainBytes) on their bytes and hands only the others to its String-level code, so a
    /// text with a few lines that are not plain is read mostly as bytes.
    public func redact(anything text: String, source: String? = nil) -> String {
        scrub(Redactor.recognise(anything: text, source: source, learning: nil))
    }

    /// `learn(config: text)` then `redact(anything: text, source:)`, reading the text's
    /// config secrets once: the learning is the reading of the secrets the redaction does
    /// anyway, except on lines a key dump changed first (SecretGrammar's `learningFrom`).
    public mutating func learnAndRedact(anything text: String, source: String? = nil) -> String {
        var found: [String] = []
        let t = Redactor.recognise(anything: text, source: source) { found.append($0) }
        learn(found: found, of: text)
        return scrub(t)
    }

    /// What `parse` prints of its input: the input learnt as a config with the grammar its
    /// path names, then redacted as a config (racoon's `psk.txt`) or by every recogniser;
    /// `learn(config:path:)` and then `redact(config:path:)` or `redact(anything:source:)`,
    /// with the secrets read once.
    public mutating func learnAndRedact(input text: String, source: String, path: String?) -> String {
        let grammar = path.flatMap { SecretGrammar.File.of(path: $0) } ?? .generic
        if Redactor.isPskFile(path) {
            // Learning and redacting read the text with the same grammar: once.
            var found: [String] = []
            let out = SecretGrammar.redact(text, file: grammar) { found.append($0) }
            learn(found: found, of: text)
            return scrub(out)
        }
        guard grammar == .generic else {
            // racoon's grammar for other files under /etc/racoon: learnt apart.
            learn(config: text, path: path)
            return redact(anything: text, source: source)
        }
        return learnAndRedact(anything: text, source: source)
    }

    /// racoon's `psk.txt` (any path naming it): learnt and redacted as a config, with its grammar.
    static func isPskFile(_ path: String?) -> Bool { path?.range(of: "psk.txt") != nil }

    /// `learnAndRedact(input:source:path:)` of a text given as its bytes, the redacted bytes
    /// back (what `parse` reads and hands to its parser): a plain text (PlainBytes) in the
    /// generic grammar is never made a String unless a step needs one — the URI and PEM
    /// recognisers, `processes`' command lines, literals to scrub —; any other text is
    /// decoded (`String(decoding:)` repairs invalid UTF-8) and goes the String way.
    public mutating func learnAndRedact(input b: [UInt8], source: String, path: String?) -> [UInt8] {
        let generic = (path.flatMap { SecretGrammar.File.of(path: $0) } ?? .generic) == .generic
        guard generic, !Redactor.isPskFile(path), source != "processes", PlainBytes.isPlain(b) else {
            return Array(learnAndRedact(input: String(decoding: b, as: UTF8.self), source: source, path: path).utf8)
        }
        var found: [String] = []
        var out = b
        var tail: TailWords?
        _ = Redactor.recognise(bytes: &out, plain: true, source: source, learning: { found.append($0) }, tail: &tail)
        learn(found: found, of: String(decoding: b, as: UTF8.self))
        return finishPlain(out, source: source, tail: tail)
    }

    /// `redact(anything:source:)` of a text given as its bytes, the redacted bytes back (what
    /// `diagnose --snapshot` hands its parsers, SnapshotReader): a plain text (PlainBytes) goes
    /// through the byte-level steps and is made a String only if a later step needs one, as in
    /// `learnAndRedact(input:)`; any other text (and `processes`) is decoded as FileReader's
    /// `text` decodes it and goes the String way whole.
    public func redact(anything b: [UInt8], source: String?) -> [UInt8] {
        guard source != "processes", PlainBytes.isPlain(b) else {
            return Array(redact(anything: String(decoding: b, as: UTF8.self), source: source).utf8)
        }
        var out = b
        var tail: TailWords?
        _ = Redactor.recognise(bytes: &out, plain: true, source: source, learning: nil, tail: &tail)
        return finishPlain(out, source: source, tail: tail)
    }

    /// The steps of `redact(anything:)` after the byte-level ones, for a plain text whose
    /// bytes they left as `out`: those bytes as they are when no step needs a String (no
    /// literal learnt to scrub, no `://`, no `PRIVATE KEY`); else the String-level steps
    /// (`recogniseTail`, `scrub`). `out` is the text `recognise(anything:)` would hand on,
    /// changed or not.
    /// `tail`: those two gates' answers on `out`, where known.
    func finishPlain(_ out: [UInt8], source: String?, tail: TailWords? = nil) -> [UInt8] {
        let uri = tail?.uri ?? PlainBytes.contains(out, Redactor.uriWord)
        guard literals.isEmpty, !uri, !(tail?.privateKey ?? PlainBytes.contains(out, Redactor.privateKeyWord)) else {
            return Array(scrub(Redactor.recogniseTail(String(decoding: out, as: UTF8.self), bytes: out, source: source)).utf8)
        }
        return out
    }

    /// `redact(anything:)` before the literals are scrubbed; `learning` receives the secrets
    /// `learn(config:)` would find in `text`.
    static func recognise(anything text: String, source: String?, learning: ((String) -> Void)?) -> String {
        var b = Array(text.utf8)
        let changed = recognise(bytes: &b, plain: PlainBytes.isPlain(b), source: source, learning: learning)
        return recogniseTail(changed ? String(decoding: b, as: UTF8.self) : text, bytes: b, source: source)
    }

    /// The byte-level steps of `recognise(anything:)` on `b` (`plain`: whether `b` is plain);
    /// true when one changed it.
    static func recognise(bytes b: inout [UInt8], plain: Bool, source: String?, learning: ((String) -> Void)?) -> Bool {
        var tail: TailWords?
        return recognise(bytes: &b, plain: plain, source: source, learning: learning, tail: &tail)
    }

    /// Whether the text `recognise(bytes:...)` left holds `://` and `PRIVATE KEY`
    /// (`finishPlain`'s gates), where its walk learnt it on the way.
    struct TailWords { var uri: Bool, privateKey: Bool }

    /// `recognise(bytes:plain:source:learning:)`; `tail` is set when the walk over plain text
    /// (QuietPlainText) learnt what `finishPlain`'s gates ask of the text it leaves.
    static func recognise(bytes b: inout [UInt8], plain: Bool, source: String?, learning: ((String) -> Void)?,
                          tail: inout TailWords?) -> Bool {
        var changed = false
        func step(_ out: [UInt8]?) { if let out { b = out; changed = true } }
        if plain, let v = QuietPlainText.walk(b) {
            // KeyDumps, SecretGrammar and ipseckeyKeys leave the text as it is (QuietPlainText):
            // the later steps read it as they would after them, their gates answered by the walk.
            if let learning { v.found.forEach(learning) }
            if v.xfrmWords { step(Redactor.xfrmKeys(bytes: b, plain: true)) }
            if changed || v.setkeyWords { step(Redactor.setkeyKeys(bytes: b, plain: true)) }
            let before = changed
            if source != "processes" { step(CommandLines.redactOptions(bytes: b, plain: true)) }
            if !before && !changed { tail = TailWords(uri: v.uri, privateKey: v.privateKey) }
            return changed
        }
        // Dumps first: their headers (`Sk_ei secret => 32 bytes`) are recognised as they stand.
        let dumps = KeyDumps.redact(bytes: b, plain: plain)
        if let learning, let dumps {
            // The config grammar learns from the text as it was, and redacts it as it is now.
            let original = b
            step(dumps)
            step(SecretGrammar.redact(bytes: b, plain: plain, learningFrom: original, found: learning))
        } else {
            step(dumps)
            step(SecretGrammar.redact(bytes: b, plain: plain, found: learning ?? { _ in }))
        }
        step(Redactor.ipseckeyKeys(bytes: b, plain: plain))
        step(Redactor.xfrmKeys(bytes: b, plain: plain))
        step(Redactor.setkeyKeys(bytes: b, plain: plain))
        if source != "processes" { step(CommandLines.redactOptions(bytes: b, plain: plain)) }
        return changed
    }

    /// The String-level steps of `recognise(anything:)` after the byte-level ones: `t` is the
    /// text they left, `b` its bytes.
    static func recogniseTail(_ text: String, bytes b: [UInt8], source: String?) -> String {
        var t = text
        if source == "processes" {
            t = CommandLines.redact(t)
            return Redactor.pemBlocks(SecretGrammar.redactURIs(t))
        }
        // The same gates as redactURIs' and pemBlocks' own, on the bytes at hand.
        // (After a URI password went, pemBlocks looks at the new text itself.)
        if PlainBytes.contains(b, Redactor.uriWord) {
            t = Redactor.pemBlocks(SecretGrammar.redactURIs(t))
        } else if PlainBytes.contains(b, Redactor.privateKeyWord) {
            t = Redactor.pemBlocks(t)
        }
        return t
    }

    static let uriWord = Array("://".utf8), privateKeyWord = Array("PRIVATE KEY".utf8)

    public func redact(log text: String) -> String {
        scrub(Redactor.pemBlocks(SecretGrammar.redactURIs(KeyDumps.redact(text))))
    }

    /// The order literals are replaced in: longest first, and among literals of one length in
    /// text order (by length alone, two overlapping literals of one length went in the Set's
    /// order, which differs between two redactors that learnt the same).
    static func scrubOrder(_ literals: Set<String>) -> [String] {
        literals.sorted { $0.count != $1.count ? $0.count > $1.count : $0 < $1 }
    }

    /// Replaces every learned secret literal. Values under 6 characters only where they stand
    /// as a word of their own (a 4-letter PSK must not blank out every word that holds it).
    /// An ASCII literal is looked for in the bytes (Foundation's `contains` bridges the whole
    /// text through NSString on Linux); an ASCII literal is in a text exactly when its bytes are.
    public func scrub(_ text: String) -> String {
        var t = text
        for lit in Redactor.scrubOrder(literals) {
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
    /// `auth-trunc hmac(sha1) [redacted] 96`. Plain lines are matched on their bytes
    /// (XfrmKeyLines), other lines by the regular expression alone, and text where the pattern
    /// could run over a line end by the regular expression.
    public static func xfrmKeys(_ text: String) -> String {
        let b = Array(text.utf8)
        return xfrmKeys(bytes: b, plain: PlainBytes.isPlain(b)).map { String(decoding: $0, as: UTF8.self) } ?? text
    }

    static let xfrmWords = ["enc ", "auth", "aead ", "comp "].map { Array($0.utf8) }

    /// Plain text's bytes, nil when unchanged (the same whole-text gate as before).
    static func xfrmKeys(plain b: [UInt8]) -> [UInt8]? { xfrmKeys(bytes: b, plain: true) }

    /// A text's bytes, nil when unchanged; `plain` says the whole text is plain.
    static func xfrmKeys(bytes b: [UInt8], plain: Bool) -> [UInt8]? {
        guard xfrmWords.contains(where: { PlainBytes.contains(b, $0) }) else { return nil }
        switch XfrmKeyLines.redact(bytes: b, plain: plain) {
        case .unchanged: return nil
        case let .changed(out): return out
        case .acrossLines:
            let t = String(decoding: b, as: UTF8.self)
            let out = replace(xfrmKey, in: t, template: "$1\(marker)$3")
            return out.utf8.elementsEqual(b) ? nil : Array(out.utf8)
        }
    }

    static let setkeyKey = try! NSRegularExpression(
        pattern: #"^(\s*[EA]:\s+\S+\s+)([0-9a-fA-F]{8}(?:\s+[0-9a-fA-F]{8})*)\s*$"#, options: [.anchorsMatchLines])
    static let setkeyCont = try! NSRegularExpression(
        pattern: #"^(\s+)([0-9a-fA-F]{8}(?:\s+[0-9a-fA-F]{8})*)\s*$"#, options: [.anchorsMatchLines])

    /// `E: 3des-cbc  deadbeef ...` and its continuation lines. Plain lines go through the
    /// regular expressions only if they start (after blanks) with `E:`/`A:`, or start with a
    /// blank right after a key line; other lines always (`setkeyLine`).
    public static func setkeyKeys(_ text: String) -> String {
        let b = Array(text.utf8)
        return setkeyKeys(bytes: b, plain: PlainBytes.isPlain(b)).map { String(decoding: $0, as: UTF8.self) } ?? text
    }

    static let setkeyWords = ["E: ", "A: "].map { Array($0.utf8) }

    static func setkeyKeys(plain b: [UInt8]) -> [UInt8]? { setkeyKeys(bytes: b, plain: true) }

    /// Lines as `referenceSetkeyKeys` splits them (`components(separatedBy: "\n")` keeps a
    /// `\r\n` inside a line, as `forEachCharacterLine` does).
    static func setkeyKeys(bytes b: [UInt8], plain: Bool) -> [UInt8]? {
        guard setkeyWords.contains(where: { PlainBytes.contains(b, $0) }) else { return nil }
        return b.withUnsafeBufferPointer { p in
            var w = LineWriter(p)
            var inKey = false, changed = false
            PlainBytes.forEachCharacterLine(p) { s, e in
                guard plain || PlainBytes.isPlain(p, s, e) else {
                    if w.append(setkeyLine(PlainBytes.string(p, s, e), inKey: &inKey), replacing: p, s, e) { changed = true }
                    return
                }
                var i = s
                while i < e, PlainBytes.isBlank(p[i]) { i += 1 }
                let keyLine = i + 1 < e && (p[i] == 0x45 || p[i] == 0x41) && p[i + 1] == 0x3A
                let continuation = inKey && s < e && PlainBytes.isBlank(p[s])
                if keyLine || continuation {
                    if w.append(setkeyLine(PlainBytes.string(p, s, e), inKey: &inKey), replacing: p, s, e) { changed = true }
                } else {
                    inKey = false
                    w.append(p, s, e)
                }
            }
            return changed ? w.finish() : nil
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
    /// of its names, `ipseckeyKeyLine` `KY:` in any case). Other text line by line
    /// (`ipseckeyKeys(lines:)`).
    public static func ipseckeyKeys(_ text: String) -> String {
        let b = Array(text.utf8)
        return ipseckeyKeys(bytes: b, plain: PlainBytes.isPlain(b)).map { String(decoding: $0, as: UTF8.self) } ?? text
    }

    static let ky = Array("ky:".utf8), key = Array("key".utf8)

    static func ipseckeyKeys(bytes b: [UInt8], plain: Bool) -> [UInt8]? {
        plain ? ipseckeyKeys(plain: b) : ipseckeyKeys(lines: b)
    }

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

    /// What a match that runs over the end of its line holds of it (`\s` takes `\n`): a name
    /// and blanks, perhaps `:`/`=` and blanks; `KY:` at a line start and blanks.
    static let ipseckeyKeyOpenEnd = try! NSRegularExpression(
        pattern: #"(?:AuthKey|EncrKey|authkey|encrkey|Authentication key|Encryption key)\s*(?:[:=]\s*)?\z"#)
    static let ipseckeyKeyLineOpenEnd = try! NSRegularExpression(
        pattern: #"^\s*(?:AKY|EKY|[AE]KY):\s*\z"#, options: [.anchorsMatchLines, .caseInsensitive])

    /// A text that is not plain: the reference's whole-text gate, then each expression line
    /// by line (every `\n` ends a line for them), on the plain lines that hold its words and
    /// on every other line, each alone, unless a match could run over a line's end (then on
    /// the whole text). Alone a line matches as inside the text: what the expressions read at
    /// a line's start or end is the same at a `\n` as at the text's ends.
    static func ipseckeyKeys(lines b: [UInt8]) -> [UInt8]? {
        // `referenceIpseckeyKeys`' gate: Foundation's case-insensitive search, needed only
        // where the bytes hold neither word in ASCII (a `K` may be the Kelvin sign there).
        let gate = b.withUnsafeBufferPointer { PlainBytes.containsLowered($0, 0, $0.count, ky) || PlainBytes.containsLowered($0, 0, $0.count, key) }
        if !gate {
            let t = String(decoding: b, as: UTF8.self)
            guard t.range(of: "KY:", options: .caseInsensitive) != nil || t.range(of: "key", options: .caseInsensitive) != nil else { return nil }
        }
        let first = eachLine(b, ipseckeyKey, openEnd: ipseckeyKeyOpenEnd) { p, s, e in
            ipseckeyNames.contains { PlainBytes.contains(p, s, e, $0) }
        }
        let second = eachLine(first ?? b, ipseckeyKeyLine, openEnd: ipseckeyKeyLineOpenEnd) { p, s, e in
            PlainBytes.containsLowered(p, s, e, ky)
        }
        return second ?? first
    }

    /// `replace(re, in: text, template: "$1[redacted]")` line by line: a plain line only where
    /// `holds` says the expression may match on it, every other line; the whole text at once
    /// when `openEnd` finds a line whose match could run over its end. Nil when unchanged.
    static func eachLine(_ b: [UInt8], _ re: NSRegularExpression, openEnd: NSRegularExpression,
                         holds: (UnsafeBufferPointer<UInt8>, Int, Int) -> Bool) -> [UInt8]? {
        let template = "$1\(marker)"
        var across = false
        let out: [UInt8]? = b.withUnsafeBufferPointer { p in
            var w = LineWriter(p)
            var changed = false
            PlainBytes.forEachLine(p) { s, e in
                guard !across else { return }
                guard !PlainBytes.isPlain(p, s, e) || holds(p, s, e) else { w.append(p, s, e); return }
                let line = PlainBytes.string(p, s, e)
                if SecretGrammar.first(openEnd, in: line) != nil { across = true; return }
                if w.append(replace(re, in: line, template: template), replacing: p, s, e) { changed = true }
            }
            return changed ? w.finish() : nil
        }
        guard across else { return out }
        let t = String(decoding: b, as: UTF8.self)
        let whole = replace(re, in: t, template: template)
        return whole.utf8.elementsEqual(b) ? nil : Array(whole.utf8)
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
