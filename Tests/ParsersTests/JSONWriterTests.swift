import XCTest
@testable import Facts
@testable import Parsers

/// The byte writer of JSON gives the very text the first writer gave: on the records of the
/// big real inputs (pretty and compact), and on the awkward values (controls, quotes,
/// non-ASCII, huge and fractional numbers, NaN).
final class JSONWriterTests: XCTestCase {
    func assertSame(_ v: JSONValue, _ what: String, file: StaticString = #filePath, line: UInt = #line) {
        for pretty in [false, true] {
            XCTAssertEqual(v.serialized(pretty: pretty), v.referenceSerialized(pretty: pretty), "\(what) pretty=\(pretty)", file: file, line: line)
        }
    }

    func testSameTextOnRealOutputs() throws {
        var checked = 0
        // the bulk corpora live in ../shared/corpus/libreswan-console (skipped where absent)
        for (source, file) in [("xfrm-state", "xfrm-state.txt"), ("xfrm-policy", "xfrm-policy.txt"), ("xfrm-stat", "xfrm-stat.txt")]
            where Fixtures.corpusExists(file) {
            assertSame(parse(source, try Fixtures.corpus(file)).json, file)
            checked += 1
        }
        for (source, file) in [("swanctl-list-sas", "lab/healthy/a/swanctl-list-sas.txt"), ("charon-log", "lab/psk-mismatch/a/charon.log")]
            where Fixtures.exists(file) {
            assertSame(parse(source, try Fixtures.text(file)).json, file)
            checked += 1
        }
        XCTAssertGreaterThan(checked, 2)
    }

    func testSameTextOnAwkwardValues() {
        let strings = ["", "plain", "quote \" backslash \\ slash /", "tab\tnew\nline\rcr", "\u{0}\u{1}\u{1b}\u{1f}\u{7f}",
                       "no-break\u{a0}space, Müller, 日本, 🙂", "e\u{301}"]
        let numbers: [Double] = [0, -0.0, 1, -1, 42, 1e17, 999_999_999_999_999_872, 1e18, -1e18, 5e18,
                                 Double(Int64.max), Double(UInt64.max), 0.5, -2.25, 1e-9, .nan, .infinity, -.infinity]
        let v: JSONValue = .object([
            ("strings", .array(strings.map { .string($0) })),
            ("numbers", .array(numbers.map { .number($0) })),
            ("empty", .object([])), ("none", .array([])), ("null", .null), ("flags", .array([.bool(true), .bool(false)])),
            ("nested", .array([.object([("a", .array([.object([("b", .null)])]))])])),
            ("ke\"y\n", .string("value")),
        ])
        assertSame(v, "awkward values")
        for s in strings { assertSame(.string(s), s.debugDescription) }
        for n in numbers { assertSame(.number(n), "\(n)") }
    }
}
