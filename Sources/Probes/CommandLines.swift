import Foundation
import Parsers

/// Process listings (`ps -eo pid,comm,args`, `pgrep -a`): each line keeps its pid, its program
/// and every argument except those that look like credentials: the value of an option named
/// like a credential (`--db-password=x`, `--psk x`, `-password x`, `PGPASSWORD=x`) and the
/// password of a URI (`mysql://user:x@host`). The daemons' own options (`charon --debug-ike 4`)
/// stay, for the diagnosis reads which daemon runs and how.
enum CommandLines {
    static let marker = Redactor.marker

    /// An option or variable name that names a credential. A lone `-p` is one (`sshpass -p X`,
    /// `mysql -pX`); `-P` is not: it is setkey's and iptables' policy (`spdadd ... -P out`,
    /// `-P INPUT DROP`) and mysql's port, and taking it for a password hid the direction of
    /// every policy in a setkey.conf.
    static func isCredentialName(_ raw: Substring) -> Bool {
        let n = raw.drop { $0 == "-" }.lowercased()
        guard !n.isEmpty else { return false }
        let words = ["pass", "pwd", "secret", "psk", "token", "credential", "apikey", "api-key", "api_key", "privkey",
                     "private-key", "private_key", "authkey", "auth-key", "enckey", "passphrase", "pin"]
        if words.contains(where: { n.contains($0) }) { return n != "pin" || raw.hasPrefix("-") }
        return n == "key" || n.hasSuffix("-key") || n.hasSuffix("_key") || raw.last == "p" && n == "p"
    }

    /// Options named like credentials in any text (`--api-token X`, `--db-password=X`); the
    /// whole process-listing treatment is `redact`.
    static let option = try! NSRegularExpression(pattern: #"(?<![^\s"'])(--?[A-Za-z][A-Za-z0-9_.-]*)(=|[ \t]+)([^\s"']+)"#)

    /// mysql(1) and mariadb take the password glued to `-p`.
    static let gluedPassword = try! NSRegularExpression(pattern: #"(\b(?:mysql|mysqldump|mysqladmin|mariadb)\b.*?\s-p)(?!\[redacted\])([^\s"']+)"#)

    /// Plain text without mysql/mariadb (PlainBytes): `option` only runs on the lines where a
    /// match with a credential name can start (OptionTriggers); other text as before.
    static func redactOptions(_ text: String) -> String {
        let b = Array(text.utf8)
        guard PlainBytes.isPlain(b) else { return referenceRedactOptions(text) }
        return redactOptions(plain: b).map { String(decoding: $0, as: UTF8.self) } ?? text
    }

    static let mysql = Array("mysql".utf8), mariadb = Array("mariadb".utf8)

    static func redactOptions(plain b: [UInt8]) -> [UInt8]? {
        guard PlainBytes.contains(byte: 0x2D, in: b) else { return nil }
        if PlainBytes.contains(b, mysql) || PlainBytes.contains(b, mariadb) {
            let t = String(decoding: b, as: UTF8.self)
            let out = referenceRedactOptions(t)
            return out == t ? nil : Array(out.utf8)
        }
        return b.withUnsafeBufferPointer { p in
            guard anyOptionStart(p) else { return nil }
            var w = LineWriter(p)
            var changed = false
            PlainBytes.forEachLine(p) { s, e in
                guard mayHoldCredentialOption(p, s, e) else { w.append(p, s, e); return }
                // The line alone: `option` never matches over a line end, and its lookbehind
                // takes the start of the text as it takes the line end before the line.
                let line = PlainBytes.string(p, s, e)
                if w.append(referenceRedactOptions(line), replacing: p, s, e) { changed = true }
            }
            return changed ? w.finish() : nil
        }
    }

    /// Whether a `-` stands at a line's start or after a blank or a quote anywhere in plain text:
    /// `mayHoldCredentialOption` needs one on its line, and most texts have none (`auth-trunc`,
    /// `af-unspec`), so memchr over the whole text spares reading every line.
    static func anyOptionStart(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = p.baseAddress else { return false }
        var from = 0
        while from < p.count, let q = memchr(base + from, 0x2D, p.count - from) {
            let at = UnsafePointer<UInt8>(q.assumingMemoryBound(to: UInt8.self)) - base
            if at == 0 { return true }
            let c = p[at - 1]
            if c == 0x0A || PlainBytes.isBlank(c) || c == 0x22 || c == 0x27 { return true }
            from = at + 1
        }
        return false
    }

    /// Whether `option` (`(?<![^\s"'])(--?[A-Za-z][A-Za-z0-9_.-]*)(=|[ \t]+)([^\s"']+)`) can match
    /// on this line with a name `isCredentialName` accepts: a `-` at the start, after a blank or
    /// a quote; the name (the whole run of name characters, or the separator could not follow);
    /// `=` or blanks; a value character.
    static func mayHoldCredentialOption(_ p: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        @inline(__always) func nameChar(_ c: UInt8) -> Bool { PlainBytes.isWord(c) || c == 0x2E || c == 0x2D }
        @inline(__always) func valueChar(_ c: UInt8) -> Bool { !PlainBytes.isBlank(c) && c != 0x22 && c != 0x27 }
        var i = s
        while i < e {
            defer { i += 1 }
            guard p[i] == 0x2D, i == s || PlainBytes.isBlank(p[i - 1]) || p[i - 1] == 0x22 || p[i - 1] == 0x27 else { continue }
            let letter = i + 1 < e && p[i + 1] == 0x2D ? i + 2 : i + 1
            guard letter < e, PlainBytes.isLetter(p[letter]) else { continue }
            var end = letter
            while end < e, nameChar(p[end]) { end += 1 }
            guard end < e else { continue }
            var v = end
            if p[end] == 0x3D { v += 1 } else if PlainBytes.isBlank(p[end]) {
                while v < e, PlainBytes.isBlank(p[v]) { v += 1 }
            } else { continue }
            guard v < e, valueChar(p[v]) else { continue }
            if isCredentialName(Substring(PlainBytes.string(p, i, end))) { return true }
        }
        return false
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
