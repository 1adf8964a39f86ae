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
        texts += ["a) b", "(a [b] {c})", "x]", "{", "naïve (é", "see Seed 001 here", "seed 12", "Seeds 001", "ip xfrm # note", "a #b # c", "  Ip  XFRM\tstate\r\n", "\u{0B}x\u{0C}", "ÄB  c"]
        for text in texts {
            XCTAssertEqual(TextLinter.unbalanced(text), TextLinter.characterUnbalanced(text), text)
            XCTAssertEqual(TextLinter.internalLabel(text), text.range(of: #"\b[Ss]eed \d{3}\b"#, options: .regularExpression).map { String(text[$0]) }, text)
            let s = Substring(text)
            XCTAssertEqual(TextLinter.firstRange(of: " #", in: s), s.range(of: " #"), text)
            XCTAssertEqual(TextLinter.commandKey(text), generalCommandKey(text), text)
        }
    }

    /// `commandKey` on Characters, as it reads text that is not plain ASCII.
    func generalCommandKey(_ line: String) -> String {
        var s = Substring(line)
        if let comment = s.range(of: " #") { s = s[..<comment.lowerBound] }
        return s.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
    }
}
