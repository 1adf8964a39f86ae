import Foundation
import Yams

/// Reads a knowledge article: a `---` front matter block (YAML) followed by Markdown.
enum KnowledgeLoader {
    static func load(path: String, displayPath: String) -> (Article?, [RuleBaseIssue]) {
        let start = SourceLocation(file: displayPath, line: 1)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            return (nil, [RuleBaseIssue(start, "cannot read the article as UTF-8 text")])
        }
        // Split on the byte "\n" as `components(separatedBy:)` did (a CRLF line keeps its "\r"),
        // without Foundation's NSString path, which was most of the loading time on Linux.
        let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { text[$0.startIndex..<$0.endIndex] }
        guard let first = lines.first, isFence(first),
              let end = lines.dropFirst().firstIndex(where: isFence) else {
            return (nil, [RuleBaseIssue(start, "an article starts with a `---` front matter block (id, kind, title)")])
        }
        let front = lines[1..<end].joined(separator: "\n")
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
        let body = trimmed(lines[(end + 1)...].joined(separator: "\n"))
        let article = Article(id: id, kind: kind ?? .concept, title: title, aliases: aliases, seeAlso: seeAlso,
                              body: body, location: start)
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
    static func trimmed(_ text: String) -> String {
        func isSpace(_ c: Unicode.Scalar) -> Bool {
            switch c.properties.generalCategory {
            case .spaceSeparator, .lineSeparator, .paragraphSeparator: return true
            default: return c == "\t" || c == "\u{200B}" || ("\n"..."\r").contains(c) || c == "\u{85}"
            }
        }
        let scalars = text.unicodeScalars
        guard let start = scalars.firstIndex(where: { !isSpace($0) }),
              let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(scalars[start...last])
    }
}
