import Foundation
import XCTest
import Facts
@testable import Parsers

/// Typed records (`SourceRecord`): the struct a source's extractors read is what its `parse`
/// JSON shows, whichever path read the text (bytes, or the reference parser for text that is
/// not plain ASCII, whose JSON is decoded into the struct).
final class TypedRecordTests: XCTestCase {
    /// Real inputs of a source: fixtures and source cases.
    func inputs(_ source: String) throws -> [(String, String)] {
        var out: [(String, String)] = []
        for f in realFixtures(source) { out.append((f, try Fixtures.text(f))) }
        for folder in SourceCaseTests.caseFolders(of: source) {
            let input = folder.appendingPathComponent("input.txt")
            out.append((input.path, String(decoding: try Data(contentsOf: input), as: UTF8.self)))
        }
        return out
    }

    /// The records of the byte path equal those decoded from the reference path's JSON (CRLF
    /// text takes it), and the typed JSON decodes back to the same records.
    func check<R: SourceRecord & Equatable>(_ source: String, _ type: R.Type, file: StaticString = #filePath, line: UInt = #line) throws {
        guard let parser = ParserRegistry.parser(named: source) else { return XCTFail("no parser \(source)") }
        let all = try inputs(source)
        XCTAssertGreaterThan(all.count, 1, "real inputs of \(source)", file: file, line: line)
        var records = 0
        for (what, text) in all {
            let fast = parser.parse(text)
            let typed = fast.typed(R.self)
            XCTAssertEqual(typed.count, fast.recordCount, "\(what): every record is an \(R.self)", file: file, line: line)
            records += typed.count
            // A line that is not ASCII sends the whole text to the reference parser (`ByteText`);
            // as a last line of its own it changes no record.
            let viaReference = parser.parse(text + "\n\u{e9}\n").typed(R.self)
            XCTAssertEqual(typed, viaReference, "\(what): reference JSON decodes to the same records", file: file, line: line)
            let roundTrip = fast.records.compactMap { try? JSONValueCoding.decode(R.self, from: $0) }
            XCTAssertEqual(roundTrip, typed, "\(what): JSON round trip", file: file, line: line)
        }
        XCTAssertGreaterThan(records, 0, "\(source): no records at all", file: file, line: line)
    }

    func testXfrmPolicy() throws { try check("xfrm-policy", XfrmPolicyRecord.self) }
    func testSwanctlListConns() throws { try check("swanctl-list-conns", SwanctlLoadedConnRecord.self) }
    func testSwanctlConf() throws { try check("swanctl-conf", SwanctlConfRecord.self) }
    func testLibreswanStatus() throws { try check("libreswan-status", LibreswanStatusRecord.self) }
    func testLibreswanShowstates() throws { try check("libreswan-showstates", LibreswanStatusRecord.self) }
    func testLibreswanTrafficStatus() throws { try check("libreswan-trafficstatus", LibreswanTrafficRecord.self) }
    func testStrokeStatus() throws { try check("stroke-status", StrokeStatusRecord.self) }
    func testSwanctlListPols() throws { try check("swanctl-list-pols", SwanctlPolRecord.self) }
    func testIpsecctlSa() throws { try check("ipsecctl-sa", IpsecctlSaRecord.self) }
    func testSvcs() throws { try check("svcs", SvcsRecord.self) }
    func testIpnatList() throws { try check("ipnat-list", IpnatRecord.self) }
    func testSetkeyD() throws { try check("setkey-D", PFKeySARecord.self) }

    /// Every log parser makes `LogEventRecord`s: one per record, whose JSON is the record's
    /// JSON and decodes back to it (the key set is closed: a field no case names would be lost
    /// on the way back), and which the readers' accessors read as the JSON's keys read.
    func testLogParsersMakeLogEventRecords() throws {
        for source in ["charon-log", "pluto-log", "racoon-log", "iked-log", "isakmpd-log", "android-ike-log",
                       "apple-vpn-client-log", "windows-rasclient-log"] {
            guard let parser = ParserRegistry.parser(named: source) else { XCTFail("no parser \(source)"); continue }
            let all = try inputs(source)
            XCTAssertFalse(all.isEmpty, "real inputs of \(source)")
            var records = 0
            for (what, text) in all {
                let result = parser.parse(text)
                let typed = result.typed(LogEventRecord.self)
                XCTAssertEqual(typed.count, result.recordCount, "\(what): every record is a LogEventRecord")
                records += typed.count
                let json = result.records
                XCTAssertEqual(json.map { LogEventRecord(json: $0) }, typed, "\(what): JSON round trip")
                for (r, j) in zip(typed, json) {
                    XCTAssertEqual(r.line, j.recordLine, what)
                    XCTAssertEqual(r.event, j.str("event"), what)
                    XCTAssertEqual(r.message, j.str("message"), what)
                    XCTAssertEqual(r.text, j.str("text"), what)
                    XCTAssertEqual(r.thread, j.str("thread"), what)
                    XCTAssertEqual(r.serial, j.int("serial"), what)
                    XCTAssertEqual(r.alsoEvents, j.strings("also_events"), what)
                    guard case let .object(pairs) = j else { XCTFail(what); continue }
                    for (k, _) in pairs where k != "line" { XCTAssertNotNil(LogEventRecord.Field(rawValue: k), "\(what): key \(k)") }
                }
            }
            XCTAssertGreaterThan(records, 0, "\(source): no records at all")
        }
    }

