import XCTest
import Facts
@testable import Parsers

/// The records of `ip xfrm state` and `swanctl --list-sas` are typed (`OrderedFieldRecord`), and
/// their JSON keeps the order the fields were set in. ByteScanEquivalenceTests checks that the
/// byte-level parsers' JSON (made from these records) is the reference parsers' JSON exactly;
/// these tests check the other road, JSON into the struct: what the extractors read when the
/// text was not plain ASCII (reference parser) or came from stroke (`ipsec statusall`).
final class OrderedFieldRecordTests: XCTestCase {
    /// The reference parser's JSON reads into the struct and prints back unchanged, key order
    /// included, and that struct is the one the byte-level parser made, on every real input
    /// (fixtures, lab files, source cases, bulk corpus blocks where present).
    func check<R: OrderedFieldRecord>(_ type: R.Type, source: String, fast: (String) -> ParseResult,
                                      reference: (String) -> ParseResult) throws {
        let inputs = try ByteScanEquivalenceTests.inputs(source)
        XCTAssertGreaterThan(inputs.count, 3, "real inputs of \(source)")
        var records = 0
        for (what, text) in inputs {
            let json = reference(text).records
            let decoded = json.map { R(json: $0) }
            XCTAssertEqual(decoded.map { $0.json }, json, what)
            XCTAssertEqual(fast(text).typed(R.self), decoded, what)
            records += json.count
        }
        XCTAssertGreaterThan(records, 20, source)
    }

    func testXfrmStateRecordsReadBackUnchanged() throws {
        try check(XfrmStateRecord.self, source: "xfrm-state", fast: XfrmStateParser().parse, reference: XfrmStateParser().referenceParse)
    }

    func testSwanctlSaRecordsReadBackUnchanged() throws {
        try check(SwanctlSaRecord.self, source: "swanctl-list-sas", fast: SwanctlListSasParser().parse,
                  reference: SwanctlListSasParser().referenceParse)
    }

    /// stroke's records, read into `SwanctlSaRecord` (as the SA extractors read them: converted
    /// field by field from its typed records, `RecordStore.converted`), give every field the value
    /// the JSON gave (`str`, `int`, `bool`, `strings`), and fields the struct does not name are
    /// absent, not wrong; the conversion is what decoding the JSON gives.
    func testStrokeRecordsReadAsTheJSONReads() throws {
        let files = Fixtures.files(in: "real/ipsec-statusall")
        XCTAssertGreaterThanOrEqual(files.count, 3)
        var checked = 0
        for f in files {
            let result = StrokeStatusParser().parse(try Fixtures.text(f))
            let typed = result.typed(SwanctlSaRecord.self)
            XCTAssertEqual(typed.count, result.records.count, f)
            XCTAssertEqual(typed, result.records.map { SwanctlSaRecord(json: $0) }, f)
            for (r, j) in zip(typed, result.records) {
                XCTAssertEqual(r.line, j.recordLine, f)
                for k in SwanctlSaRecord.Field.allCases {
                    XCTAssertEqual(r.fields.str(k), j.str(k.rawValue), "\(f) \(k)")
                    XCTAssertEqual(r.fields.int(k), j.int(k.rawValue), "\(f) \(k)")
                    XCTAssertEqual(r.fields.bool(k), j.bool(k.rawValue), "\(f) \(k)")
                    XCTAssertEqual(r.fields.strings(k), j.strings(k.rawValue), "\(f) \(k)")
                    XCTAssertEqual(r.fields[k] != nil, j[k.rawValue] != nil, "\(f) \(k)")
                    if r.fields[k] != nil { checked += 1 }
                }
            }
        }
        XCTAssertGreaterThan(checked, 30)
    }

    /// `OrderedFields` finds a key's bit from its stored byte: every key enum must be one byte
    /// holding its case's index, with at most 64 cases.
    func testKeysAreOneByteCaseIndexes() {
        func check<K: OrderedFieldKey>(_: K.Type) {
            XCTAssertEqual(MemoryLayout<K>.size, 1, "\(K.self)")
            XCTAssertLessThanOrEqual(K.allCases.count, 64, "\(K.self)")
            XCTAssertEqual(K.allCases.map { k in withUnsafeBytes(of: k) { $0[0] } }, (0..<K.allCases.count).map { UInt8($0) }, "\(K.self)")
        }
        check(XfrmStateRecord.Field.self)
        check(SwanctlSaRecord.Field.self)
        check(IptablesRecord.Field.self)
        check(NftRecord.Field.self)
        check(LibreswanStatusRecord.Field.self)
        check(LibreswanTrafficRecord.Field.self)
        check(StrokeStatusRecord.Field.self)
        check(SwanctlPolRecord.Field.self)
        check(LogEventRecord.Field.self)
        check(IpsecctlSaRecord.Field.self)
        check(IpnatRecord.Field.self)
        check(PFKeySARecord.Field.self)
    }

