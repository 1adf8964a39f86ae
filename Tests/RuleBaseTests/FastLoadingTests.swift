import Foundation
@testable import RuleBase
import XCTest
import Yams

/// `rules check` reads the rule base without Foundation's slow paths (YAML tag regexes, NSString
/// splitting and trimming); each shortcut must read exactly what the slow path read, on every
/// shipped file and on the inputs where the two could part.
final class FastLoadingTests: XCTestCase {
    static let root = RepositoryRuleBaseTests.root

    static func files(_ dir: String, _ ending: String) -> [String] {
        RuleBase.files(under: root + "/" + dir, ending: [ending])
    }

    /// A node as the loaders see it: kind, text, style, line, and the fact value of a scalar.
    func dump(_ node: Node?) -> String {
        guard let node else { return "nil" }
        let line = node.mark?.line ?? 0
        switch node {
        case let .scalar(s):
            return "s\(line):\(s.style.rawValue):\(s.string.debugDescription)=\(node.factValue.map { "\($0)" } ?? "-")"
        case let .mapping(m):
            return "m\(line){" + m.map { "\(dump($0.key)):\(dump($0.value))" }.joined(separator: ",") + "}"
        case let .sequence(q):
            return "q\(line)[" + q.map(dump).joined(separator: ",") + "]"
        case .alias:
            return "alias"
        }
    }

    func testEveryRuleFileComposesAsYamsDefaultDoes() throws {
        let paths = Self.files("Rules", ".yaml")
        XCTAssertGreaterThan(paths.count, 100)
        for path in paths {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            XCTAssertEqual(dump(try YAMLFile.compose(text)), dump(try Yams.compose(yaml: text)), path)
        }
    }

    func testRepeatedKeysAreJudgedAsYamsDefaultJudgesThem() throws {
        // Repeats under the default rules, and keys that only look alike as text.
        let cases = ["a: 1\na: 2\n", "\"1\": x\n1: y\n", "'true': x\ntrue: y\n", "1: x\n01: y\n",
                     "!!int 1: x\n1: y\n", "!!str true: x\n'true': y\n", "k: {a: 1, b: 2, a: 3}\n", "- {x: 1}\n- {x: 1}\n"]
        for text in cases {
            let fast = Result { try YAMLFile.compose(text) }.map(dump)
            let slow = Result { try Yams.compose(yaml: text) }.map(dump)
            switch (fast, slow) {
            case let (.success(a), .success(b)): XCTAssertEqual(a, b, text)
            case let (.failure(a), .failure(b)): XCTAssertEqual("\(a)", "\(b)", text)
            default: XCTFail("\(text.debugDescription): fast \(fast), Yams \(slow)")
            }
        }
    }

    func testArticleFenceAndTrimMatchFoundation() throws {
        var samples = ["---", " --- ", "\t---\u{00A0}", "---\r", "-- -", "", "   ", "\n\n body \u{2028}\r\n", "\u{85}x\u{3000}",
                       "e\u{301} \t", " \u{200B}x", "\u{180E}x\u{FEFF}", "\u{1680}\u{2000}\u{200A}x\u{202F}\u{205F}", "\u{2029}---\u{00A0}"]
        for path in Self.files("Knowledge", ".md") {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            samples.append(text)
            samples += text.components(separatedBy: "\n").prefix(8)
        }
        for s in samples {
            XCTAssertEqual(KnowledgeLoader.trimmed(s), s.trimmingCharacters(in: .whitespacesAndNewlines), s.debugDescription)
            XCTAssertEqual(KnowledgeLoader.isFence(Substring(s)), s.trimmingCharacters(in: .whitespaces) == "---", s.debugDescription)
        }
    }

