import Facts
import Foundation

/// ipsec.secrets of strongSwan's starter/stroke and of Libreswan/Openswan: which secrets exist
/// for which IDs, never the secrets themselves.
///
/// The grammar, from the daemons' own readers:
/// - strongSwan `stroke_cred.c` `load_secrets` (and ipsec.secrets(5)): one entry per line,
///   `[ids] : TYPE value`, the ids and the type separated by ` : `, or the line starting with
///   `: ` when there are none; ids split at blanks, `"..."`/`'...'` quoting; types RSA, ECDSA,
///   PKCS8, P12, PIN, PSK, EAP, NTLM, XAUTH; `include FILE` (glob, relative to the file's
///   directory); `#` comments.
/// - Libreswan `lib/libswan/secrets.c` `process_secret_records` (ipsec.secrets(5)): indices then
///   a `:` that only needs to be FOLLOWED by whitespace (`2001:db8::45:  PSK`, testing/pluto/
///   ikev2-61-any-psk), continuation lines indented (the indices may span lines, and so may the
///   value), types PSK, XAUTH, PPKS (`PPKS "id" "key"`), case-insensitive; Libreswan < 4 and
///   Openswan also hold raw keys `: RSA {` ... `}` over indented lines.
///
/// Records (`IpsecSecretsRecord`): `kind: secret` with `ids` and `type`, `kind: include` with
/// `path`. The value after the type (a key, a passphrase, a PIN, a key file name, a key block)
/// is skipped whole. A line no record accounts for is listed as unparsed WITHOUT its text past
/// the ids (it may hold a secret): the ids and ` : …`, or a placeholder.
public struct IpsecSecretsParser: OutputParser {
    public init() {}
    public var source: String { "ipsec-secrets" }
    public var summary: String { "ipsec.secrets (strongSwan stroke, Libreswan): IDs and secret types, never the secrets" }

    public static let types: Set<String> = ["PSK", "RSA", "ECDSA", "PKCS8", "P12", "PIN", "EAP", "NTLM", "XAUTH", "PPKS"]
    /// Types whose value may be a `{ ... }` raw key block.
    static let keyTypes: Set<String> = ["RSA", "ECDSA", "PKCS8"]
    static let hidden = "(not shown: an ipsec.secrets line may hold a secret)"

    /// An entry whose separator has not been seen yet (Libreswan indices over several lines),
    /// or whose type is on the next line.
    struct Pending {
        var lines: [Int]
        var text: String
        /// The ids, once the `:` was found and the type was not on its line.
        var ids: [String]?
    }

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [IpsecSecretsRecord] = []
        var pending: Pending?
        var inEntry = false
        var inBlock = false

        func drop(_ p: Pending) {
            // An entry without its `:` or type: its lines are listed, their text is not.
            for (i, n) in p.lines.enumerated() {
                let shown = i == 0 && p.ids != nil ? p.ids!.joined(separator: " ") + " : …" : Self.hidden
                acc.unparsed.append(UnparsedLine(line: n, text: shown))
            }
        }
        /// The value after the type: a `{` key block (to its `}`), or the rest of the line (a
        /// quoted value never spans lines in either daemon's reader).
        func value(_ rest: Substring, type: String) {
            let v = rest.drop(while: { $0 == " " || $0 == "\t" })
            if Self.keyTypes.contains(type), v.first == "{" { inBlock = !v.contains("}") }
        }
        /// Reads `text` (the entry so far) for the separator and the type.
        func advance(_ p: inout Pending) -> Bool {
            var ids = p.ids
            var rest = Substring("")
            if ids == nil {
                guard let sep = Self.separator(in: p.text) else { return false }
                ids = Self.tokens(p.text[..<sep])
                rest = p.text[p.text.index(after: sep)...]
            } else {
                rest = Substring(p.text)
            }
            let afterBlanks = rest.drop(while: { $0 == " " || $0 == "\t" })
            if afterBlanks.isEmpty { p.ids = ids; p.text = ""; return false }
            let word = afterBlanks.prefix(while: { $0 != " " && $0 != "\t" && $0 != "{" })
            let type = word.uppercased()
            guard Self.types.contains(type) else {
                p.ids = ids
                drop(p)
                p.lines = []
                return true
            }
            records.append(IpsecSecretsRecord(line: p.lines[0], ids: ids ?? [], type: type))
            acc.account(p.lines)
            value(afterBlanks[word.endIndex...], type: type)
            return true
        }

        for line in text.numberedLines {
            if inBlock {
                acc.account(line.number)
                if line.text.contains("}") { inBlock = false }
                continue
            }
            let t = line.trimmed
            if t.isEmpty { continue }
            if t.hasPrefix("#") { acc.account(line.number); continue }
            if line.isIndented {
                if var p = pending {
                    p.lines.append(line.number)
                    p.text += p.ids == nil ? " " + t : t
                    if advance(&p) { pending = nil; inEntry = true } else { pending = p }
                } else if inEntry {
                    acc.account(line.number)  // the value continued (Libreswan)
                } else {
                    acc.unparsed.append(UnparsedLine(line: line.number, text: Self.hidden))
                }
                continue
            }
            if let p = pending { drop(p) }
            pending = nil
            inEntry = false
            if t.hasPrefix("include"), let path = t.dropFirst("include".count).words.first, t.dropFirst("include".count).first?.isWhitespace == true {
                records.append(IpsecSecretsRecord(line: line.number, include: path))
                acc.account(line.number)
                continue
            }
            var p = Pending(lines: [line.number], text: line.text)
            if advance(&p) { inEntry = true } else { pending = p }
        }
        if let p = pending { drop(p) }
        return acc.result(source: source, typed: records)
    }

    /// The `:` between the ids and the type: outside quotes, followed by a blank or the end of
    /// the text (IPv6 ids hold colons followed by hex digits or another colon).
    public static func separator(in text: String) -> String.Index? {
        var quote: Character?
        var i = text.startIndex
        while i < text.endIndex {
            let c = text[i]
            let next = text.index(after: i)
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == ":", next == text.endIndex || text[next] == " " || text[next] == "\t" {
                return i
            }
            i = next
        }
        return nil
    }

    /// The ids: blank-separated words, `"..."`/`'...'` quoting a word with blanks.
    static func tokens(_ text: Substring) -> [String] {
        var out: [String] = []
        var cur = ""
        var quote: Character?
        var quoted = false
        for c in text {
            if let q = quote {
                if c == q { quote = nil } else { cur.append(c) }
            } else if c == "\"" || c == "'" {
                quote = c; quoted = true
            } else if c == " " || c == "\t" {
                if !cur.isEmpty || quoted { out.append(cur) }
                cur = ""; quoted = false
            } else {
                cur.append(c)
            }
        }
        if !cur.isEmpty || quoted { out.append(cur) }
        return out
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension IpsecSecretsParser: EvidenceSource {
    public var kind: ProbeSpec.Kind { .config }
    public var redaction: RedactionKind { .secretsFile }
    public var yields: [String] { ["secrets.includes", "secrets.types"] }
    public var probes: [ProbeSpec] {
        [
            ProbeSpec("ipsec-secrets", source: "ipsec-secrets", .file("/etc/ipsec.secrets"), needsRoot: true, kind: .config),
            // Libreswan's default ipsec.secrets is `include /etc/ipsec.d/*.secrets`.
            ProbeSpec("ipsec.d-secrets", source: "ipsec-secrets", .file("/etc/ipsec.d/*.secrets"), needsRoot: true, kind: .config),
        ]
    }
    public var snapshotNames: [String] { ["ipsec.secrets"] }
}
