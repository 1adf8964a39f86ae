/// Finds the line of a setting inside one block of a configuration file, so a report can quote
/// `file:line: text`. The parsers give each connection's first line; this finds the rest.
/// swanctl.conf blocks are `name { ... }`, read statement by statement as strongSwan's grammar
/// allows (`local { auth = psk` and `id = b }` on one line, several blocks on one line: the
/// header is found by `name` on its line); ipsec.conf `conn` sections run until the next line
/// that is not indented.
struct BlockLocator {
    enum Style { case braces, ipsecConf }
    let lines: [String]
    let file: String
    /// 1-based line of the block's header.
    let start: Int
    var style: Style = .braces
    /// The block's name, which finds its header among the statements of its line; nil: the
    /// line's first `{` opens it.
    var name: String?

    init(lines: [String], file: String, start: Int, style: Style = .braces, name: String? = nil) {
        self.lines = lines; self.file = file; self.start = start; self.style = style; self.name = name
    }

    /// A line's statements: `head {`, `}` and the text between (`key = value`), comment cut.
    func statements(_ line: String) -> [String] {
        var out: [String] = []
        var cur = ""
        for c in stripComment(line) {
            if c == "{" { out.append((cur + "{").trimmingCharacters(in: .whitespaces)); cur = "" } else if c == "}" {
                let s = cur.trimmingCharacters(in: .whitespaces)
                if !s.isEmpty { out.append(s) }
                out.append("}"); cur = ""
            } else { cur.append(c) }
        }
        let s = cur.trimmingCharacters(in: .whitespaces)
        if !s.isEmpty { out.append(s) }
        return out
    }

    /// The name a `head {` or `head : refs {` statement opens.
    static func head(_ s: String) -> String? {
        guard s.hasSuffix("{") else { return nil }
        var h = String(s.dropLast()).trimmingCharacters(in: .whitespaces)
        if let c = h.firstIndex(of: ":") { h = String(h[..<c]).trimmingCharacters(in: .whitespaces) }
        return h
    }

    var header: SourceLine { SourceLine(file: file, line: start, text: text(start)) }

    func text(_ n: Int) -> String? {
        lines.indices.contains(n - 1) ? lines[n - 1].trimmingCharacters(in: .whitespaces) : nil
    }

    /// (line number, nesting depth relative to the block) for each line of the block's body.
    func body() -> [(Int, Int, String)] {
        guard lines.indices.contains(start - 1) else { return [] }
        var out: [(Int, Int, String)] = []
        switch style {
        case .braces:
            // before the header: nothing; then depth 1 inside the block
            var depth = 0
            var started = false
            var named = false   // the name seen, its `{` on a later line (`lab` then `{`)
            var n = start
            scan: while n <= lines.count {
                for s in statements(lines[n - 1]) {
                    if !started {
                        if let h = BlockLocator.head(s), name == nil || h == name || (named && h.isEmpty) {
                            started = true; depth = 1
                        } else {
                            named = name != nil && (s == name || s.hasPrefix(name! + " :") || s.hasPrefix(name! + ":"))
                        }
                        continue
                    }
                    if s == "}" {
                        depth -= 1
                        if depth <= 0 { break scan }
                    } else {
                        out.append((n, depth, s))
                        if s.hasSuffix("{") { depth += 1 }
                    }
                }
                if !started, !named, n > start { break }
                n += 1
            }
        case .ipsecConf:
            var n = start + 1
            while n <= lines.count {
                let raw = lines[n - 1]
                let t = stripComment(raw)
                if !t.isEmpty, !(raw.first == " " || raw.first == "\t") { break }
                out.append((n, 1, t))
                n += 1
            }
        }
        return out
    }

    func stripComment(_ s: String) -> String {
        var t = s
        if let h = t.firstIndex(of: "#") { t = String(t[..<h]) }
        return t.trimmingCharacters(in: .whitespaces)
    }

    /// The `key = value` line at `depth` (1: directly in the block).
    func find(_ key: String, depth: Int) -> SourceLine? {
        for (n, d, t) in body() where d == depth {
            guard let eq = t.firstIndex(of: "=") else { continue }
            if t[..<eq].trimmingCharacters(in: .whitespaces) == key {
                return SourceLine(file: file, line: n, text: text(n))
            }
        }
        return nil
    }

    /// A nested `name {` block directly inside this one.
    func section(_ name: String) -> BlockLocator? {
        for (n, d, t) in body() where d == 1 && BlockLocator.head(t) == name {
            return BlockLocator(lines: lines, file: file, start: n, style: .braces, name: name)
        }
        return nil
    }
}
