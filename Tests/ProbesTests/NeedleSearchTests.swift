@testable import Probes
import XCTest

/// The recognisers' substring tests (`LineBytes.find`, which memchr's the needle's rarest byte
/// rather than its first, and `TriggerWords.occurs`, which tests byte pairs on a bitset first)
/// find what a plain search finds: every offset, at the text's ends, in any case.
final class NeedleSearchTests: XCTestCase {
    /// The first offset at or after `from` where `nd` starts in `hay`, byte by byte.
    func naive(_ hay: [UInt8], _ nd: [UInt8], from: Int) -> Int? {
        guard !nd.isEmpty, hay.count >= nd.count, from <= hay.count - nd.count else { return nil }
        for i in from...(hay.count - nd.count) where Array(hay[i..<(i + nd.count)]) == nd { return i }
        return nil
    }

    func testFindAgreesWithAPlainSearch() {
        var rng = SplitMix(seed: 25)
        let alphabet = Array("eE: aAutchn-kyKY\t.,0x".utf8)
        let needles = ["enc ", "E: ", "A: ", "auth", "aead ", "comp ", "://", "PRIVATE KEY", "bytes @", "ky:", "key", "e", ": ", "  "]
            .map { Array($0.utf8) }
        var found = 0
        for _ in 0..<3_000 {
            let hay = (0..<Int(rng.next() % 40)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            for nd in needles {
                for from in [0, 1, Int(rng.next() % 8)] where from <= hay.count {
                    let got = hay.withUnsafeBytes { h in nd.withUnsafeBytes { LineBytes.find(h, $0, from: from) } }
                    XCTAssertEqual(got, naive(hay, nd, from: from), "\(String(decoding: nd, as: UTF8.self)) in \(String(decoding: hay, as: UTF8.self)) from \(from)")
                    if got != nil { found += 1 }
                }
            }
        }
        XCTAssertGreaterThan(found, 1_000)
    }

    func testTriggerWordsAgreeWithAPlainSearch() {
        let words = ["-----begin", "://", "secret", "psk", "pass", "key", "authentication", "p12"]
        let t = TriggerWords(words)
        var rng = SplitMix(seed: 11)
        let alphabet = Array("-:/ sSeEcCrRtTpPkKyYaAuU12 0\t".utf8)
        var hits = 0
        for _ in 0..<20_000 {
            let line = (0..<Int(rng.next() % 24)).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] }
            let lower = String(decoding: line, as: UTF8.self).lowercased()
            let expected = words.contains { lower.contains($0) }
            let got = line.withUnsafeBufferPointer { t.occurs($0, 0, $0.count) }
            XCTAssertEqual(got, expected, String(decoding: line, as: UTF8.self))
            if got { hits += 1 }
        }
        XCTAssertGreaterThan(hits, 100)
    }

    /// `HexRun`'s table is `isHex`, and its runs stop where `isHex` stops them, both ways.
    func testHexRunsAreIsHexRuns() {
        for c in 0...255 { XCTAssertEqual(HexRun.table[c] != 0, PlainBytes.isHex(UInt8(c)), "byte \(c)") }
        let line = Array("auth-trunc hmac(sha256) 0x6c576fAC43fd 128 xyz".utf8)
        line.withUnsafeBufferPointer { p in
            XCTAssertEqual(HexRun.end(p, from: 26, to: p.count), 38)      // after `0x`
            XCTAssertEqual(HexRun.end(p, from: 0, to: p.count), 1)        // `a`, then `u`
            XCTAssertEqual(HexRun.start(p, before: 38, from: 0), 26)
            XCTAssertEqual(HexRun.start(p, before: 38, from: 30), 30)     // not before `from`
            XCTAssertEqual(HexRun.end(p, from: 43, to: p.count), 43)      // `x` is none
        }
    }
}
