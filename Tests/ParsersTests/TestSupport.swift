import Foundation
import XCTest
import Facts
@testable import Parsers

/// Fixtures live in Tests/Fixtures next to this folder.
enum Fixtures {
    static let root: URL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures")

    static func text(_ path: String) throws -> String {
        let url = root.appendingPathComponent(path)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw XCTSkip("fixture \(path) not present")
        }
        return String(decoding: data, as: UTF8.self)
    }

    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path) }

    static func files(in dir: String) -> [String] {
        let url = root.appendingPathComponent(dir)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return names.sorted().map { dir + "/" + $0 }
    }

    /// The lab scenarios captured so far.
    static var labScenarios: [String] {
        files(in: "lab").filter { var d: ObjCBool = false; return FileManager.default.fileExists(atPath: root.appendingPathComponent($0).path, isDirectory: &d) && d.boolValue }
            .map { String($0.dropFirst("lab/".count)) }
    }

    /// The shared bulk corpus: real console output of Libreswan's test suite, kept OUTSIDE the
    /// repository (`../shared/corpus/libreswan-console/` next to the checkout) because it was
    /// extracted from another project's history. A fresh clone has no such folder: skip, saying so.
    static let corpusRoot: URL = root.deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("shared/corpus/libreswan-console")

    static func corpusExists(_ file: String) -> Bool {
        FileManager.default.fileExists(atPath: corpusRoot.appendingPathComponent(file).path)
    }

    static func corpus(_ file: String) throws -> String {
        let url = corpusRoot.appendingPathComponent(file)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            throw XCTSkip("bulk corpus \(file) absent: it lives in \(corpusRoot.path) (../shared/corpus/libreswan-console next to the checkout), which this checkout does not have")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Blocks of a bulk corpus file: `### origin` followed by the output lines.
    static func bulkBlocks(_ text: String) -> [(origin: String, body: String)] {
        var blocks: [(String, [Substring])] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("### ") { blocks.append((String(line.dropFirst(4)), [])) }
            else if !blocks.isEmpty { blocks[blocks.count - 1].1.append(line) }
        }
        return blocks.map { ($0.0, $0.1.joined(separator: "\n")) }
    }
}

func parse(_ source: String, _ text: String) -> ParseResult {
    guard let p = ParserRegistry.parser(named: source) else { XCTFail("no parser \(source)"); return ParseResult(source: source) }
    return p.parse(text)
}

/// Every non-blank line is accounted for or unparsed, never both, never lost.
func assertNoLineLost(_ r: ParseResult, _ text: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
    let lines = text.numberedLines
    let unparsed = Set(r.unparsed.map(\.line))
    for l in lines where !l.isBlank {
        let a = r.accounted.contains(l.number), u = unparsed.contains(l.number)
        if a == u {
            XCTFail("\(what): line \(l.number) \(a ? "both accounted and unparsed" : "lost"): \(l.text)", file: file, line: line)
            return
        }
    }
}

/// Records whose field equals a value.
func records(_ r: ParseResult, where key: String, _ value: String) -> [JSONValue] {
    r.records.filter { $0.str(key) == value }
}

func facts(_ items: [(String, String)], kind: Provenance.Kind = .probe) throws -> [String: Fact] {
    var parsed: [ParsedSource] = []
    for (source, path) in items {
        let text = try Fixtures.text(path)
        parsed.append(ParsedSource(result: parse(source, text), origin: path, kind: kind))
    }
    return facts(ParsedCollection(parsed))
}

func facts(_ collection: ParsedCollection) -> [String: Fact] {
    var store = FactStore()
    for f in FactExtraction.facts(from: collection) { store.set(f) }
    return store.facts
}

/// Parsers must survive anything: random bytes, truncation at every point of real output.
func assertRobust(_ source: String, sample: String, file: StaticString = #filePath, line: UInt = #line) {
    var rng = SystemRandomNumberGenerator()
    let alphabet = Array(" \t\n{}[]()<>:;,.=|/#!\"'-_0123456789abcdefxyzABCXYZ@%*\\")
    for _ in 0..<40 {
        let n = Int.random(in: 0..<400, using: &rng)
        let junk = String((0..<n).map { _ in alphabet.randomElement(using: &rng)! })
        let r = parse(source, junk)
        assertNoLineLost(r, junk, "\(source) random", file: file, line: line)
    }
    let chars = Array(sample)
    let step = max(1, chars.count / 60)
    for cut in stride(from: 0, to: chars.count, by: step) {
        let t = String(chars[..<cut])
        assertNoLineLost(parse(source, t), t, "\(source) truncated at \(cut)", file: file, line: line)
        let tail = String(chars[cut...])
        assertNoLineLost(parse(source, tail), tail, "\(source) from \(cut)", file: file, line: line)
    }
    // Shuffled lines of real output
    var lines = sample.split(separator: "\n", omittingEmptySubsequences: false)
    lines.shuffle(using: &rng)
    let shuffled = lines.joined(separator: "\n")
    assertNoLineLost(parse(source, shuffled), shuffled, "\(source) shuffled", file: file, line: line)
}

