import Foundation
import Yams

/// Reads a knowledge article: a `---` front matter block (YAML) followed by Markdown.
enum KnowledgeLoader {
    static func load(path: String, displayPath: String) -> (Article?, [RuleBaseIssue]) {
        let start = SourceLocation(file: displayPath, line: 1)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            return (nil, [RuleBaseIssue(start, "cannot read the article as UTF-8 text")])
        }
        // Lines end at the byte "\n" as `components(separatedBy:)` made them (a CRLF line keeps
        // its "\r"), found without Foundation's NSString path (most of the loading time on
        // Linux); only the front matter's lines are looked at, the body is the rest of the text.
        let u = text.utf8
        var lines: [Range<String.Index>] = []
        var body: Substring?
        var at = u.startIndex
        while true {
            let newline = u[at...].firstIndex(of: UInt8(ascii: "\n"))
            let line = at..<(newline ?? u.endIndex)
            lines.append(line)
            if lines.count == 1 {
                guard isFence(text[line]) else { break }
            } else if isFence(text[line]) {
                body = newline.map { text[u.index(after: $0)...] } ?? ""
                break
            }
            guard let newline else { break }
            at = u.index(after: newline)
        }
        guard let body else {
            return (nil, [RuleBaseIssue(start, "an article starts with a `---` front matter block (id, kind, title)")])
        }
        let end = lines.count - 1
        let front = end == 1 ? "" : String(text[lines[1].lowerBound..<lines[end - 1].upperBound])
        let node: Node?
        do {
            node = try YAMLFile.compose(front)
        } catch let e as YamlError {
            return (nil, [RuleBaseIssue(SourceLocation(file: displayPath, line: YAMLFile.line(of: e) + 1),
                                        "front matter: \(YAMLFile.problem(of: e))")])
        } catch {
            return (nil, [RuleBaseIssue(start, "front matter: \(error)")])
        }
        guard let node, node.mapping != nil else {
            return (nil, [RuleBaseIssue(start, "front matter must be a mapping")])
        }
        // Line numbers inside the front matter are off by the opening `---`.
        let file = YAMLFile(path: displayPath, root: node)
        var r = MappingReader(file: file, node: node)
        r.rejectUnknownKeys(allowed: ["id", "kind", "title", "aliases", "see_also"])
        let id = r.string("id") ?? ""
        let kindText = r.string("kind") ?? "concept"
        let kind = Article.Kind(rawValue: kindText)
        if kind == nil { r.issues.append(RuleBaseIssue(start, "`kind` is diagnosis or concept")) }
        let title = r.string("title") ?? id
        let aliases = r.strings("aliases")
        let seeAlso = r.strings("see_also")
        let issues = r.issues.map { issue -> RuleBaseIssue in
            var i = issue
            i.location.line += 1
            return i
        }
        let article = Article(id: id, kind: kind ?? .concept, title: title, aliases: aliases, seeAlso: seeAlso,
                              body: trimmed(body), location: start)
        return (article, issues)
    }

    /// `---` with blanks (spaces, tabs, Unicode spaces) around it.
    static func isFence(_ line: Substring) -> Bool {
        let scalars = line.unicodeScalars
        guard let start = scalars.firstIndex(where: { !isBlank($0) }),
              let last = scalars.lastIndex(where: { !isBlank($0) }) else { return false }
        return scalars[start...last].elementsEqual("---".unicodeScalars)
    }

    /// Blanks as `CharacterSet.whitespaces`: tab, the space separators (Zs) and, as
    /// Foundation counts it, the zero width space U+200B.
    static func isBlank(_ c: Unicode.Scalar) -> Bool {
        c == "\t" || c == "\u{200B}" || c.properties.generalCategory == .spaceSeparator
    }

    /// The text without leading and trailing `CharacterSet.whitespacesAndNewlines`: blanks,
    /// line and paragraph separators, U+000A–U+000D and U+0085 (and U+200B, as `isBlank`).
    static func trimmed(_ text: String) -> String { trimmed(Substring(text)) }

    static func trimmed(_ text: Substring) -> String {
        func isSpace(_ c: Unicode.Scalar) -> Bool {
            switch c.properties.generalCategory {
            case .spaceSeparator, .lineSeparator, .paragraphSeparator: return true
            default: return c == "\t" || c == "\u{200B}" || ("\n"..."\r").contains(c) || c == "\u{85}"
            }
        }
        let scalars = text.unicodeScalars
        guard let start = scalars.firstIndex(where: { !isSpace($0) }),
              let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(Substring(scalars[start...last]))
    }
}