    /// Fields outside the key enum (an open source's, `Key.isOpen`) keep the place they were
    /// first set in among the enum's fields and take their last value; a name the enum has is the
    /// enum's field; both JSON writers write them; decoded JSON keeps them for an open source and
    /// leaves them out for a closed one; records differing only in them are not equal.
    func testNamedFieldsKeepTheirPlace() {
        var f = OrderedFields<LibreswanTrafficRecord.Field>()
        f.set(.serial, 2)
        f.put(named: "zeta", .string("a"))
        f.put(named: "inBytes", .number(84))
        f.put(named: "alpha", .strings(["x", "y"]))
        f.put(named: "zeta", .number(7))
        f.set(.connection, "west")
        let r = LibreswanTrafficRecord(line: 4, fields: f)
        let expected = #"{"line":4,"serial":2,"zeta":7,"inBytes":84,"alpha":["x","y"],"connection":"west"}"#
        XCTAssertEqual(r.json.serialized(), expected)
        XCTAssertEqual(r.inBytes, 84)
        XCTAssertEqual(f[named: "zeta"], .number(7)); XCTAssertNil(f[named: "nope"])
        XCTAssertEqual(f.entries.map(\.key), [.serial, .inBytes, .connection])
        for (pretty, indent) in [(false, 0), (true, 0), (true, 2)] {
            var fast: [UInt8] = [], tree: [UInt8] = []
            r.writeJSON(into: &fast, pretty: pretty, indent: indent)
            r.json.writeUTF8(into: &tree, pretty: pretty, indent: indent)
            XCTAssertEqual(String(decoding: fast, as: UTF8.self), String(decoding: tree, as: UTF8.self))
        }
        let decoded = LibreswanTrafficRecord(json: r.json)
        XCTAssertEqual(decoded, r)
        XCTAssertEqual(decoded.json.serialized(), expected)
        var other = f
        other.put(named: "zeta", .number(8))
        XCTAssertNotEqual(LibreswanTrafficRecord(line: 4, fields: other), r)
        XCTAssertEqual(XfrmStateRecord(json: r.json).json.serialized(), #"{"line":4}"#)
        var l = LibreswanStatusRecord(line: 9)
        l.set(named: "line", 3); l.set(named: "line", "x"); l.set(named: "loaded", 5)
        XCTAssertEqual(l.json.serialized(), #"{"line":3,"loaded":5}"#)
    }

    /// A field set twice keeps its first place and its last value (as the dictionaries did), and
    /// a value of another JSON kind than the parsers set is kept as it was.
    func testSetTwiceKeepsPlaceAndOtherJSONIsKept() {
        var f = OrderedFields<XfrmStateRecord.Field>()
        f.set(.dir, "out"); f.set(.src, "192.0.2.1"); f.set(.dir, "in")
        XCTAssertEqual(XfrmStateRecord(line: 3, fields: f).json.serialized(), #"{"line":3,"dir":"in","src":"192.0.2.1"}"#)
        let odd = JSONValue.object([("line", .number(1)), ("flags", .array([.number(1), .string("x")])), ("mode", .null), ("nope", .string("y"))])
        let r = XfrmStateRecord(json: odd)
        XCTAssertEqual(r.json.serialized(), #"{"line":1,"flags":[1,"x"],"mode":null}"#)
        XCTAssertEqual(r.fields.strings(.flags), ["1", "x"])
        XCTAssertNil(r.fields.str(.mode))
    }

    /// The fields are packed into bytes (`FieldBytes`): every kind of value a record can hold
    /// reads back as it was put, in place, including the numbers a varint cannot hold (negative,
    /// fractional, -0, beyond 2^53), strings longer than one length byte says, non-ASCII text and
    /// empty values; replacing a value by a longer or shorter one leaves its neighbours intact.
    func testPackedValuesReadBackAsPut() {
        let long = String(repeating: "AES_CBC_256/HMAC_SHA2_256_128/", count: 9) + "é"
        let values: [(XfrmStateRecord.Field, FieldValue)] = [
            (.src, .string("192.0.2.1")), (.spiNumber, .number(4_294_967_295)), (.reqid, .number(0)),
            (.bytes, .number(9_007_199_254_740_993)), (.packets, .number(-3)), (.seq, .number(-0.0)),
            (.oseq, .number(0.5)), (.useTime, .number(1e300)), (.authTruncated, .bool(true)), (.encapOa, .bool(false)),
            (.flags, .strings(["af-unspec", "", long])), (.selSrc, .strings([])), (.dst, .string("")),
            (.enc, .string(long)), (.mark, .json(.object([("value", .number(1))]))), (.dir, .string("ñ out")),
        ]
        var f = OrderedFields<XfrmStateRecord.Field>()
        for (k, v) in values { f.put(k, v) }
        XCTAssertEqual(f.entries.map(\.key), values.map(\.0))
        for (k, v) in values {
            XCTAssertEqual(f[k], v, "\(k)")
            if case let .number(n) = v, case let .number(m)? = f[k] { XCTAssertEqual(n.bitPattern, m.bitPattern, "\(k)") }
        }
        XCTAssertNil(f[.proto])
        f.put(.enc, .string("x")); f.put(.src, .string(long)); f.put(.spiNumber, .number(1))
        XCTAssertEqual(f.entries.map(\.key), values.map(\.0))
        XCTAssertEqual(f[.enc], .string("x")); XCTAssertEqual(f[.src], .string(long)); XCTAssertEqual(f[.spiNumber], .number(1))
        XCTAssertEqual(f[.dir], .string("ñ out")); XCTAssertEqual(f[.flags], .strings(["af-unspec", "", long]))
        var g = OrderedFields<XfrmStateRecord.Field>()
        for (k, v) in values { g.put(k, v) }
        XCTAssertNotEqual(f, g)
        g.put(.enc, .string("x")); g.put(.src, .string(long)); g.put(.spiNumber, .number(1)); g.compact()
        XCTAssertEqual(f, g)
    }
}
