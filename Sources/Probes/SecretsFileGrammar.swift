import Foundation
import Parsers

/// The second pass over an ipsec.secrets file, after SecretGrammar's keyword rules: those find
/// a secret after a TYPE they know (`: PSK "..."`), so an entry whose type is misspelt
/// (`: PKS "..."`) or missing (`: "..."`) kept its secret whole — and the daemons' readers take
/// no such line (strongSwan stroke_cred.c stops at "token must be either RSA, ...", Libreswan's
/// secrets.c logs "ignored unrecognized keyword"), so the operator who pastes it is the one
/// hunting the typo. Here, line by line (the grammar of IpsecSecretsParser):
///  - comments and `include` lines stay (the first pass already redacted secrets in comments);
///  - an entry whose type is one the daemons know stays as the first pass left it;
///  - any other entry keeps its ids and the `:`, the rest becomes the marker;
///  - a line with no `:` keeps only when each word is an ID (`@fqdn`, `%any`, an address, a
///    quoted or `user@host` ID: Libreswan's indices over several lines), else it becomes the
///    marker; so does a continuation line of an entry whose type is unknown.
/// `found` receives each value removed, for the literal scrub of other outputs.
enum SecretsFileGrammar {
    static let marker = Redactor.marker

    static func redact(_ text: String, found: (String) -> Void) -> String {
        var out: [String] = []
        var hidingContinuation = false
        var awaitingType = false
        var inBlock = false
        for raw in text.split(separator: "\n", omittingEmptySubsequences: false) {
            let line = String(raw)
            let indent = String(line.prefix { $0 == " " || $0 == "\t" })
            let t = line.trimmingCharacters(in: .whitespaces)
            if inBlock {
                // a `{ ... }` key block of a known type: the first pass redacted its values
                if t.contains("}") { inBlock = false }
                out.append(line)
                continue
            }
            if t.isEmpty || t.hasPrefix("#") || t == marker { out.append(line); continue }
            if indent.isEmpty, t.hasPrefix("include"), t.dropFirst("include".count).first?.isWhitespace == true {
                hidingContinuation = false; awaitingType = false
                out.append(line)
                continue
            }
            if !indent.isEmpty, hidingContinuation {
                found(t)
                out.append(indent + marker)
                continue
            }
            if !indent.isEmpty, awaitingType {
                // Libreswan: the type on the line after the `:`
                awaitingType = false
                let (line2, hide, block) = typed(line, prefix: "", rest: Substring(line), found: found)
                out.append(line2); hidingContinuation = hide; inBlock = block
                continue
            }
            if indent.isEmpty { hidingContinuation = false; awaitingType = false }
            guard let sep = IpsecSecretsParser.separator(in: line) else {
                if t.split(whereSeparator: { $0 == " " || $0 == "\t" }).allSatisfy(isID) {
                    out.append(line)
                } else {
                    found(t)
                    out.append(indent + marker)
                }
                continue
            }
            let after = line.index(after: sep)
            let rest = line[after...]
            if rest.trimmingCharacters(in: .whitespaces).isEmpty {
                awaitingType = true
                out.append(line)
                continue
            }
            let (line2, hide, block) = typed(line, prefix: String(line[..<after]), rest: rest, found: found)
            out.append(line2); hidingContinuation = hide; inBlock = block
        }
        return out.joined(separator: "\n")
    }

    /// The entry from its type on: kept when the type is known (and a `{` opens a key block),
    /// else the marker after `prefix`; and whether the entry's continuation lines go too.
    static func typed(_ line: String, prefix: String, rest: Substring, found: (String) -> Void) -> (String, Bool, Bool) {
        let value = rest.drop { $0 == " " || $0 == "\t" }
        let word = value.prefix { $0 != " " && $0 != "\t" && $0 != "{" }
        if IpsecSecretsParser.types.contains(word.uppercased()) {
            let after = value[word.endIndex...].drop { $0 == " " || $0 == "\t" }
            return (line, false, after.first == "{" && !after.contains("}"))
        }
        found(value.trimmingCharacters(in: CharacterSet(charactersIn: " \t\"'")))
        let lead = prefix.isEmpty ? String(line.prefix { $0 == " " || $0 == "\t" }) : prefix + " "
        return (lead + marker, true, false)
    }

    /// An ID (index) as the daemons write them: `@fqdn`, `%any`, an IPv4/IPv6 address, a quoted
    /// ID without blanks, `user@host`, or the marker the first pass left.
    static func isID(_ w: Substring) -> Bool {
        if w.hasPrefix("@") || w.hasPrefix("%") || w.contains("@") || w == Substring(marker) { return true }
        // quoted: an IPv6 address or a DN (`"10::1:0:1"`), not a quoted value on its own
        if w.count >= 2, let f = w.first, f == "\"" || f == "'", w.last == f { return w.contains(":") || w.contains("=") }
        return !w.isEmpty && w.allSatisfy { $0.isHexDigit || $0 == "." || $0 == ":" || $0 == "/" } && (w.contains(".") || w.contains(":"))
    }
}
