import Foundation
import Parsers

/// Process listings (`ps -eo pid,comm,args`, `pgrep -a`): each line keeps its pid, its program
/// and every argument except those that look like credentials: the value of an option named
/// like a credential (`--db-password=x`, `--psk x`, `-password x`, `PGPASSWORD=x`) and the
/// password of a URI (`mysql://user:x@host`). The daemons' own options (`charon --debug-ike 4`)
/// stay, for the diagnosis reads which daemon runs and how.
enum CommandLines {
    static let marker = Redactor.marker

    /// An option or variable name that names a credential.
    static func isCredentialName(_ raw: Substring) -> Bool {
        let n = raw.drop { $0 == "-" }.lowercased()
        guard !n.isEmpty else { return false }
        let words = ["pass", "pwd", "secret", "psk", "token", "credential", "apikey", "api-key", "api_key", "privkey",
                     "private-key", "private_key", "authkey", "auth-key", "enckey", "passphrase", "pin"]
        if words.contains(where: { n.contains($0) }) { return n != "pin" || raw.hasPrefix("-") }
        return n == "key" || n.hasSuffix("-key") || n.hasSuffix("_key") || n == "p"
    }

    /// Options named like credentials in any text (`--api-token X`, `--db-password=X`); the
    /// whole process-listing treatment is `redact`.
    static let option = try! NSRegularExpression(pattern: #"(?<![^\s"'])(--?[A-Za-z][A-Za-z0-9_.-]*)(=|[ \t]+)([^\s"']+)"#)

    /// mysql(1) and mariadb take the password glued to `-p`.
    static let gluedPassword = try! NSRegularExpression(pattern: #"(\b(?:mysql|mysqldump|mysqladmin|mariadb)\b.*?\s-p)(?!\[redacted\])([^\s"']+)"#)

    static func redactOptions(_ text: String) -> String {
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

    /// Base64 or hex of 32 characters or more, letters and digits mixed, no path: key material.
    static func isOpaqueToken(_ w: Substring) -> Bool {
        guard w.count >= 32, !w.hasPrefix("/"), !w.hasPrefix("-"), !w.contains("."), !w.contains("=") || w.hasSuffix("=") else { return false }
        var letters = false, digits = false
        for c in w.unicodeScalars {
            if c.properties.isAlphabetic && c.isASCII { letters = true } else if c >= "0" && c <= "9" { digits = true }
            else if c != "+" && c != "/" && c != "=" && c != "_" && c != "-" { return false }
        }
        return letters && digits
    }

    static func redact(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { redactLine(String($0)) }.joined(separator: "\n")
    }

    static func redactLine(_ line: String) -> String {
        // Fields are blank-separated; the first three (pid, comm, program) always stay.
        var out = ""
        var fieldIndex = 0
        var redactNext = false
        var i = line.startIndex
        while i < line.endIndex {
            if line[i] == " " || line[i] == "\t" { out.append(line[i]); i = line.index(after: i); continue }
            let end = line[i...].firstIndex { $0 == " " || $0 == "\t" } ?? line.endIndex
            let word = line[i..<end]
            fieldIndex += 1
            if fieldIndex <= 2 || (fieldIndex == 3 && !word.hasPrefix("-")) {
                out += word
            } else if redactNext {
                out += marker
                redactNext = false
            } else if let eq = word.firstIndex(of: "="), isCredentialName(word[..<eq]) {
                out += word[...eq] + marker
            } else if word.hasPrefix("-"), isCredentialName(word) {
                out += word
                redactNext = true
            } else if CommandLines.isOpaqueToken(word) {
                // A key or token pasted as an argument (base64 or hex, 32+ characters).
                out += marker
            } else if word.hasPrefix("-p"), word.count > 2, !word.hasPrefix("--"), !word.dropFirst(2).contains("=") {
                // `mysql -pSECRET`: a password glued to its option.
                out += "-p" + marker
            } else {
                out += word
            }
            i = end
        }
        return SecretGrammar.redactURIs(out)
    }
}