    /// The names Libreswan's output gives its own counters (`loaded N, active M`, `half-open(N)`)
    /// stay in the `parse` JSON in their place, as the JSON dictionaries had them, and the
    /// extractors read the one they need (`loaded`) as a field.
    func testLibreswanOpenKeysKeepTheirNamesAndPlace() throws {
        let text = """
        000 Total IPsec connections: loaded 3, active 1
        000 IKE SAs: total(1), half-open(0), open(0), authenticated(1), anonymous(0)
        """
        let result = LibreswanStatusParser().parse(text)
        XCTAssertEqual(result.records.map { $0.serialized() }, [
            #"{"line":1,"kind":"totals","loaded":3,"active":1}"#,
            #"{"line":2,"kind":"ike_sas","total":1,"half_open":0,"open":0,"authenticated":1,"anonymous":0}"#,
        ])
        let typed = result.typed(LibreswanStatusRecord.self)
        XCTAssertEqual(typed.first?.loaded, 3)
        XCTAssertEqual(typed.first?.fields.int(named: "active"), 1)
        XCTAssertEqual(typed.last?.fields.int(named: "half_open"), 0)
        let traffic = LibreswanTrafficStatusParser().parse(
            #"006 #2: "west", type=ESP, add_time=1234567890, inBytes=84, outBytes=168, maxBytes=2^63B, id='@east', lease=10.0.0.1/32"#)
        XCTAssertEqual(traffic.records.map { $0.serialized() }, [
            #"{"line":1,"serial":2,"connection":"west","type":"ESP","add_time":1234567890,"inBytes":84,"outBytes":168,"maxBytes":"2^63B","id":"@east","lease":"10.0.0.1/32"}"#,
        ])
        XCTAssertEqual(traffic.typed(LibreswanTrafficRecord.self).first?.outBytes, 168)
    }

    /// A policy writes the text its `Codable` tree serializes to, pretty and compact, at the top
    /// level and nested (the text of `parse xfrm-policy`), on every real input and on records
    /// with every field set, a field of each kind left out, and no template.
    func testXfrmPolicyWritesItsCodableJSON() throws {
        var all: [XfrmPolicyRecord] = []
        for (_, text) in try inputs("xfrm-policy") { all += XfrmPolicyParser().parse(text).typed(XfrmPolicyRecord.self) }
        var full = XfrmPolicyRecord(line: 7, src: "10.0.0.0/24", dst: "::/0")
        full.proto = "tcp"; full.sport = 500; full.dport = -1; full.icmpType = 3; full.icmpCode = 1 << 60
        full.dev = "eth0"; full.dir = "socket in"; full.socket = true; full.action = "block"; full.priority = 0
        full.ptype = "main"; full.index = 4_294_967_295; full.mark = "0x1/0xff"; full.ifId = "0x2"
        var t = XfrmPolicyRecord.Template(src: "a\"b\u{1}", dst: "")
        t.proto = "esp"; t.spi = "0x1"; t.reqid = 9; t.mode = "tunnel"; t.level = "use"
        full.tmpl = [t, .init(src: "1", dst: "2")]; full.reqids = [9, 0]
        all += [full, XfrmPolicyRecord(line: 1, src: "", dst: "")]
        XCTAssertGreaterThan(all.count, 10)
        for r in all {
            for (pretty, indent) in [(false, 0), (true, 0), (true, 3)] {
                var written: [UInt8] = []
                r.writeJSON(into: &written, pretty: pretty, indent: indent)
                var tree: [UInt8] = []
                JSONValueCoding.encode(r).writeUTF8(into: &tree, pretty: pretty, indent: indent)
                XCTAssertEqual(String(decoding: written, as: UTF8.self), String(decoding: tree, as: UTF8.self), "line \(r.line)")
            }
        }
    }

    /// Fields in declaration order, nil ones left out, counters past 2^53 as the dictionaries
    /// printed them (a Double), arrays of structs nested.
    func testEncodingKeepsDeclarationOrderAndLeavesNilOut() throws {
        var r = XfrmPolicyRecord(line: 3, src: "10.0.0.0/24", dst: "10.1.0.0/24")
        r.dir = "out"
        r.priority = 375423
        var t = XfrmPolicyRecord.Template(src: "192.0.2.1", dst: "192.0.2.2")
        t.reqid = 1
        r.tmpl = [t]
        r.reqids = [1]
        XCTAssertEqual(JSONValueCoding.encode(r).serialized(),
                       #"{"line":3,"src":"10.0.0.0/24","dst":"10.1.0.0/24","dir":"out","priority":375423,"tmpl":[{"src":"192.0.2.1","dst":"192.0.2.2","reqid":1}],"reqids":[1]}"#)
        let s = Counter(line: 1, src: "a", bytes: UInt64.max)
        XCTAssertEqual(JSONValueCoding.encode(s).serialized(), #"{"line":1,"src":"a","bytes":1.8446744073709552e+19}"#)
        XCTAssertEqual(try JSONValueCoding.decode(Counter.self, from: JSONValueCoding.encode(s)).bytes, UInt64.max)
    }

    /// A record of another shape does not decode (and is left out by `typed`), it does not trap.
    func testForeignJSONIsLeftOut() {
        let result = ParseResult(source: "xfrm-policy", records: [.object([("line", .number(1)), ("src", .string("a"))]), .string("x")])
        XCTAssertEqual(result.typed(XfrmPolicyRecord.self), [])
        XCTAssertEqual(result.recordCount, 2)
    }

    /// A u64 counter as a record holds it (swanctl and `ip -s` byte counts).
    struct Counter: SourceRecord, Equatable {
        var line: Int
        var src: String
        var bytes: UInt64?
    }
}
