import Facts
import Foundation
import XCTest
@testable import Parsers

/// A log reaches us as someone pasted it: inside a forum's code block (every line indented by four
/// spaces), a mail reply (a tab, or `> `), a quote holding a code block. Every log source must
/// read every real log of its source cases (Tests/ParsersTests/Sources/<log source>/) the same
/// way in each of these wrappings — the same facts, the same daemon recognised — so a new log
/// source that forgets them fails here.
final class PastedLogFormTests: XCTestCase {
    static let wrappings: [(name: String, wrap: @Sendable (Substring) -> String)] = [
        ("four-space code block", { "    " + $0 }),
        ("tab-indented mail", { "\t" + $0 }),
        ("mail quote", { $0.isEmpty ? ">" : "> " + $0 }),
        ("quoted code block", { ">     " + $0 }),
    ]

    func facts(_ source: any EvidenceSource, _ text: String) -> JSONValue {
        let parsed = ParsedCollection([ParsedSource(result: source.parse(text), origin: "input.txt", kind: .log)])
        var byName: [String: Fact] = [:]
        for f in FactExtraction.facts(from: parsed) { byName[f.name] = f }
        return JSONValue.object(byName.keys.sorted().map { ($0, byName[$0]!.value.json) })
    }

    func testEveryLogSourceReadsPastedLogsAsTheOriginal() throws {
        var checked = 0
        for source in ParserRegistry.sources where source.logWriter != nil {
            for folder in SourceCaseTests.caseFolders(of: source.source) {
                let input = try String(contentsOf: folder.appendingPathComponent("input.txt"), encoding: .utf8)
                let original = facts(source, input)
                let recognised = LogRecognition.sniff(input)?.source
                for (name, wrap) in Self.wrappings {
                    let pasted = input.split(separator: "\n", omittingEmptySubsequences: false).map(wrap).joined(separator: "\n")
                    let what = "\(source.source)/\(folder.lastPathComponent) as a \(name)"
                    XCTAssertEqual(facts(source, pasted), original, "\(what): other facts")
                    XCTAssertEqual(LogRecognition.sniff(pasted)?.source, recognised, "\(what): another daemon recognised")
                }
                checked += 1
            }
        }
        XCTAssertGreaterThanOrEqual(checked, 8, "fewer log cases than log sources")
    }

    /// Only the indentation every line shares is the paste's: a line indented further (racoon's
    /// logcat continuation lines, a dump's hex rows) keeps the difference.
    func testOnlyTheCommonIndentationIsTakenOff() {
        XCTAssertEqual(PastedLog.dedented("    a\n\n      b\n    c\n"), "a\n\n  b\nc\n")
        XCTAssertEqual(PastedLog.dedented("\ta\r\n\t\tb\r\n"), "a\r\n\tb\r\n")
        let untouched = "Dec  2 06:00:01 gw charon: 10[IKE] x\n    indented continuation\n"
        XCTAssertEqual(PastedLog.dedented(untouched), untouched)
        XCTAssertEqual(PastedLog.dedented("   \n  \n"), "   \n  \n", "blank lines only: nothing to take off")
    }
}
