import Foundation

/// The values behind macro references that stand where a secret goes: iked.conf(5) and
/// OpenBSD ipsec.conf(5) (MACROS) let `psk $k` take its key from `k = "value"`, and a macro's
/// name need not say it holds a secret (`k`, `site1`), so the keyword rules, which find `$k`
/// after `psk`, never see the value itself. The redactor learns these values as literals so
/// they are scrubbed wherever they stand (the macro's own line, a log that echoes them).
enum MacroSecrets {
    /// `name = value` at the start of a line: the macro definitions of the text.
    static let definition = try! NSRegularExpression(
        pattern: #"^[ \t]*([A-Za-z_][A-Za-z0-9_]*)[ \t]*=[ \t]*("[^"\n]*"|[^\s#]+)"#, options: [.anchorsMatchLines])

    /// The values of the macros that the `found` secrets name (`$k`, `"$k"`, each of `$a$b`),
    /// following macros that name other macros; each name is followed once, so `a = "$a"` or a
    /// cycle ends. A value that names macros is itself learnt too when it holds more than names
    /// (`k = "x$a"`: the `x` is part of the key).
    static func values(in text: String, for found: [String]) -> [String] {
        let refs = found.flatMap(references)
        guard !refs.isEmpty else { return [] }
        var macros: [String: String] = [:]
        let ns = text as NSString
        for m in definition.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            // a later definition replaces an earlier one
            macros[ns.substring(with: m.range(at: 1))] = unquoted(ns.substring(with: m.range(at: 2)))
        }
        var out: [String] = []
        var seen = Set<String>()
        var queue = refs
        while let name = queue.popLast() {
            guard seen.insert(name).inserted, let v = macros[name] else { continue }
            let next = references(v)
            if next.isEmpty || reference(v) == nil { out.append(v) }
            queue.append(contentsOf: next)
        }
        return out
    }

    /// A value without the double quotes around it (the macro grammar's only quoting).
    static func unquoted(_ s: String) -> String {
        s.count >= 2 && s.hasPrefix("\"") && s.hasSuffix("\"") ? String(s.dropFirst().dropLast()) : s
    }

    /// Every `name` of `$name` in a value (`$a$b`, `"$a-$b"`: a macro is not expanded inside
    /// quotes by OpenBSD's lexer, but a key assembled so must not leak either way).
    static func references(_ raw: String) -> [String] {
        var out: [String] = []
        var rest = Substring(raw)
        while let dollar = rest.firstIndex(of: "$") {
            let name = rest[rest.index(after: dollar)...].prefix { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }
            if let f = name.first, f.isLetter || f == "_" { out.append(String(name)) }
            rest = rest[rest.index(after: dollar)...]
        }
        return out
    }

    /// `k` of `$k` (quoted or not), nil for anything else.
    static func reference(_ raw: String) -> String? {
        let s = unquoted(raw.trimmingCharacters(in: .whitespaces))
        guard s.hasPrefix("$") else { return nil }
        let name = s.dropFirst()
        guard let f = name.first, f.isLetter || f == "_",
              name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_") }) else { return nil }
        return String(name)
    }
}
