import Foundation
import Parsers

/// Finds the secrets of a configuration text by the grammar of the daemons' files, and replaces
/// them. A secret is whatever follows a secret-bearing keyword, case-insensitively, wherever the
/// keyword stands (a one-line block `ike-x { secret = v }`, a comment, a macro), up to the end
/// of its value: the closing quote (however many lines later), or the end of the line.
///
/// The grammars (the man page and section each form comes from, see Tests/Fixtures/secrets/):
/// - `ipsec.secrets(5)` (strongSwan and Libreswan): `[ids] : TYPE value`, any case, ids that hold
///   `=`, `:` or quotes; continuation lines start with whitespace; `: RSA { ... }` key blocks;
///   `: PPKS "id" "secret"` (Libreswan).
/// - `swanctl.conf(5)`, `strongswan.conf(5)` (settings syntax): `secret = v`, `pin = v`,
///   dotted keys (`charon.plugins.eap-radius.secret = v`), quoted values over several lines,
///   URIs with a password (`database = mysql://user:pass@host/db`).
/// - `ipsec.conf(5)` of OpenBSD and `iked.conf(5)`: `psk "v"`, `authkey 0x..`, `enckey 0x..`.
/// - illumos `ike.preshared(4)` (`key 0x..`) and `ipseckey(1M)` (`authkey`, `encrkey`).
/// - racoon `psk.txt` (racoon.conf(5), `pre_shared_key`): every line is `identifier key`.
/// - PEM private keys (RFC 7468), with or without their END line.
enum SecretGrammar {
    static let marker = Redactor.marker

    /// Which file grammar a text follows, where the path tells; `generic` applies every
    /// keyword rule and is right for all files but racoon's `psk.txt`.
    enum File: Sendable {
        case generic
        /// racoon's pre-shared key file: `identifier key` per line, no keyword at all.
        case racoonPSK
        /// ipsec.secrets (strongSwan, Libreswan): the generic grammar, then SecretsFileGrammar.
        case ipsecSecrets

        /// The grammar of a known configuration file, nil for a type the tool does not know
        /// (default deny: `collect` lists such a file instead of copying it).
        static func of(path: String) -> File? {
            let name = (path as NSString).lastPathComponent
            let p = path
            if name == "psk.txt" || p.hasPrefix("/etc/racoon/") && name.hasSuffix(".txt") { return .racoonPSK }
            if name.hasSuffix(".secrets") { return .ipsecSecrets }
            if name.hasSuffix(".conf") || name == "ike.preshared"
                || name == "ipseckeys" || name == "ike.config" || p == "/etc/inet/ike/config" || name == "iked.conf" || name == "isakmpd.policy" { return .generic }
            return nil
        }
    }

    // MARK: keywords

    /// Keys whose `=` or `:` value is a secret (the last dotted component, lowercased).
    static let assignedKeys: Set<String> = [
        "secret", "psk", "pin", "password", "passwd", "passphrase", "pwd", "pass", "xauth_password", "xauthpass",
        "xauthpassword", "pre-shared-key", "pre_shared_key", "presharedkey", "preshared_key", "sharedkey",
        "shared_key", "shared-key", "eap_password", "private_key_password", "key_password", "authkey", "enckey",
        "encrkey", "authentication", "keystring", "ppk", "ppks",
    ]

    static func isSecretKey(_ raw: Substring) -> Bool {
        let key = (raw.split(separator: ".").last.map(String.init) ?? String(raw)).lowercased()
        if assignedKeys.contains(key) { return true }
        // Macros and site-specific names: mypsk, radius_secret, db-password, userpass ...
        return key.contains("psk") || key.contains("secret") || key.contains("passw") || key.contains("passphrase")
            || key.hasSuffix("pass") || key.hasSuffix("pwd") || key.hasSuffix("_pin") || key.hasSuffix("-pin")
    }

    /// Keywords whose next word is a secret without `=` (OpenBSD ipsec.conf/iked.conf `psk`,
    /// `authkey`, `enckey`; ipseckey `authkey`/`encrkey`; ike.preshared `key`).
    static let spacedKeys: Set<String> = ["psk", "authkey", "enckey", "encrkey", "key", "password", "passphrase"]

