import Foundation

/// Checks on what the operator reads: remedies, evidence lines, question texts. Loading
/// accepts them as long as the YAML is valid, but a remedy cut into pieces by a YAML flow list
/// (`[a (b, c) d]` is three items), a `<peer>` the engine could have filled, an internal
/// label ("Seed 001: ...") or the same command written twice for one diagnosis all reach the
/// report looking broken.
public enum TextLinter {
    public static func lint(_ base: RuleBase) -> [RuleBaseIssue] {
        var issues: [RuleBaseIssue] = []
        let factNames = Set(base.vocabulary.map(\.name))
        for rule in base.rules {
            // Remedies by key, evidence, title; a field's name is only made for a message.
            let remedies = rule.remedies.sorted { $0.key < $1.key }
            for (key, items) in remedies {
                for text in items { issues += check(text, field: "remedy (\(key))", at: rule.location, factNames: factNames) }
            }
            for text in rule.evidence { issues += check(text, field: "evidence", at: rule.location, factNames: factNames) }
            issues += check(rule.title, field: "title", at: rule.location, factNames: factNames)
            // "then ..." continues the step before it in the same list; first in a list, or
            // "or ...", it hangs on a step the report may show elsewhere or not at all.
            for (key, items) in remedies {
                for (i, text) in items.enumerated() {
                    guard let first = firstWord(text).map(String.init),
                          ["or", "also"].contains(first) || (i == 0 && ["then", "and"].contains(first)) else { continue }
                    issues.append(RuleBaseIssue(rule.location, "remedy (\(key)) \"\(text)\" starts with `\(first)`: it reads as the rest of another step, but the report orders steps by the stack in use; make it stand alone"))
                }
            }
        }
        issues += duplicateRemedies(base)
        for q in base.questions {
            var texts = [("prompt", q.prompt), ("help", q.help)] + q.choices.map { ("choice \($0.answer)", $0.meaning) }
            texts += q.how.sorted { $0.key < $1.key }.map { ("how (\($0.key))", $0.value) }
            for (field, text) in texts {
                issues += check(text, field: "question `\(q.id)` \(field)", at: q.location, factNames: factNames, splitCheck: false)
            }
        }
        return issues
    }

    static func check(_ text: String, field: @autoclosure () -> String, at location: SourceLocation, factNames: Set<String>,
                      splitCheck: Bool = true) -> [RuleBaseIssue] {
        var issues: [RuleBaseIssue] = []
        // Made only for a message (counting Characters is most of the checks' time otherwise).
        var quoted: String { "\"\(text.count > 60 ? String(text.prefix(57)) + "..." : text)\"" }
        if splitCheck, let problem = unbalanced(text) {
            issues.append(RuleBaseIssue(location, "\(field()) \(quoted) has \(problem): a YAML flow list `[...]` splits at every comma; quote the item or use a block list (- item)"))
        }
        for placeholder in Array(Set(angled(text))).sorted() {
            let fact = factNames.contains(placeholder) || Placeholders.aliases[placeholder] != nil ? placeholder : Placeholders.meaning[placeholder]
            guard let fact, !(placeholder == "name" && text.contains("isakmpd.fifo")) else { continue }
            issues.append(RuleBaseIssue(location, "\(field()) \(quoted) leaves `<\(placeholder)>` for the operator: write `{\(fact)}` so the known value is filled in"))
        }
        if let label = internalLabel(text) {
            issues.append(RuleBaseIssue(location, "\(field()) \(quoted) shows the internal label `\(label)` to the operator; say it in the operator's words (cite the seed in a `#` comment)"))
        }
        return issues
    }

    /// The text's first word, as `text.split(separator: " ").first` gives it.
    static func firstWord(_ text: String) -> Substring? {
        // Plain ASCII, byte by byte: there a byte is a Character, and a space one of its own
        // (elsewhere a space followed by a combining mark is another Character than " ").
        let bytes = text.utf8
        guard bytes.allSatisfy({ $0 < 0x80 }) else { return text.split(separator: " ").first }
        guard let start = bytes.firstIndex(where: { $0 != 0x20 }) else { return nil }
        let end = bytes[start...].firstIndex(of: 0x20) ?? bytes.endIndex
        return text[start..<end]
    }

