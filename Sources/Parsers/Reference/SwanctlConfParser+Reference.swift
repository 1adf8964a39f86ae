import Facts

/// The character-level reading of swanctl.conf, kept for text that is not plain ASCII (see
/// `ByteText`) and as the reference the byte-level scan (`SwanctlConfScan`) is tested against.
/// Both produce the same `Scan`; the records are built from it by the same code.
///
/// The grammar is strongSwan's settings grammar (src/libstrongswan/settings/settings_lexer.l and
/// settings_parser.y; swanctl reads swanctl.conf with it), token by token, not line by line:
///  - blanks, newlines and `#` comments separate tokens anywhere outside values and strings, so
///    `local { auth = pubkey }` on one line, `}` followed by more, a `{` on the next line are
///    all one syntax;
///  - a name is a run of anything but `# { } : . , = "` and blanks; `name {` opens a section,
///    `name : ref, ref {` one that references others (the refs may be dotted), `name = value` is
///    a setting;
///  - a value runs to the end of the line, a `#` or a `}`: its words joined by one blank,
///    `"..."` strings (with `\n \r \t \" \\` escapes, an escaped newline joins lines) as they
///    are. A `;` is no separator: `auth = psk; id = a` sets auth to `psk; id = a`, as swanctl would;
///  - `include PATTERN` (not `include = ...`) up to a blank, `#` or `}`, or `include "PATTERN"`.
/// strongSwan refuses a file with any syntax error. Here a syntax error rejects the line it
/// stands on (listed as unparsed) and the reading goes on after it: on the next line, or at the
/// unexpected token when it stands on a later line than the name before it. Unlike strongSwan,
/// a file that ends inside sections is read (a pasted excerpt often does); a setting outside any
/// section, which swanctl ignores, is listed as unparsed. A rejected line inside `secrets`, or one
/// that names a secret, is never echoed.
extension SwanctlConfParser {
    func referenceParse(_ text: String) -> ParseResult { result(referenceScan(text)) }

    func referenceScan(_ text: String) -> Scan {
        var r = ReferenceScan(text)
        r.run()
        return r.scan
    }

    struct ReferenceScan {
        var scan = Scan()
        let s: [Unicode.Scalar]
        let lines: [NumberedLine]
        var i = 0
        var line = 1
        var stack: [Int] = [0]
        /// The last line on which a token was read inside the secrets section.
        var secretsLine = 0
        var rejected = Set<Int>()
        /// The line the last reference after a `:` was read on.
        var refLine = 0

        init(_ text: String) {
            s = Array(text.unicodeScalars)
            // lines cut at each LF, as the scan counts them (a CR before it dropped)
            var out: [NumberedLine] = []
            var cur = String.UnicodeScalarView()
            for c in s {
                if c == "\n" {
                    if cur.last == "\r" { cur.removeLast() }
                    out.append(NumberedLine(number: out.count + 1, text: String(cur)))
                    cur = String.UnicodeScalarView()
                } else { cur.append(c) }
            }
            if !cur.isEmpty { out.append(NumberedLine(number: out.count + 1, text: String(cur))) }
            lines = out
        }

        static func isBlank(_ c: Unicode.Scalar) -> Bool { c == "\r" || Substring.isBlank(c) }

        static func isNameChar(_ c: Unicode.Scalar) -> Bool {
            switch c {
            case "#", "{", "}", ":", ".", ",", "=", "\"", "\n": return false
            default: return !isBlank(c)
            }
        }

        /// A character of an unquoted value word.
        static func isValueChar(_ c: Unicode.Scalar) -> Bool {
            switch c {
            case "#", "}", "\"", "\n": return false
            default: return !isBlank(c)
            }
        }

        var inSecrets: Bool { stack.count > 1 && scan.tree[stack[1]].name == "secrets" }

        mutating func account(_ from: Int, _ to: Int) {
            for l in from...max(from, to) { scan.acc.account(l) }
            if inSecrets { secretsLine = max(secretsLine, to) }
        }

        /// Blanks, newlines and comments (a line that holds only a comment is accounted).
        mutating func skipSpace() {
            while i < s.count {
                let c = s[i]
                if c == "\n" { line += 1; i += 1 } else if ReferenceScan.isBlank(c) { i += 1 } else if c == "#" {
                    scan.acc.account(line)
                    while i < s.count, s[i] != "\n" { i += 1 }
                } else { return }
            }
        }

        mutating func skipBlanks() { while i < s.count, ReferenceScan.isBlank(s[i]) { i += 1 } }

        mutating func name() -> String {
            var out = String.UnicodeScalarView()
            while i < s.count, ReferenceScan.isNameChar(s[i]) { out.append(s[i]); i += 1 }
            return String(out)
        }

        /// A syntax error of the construct that starts on line `at`: its lines are rejected; reading
        /// goes on at the next line, or at the token that stands on a later line.
        mutating func fail(_ at: Int) {
            if line == at {
                reject(at, at)
                toLineEnd()
            } else {
                reject(at, line - 1)
            }
        }

        mutating func toLineEnd() { while i < s.count, s[i] != "\n" { i += 1 } }

        /// Lists line `from` and the lines up to `to` that nothing read and that are not blank as
        /// unparsed, once each, the text hidden where it may hold a secret.
        mutating func reject(_ from: Int, _ to: Int) {
            for l in from...max(from, to) where l <= lines.count {
                let text = lines[l - 1].text
                if l > from, scan.acc.accounted.contains(l) || text.unicodeScalars.allSatisfy(ReferenceScan.isBlank) { continue }
                scan.acc.accounted.remove(l)
                guard rejected.insert(l).inserted else { continue }
                if inSecrets || secretsLine >= l || text.lowercased().contains("secret") {
                    scan.acc.unparsed.append(UnparsedLine(line: l, text: "[line in secrets section not shown]"))
                } else {
                    scan.acc.reject(lines[l - 1])
                }
            }
        }

