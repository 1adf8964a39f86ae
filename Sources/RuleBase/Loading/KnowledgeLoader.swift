import Foundation
import Yams

/// Reads a knowledge article: a `---` front matter block (YAML) followed by Markdown.
enum KnowledgeLoader {
    static func load(path: String, displayPath: String) -> (Article?, [RuleBaseIssue]) {
        let start = SourceLocation(file: displayPath, line: 1)
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            return (nil, [RuleBaseIssue(start, "cannot read the article as UTF-8 text")])
        }
        let lines = text.components(separatedBy: "\n")
        guard lines.first?.trimmingCharacters(in: .whitespaces) == "---",
              let end = lines.dropFirst().firstIndex(where: { $0.trimmingCharacters(in: .whitespaces) == "---" }) else {
            return (nil, [RuleBaseIssue(start, "an article starts with a `---` front matter block (id, kind, title)")])
        }
        let front = lines[1..<end].joined(separator: "\n")
        let node: Node?
        do {
            node = try Yams.compose(yaml: front)
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
        let body = lines[(end + 1)...].joined(separator: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
        let article = Article(id: id, kind: kind ?? .concept, title: title, aliases: aliases, seeAlso: seeAlso,
                              body: body, location: start)
        return (article, issues)
    }
}
