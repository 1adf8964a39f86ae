/// Finds the line of a setting inside one block of a configuration file, so a report can quote
/// `file:line: text`. The parsers give each connection's first line; this finds the rest.
/// swanctl.conf blocks are `name { ... }`; ipsec.conf `conn` sections run until the next line
/// that is not indented.
struct BlockLocator {
    enum Style { case braces, ipsecConf }
    let lines: [String]
    let file: String
    /// 1-based line of the block's header.
    let start: Int
    var style: Style = .braces

    init(lines: [String], file: String, start: Int, style: Style = .braces) {
        self.lines = lines; self.file = file; self.start = start; self.style = style
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
            var depth = 0
            var n = start
            while n <= lines.count {
                let t = stripComment(lines[n - 1])
                let opens = t.filter { $0 == "{" }.count, closes = t.filter { $0 == "}" }.count
                if n > start { out.append((n, depth, t)) }
                depth += opens - closes
                if n > start, depth <= 0 { break }
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
        for (n, d, t) in body() where d == 1 && t.hasSuffix("{") {
            var head = String(t.dropLast()).trimmingCharacters(in: .whitespaces)
            if let c = head.firstIndex(of: ":") { head = String(head[..<c]).trimmingCharacters(in: .whitespaces) }
            if head == name { return BlockLocator(lines: lines, file: file, start: n, style: .braces) }
        }
        return nil
    }
}