        /// A `"..."` string from its opening quote; nil if it does not end.
        mutating func quoted() -> String? {
            i += 1
            var out = String.UnicodeScalarView()
            while i < s.count {
                let c = s[i]
                if c == "\"" { i += 1; return String(out) }
                if c == "\\" {
                    guard i + 1 < s.count else { return nil }
                    let n = s[i + 1]
                    i += 2
                    switch n {
                    case "n": out.append("\n")
                    case "r": out.append("\r")
                    case "t": out.append("\t")
                    case "\n": line += 1   // an escaped end of line joins the lines
                    case "\r" where i < s.count && s[i] == "\n": i += 1; line += 1
                    default: out.append(n)
                    }
                    continue
                }
                if c == "\n" { line += 1 }
                if c != "\r" { out.append(c) }
                i += 1
            }
            return nil
        }

        /// The value after `=`; nil on a string that does not end (`i` and `line` then stand on
        /// its opening quote).
        mutating func value() -> String? {
            var parts: [String] = []
            while true {
                skipBlanks()
                guard i < s.count else { break }
                let c = s[i]
                if c == "\n" || c == "#" || c == "}" { break }
                if c == "\"" {
                    let (qi, ql) = (i, line)
                    guard let q = quoted() else { i = qi; line = ql; return nil }
                    parts.append(q)
                    continue
                }
                var w = String.UnicodeScalarView()
                while i < s.count, ReferenceScan.isValueChar(s[i]) { w.append(s[i]); i += 1 }
                parts.append(String(w))
            }
            return parts.joined(separator: " ")
        }

        /// An include's pattern (after the blanks): up to a blank, `#`, `}` or the end of the line
        /// (`\` escapes `" # }` and a blank), or ending with a `"..."` string. nil if empty or
        /// the string does not end.
        mutating func pattern() -> String? {
            var out = String.UnicodeScalarView()
            while i < s.count {
                let c = s[i]
                if c == "#" || c == "}" || c == "\n" || c == "\t" || c == " " { break }
                if c == "\"" {
                    let (qi, ql) = (i, line)
                    guard let q = quoted() else { i = qi; line = ql; return nil }
                    out.append(contentsOf: q.unicodeScalars)
                    break
                }
                if c == "\\", i + 1 < s.count, "\"#} ".unicodeScalars.contains(s[i + 1]) {
                    out.append(s[i + 1]); i += 2; continue
                }
                if c != "\r" { out.append(c) }
                i += 1
            }
            return out.isEmpty ? nil : String(out)
        }

        /// References after `:`: dotted names separated by commas.
        mutating func references() -> [String]? {
            var refs: [String] = []
            while true {
                skipSpace()
                var r = String.UnicodeScalarView()
                while i < s.count, ReferenceScan.isNameChar(s[i]) || s[i] == "." { r.append(s[i]); i += 1 }
                let t = String(r)
                if t.isEmpty || t.hasPrefix(".") || t.hasSuffix(".") || t.contains("..") { return nil }
                refs.append(t)
                refLine = line
                skipSpace()
                guard i < s.count, s[i] == "," else { return refs }
                i += 1
            }
        }

        mutating func open(_ name: String, _ inherits: String?, _ at: Int) {
            var b = Block(name: name, line: at)
            b.inherits = inherits
            stack.append(scan.tree.add(b, under: stack.last!))
            i += 1   // the `{`
            account(at, line)
        }

        mutating func run() {
            while true {
                skipSpace()
                guard i < s.count else { break }
                let at = line
                let c = s[i]
                if c == "}" {
                    if stack.count > 1 {
                        i += 1
                        account(at, at)
                        stack.removeLast()
                    } else { fail(at) }
                    continue
                }
                guard ReferenceScan.isNameChar(c) else { fail(at); continue }
                let n = name()
                if n == "include", i < s.count, s[i] == " " || s[i] == "\t" {
                    let save = i
                    skipBlanks()
                    if i < s.count, s[i] != "=" {
                        guard let p = pattern() else { fail(at); continue }
                        scan.includes.append((p, at))
                        account(at, line)
                        continue
                    }
                    i = save
                }
                skipSpace()
                guard i < s.count else { fail(at); break }
                switch s[i] {
                case "{":
                    open(n, nil, at)
                case ":":
                    i += 1
                    // a bad reference: its line and the name's (and any between) are rejected
                    guard let refs = references() else { reject(at, line); toLineEnd(); continue }
                    skipSpace()
                    guard i < s.count, s[i] == "{" else {
                        // no `{` after the references: the lines read so far are rejected
                        if refLine == line { reject(at, line); toLineEnd() } else { fail(at) }
                        continue
                    }
                    open(n, refs.joined(separator: ", "), at)
                case "=":
                    i += 1
                    guard let v = value() else { fail(at); continue }
                    if stack.count > 1 {
                        scan.tree.add(key: n, value: v, to: stack.last!)
                        account(at, line)
                    } else {
                        // a setting outside any section: valid syntax, ignored by swanctl
                        reject(at, line)
                        toLineEnd()
                    }
                default:
                    fail(at)
                }
            }
        }
    }
}
