import Foundation
import XCTest
import Facts
@testable import Parsers

/// The byte-level parsers of the big outputs (xfrm-state, xfrm-policy, swanctl-list-sas,
/// swanctl-list-conns, swanctl.conf, ip route) give
/// exactly what the character-level reference parsers give: the same records in the same field
/// order, the same unparsed lines and the same accounted lines — on every real fixture, every
/// block of the bulk corpora, the generated concentrator's lines, and on thousands of damaged
/// copies of them (lines dropped, doubled, cut short, words dropped, indentation changed).
final class ByteScanEquivalenceTests: XCTestCase {
    struct Case {
        let source: String
        let fast: (String) -> ParseResult
        let reference: (String) -> ParseResult
        /// For a typed source: the reference's JSON read into the struct and printed again. On
        /// damaged input (a line doubled or moved) the reference's dictionaries may hold a field
        /// twice or in another order; the struct holds each field once, in the tool's order.
        var normalize: ([JSONValue]) -> [JSONValue] = { $0 }
    }

    static func typed<R: SourceRecord>(_ type: R.Type) -> ([JSONValue]) -> [JSONValue] {
        { records in records.map { j in (try? JSONValueCoding.decode(R.self, from: j)).map { JSONValueCoding.encode($0) } ?? j } }
    }

    let cases: [Case] = [
        Case(source: "xfrm-state", fast: XfrmStateParser().parse, reference: XfrmStateParser().referenceParse),
        Case(source: "xfrm-policy", fast: XfrmPolicyParser().parse, reference: XfrmPolicyParser().referenceParse,
             normalize: typed(XfrmPolicyRecord.self)),
        Case(source: "swanctl-list-sas", fast: SwanctlListSasParser().parse, reference: SwanctlListSasParser().referenceParse),
        Case(source: "swanctl-list-conns", fast: SwanctlListConnsParser().parse, reference: SwanctlListConnsParser().referenceParse,
             normalize: typed(SwanctlLoadedConnRecord.self)),
        Case(source: "swanctl-conf", fast: SwanctlConfParser().parse, reference: SwanctlConfParser().referenceParse),
        Case(source: "ip-route", fast: IpRouteParser().parse, reference: IpRouteParser().referenceParse),
    ]

    /// Real inputs of a source: its fixtures, its source cases, the bulk corpus blocks
    /// (../shared/corpus).
    static func inputs(_ source: String) throws -> [(String, String)] {
        var out: [(String, String)] = []
        for f in realFixtures(source) { out.append((f, try Fixtures.text(f))) }
        for folder in SourceCaseTests.caseFolders(of: source) {
            let input = folder.appendingPathComponent("input.txt")
            out.append((input.path, String(decoding: try Data(contentsOf: input), as: UTF8.self)))
        }
        let bulk = "\(source).txt"   // ../shared/corpus/libreswan-console, where present
        if Fixtures.corpusExists(bulk) {
            for b in Fixtures.bulkBlocks(try Fixtures.corpus(bulk)) { out.append(("\(bulk) ### \(b.origin)", b.body)) }
        }
        return out
    }

    /// `exact`: the JSON must be the reference's, key order included (real input); else the
    /// reference's records are first read into the source's struct (`Case.normalize`).
    func assertSame(_ c: Case, _ text: String, _ what: String, exact: Bool = false,
                    file: StaticString = #filePath, line: UInt = #line) -> Bool {
        let a = c.fast(text), b = c.reference(text)
        let ar = a.records, br = exact ? b.records : c.normalize(b.records)
        if ar != br {
            let i = (0..<min(ar.count, br.count)).first { ar[$0] != br[$0] } ?? min(ar.count, br.count)
            XCTFail("\(c.source) \(what): records differ at #\(i):\nfast      \(i < ar.count ? ar[i].serialized() : "-")\nreference \(i < br.count ? br[i].serialized() : "-")", file: file, line: line)
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
            let all = try Self.inputs(c.source)
            XCTAssertGreaterThan(all.count, 3, "real inputs of \(c.source)")
            for (what, text) in all { _ = assertSame(c, text, what, exact: true) }
        }
    }

    /// Damaged copies: a fixed seed, so a failure names a reproducible input.
    func testSameOutputOnDamagedInputs() throws {
        var rng = SplitMix(seed: 0x5eed_1234)
        for c in cases {
            let all = try Self.inputs(c.source).filter { $0.1.count < 200_000 }
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
            for (what, text) in try Self.inputs(c.source).prefix(20) {
                _ = assertSame(c, text.replacingOccurrences(of: "\n", with: "\r\n"), what + " (CRLF)", exact: true)
                _ = assertSame(c, "\u{a0}" + text.replacingOccurrences(of: " ", with: "\u{a0} "), what + " (no-break spaces)", exact: true)
            }
        }
    }

    /// Random ASCII noise made of the bytes the scanners look at (blanks, separators, braces,
    /// digits, control bytes): both readings agree and neither traps.
    func testSameOutputOnNoise() throws {
        var rng = SplitMix(seed: 0x0bad_5eed)
        let alphabet = Array(" \t\n\n\n#{}=\":;,()[]/@*_0123456789xabcdefIKEv2local remote\u{0}\u{7}\u{b}\u{c}\u{7f}")
        for c in cases {
            for round in 0..<300 {
                let n = Int(rng.next() % 200)
                let text = String((0..<n).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
                if !assertSame(c, text, "noise round \(round): \(text.debugDescription)") { break }
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
                let junk = ["(", "/", ",", ":", "0x", "-", "+", "*", "_i", "[", "]", "'", " @ ", "99999999999999999999", "18446744073709551615", ": #",
                            "{", "}", "=", "\"", " : ", " #", "\t#", "include ", ": IKE", ": ", "id:", " authentication:"]
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
