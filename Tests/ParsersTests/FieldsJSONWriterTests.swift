import XCTest
@testable import Facts
@testable import Parsers

/// The fast writer of a record's JSON (`OrderedFields.writeJSON`, from the packed bytes through
/// a pointer) writes the very text of the reference writer (a `FieldValue` per field, appended
/// byte by byte), and the scanners' shortcuts (`set(_:ascii:)`, `copy(_:from:)`) pack what
/// `put` packs.
final class FieldsJSONWriterTests: XCTestCase {
    func text(_ f: OrderedFields<XfrmStateRecord.Field>, line: Int, pretty: Bool, indent: Int, fast: Bool) -> String {
        var out: [UInt8] = [0x2a]   // a byte before: the writer appends
        if fast { f.writeJSON(line: line, into: &out, pretty: pretty, indent: indent) }
        else { f.referenceWriteJSON(line: line, into: &out, pretty: pretty, indent: indent) }
        return String(decoding: out, as: UTF8.self)
    }

    func assertSame(_ f: OrderedFields<XfrmStateRecord.Field>, _ what: String, line: Int = 7, file: StaticString = #filePath, at: UInt = #line) {
        for pretty in [false, true] {
            for indent in [0, 1, 3] {
                let fast = text(f, line: line, pretty: pretty, indent: indent, fast: true)
                XCTAssertEqual(fast, text(f, line: line, pretty: pretty, indent: indent, fast: false), "\(what) pretty=\(pretty) indent=\(indent)", file: file, line: at)
                XCTAssertEqual(fast, "*" + String(decoding: f.json(line: line).serializedUTF8(pretty: pretty), as: UTF8.self)
                               .replacingOccurrences(of: "\n", with: "\n" + String(repeating: "  ", count: indent)),
                               "\(what): the JSON tree's text", file: file, line: at)
            }
        }
    }

    func testSameTextAsTheReferenceOnEveryKindOfValue() {
        let awkward = ["", "plain", "quote \" backslash \\ slash /", "tab\tnew\nline\rcr", "\u{0}\u{1}\u{1b}\u{1f}\u{7f}",
                       "no-break\u{a0}space, Müller, 日本, 🙂", "e\u{301}", String(repeating: "\u{1}", count: 300)]
        let numbers: [Double] = [0, -0.0, 1, -1, 42, 4_294_967_295, 9_007_199_254_740_991, 9_007_199_254_740_993, 1e17,
                                 1e18, -1e18, 5e18, 0.5, -2.25, 1e-9, 1e300, .nan, .infinity, -.infinity]
        var f = OrderedFields<XfrmStateRecord.Field>()
        assertSame(f, "no fields")
        let keys = XfrmStateRecord.Field.allCases
        for (i, s) in awkward.enumerated() { f.put(keys[i], .string(s)) }
        for (i, n) in numbers.enumerated() { f.put(keys[(awkward.count + i) % keys.count], .number(n)) }
        assertSame(f, "strings and numbers")
        var g = OrderedFields<XfrmStateRecord.Field>()
        g.put(.authTruncated, .bool(true)); g.put(.encapOa, .bool(false))
        g.put(.flags, .strings(awkward)); g.put(.selSrc, .strings([])); g.put(.selDst, .strings(["one"]))
        assertSame(g, "booleans and lists")
        for line in [0, 1, 250_000, Int(1) << 53, -1] { assertSame(g, "line \(line)", line: line) }
        // Other JSON (a decoded record's) goes the reference way.
        g.put(.mark, .json(.object([("value", .number(1)), ("mask", .array([.null, .string("x")]))])))
        assertSame(g, "other JSON")
    }

    func testSameTextOnRealRecords() throws {
        for (source, file) in [("xfrm-state", "lab/healthy/a/ip-xfrm-state.txt"), ("xfrm-state", "lab/healthy/a/ip-s-xfrm-state.txt"), ("swanctl-list-sas", "lab/healthy/a/swanctl-list-sas.txt")]
            where Fixtures.exists(file) {
            let result = parse(source, try Fixtures.text(file))
            for pretty in [false, true] {
                XCTAssertEqual(String(decoding: result.serializedUTF8(pretty: pretty), as: UTF8.self),
                               String(decoding: result.json.serializedUTF8(pretty: pretty), as: UTF8.self), "\(file) pretty=\(pretty)")
            }
        }
    }

    func testShortcutsPackWhatPutPacks() {
        let text = Array("192.0.2.1 tunnel".utf8)
        text.withUnsafeBufferPointer { b in
            var a = OrderedFields<XfrmStateRecord.Field>(), p = OrderedFields<XfrmStateRecord.Field>()
            a.set(.src, ascii: b, 0, 9); p.put(.src, .string("192.0.2.1"))
            a.set(.mode, ascii: b, 10, 16); p.put(.mode, .string("tunnel"))
            a.set(.src, ascii: b, 10, 16); p.put(.src, .string("tunnel"))   // set twice: in place
            a.set(.dir, ascii: b, 3, 3); p.put(.dir, .string(""))
            XCTAssertEqual(a, p)
            XCTAssertEqual(a.bytes, p.bytes)
        }
        var ike = OrderedFields<SwanctlSaRecord.Field>()
        ike.put(.ike, .string("gw")); ike.put(.ikeId, .number(3)); ike.put(.initiator, .bool(true))
        ike.put(.localHost, .json(.array([.null])))
        var copied = OrderedFields<SwanctlSaRecord.Field>(), put = OrderedFields<SwanctlSaRecord.Field>()
        for r in [0, 1] {
            var f = OrderedFields<SwanctlSaRecord.Field>()
            f.put(.kind, .string("child")); f.put(.ikeId, .number(9))
            if r == 0 { f.copy(SwanctlSaRecord.inherited, from: ike) } else {
                for k in SwanctlSaRecord.inherited { if let v = ike[k] { f.put(k, v) } }
            }
            if r == 0 { copied = f } else { put = f }
        }
        XCTAssertEqual(copied, put)
        XCTAssertEqual(copied.entries.map(\.key), [.kind, .ikeId, .ike, .localHost, .initiator])
    }
}