    func testTextLinterShortcutsMatchTheGeneralForms() throws {
        let base = RepositoryRuleBaseTests.base
        var texts = base.rules.flatMap { $0.remedies.values.flatMap { $0 } + $0.evidence + [$0.title] }
        texts += ["a) b", "(a [b] {c})", "x]", "{", "naïve (é", "see Seed 001 here", "seed 12", "Seeds 001", "need 001 speed 002 Seed 003", "xSeed 004", "eed 005", "ping -I <inside address> <peer> <a.b-c_d> <> <é>", "ip xfrm # note", "a #b # c", "  Ip  XFRM\tstate\r\n", "\u{0B}x\u{0C}", "ÄB  c",
                  "  then  do x", "or", "", "   ", "and\tso", " \u{301}then x", "then\u{301} x", "also\r\n x"]
        for text in texts {
            XCTAssertEqual(TextLinter.unbalanced(text), TextLinter.characterUnbalanced(text), text)
            XCTAssertEqual(TextLinter.internalLabel(text), text.range(of: #"\b[Ss]eed \d{3}\b"#, options: .regularExpression).map { String(text[$0]) }, text)
            XCTAssertEqual(TextLinter.angled(text), TextLinter.characterAngled(text), text)
            let s = Substring(text)
            XCTAssertEqual(TextLinter.firstRange(of: " #", in: s), s.range(of: " #"), text)
            XCTAssertEqual(TextLinter.commandKey(text), generalCommandKey(text), text)
            XCTAssertEqual(TextLinter.firstRange(of: "eed ", in: s), s.range(of: "eed "), text)
            XCTAssertEqual(TextLinter.firstWord(text), text.split(separator: " ").first, text)
        }
    }

    /// Conditions are read byte by byte when ASCII without CR: the same tokens, columns and
    /// errors as Character by Character, on every condition of the rule base and on the forms
    /// where bytes and Characters could part.
    func testConditionLexerBytesMatchCharacters() throws {
        var texts = RepositoryRuleBaseTests.base.rules.map(\.conditionText)
        texts += ["a == 1", "x.y-z_* != 'q r'", "n >= -3.5 and m < 2", "a = b", "a ! b", "\"open", "1.2.3 > 0", "-x", "a\tb\u{0B}c\u{0C}",
                  "a\r\nb", "é == 1", "a == \"é\"", "x <", "x >", "!", "=", "#", "known(a) or unknown(b.c)", "[a, b]", "7abc", "", "   "]
        XCTAssertGreaterThan(texts.count, 100)
        for text in texts {
            let fast = Result { try ConditionLexer.tokens(text) }
            let slow = Result { try ConditionLexer.characterTokens(text) }
            switch (fast, slow) {
            case let (.success(a), .success(b)): XCTAssertEqual(a, b, text)
            case let (.failure(a), .failure(b)): XCTAssertEqual("\(a)", "\(b)", text)
            default: XCTFail("\(text.debugDescription): bytes \(fast), Characters \(slow)")
            }
        }
    }

    /// An article's body and front matter are the text after and between the fences, as the
    /// line-by-line split and join made them: on every article and on odd layouts.
    func testArticleBodyIsTheTextAfterTheFence() throws {
        var texts: [String] = []
        for path in Self.files("Knowledge", ".md") where !path.hasSuffix("/README.md") {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            texts += [text, text.replacingOccurrences(of: "\n", with: "\r\n"), String(text.dropLast())]
        }
        texts += ["---\nid: a\n---", "---\nid: a\n---\n", "---\n---\nbody", " --- \nid: a\ntitle: T\n\t---\u{a0}\n\n body \n\n", "---\nid: a\n", "x\n---\nid: a\n---\n", ""]
        let dir = NSTemporaryDirectory() + "fast-articles-\(getpid())"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        for (i, text) in texts.enumerated() {
            let path = dir + "/a\(i).md"
            try text.write(toFile: path, atomically: false, encoding: .utf8)
            let (article, issues) = KnowledgeLoader.load(path: path, displayPath: "a.md")
            // The reading it replaced: split on the byte "\n", the fences, the lines between and after joined.
            let lines = text.utf8.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map { text[$0.startIndex..<$0.endIndex] }
            guard let first = lines.first, KnowledgeLoader.isFence(first), let end = lines.dropFirst().firstIndex(where: KnowledgeLoader.isFence) else {
                XCTAssertNil(article, text.debugDescription)
                XCTAssertEqual(issues.map(\.message), ["an article starts with a `---` front matter block (id, kind, title)"], text.debugDescription)
                continue
            }
            let front = lines[1..<end].joined(separator: "\n")
            let node = try? YAMLFile.compose(front)
            XCTAssertEqual(article?.body, node?.mapping == nil ? nil : KnowledgeLoader.trimmed(lines[(end + 1)...].joined(separator: "\n")), text.debugDescription)
            if let id = node?.mapping?.first(where: { $0.key.string == "id" })?.value.string { XCTAssertEqual(article?.id, id, text.debugDescription) }
        }
    }

    /// The rule base read on every core is the rule base read file after file, every time.
    func testLoadingOnEveryCoreKeepsFileOrder() throws {
        func summary(_ b: RuleBase) -> String {
            (b.vocabulary.map(\.name) + b.rules.map { "\($0.name) \($0.location) \($0.conditionText) \($0.examples.count)" }
                + b.questions.map { "\($0.id) \($0.location)" } + b.articles.map { "\($0.id) \($0.body.count)" } + b.issues.map(\.description))
                .joined(separator: "\n")
        }
        let root = Self.root
        var serial = RuleBase(rulesDirectory: root + "/Rules", knowledgeDirectory: root + "/Knowledge")
        for path in RuleBase.files(under: root + "/Rules", ending: [".yaml", ".yml"]) {
            switch RuleBase.loadRuleFile(path, displayPath: RuleBase.display(path, under: root), rulesDirectory: root + "/Rules") {
            case let .vocabulary(d, i): serial.vocabulary += d; serial.issues += i
            case let .questions(q, i): serial.questions += q; serial.issues += i
            case let .rule(r, i): serial.rules += r.map { [$0] } ?? []; serial.issues += i
            case let .article(a, i): serial.articles += a.map { [$0] } ?? []; serial.issues += i
            case let .failure(i): serial.issues.append(i)
            }
        }
        for path in RuleBase.files(under: root + "/Knowledge", ending: [".md"]) where !path.hasSuffix("/README.md") {
            let (a, i) = KnowledgeLoader.load(path: path, displayPath: RuleBase.display(path, under: root))
            serial.articles += a.map { [$0] } ?? []; serial.issues += i
        }
        XCTAssertGreaterThan(serial.rules.count, 100)
        for _ in 0..<5 {
            XCTAssertEqual(summary(RuleBase.load(rules: root + "/Rules", knowledge: root + "/Knowledge")), summary(serial))
        }
    }

    /// The rule base's files listed with readdir are those FileManager's enumerator lists: on
    /// Rules/ and Knowledge/, and on a tree with hidden entries, a folder named like a file, links
    /// to a folder and to a file, a dangling link and a fifo; nothing under a linked root.
    func testFilesAreListedAsTheEnumeratorListsThem() throws {
        func enumerated(_ root: String, _ ending: [String]) -> [String] {
            guard let walker = FileManager.default.enumerator(atPath: root) else { return [] }
            var out: [String] = []
            while let rel = walker.nextObject() as? String {
                if ending.contains(where: { rel.hasSuffix($0) }) { out.append(root + "/" + rel) }
            }
            return out.sorted()
        }
        let fm = FileManager.default
        let tree = NSTemporaryDirectory() + "fast-files-\(getpid())"
        defer { try? fm.removeItem(atPath: tree); try? fm.removeItem(atPath: tree + "-link") }
        for dir in ["a/b", ".hid", "c.yaml"] { try fm.createDirectory(atPath: tree + "/" + dir, withIntermediateDirectories: true) }
        for file in ["a/x.yaml", "a/b/y.yml", ".hid/z.yaml", ".dot.yaml", "c.yaml/w.yaml", "a/readme.md", "n.txt"] {
            XCTAssertTrue(fm.createFile(atPath: tree + "/" + file, contents: Data("k: v\n".utf8)))
        }
        try fm.createSymbolicLink(atPath: tree + "/linkdir.yaml", withDestinationPath: "a")
        try fm.createSymbolicLink(atPath: tree + "/link.yaml", withDestinationPath: "a/x.yaml")
        try fm.createSymbolicLink(atPath: tree + "/broken.yaml", withDestinationPath: "nowhere")
        try fm.createSymbolicLink(atPath: tree + "-link", withDestinationPath: tree)
        XCTAssertEqual(mkfifo(tree + "/fifo.yaml", 0o600), 0)
        let roots = [Self.root + "/Rules", Self.root + "/Knowledge", tree, tree + "/", tree + "-link", tree + "/a/x.yaml", tree + "/none"]
        for root in roots {
            for ending in [[".yaml", ".yml"], [".md"]] {
                XCTAssertEqual(RuleBase.files(under: root, ending: ending), enumerated(root, ending), "\(root) \(ending)")
            }
        }
        XCTAssertGreaterThan(RuleBase.files(under: Self.root + "/Rules", ending: [".yaml"]).count, 100)
    }

    /// A fact value is read as a number only where Yams' reading can make one.
    func testNumbersAreReadWhereYamsReadsThem() throws {
        let words = ["true", "strongswan", "inf", ".Inf", "-.INF", "NaN", ".nan", "infinity", "snan", "nanx", "Nan", "xinfy", "1_000", "1:30",
                     "0x1F", "0o17", "0b101", "+12", "-0.5e3", "1e", "e1", "abc", "", "_", ":", "-", "+.inf", "ıNF", "ＮａＮ", "٣"]
        for w in words {
            // A word YAML does not take as a plain value (`:`) reads as no value at all.
            guard let composed = try? Yams.compose(yaml: "v: \(w.isEmpty ? "''" : w)\n"), let node = composed.mapping?.first?.value else { continue }
            guard node.scalar?.style == .plain else { continue }
            let yams = node.float ?? node.int.map { Double($0) }
            if yams != nil || (node.float?.isNaN ?? false) { XCTAssertTrue(Node.mayBeNumber(w), w) }
        }
        for path in Self.files("Rules", ".yaml") {
            func walk(_ n: Node) {
                switch n {
                case let .scalar(s) where s.style == .plain:
                    if n.float != nil || n.int != nil { XCTAssertTrue(Node.mayBeNumber(s.string), "\(path): \(s.string)") }
                case let .mapping(m): m.forEach { walk($0.key); walk($0.value) }
                case let .sequence(q): q.forEach(walk)
                default: break
                }
            }
            if let root = try Yams.compose(yaml: try String(contentsOfFile: path, encoding: .utf8)) { walk(root) }
        }
    }

    /// `commandKey` on Characters, as it reads text that is not plain ASCII.
    func generalCommandKey(_ line: String) -> String {
        var s = Substring(line)
        if let comment = s.range(of: " #") { s = s[..<comment.lowerBound] }
        return s.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
    }
}
