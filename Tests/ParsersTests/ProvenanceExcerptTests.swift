import Facts
import XCTest

/// What a finding shows of its evidence: the excerpt trimmed of blanks and line ends at both
/// ends and cut at 220 Characters. `Provenance.shorten` answers most excerpts (ASCII, nothing to
/// trim) without Foundation's trimming; these cases hold on both of its paths.
final class ProvenanceExcerptTests: XCTestCase {
    func excerpt(_ s: String) -> String? { Provenance(.file, "/etc/swanctl/swanctl.conf", line: 3, excerpt: s).excerpt }

    func testExcerptTrimmedAtBothEnds() {
        XCTAssertEqual(excerpt("net: rekey_time = 1h"), "net: rekey_time = 1h")
        XCTAssertEqual(excerpt("  net: rekey_time = 1h\t\n"), "net: rekey_time = 1h")
        XCTAssertEqual(excerpt("\u{00A0}net\u{2028}"), "net")     // Unicode blanks and line ends too
        XCTAssertEqual(excerpt("x"), "x")
        XCTAssertEqual(excerpt(" "), "")
        XCTAssertEqual(excerpt("é net é"), "é net é")
    }

    func testLongExcerptCutAt220Characters() {
        let ascii = String(repeating: "a", count: 220)
        XCTAssertEqual(excerpt(ascii), ascii)
        XCTAssertEqual(excerpt(ascii + "b"), String(repeating: "a", count: 219) + "…")
        XCTAssertEqual(excerpt(" " + ascii + " "), ascii)
        let wide = String(repeating: "é", count: 220)                  // 440 bytes, 220 Characters
        XCTAssertEqual(excerpt(wide), wide)
        XCTAssertEqual(excerpt("a" + wide), "a" + String(repeating: "é", count: 218) + "…")
    }
}