    /// "an unclosed `(`" when brackets do not pair up; nil when they do.
    static func unbalanced(_ text: String) -> String? {
        // Plain ASCII (nearly every remedy) is checked byte by byte: there a byte is a Character.
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            var stack: [UInt8] = []
            for c in text.utf8 {
                switch c {
                case UInt8(ascii: "("), UInt8(ascii: "["), UInt8(ascii: "{"): stack.append(c)
                case UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"):
                    let open = c == UInt8(ascii: ")") ? UInt8(ascii: "(") : c - 2   // `[` `]` and `{` `}` are two apart
                    if stack.last == open { stack.removeLast() } else { return "a `\(Character(Unicode.Scalar(c)))` that closes nothing" }
                default: continue
                }
            }
            return stack.last.map { "an unclosed `\(Character(Unicode.Scalar($0)))`" }
        }
        return characterUnbalanced(text)
    }

    /// `unbalanced` Character by Character, for text that is not plain ASCII.
    static func characterUnbalanced(_ text: String) -> String? {
        var stack: [Character] = []
        let pairs: [Character: Character] = [")": "(", "]": "[", "}": "{"]
        for c in text {
            if "([{".contains(c) { stack.append(c) } else if let open = pairs[c] {
                if stack.last == open { stack.removeLast() } else { return "a `\(c)` that closes nothing" }
            }
        }
        return stack.last.map { "an unclosed `\($0)`" }
    }

    /// The words written as `<name>` (dotted fact names included).
    static func angled(_ text: String) -> [String] {
        // Most texts have no `<` at all: a byte search says so.
        text.utf8.contains(UInt8(ascii: "<")) ? characterAngled(text) : []
    }

    /// `angled` Character by Character.
    static func characterAngled(_ text: String) -> [String] {
        var out: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            let inner = rest[rest.index(after: open)..<close]
            if !inner.isEmpty, inner.allSatisfy({ $0.isLetter || $0.isNumber || "._-".contains($0) }) { out.append(String(inner)) }
            rest = rest[rest.index(after: open)...]
        }
        return out
    }

    /// "Seed 001" and the like: the write-ups the rules were built from, meaningless to users.
    static func internalLabel(_ text: String) -> String? {
        // The regular expression (NSRegularExpression on Linux) only where it can match: after
        // an `S` or `s` ("need ", "speed " are common in remedies).
        guard hasSeed(text),
              let r = text.range(of: #"\b[Ss]eed \d{3}\b"#, options: .regularExpression) else { return nil }
        return String(text[r])
    }

    /// Whether `Seed ` or `seed ` occurs, compared byte for byte.
    static func hasSeed(_ text: String) -> Bool {
        var rest = Substring(text)
        while let r = firstRange(of: "eed ", in: rest) {
            if r.lowerBound > text.startIndex {
                let before = text.utf8[text.utf8.index(before: r.lowerBound)]
                if before == UInt8(ascii: "S") || before == UInt8(ascii: "s") { return true }
            }
            rest = rest[r.upperBound...]
        }
        return false
    }

    /// The same command written differently by two rules of one diagnosis (another comment,
    /// other spacing) would print twice; written identically it prints once, so that is fine.
    static func duplicateRemedies(_ base: RuleBase) -> [RuleBaseIssue] {
        var issues: [RuleBaseIssue] = []
        let byDiagnosis = Dictionary(grouping: base.diagnosisRules, by: { $0.diagnosisID ?? "" })
        for (_, rules) in byDiagnosis.sorted(by: { $0.key < $1.key }) {
            var seen: [String: (text: String, rule: Rule)] = [:]
            for rule in rules.sorted(by: { $0.name < $1.name }) {
                for (_, items) in rule.remedies.sorted(by: { $0.key < $1.key }) {
                    for text in items {
                        let key = commandKey(text)
                        if let first = seen[key], first.text != text {
                            issues.append(RuleBaseIssue(rule.location, "remedy \"\(text)\" repeats \"\(first.text)\" of rule \(first.rule.name) (\(first.rule.location)) in other words: write it the same way, or once"))
                        } else if seen[key] == nil {
                            seen[key] = (text, rule)
                        }
                    }
                }
            }
        }
        return issues
    }

    /// The command without its `# comment`, spacing normalised.
    static func commandKey(_ line: String) -> String {
        var s = Substring(line)
        if let comment = firstRange(of: " #", in: s) { s = s[..<comment.lowerBound] }
        guard s.utf8.allSatisfy({ $0 < 0x80 }) else {
            return s.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
        }
        // Plain ASCII, byte by byte: the same words, one space between, lower case.
        func key(_ bytes: some Sequence<UInt8>, count: Int) -> String {
            String(unsafeUninitializedCapacity: max(count, 1)) { out in
                var n = 0
                for c in bytes {
                    if c == 0x20 || (0x09...0x0D).contains(c) {
                        if n > 0 && out[n - 1] != 0x20 { out[n] = 0x20; n += 1 }
                    } else {
                        out[n] = (0x41...0x5A).contains(c) ? c + 0x20 : c; n += 1
                    }
                }
                if n > 0 && out[n - 1] == 0x20 { n -= 1 }
                return n
            }
        }
        let count = s.utf8.count
        return s.utf8.withContiguousStorageIfAvailable { key($0, count: count) } ?? key(s.utf8, count: count)
    }

    /// Where the ASCII `needle` first occurs in `text`, compared byte for byte (Foundation's
    /// `range(of:)` goes through NSString on Linux).
    static func firstRange(of needle: StaticString, in text: Substring) -> Range<String.Index>? {
        let n = UnsafeBufferPointer(start: needle.utf8Start, count: needle.utf8CodeUnitCount)
        let bytes = text.utf8
        guard let first = n.first else { return nil }
        // In the string's own bytes when they are contiguous (a native string's always are):
        // the collection's generic indexing was most of the linter's time.
        // (-1: not found)
        if let found = bytes.withContiguousStorageIfAvailable({ b -> Int in
            guard b.count >= n.count else { return -1 }
            var i = 0
            while i <= b.count - n.count {
                if b[i] == first {
                    var j = 1
                    while j < n.count && b[i + j] == n[j] { j += 1 }
                    if j == n.count { return i }
                }
                i += 1
            }
            return -1
        }) {
            guard found >= 0 else { return nil }
            let lower = bytes.index(bytes.startIndex, offsetBy: found)
            return lower..<bytes.index(lower, offsetBy: n.count)
        }
        var i = bytes.startIndex
        while let at = bytes[i...].firstIndex(of: first) {
            if bytes[at...].starts(with: n) { return at..<bytes.index(at, offsetBy: n.count) }
            i = bytes.index(after: at)
        }
        return nil
    }
}
