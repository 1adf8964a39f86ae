import XCTest
import Facts
@testable import Parsers

/// The byte-level parsers of the big outputs (xfrm-state, xfrm-policy, swanctl-list-sas) give
/// exactly what the character-level reference parsers give: the same records in the same field
/// order, the same unparsed lines and the same accounted lines — on every real fixture, every
/// block of the bulk corpora, the generated concentrator's lines, and on thousands of damaged
/// copies of them (lines dropped, doubled, cut short, words dropped, indentation changed).
final class ByteScanEquivalenceTests: XCTestCase {
    struct Case {
        let source: String
        let fast: (String) -> ParseResult
        let reference: (String) -> ParseResult
    }

    let cases: [Case] = [
        Case(source: "xfrm-state", fast: XfrmStateParser().parse, reference: XfrmStateParser().referenceParse),
        Case(source: "xfrm-policy", fast: XfrmPolicyParser().parse, reference: XfrmPolicyParser().referenceParse),
        Case(source: "swanctl-list-sas", fast: SwanctlListSasParser().parse, reference: SwanctlListSasParser().referenceParse),
    ]

    /// Real inputs of a source: its fixtures, the bulk corpus blocks, ../shared/corpus.
    func inputs(_ source: String) throws -> [(String, String)] {
        var out: [(String, String)] = []
        for f in realFixtures(source) { out.append((f, try Fixtures.text(f))) }
        let bulk = "\(source).txt"   // ../shared/corpus/libreswan-console, where present
        if Fixtures.corpusExists(bulk) {
            for b in Fixtures.bulkBlocks(try Fixtures.corpus(bulk)) { out.append(("\(bulk) ### \(b.origin)", b.body)) }
        }
        return out
    }

    func assertSame(_ c: Case, _ text: String, _ what: String, file: StaticString = #filePath, line: UInt = #line) -> Bool {
        let a = c.fast(text), b = c.reference(text)
        if a.records != b.records {
            let i = (0..<min(a.records.count, b.records.count)).first { a.records[$0] != b.records[$0] } ?? min(a.records.count, b.records.count)
            XCTFail("\(c.source) \(what): records differ at #\(i):\nfast      \(i < a.records.count ? a.records[i].serialized() : "-")\nreference \(i < b.records.count ? b.records[i].serialized() : "-")", file: file, line: line)
            return false
        }
        if a.unparsed != b.unparsed || a.accounted != b.accounted {
            XCTFail("\(c.source) \(what): unparsed or accounted lines differ: \(a.unparsed.prefix(3)) vs \(b.unparsed.prefix(3))", file: file, line: line)
            return false
        }
        return true
    }

    func testSameOutputOnRealInputs() throws {
        for c in cases {
            let all = try inputs(c.source)
            XCTAssertGreaterThan(all.count, 3, "real inputs of \(c.source)")
            for (what, text) in all { _ = assertSame(c, text, what) }
        }
    }

    /// Damaged copies: a fixed seed, so a failure names a reproducible input.
    func testSameOutputOnDamagedInputs() throws {
        var rng = SplitMix(seed: 0x5eed_1234)
        for c in cases {
            let all = try inputs(c.source).filter { $0.1.count < 200_000 }
            var failures = 0
            for round in 0..<1500 where failures < 3 {
                let (what, text) = all[Int(rng.next() % UInt64(all.count))]
                let damaged = damage(text, &rng)
                if !assertSame(c, damaged, "\(what), damage round \(round): \(damaged.debugDescription.prefix(600))") { failures += 1 }
            }
        }
    }

    /// Inputs with non-ASCII text or CR go to the reference parser, whole.
    func testNonASCIIAndCRLFTakeTheReferencePath() throws {
        for c in cases {
            for (what, text) in try inputs(c.source).prefix(20) {
                _ = assertSame(c, text.replacingOccurrences(of: "\n", with: "\r\n"), what + " (CRLF)")
                _ = assertSame(c, "\u{a0}" + text.replacingOccurrences(of: " ", with: "\u{a0} "), what + " (no-break spaces)")
            }
        }
    }

    func damage(_ text: String, _ rng: inout SplitMix) -> String {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard !lines.isEmpty else { return text }
        for _ in 0..<(1 + Int(rng.next() % 4)) {
            let i = Int(rng.next() % UInt64(lines.count))
            switch rng.next() % 9 {
            case 0: lines.remove(at: i)
            case 1: lines.insert(lines[i], at: i)
            case 2: lines[i] = String(lines[i].prefix(Int(rng.next() % UInt64(lines[i].count + 1))))
            case 3:   // drop one word
                var w = lines[i].split(separator: " ", omittingEmptySubsequences: false)
                if !w.isEmpty { w.remove(at: Int(rng.next() % UInt64(w.count))) }
                lines[i] = w.joined(separator: " ")
            case 4: lines[i] = lines[i].trimmingCharacters(in: .whitespaces)
            case 5: lines[i] = (rng.next() % 2 == 0 ? "\t" : "  ") + lines[i]
            case 6:   // a stray token where numbers and separators are
                let junk = ["(", "/", ",", ":", "0x", "-", "+", "*", "_i", "[", "]", "'", " @ ", "99999999999999999999", "18446744073709551615", ": #"]
                let j = junk[Int(rng.next() % UInt64(junk.count))]
                let pos = Int(rng.next() % UInt64(lines[i].count + 1))
                let idx = lines[i].index(lines[i].startIndex, offsetBy: pos)
                lines[i].insert(contentsOf: j, at: idx)
            case 7: lines.insert("", at: i)
            default: lines[i] = lines[i].replacingOccurrences(of: ", ", with: ",")
            }
            if lines.isEmpty { lines = [""] }
        }
        return lines.joined(separator: "\n")
    }
}

/// A small deterministic generator (SplitMix64), so damaged inputs are reproducible.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
