/// Words of the BSD-style configuration grammars (racoon.conf, OpenBSD ipsec.conf and
/// iked.conf, illumos ike/config): blanks separate words, `"..."` is one word (the quotes
/// dropped, `\"` and `\\` unescaped), `{ } ; ,` are words of their own, `#` starts a comment to
/// the end of the line (and `//` where the grammar says so). A backslash at the end of a line
/// continues the statement (OpenBSD's yacc grammars); otherwise an end of line is a `\n` word
/// when `lineBreaks` is set, so line-based grammars can end their rules there.
struct ConfigToken: Equatable {
    var text: String
    var line: Int
    var quoted = false

    var isBreak: Bool { !quoted && text == "\n" }
    func `is`(_ word: String) -> Bool { !quoted && text == word }
}

enum ConfigTokenizer {
    static func tokens(_ text: String, lineBreaks: Bool, slashComments: Bool = false) -> [ConfigToken] {
        var out: [ConfigToken] = []
        var word = "", wordLine = 1, inWord = false
        var line = 1
        var chars = Array(text.unicodeScalars)
        chars.append("\n")
        func flush() {
            if inWord { out.append(ConfigToken(text: word, line: wordLine)) }
            word = ""; inWord = false
        }
        var i = 0
        while i < chars.count {
            let c = chars[i]
            switch c {
            case "\n":
                flush()
                if lineBreaks, out.last.map({ !$0.isBreak }) ?? false { out.append(ConfigToken(text: "\n", line: line)) }
                line += 1
            case " ", "\t", "\r":
                flush()
            case "\\" where i + 1 < chars.count && (chars[i + 1] == "\n" || chars[i + 1] == "\r"):
                // line continuation: skip the newline without a break word
                flush()
                i += 1
                if chars[i] == "\r", i + 1 < chars.count, chars[i + 1] == "\n" { i += 1 }
                line += 1
            case "#":
                flush()
                while i + 1 < chars.count, chars[i + 1] != "\n" { i += 1 }
            case "/" where slashComments && i + 1 < chars.count && chars[i + 1] == "/" && !inWord:
                flush()
                while i + 1 < chars.count, chars[i + 1] != "\n" { i += 1 }
            case "{", "}", ";", ",":
                flush()
                out.append(ConfigToken(text: String(c), line: line))
            case "\"":
                flush()
                let start = line
                var s = ""
                i += 1
                while i < chars.count, chars[i] != "\"" {
                    if chars[i] == "\\", i + 1 < chars.count, chars[i + 1] == "\"" || chars[i + 1] == "\\" { i += 1 }
                    if chars[i] == "\n" { line += 1 }
                    s.unicodeScalars.append(chars[i])
                    i += 1
                }
                out.append(ConfigToken(text: s, line: start, quoted: true))
            default:
                if !inWord { inWord = true; wordLine = line }
                word.unicodeScalars.append(c)
            }
            i += 1
        }
        return out
    }

    /// Seconds of `24 hour`, `30 sec`, `3h`, `10m`, `3600`: the units of racoon.conf(5)
    /// (`sec`, `min`, `hour` and plurals) and of iked.conf(5)/ipsec.conf(5) (`m`, `h` suffixes).
    static func seconds(_ number: String, unit: String? = nil) -> Int? {
        var n = number.lowercased(), mult = 1
        if unit == nil, let last = n.last, !last.isNumber {
            switch last {
            case "s": mult = 1
            case "m": mult = 60
            case "h": mult = 3600
            case "d": mult = 86400
            default: return nil
            }
            n.removeLast()
        }
        guard let v = Int(n) else { return nil }
        if let u = unit?.lowercased() {
            switch u {
            case "sec", "secs", "second", "seconds": mult = 1
            case "min", "mins", "minute", "minutes": mult = 60
            case "hour", "hours": mult = 3600
            default: return nil
            }
        }
        return v * mult
    }
}

/// The rules of OpenBSD's line-based yacc grammars (ipsec.conf(5) of ipsecctl, iked.conf(5)):
/// one rule a line (a trailing backslash continues it), `name = "value"` macros expanded where
/// `$name` is used. Macro values are never kept in records (they may hold a PSK).
struct BSDRules {
    struct Rule {
        var words: [ConfigToken]
        var lines: [Int]
        var keyword: String { words.first?.text ?? "" }
    }
    var rules: [Rule] = []
    /// Macro definitions: name and line.
    var macros: [(String, Int)] = []
    /// Lines where a `$name` names no macro defined above it.
    var undefined: [Int] = []

    init(_ text: String) {
        var values: [String: [ConfigToken]] = [:]
        var current: [ConfigToken] = []
        func finish() {
            defer { current = [] }
            guard !current.isEmpty else { return }
            let lines = Array(Set(current.map(\.line))).sorted()
            // `name = value` / `name="value"` / `name= value`
            if current.count >= 2, !current[0].quoted, current[0].text.hasSuffix("=") || current[1].is("=") {
                var name = current[0].text
                var rest = current.dropFirst()
                if name.hasSuffix("=") { name.removeLast() } else { rest = rest.dropFirst() }
                if !name.isEmpty, name.first?.isLetter == true {
                    values[name] = Array(rest)
                    macros.append((name, current[0].line))
                    return
                }
            }
            var expanded: [ConfigToken] = []
            for t in current {
                if !t.quoted, t.text.hasPrefix("$"), t.text.count > 1 {
                    if let v = values[String(t.text.dropFirst())] {
                        expanded += v.map { var x = $0; x.line = t.line; return x }
                    } else {
                        undefined.append(t.line); expanded.append(t)
                    }
                } else { expanded.append(t) }
            }
            rules.append(Rule(words: expanded, lines: lines))
        }
        for t in ConfigTokenizer.tokens(text, lineBreaks: true) {
            if t.isBreak { finish() } else { current.append(t) }
        }
        finish()
    }
}

/// Reads one rule's words left to right.
struct WordCursor {
    var words: [ConfigToken]
    var i = 0
    init(_ words: [ConfigToken]) { self.words = words }
    var atEnd: Bool { i >= words.count }
    var peek: String? { atEnd ? nil : words[i].text }
    mutating func next() -> String? { defer { i += 1 }; return atEnd ? nil : words[i].text }
    /// Consumes `word` if it is next.
    mutating func take(_ word: String) -> Bool {
        guard !atEnd, words[i].is(word) else { return false }
        i += 1
        return true
    }
    /// A host or a `{a, b}` list of hosts.
    mutating func hosts() -> [String] {
        guard take("{") else { return next().map { [$0] } ?? [] }
        var out: [String] = []
        while let w = next(), w != "}" { if w != "," { out.append(w) } }
        return out
    }
}