    /// What every secret-bearing key name holds (prefilter for `assignment`, see isSecretKey).
    static let keyWords = ["secret", "psk", "pin", "pass", "pwd", "key", "authentication", "ppk"].map { Array($0.utf8) }
    static let spacedWords = ["psk", "key", "pass"].map { Array($0.utf8) }
    static let beginMarker = Array("-----begin".utf8)
    static let uriMarker = Array("://".utf8)
    /// What every ipsec.secrets type holds (prefilter for `secretsEntry`).
    static let secretTypeWords = ["psk", "ppk", "xauth", "eap", "ntlm", "rsa", "ecdsa", "ed25519", "ed448", "bliss", "pkcs",
                                  "p12", "pin", "priv"].map { Array($0.utf8) }

    // `KEY = value` / `KEY: value` anywhere; KEY not preceded by a word character or `=`.
    static let assignment = try! NSRegularExpression(
        pattern: #"(?<![A-Za-z0-9_.=])([A-Za-z0-9_][A-Za-z0-9_.-]*)(\s*(?:=(?!>)|:(?!:))\s*)(?=\S)"#)
    // `KEY value`: the keyword as its own word, then whitespace.
    static let spaced = try! NSRegularExpression(
        pattern: #"(?<![A-Za-z0-9_.=:$-])(psk|authkey|enckey|encrkey|key|password|passphrase)([ \t]+)(?=[^ \t=:{}#;])"#,
        options: [.caseInsensitive])
    /// ipsec.secrets: `... : TYPE`. The colon stands after whitespace, a quote or at the start.
    static let secretsEntry = try! NSRegularExpression(
        pattern: #"(^|[\s"'])(:)([ \t]*)(PSK|PPKS|PPK|XAUTH|EAP|NTLM|RSA|ECDSA|ED25519|ED448|BLISS|PKCS8|PKCS12|P12|PIN|PRIV)(?=[\s"'{]|$)"#,
        options: [.caseInsensitive])
    static let uriPassword = try! NSRegularExpression(
        pattern: #"([A-Za-z][A-Za-z0-9+.-]*://[^\s/:@"']*):([^\s"']*)@(?=[^\s@]*(?:[\s/"']|$))"#)
    static let pemBegin = try! NSRegularExpression(
        pattern: #"-----BEGIN ([A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?)-----"#)

    // MARK: redaction

    /// The redacted text; `found` receives every secret value removed (for literal scrubbing).
    /// In the generic grammar the text is read as bytes: a plain line (PlainBytes) goes through
    /// `redactLine` only when a secret may start on it (SecretTriggers) or one continues onto
    /// it; every other plain line is copied; a line that is not plain goes to `redactLine`
    /// whole. racoon's `psk.txt` goes to `referenceRedact`, the String-level loop.
    static func redact(_ text: String, file: File = .generic, found: (String) -> Void = { _ in }) -> String {
        if file == .ipsecSecrets { return SecretsFileGrammar.redact(redact(text, file: .generic, found: found), found: found) }
        guard file == .generic else { return referenceRedact(text, file: file, found: found) }
        let b = Array(text.utf8)
        return redact(bytes: b, plain: PlainBytes.isPlain(b), found: found).map { String(decoding: $0, as: UTF8.self) } ?? text
    }

    /// The redacted bytes of plain text in the generic grammar, nil when no line changed.
    static func redact(plain b: [UInt8], found: (String) -> Void = { _ in }) -> [UInt8]? {
        redact(bytes: b, plain: true, found: found)
    }

    /// The redacted bytes of a text (valid UTF-8) in the generic grammar, nil when no line
    /// changed; `plain` says the whole text is plain (else each line is looked at). Lines as
    /// `referenceRedact` splits them (`forEachCharacterLine`).
    static func redact(bytes b: [UInt8], plain: Bool, found: (String) -> Void = { _ in }) -> [UInt8]? {
        b.withUnsafeBufferPointer { p in
            var w = LineWriter(p)
            var state = State()
            var changed = false
            PlainBytes.forEachCharacterLine(p) { s, e in
                let plainLine = plain || PlainBytes.isPlain(p, s, e)
                if plainLine, state.isOutside, !SecretTriggers.mayHoldSecret(p, s, e) {
                    w.append(p, s, e)
                    return
                }
                let red = redactLine(PlainBytes.string(p, s, e), file: .generic, state: &state, found: found)
                if w.append(red, replacing: p, s, e) { changed = true }
            }
            return changed ? w.finish() : nil
        }
    }

    /// `redact(bytes:plain:)` of `b`, and the secrets `redact(bytes: original, plain:found:)`
    /// would find, in one walk: `b` is `original` with some lines changed (a key dump's), line
    /// for line. Where a line is the same in both and the two readings stand in the same
    /// state, it is read once; elsewhere each reading reads its own line.
    static func redact(bytes b: [UInt8], plain: Bool, learningFrom original: [UInt8], found: (String) -> Void) -> [UInt8]? {
        b.withUnsafeBufferPointer { p in
            original.withUnsafeBufferPointer { o in
                var w = LineWriter(p)
                var state = State(), learnt = State()
                var changed = false
                var lines = PlainBytes.CharacterLines(p), learnLines = PlainBytes.CharacterLines(o)
                /// Whether a reading in `st` passes the line on unread (see `redact(bytes:plain:found:)`).
                func skips(_ q: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int, _ st: State) -> Bool {
                    (plain || PlainBytes.isPlain(q, s, e)) && st.isOutside && !SecretTriggers.mayHoldSecret(q, s, e)
                }
                while let (s, e) = lines.next() {
                    guard let (os, oe) = learnLines.next() else { preconditionFailure("a key dump keeps the lines") }
                    let same = state == learnt && UnsafeBufferPointer(rebasing: p[s..<e]).elementsEqual(UnsafeBufferPointer(rebasing: o[os..<oe]))
                    if skips(p, s, e, state) {
                        w.append(p, s, e)
                    } else {
                        let red = redactLine(PlainBytes.string(p, s, e), file: .generic, state: &state, found: same ? found : { _ in })
                        if w.append(red, replacing: p, s, e) { changed = true }
                    }
                    if same { learnt = state; continue }
                    if !skips(o, os, oe, learnt) {
                        _ = redactLine(PlainBytes.string(o, os, oe), file: .generic, state: &learnt, found: found)
                    }
                }
                return changed ? w.finish() : nil
            }
        }
    }

    struct State: Equatable {
        /// Inside a quoted secret that continues on this line (the quote character).
        var openQuote: Character?
        /// After an ipsec.secrets entry: lines that start with whitespace continue it.
        var inSecretsEntry = false
        /// Inside Libreswan's `: RSA { ... }`: field names stay, values go.
        var inKeyBlock = false
        /// Inside a PEM private key, until its END line (or the end of the text).
        var inPEM = false

        /// Outside every multi-line value: a line is then read on its own.
        var isOutside: Bool { openQuote == nil && !inSecretsEntry && !inKeyBlock && !inPEM }
    }

    static func redactLine(_ line: String, file: File, state s: inout State, found: (String) -> Void) -> String {
        let lead = String(line.prefix { $0 == " " || $0 == "\t" })
        let trimmed = line.dropFirst(lead.count)
        if s.inPEM {
            if trimmed.hasPrefix("-----END ") { s.inPEM = false; return line }
            if !trimmed.isEmpty { found(String(trimmed)) }
            return trimmed.isEmpty ? line : lead + marker
        }
        if let q = s.openQuote {
            // The rest of a multi-line quoted secret: up to its closing quote.
            guard let end = closingQuote(q, in: Substring(line)) else {
                if !trimmed.isEmpty { found(String(trimmed)) }
                return trimmed.isEmpty ? line : lead + marker
            }
            s.openQuote = nil
            let secret = line[..<end]
            if !secret.trimmingCharacters(in: .whitespaces).isEmpty { found(String(secret).trimmingCharacters(in: .whitespaces)) }
            // The closing quote goes with the value (the opening one was dropped with it).
            return lead + marker + redactLine(String(line[line.index(after: end)...]), file: file, state: &s, found: found)
        }
        if s.inKeyBlock {
            if trimmed.contains("}") { s.inKeyBlock = false; return line }
            if trimmed.isEmpty || trimmed.hasPrefix("#") { return line }
            let name = trimmed.split(separator: ":", maxSplits: 1).first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            found(String(trimmed))
            return lead + (name.isEmpty || name.count > 30 || name.contains(" ") ? marker : "\(name): \(marker)")
        }
        if s.inSecretsEntry {
            if !lead.isEmpty, !trimmed.isEmpty, !trimmed.hasPrefix("#") {
                found(String(trimmed))
                return lead + marker
            }
            s.inSecretsEntry = false
        }
        let lower = LineBytes(lowering: line)
        if lower.has(beginMarker), let m = first(pemBegin, in: line), let r = Range(m.range, in: line) {
            s.inPEM = true
            let after = line[r.upperBound...]
            if !after.trimmingCharacters(in: .whitespaces).isEmpty {
                // A key body on the BEGIN line itself (a one-line paste).
                if let end = after.range(of: "-----END ") { s.inPEM = false; found(String(after[..<end.lowerBound])); return String(line[..<r.upperBound]) + marker + after[end.lowerBound...] }
                found(String(after))
                return String(line[..<r.upperBound]) + marker
            }
            return line
        }
        if file == .racoonPSK {
            // `identifier key`: the first word stays, the rest is the key.
            if trimmed.isEmpty || trimmed.hasPrefix("#") { return line }
            let words = trimmed.split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" })
            guard words.count == 2 else { found(String(trimmed)); return lead + marker }
            found(String(words[1]).trimmingCharacters(in: .whitespaces))
            return lead + words[0] + " " + marker
        }
        // The regular expressions only run on lines that hold one of their keywords (logs of
        // a million lines pass through here).
        var t = line
        let colon = lower.has(byte: 0x3A)
        if colon, lower.hasAny(secretTypeWords) {
            t = redactSecretsEntry(t, state: &s, found: found)
        }
        if colon || lower.has(byte: 0x3D), lower.hasAssignedKey(keyWords) {
            t = redactAssignments(t, state: &s, found: found)
        }
        if lower.hasAny(spacedWords) {
            t = redactSpaced(t, state: &s, found: found)
        }
        if colon, lower.has(uriMarker) { t = redactURIPasswords(t, found: found) }
        return t
    }

    /// ipsec.secrets entries: the type stays; for key files the file name stays and a
    /// passphrase goes; every other value goes whole.
    static func redactSecretsEntry(_ line: String, state s: inout State, found: (String) -> Void) -> String {
        guard let m = first(secretsEntry, in: line), let typeR = Range(m.range(at: 4), in: line) else { return line }
        let head = String(line[..<typeR.upperBound])
        let rest = line[typeR.upperBound...]
        let value = rest.trimmingCharacters(in: .whitespaces)
        s.inSecretsEntry = true
        if value.isEmpty { return line }
        let type = line[typeR].uppercased()
        let keyFile = ["RSA", "ECDSA", "ED25519", "ED448", "BLISS", "PKCS8", "PKCS12", "P12", "PIN", "PRIV"].contains(type)
        if keyFile, value.hasPrefix("{") {
            s.inSecretsEntry = false
            if value.contains("}") { found(value); return head + " { \(marker) }" }
            s.inKeyBlock = true
            return head + " {"
        }
        if keyFile, !value.hasPrefix("\"") {
            let words = value.split(maxSplits: 1, whereSeparator: { $0 == " " || $0 == "\t" })
            if words.count == 1 { return line }
            noteValue(String(words[1]), state: &s, found: found)
            return head + " " + words[0] + " " + marker
        }
        noteValue(value, state: &s, found: found)
        return head + " \"" + marker + "\""
    }

    /// Learns a value (quotes stripped) and opens a multi-line quote when it does not close.
    static func noteValue(_ raw: String, state s: inout State, found: (String) -> Void) {
        let v = raw.trimmingCharacters(in: .whitespaces)
        for q in ["\"", "'"] as [Character] where v.first == q {
            let body = v.dropFirst()
            if let end = closingQuote(q, in: body) { found(String(body[..<end])) } else { found(String(body)); s.openQuote = q }
            return
        }
        found(v)
        // Several quoted strings (`: PPKS "id" "secret"`): each is learnt.
        for part in v.split(separator: "\"") where part.trimmingCharacters(in: .whitespaces).count >= 4 {
            found(part.trimmingCharacters(in: .whitespaces))
        }
    }

    /// The index of the quote that closes a string begun before `text` (backslash escapes).
    static func closingQuote(_ q: Character, in text: Substring) -> Substring.Index? {
        var i = text.startIndex
        while i < text.endIndex {
            if text[i] == "\\" { i = text.index(after: i); if i < text.endIndex { i = text.index(after: i) }; continue }
            if text[i] == q { return i }
            i = text.index(after: i)
        }
        return nil
    }

    /// `secret = value` (to the end of the line, or its closing quote), any case, anywhere.
    static func redactAssignments(_ line: String, state s: inout State, found: (String) -> Void) -> String {
        var t = line
        var searchFrom = t.startIndex
        while searchFrom < t.endIndex {
            let ns = NSRange(searchFrom..., in: t)
            guard let m = assignment.firstMatch(in: t, range: ns),
                  let keyR = Range(m.range(at: 1), in: t), let sepR = Range(m.range(at: 2), in: t) else { break }
            guard isSecretKey(t[keyR]), !(t[sepR].contains(":") && t[sepR.upperBound...].hasPrefix("//")) else {
                searchFrom = sepR.upperBound
                continue
            }
            let valueStart = sepR.upperBound
            let value = t[valueStart...]
            var replacement = marker
            var tail = ""
            if let q = value.first, q == "\"" || q == "'" {
                let body = value.dropFirst()
                if let end = closingQuote(q, in: body) {
                    found(String(body[..<end]))
                    tail = String(body[body.index(after: end)...])
                } else {
                    found(String(body))
                    s.openQuote = q
                }
                replacement = marker
            } else {
                // Unquoted: the rest of the line (a settings value may hold spaces and `#`);
                // the braces that close a one-line block stay.
                var v = String(value)
                while let last = v.last, last == "}" || last == " " || last == "\t" || last == ";" { tail = String(last) + tail; v.removeLast() }
                found(v)
            }
            if s.openQuote != nil { t = String(t[..<valueStart]) + replacement; break }
            let head = String(t[..<valueStart]) + replacement
            t = head + tail
            searchFrom = t.index(t.startIndex, offsetBy: head.count)
        }
        return t
    }

    /// Words that follow `psk`/`key`/`password` in daemon log messages, never as a value.
    static let messageWords: Set<String> = [
        "disabled", "enabled", "not", "found", "missing", "mismatch", "mismatched", "required", "is", "was", "are",
        "for", "of", "in", "from", "to", "and", "or", "with", "without", "exchange", "authentication", "failed",
        "length", "too", "the", "a", "an", "id", "identity", "payload", "method", "size", "type", "available",
    ]

    /// `psk "value"`, `authkey 0x..`, `key 0x..`: the next word (or quoted string).
    static func redactSpaced(_ line: String, state s: inout State, found: (String) -> Void) -> String {
        var t = line
        var searchFrom = t.startIndex
        while searchFrom < t.endIndex, s.openQuote == nil {
            guard let m = spaced.firstMatch(in: t, range: NSRange(searchFrom..., in: t)),
                  let kwR = Range(m.range(at: 1), in: t), let spR = Range(m.range(at: 2), in: t) else { break }
            let kw = t[kwR].lowercased()
            // `key` is ike.preshared's keyword only at the start of a line.
            if kw == "key", !t[..<kwR.lowerBound].allSatisfy({ $0 == " " || $0 == "\t" || $0 == "{" }) {
                searchFrom = spR.upperBound; continue
            }
            let value = t[spR.upperBound...]
            if value.hasPrefix(marker) || value.hasPrefix("\"" + marker) { searchFrom = spR.upperBound; continue }
            var end = value.endIndex
            var replacement = marker
            if let q = value.first, q == "\"" || q == "'" {
                let body = value.dropFirst()
                if let close = closingQuote(q, in: body) {
                    found(String(body[..<close])); end = body.index(after: close)
                    replacement = String(q) + marker + String(q)
                } else {
                    found(String(body)); s.openQuote = q; replacement = marker
                }
            } else {
                end = value.firstIndex(where: { $0 == " " || $0 == "\t" || $0 == ";" || $0 == "}" }) ?? value.endIndex
                // Daemons' own messages use these keywords as words ("Aggressive Mode PSK
                // disabled for security reasons", "no PSK found"): an unquoted message word is no
                // secret, and blanking it would lose the evidence the diagnosis needs.
                if messageWords.contains(value[..<end].lowercased()) { searchFrom = spR.upperBound; continue }
                found(String(value[..<end]))
            }
            let head = String(t[..<spR.upperBound]) + replacement
            t = head + String(t[end...])
            searchFrom = t.index(t.startIndex, offsetBy: head.count)
        }
        return t
    }

    /// `scheme://user:password@host` → `scheme://user:[redacted]@host`.
    static func redactURIPasswords(_ line: String, found: (String) -> Void) -> String {
        guard line.contains("://") else { return line }
        let ns = line as NSString
        for m in uriPassword.matches(in: line, range: NSRange(location: 0, length: ns.length)) {
            found(ns.substring(with: m.range(at: 2)))
        }
        return uriPassword.stringByReplacingMatches(in: line, range: NSRange(location: 0, length: ns.length),
                                                    withTemplate: "$1:\(marker)@")
    }

    static func first(_ re: NSRegularExpression, in s: String) -> NSTextCheckingResult? {
        re.firstMatch(in: s, range: NSRange(s.startIndex..., in: s))
    }
}

extension SecretGrammar {
    /// URI passwords in any text (logs and probes too: a command line may hold one).
    static func redactURIs(_ text: String) -> String {
        guard text.fastContains("://") else { return text }
        let ns = text as NSString
        return uriPassword.stringByReplacingMatches(in: text, range: NSRange(location: 0, length: ns.length),
                                                    withTemplate: "$1:\(marker)@")
    }
}
