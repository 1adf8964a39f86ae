import Facts
import Foundation
import XCTest
@testable import Parsers

/// The SwiftLint treatment for sources of evidence: every folder
/// `Tests/ParsersTests/Sources/<source>/<case>/` holds a real `input.txt` (cited in
/// Sources/SOURCES.md), the records the parser must make of it (`expected-records.json`, the
/// `parse` command's JSON) and the facts it must yield alone (`expected-facts.json`,
/// `{fact: value}`). One test runs them all; a registered source without a case folder fails.
///
/// To add a case: put `input.txt` in a new folder and run the tests once with
/// `IPSEC_DOCTOR_WRITE_EXPECTED=1`; the missing expected files are written from the current
/// output — read them before committing: they are the contract from then on. After a deliberate
/// change of a parser or extractor, `IPSEC_DOCTOR_WRITE_EXPECTED=all` rewrites every expected
/// file; `git diff Tests/ParsersTests/Sources` then shows exactly what changed, to be read.
final class SourceCaseTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Sources")
    static let writeMode = ProcessInfo.processInfo.environment["IPSEC_DOCTOR_WRITE_EXPECTED"]
    static let writeMissing = writeMode == "1" || writeMode == "all"
    static let rewriteAll = writeMode == "all"

    /// Sources not converted yet: no real input of theirs is in the repository. This list only
    /// shrinks; the test fails when one of them gains a case folder and is still listed.
    static let withoutCases: Set<String> = SourceCasePending.sources

    static func caseFolders(of source: String) -> [URL] {
        let dir = root.appendingPathComponent(source)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.sorted().map { dir.appendingPathComponent($0) }.filter {
            FileManager.default.fileExists(atPath: $0.appendingPathComponent("input.txt").path)
        }
    }

    func testEveryRegisteredSourceHasACase() {
        for name in ParserRegistry.sourceNames {
            let cases = Self.caseFolders(of: name)
            if Self.withoutCases.contains(name) {
                XCTAssertTrue(cases.isEmpty, "\(name) has case folders now: remove it from SourceCasePending")
            } else {
                XCTAssertFalse(cases.isEmpty, "source \(name) has no case folder under Tests/ParsersTests/Sources/\(name)/")
            }
        }
        // A folder named after no source is a typo, not a test.
        let folders = (try? FileManager.default.contentsOfDirectory(atPath: Self.root.path)) ?? []
        for f in folders where !f.hasSuffix(".md") {
            XCTAssertNotNil(ParserRegistry.source(named: f), "Tests/ParsersTests/Sources/\(f): no registered source of that name")
        }
    }

    func testEveryCase() throws {
        var ran = 0
        for source in ParserRegistry.sources {
            for folder in Self.caseFolders(of: source.source) {
                try check(source, folder)
                ran += 1
            }
        }
        XCTAssertGreaterThan(ran, 0, "no case folder found under \(Self.root.path)")
    }

    func check(_ source: any EvidenceSource, _ folder: URL) throws {
        let what = "\(source.source)/\(folder.lastPathComponent)"
        let input = try String(contentsOf: folder.appendingPathComponent("input.txt"), encoding: .utf8)
        let result = source.parse(input)
        let kind: Provenance.Kind = source.kind == .log ? .log : source.kind == .config ? .file : .probe
        let parsed = ParsedCollection([ParsedSource(result: result, origin: "input.txt", kind: kind)])
        let facts = FactExtraction.facts(from: parsed)
        var byName: [String: Fact] = [:]
        for f in facts { byName[f.name] = f }
        let factsJSON = JSONValue.object(byName.keys.sorted().map { ($0, byName[$0]!.value.json) })

        for name in byName.keys.sorted() where !Self.declared(name, in: source.yields) {
            XCTFail("\(what): yields \(name), which \(type(of: source)).yields does not declare")
        }
        try compare(result.json, folder.appendingPathComponent("expected-records.json"), what + " records")
        try compare(factsJSON, folder.appendingPathComponent("expected-facts.json"), what + " facts")
    }

    static func declared(_ fact: String, in names: [String]) -> Bool {
        names.contains { $0 == fact || ($0.hasSuffix(".*") && fact.hasPrefix($0.dropLast())) }
    }

    /// What a source says it yields exists in the fact vocabulary, so rules can use it.
    func testDeclaredFactsAreInTheVocabulary() throws {
        let vocabulary = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Rules/facts.yaml")
        let text = try String(contentsOf: vocabulary, encoding: .utf8)
        let re = try NSRegularExpression(pattern: #"\{name: ([a-z0-9_.*]+),"#)
        let names = Set(re.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range(at: 1), in: text).map { String(text[$0]) }
        })
        XCTAssertGreaterThan(names.count, 50)
        for source in ParserRegistry.sources {
            for fact in source.yields {
                XCTAssertTrue(names.contains(fact), "\(source.source) yields \(fact), which Rules/facts.yaml does not list")
            }
        }
    }

    func compare(_ actual: JSONValue, _ file: URL, _ what: String) throws {
        let text = actual.serialized(pretty: true) + "\n"
        if Self.rewriteAll {
            try text.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            if Self.writeMissing {
                try text.write(to: file, atomically: true, encoding: .utf8)
                return
            }
            XCTFail("\(what): \(file.lastPathComponent) missing (run once with IPSEC_DOCTOR_WRITE_EXPECTED=1, then read it)")
            return
        }
        if expected != text {
            let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let a = text.split(separator: "\n", omittingEmptySubsequences: false)
            let i = (0..<min(e.count, a.count)).first { e[$0] != a[$0] } ?? min(e.count, a.count)
            XCTFail("\(what) differ from \(file.lastPathComponent) at line \(i + 1):\n  expected: \(i < e.count ? String(e[i]) : "<end>")\n  actual:   \(i < a.count ? String(a[i]) : "<end>")")
        }
    }
}

/// Registered sources with no case folder yet, and why: no real output of theirs is in the
/// repository (the parsers follow the tools' sources; see their parser tests).
enum SourceCasePending {
    static let sources: Set<String> = [
        "ipseckey-dump",  // no real `ipseckey dump` output found (IllumosParserTests)
    ]
}
