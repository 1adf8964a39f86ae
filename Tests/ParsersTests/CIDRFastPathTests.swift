import XCTest
@testable import Parsers

/// `CIDR(_:)` reads plain addresses and prefixes from bytes and leaves every other form to the
/// general (Character-level) parser. Both must agree on every input: every word of every real
/// fixture (and its pieces around `/`, `|`, `[`, `=`, `,`), and a seeded stream of random strings
/// over the characters that matter (digits, hex letters, `.`, `:`, `/`, `|`, `[`, `%`, `!`, `+`,
/// `-`, blanks, a non-ASCII letter).
final class CIDRFastPathTests: XCTestCase {
    func assertSame(_ s: String, file: StaticString = #filePath, line: UInt = #line) -> Bool {
        let fast = CIDR(s), general = CIDR(general: s)
        guard fast == general else {
            XCTFail("`\(s)`: byte path \(fast.map(\.description) ?? "nil"), general \(general.map(\.description) ?? "nil")", file: file, line: line)
            return false
        }
        return true
    }

    func testAgreesOnKnownForms() {
        for s in ["10.1.0.0/24", "10.1.0.0/24|/0", "10.1.0.0/24[tcp/80]", "192.168.1.1", "0/0", "default", "any",
                  "::/0", "fd00::1/64", "::", "::1", "1::", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8:9", "::ffff:10.1.2.3",
                  "1.2.3.4::1", ":::", "1:::2", "::1::", "1:2:", ":1", "256.1.1.1", "1.2.3", "1.2.3.4.5", "01.002.3.4/024",
                  "10.0.0.0/33", "10.0.0.0/", "/24", "10.0.0.0/+8", "+1.2.3.4", "fe80::1%eth0", "[::1]", "!10.0.0.0/8",
                  " 10.0.0.1 ", "10.0.0.1\r", "ABCD::EF01/128", "abcde::1", "1:2:3:4:5:6:7::", "::1.2.3.4/96"] {
            XCTAssertTrue(assertSame(s))
        }
        XCTAssertEqual(CIDR("10.1.0.0/24|/0")?.description, "10.1.0.0/24")
        XCTAssertEqual(CIDR("fd00::1/64")?.description, "fd00::/64")
        XCTAssertNil(CIDR("1.2.3"))
    }

    func testAgreesOnEveryWordOfTheRealFixtures() throws {
        let root = Fixtures.root.appendingPathComponent("real")
        let files = FileManager.default.enumerator(atPath: root.path)?.allObjects as? [String] ?? []
        var seen = Set<String>()
        for rel in files where rel.hasSuffix(".txt") || rel.hasSuffix(".conf") || rel.hasSuffix(".log") {
            guard let data = FileManager.default.contents(atPath: root.appendingPathComponent(rel).path), data.count < 8 << 20 else { continue }
            for word in String(decoding: data, as: UTF8.self).split(whereSeparator: { $0 == " " || $0 == "\n" || $0 == "\t" }) {
                for piece in [Substring(word)] + word.split(whereSeparator: { "=,;()\"'".contains($0) }) where seen.insert(String(piece)).inserted {
                    if !assertSame(String(piece)) { return }
                }
            }
        }
        XCTAssertGreaterThan(seen.count, 1000, "the real fixtures hold thousands of distinct words")
        XCTAssertGreaterThan(seen.filter { CIDR($0) != nil }.count, 100, "and hundreds of addresses")
    }

    func testAgreesOnRandomStrings() {
        var rng = SplitMix(seed: 0x1D5EC)  // ByteScanEquivalenceTests'
        let alphabet: [Character] = Array("0123456789abcdefABCDEF.:/|[%!+- é0123456789..::")
        for _ in 0..<200_000 {
            let n = Int(rng.next() % 24)
            let s = String((0..<n).map { _ in alphabet[Int(rng.next() % UInt64(alphabet.count))] })
            if !assertSame(s) { return }
        }
    }
}