/// Scaling: 20× the input gives 20× the records, and no line is lost. How long it takes is a
/// benchmark's business (Tests/Benchmarks/), not a timed assertion that a loaded machine breaks.
func assertLinear(_ source: String, sample: String, file: StaticString = #filePath, line: UInt = #line) {
    guard !sample.isEmpty else { return }
    let small = String(repeating: sample + "\n", count: 10)
    let big = String(repeating: sample + "\n", count: 200)
    let a = parse(source, small), b = parse(source, big)
    XCTAssertEqual(b.records.count, a.records.count * 20, "\(source): records of 20× the input", file: file, line: line)
    XCTAssertEqual(b.unparsed.count, a.unparsed.count * 20, "\(source): unparsed lines of 20× the input", file: file, line: line)
    assertNoLineLost(b, big, "\(source) 200 copies", file: file, line: line)
}

/// Lab fixture path of a scenario's file for gateway a or b.
func lab(_ scenario: String, _ side: String = "a", _ file: String) -> String { "lab/\(scenario)/\(side)/\(file)" }

/// The sources each lab capture file feeds.
let labFileSources: [String: String] = [
    "swanctl-list-sas.txt": "swanctl-list-sas", "swanctl-list-conns.txt": "swanctl-list-conns",
    "swanctl-list-pols.txt": "swanctl-list-pols", "ip-xfrm-state.txt": "xfrm-state",
    "ip-s-xfrm-state.txt": "xfrm-state", "ip-xfrm-policy.txt": "xfrm-policy", "xfrm_stat.txt": "xfrm-stat",
    "iptables-save.txt": "iptables-save", "iptables-save-c.txt": "iptables-save",
    "nft-list-ruleset.txt": "nft-ruleset", "ss-uanp.txt": "ss-uanp", "ip-route.txt": "ip-route",
    "ip-addr.txt": "ip-addr", "sysctl-ip_forward.txt": "sysctl", "pgrep-charon.txt": "processes",
    "charon.log": "charon-log", "syslog": "charon-log", "swanctl.conf": "swanctl-conf",
]

/// Every real fixture of one source (its real/ folder and the lab files of that source).
func realFixtures(_ source: String) -> [String] {
    var out = Fixtures.files(in: "real/\(source)").filter { !$0.hasSuffix(".md") }
    for s in Fixtures.labScenarios {
        for side in ["a", "b"] {
            for (file, src) in labFileSources where src == source {
                let p = lab(s, side, file)
                if Fixtures.exists(p) { out.append(p) }
            }
        }
    }
    return out
}

/// Parses every real fixture of a source: nothing lost, records where there is content.
func assertAllRealFixtures(_ source: String, minimumFiles: Int = 1, requireRecords: Bool = true,
                           file: StaticString = #filePath, line: UInt = #line) throws {
    let files = realFixtures(source)
    XCTAssertGreaterThanOrEqual(files.count, minimumFiles, "fixtures of \(source)", file: file, line: line)
    for f in files {
        let text = try Fixtures.text(f)
        let r = parse(source, text)
        assertNoLineLost(r, text, f, file: file, line: line)
        if requireRecords, text.contains(where: { !$0.isWhitespace }) {
            XCTAssertFalse(r.records.isEmpty, "\(f): no records", file: file, line: line)
        }
    }
}

/// A real report's pasted log (Tests/Fixtures/reports/<name>/snapshot/report.log).
func report(_ name: String) throws -> String { try Fixtures.text("reports/\(name)/snapshot/report.log") }

/// The facts one log text gives on its own, read as `source`'s.
func logFacts(_ source: String, _ text: String) -> [String: Fact] {
    facts(ParsedCollection([ParsedSource(result: parse(source, text), origin: "t", kind: .log)]))
}

/// The same facts' values, by name: what two readings of a log are compared by.
func logFactValues(_ source: String, _ text: String) -> JSONValue {
    let byName = logFacts(source, text)
    return JSONValue.object(byName.keys.sorted().map { ($0, byName[$0]!.value.json) })
}
