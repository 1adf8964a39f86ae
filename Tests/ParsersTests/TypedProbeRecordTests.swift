import Foundation
import XCTest
import Facts
@testable import Parsers

/// The probe-output sources typed last (issue 10): for every real input (source cases, real
/// fixtures, lab files), each record is its struct; the struct's JSON is the JSON the source's
/// case files hold (written by the JSON dictionaries before these structs existed); the JSON
/// decodes back to the same structs; the reference path (text that is not plain ASCII) gives the
/// same structs; and the extractors' and trace's accessors read what the JSON's keys read.
final class TypedProbeRecordTests: XCTestCase {
    static let typed: [(String, any OrderedFieldRecord.Type)] = [
        ("libreswan-globalstatus", LibreswanGlobalStatusRecord.self), ("xfrm-stat", XfrmStatRecord.self),
        ("kernel-esp", KernelEspRecord.self), ("racoonctl-show-sa", RacoonctlShowSaRecord.self),
        ("setkey-DP", SetkeyDPRecord.self), ("dtrace-ipsec-drops", DtraceIpsecDropRecord.self),
        ("ip-neigh", IpNeighRecord.self), ("ipf-version", IpfVersionRecord.self),
        ("installed-ipsec", InstalledIpsecRecord.self), ("isakmpd-result", IsakmpdResultRecord.self),
        ("swanctl-stats", SwanctlStatsRecord.self), ("snoop", CaptureRecord.self), ("tcpdump", CaptureRecord.self),
        ("ip-rule", IpRuleRecord.self), ("ip-link", IpLinkRecord.self), ("pfctl-info", PfctlInfoRecord.self),
        ("ipseckey-dump", IpseckeyDumpRecord.self),
    ]

    /// Real inputs of a source: its case folders (with their expected records) and real fixtures.
    func inputs(_ source: String) throws -> [(what: String, text: String, expected: URL?)] {
        var out: [(String, String, URL?)] = []
        for folder in SourceCaseTests.caseFolders(of: source) {
            let input = folder.appendingPathComponent("input.txt")
            out.append((input.path, String(decoding: try Data(contentsOf: input), as: UTF8.self),
                        folder.appendingPathComponent("expected-records.json")))
        }
        for f in realFixtures(source) { out.append((f, try Fixtures.text(f), nil)) }
        // no real `ipseckey dump` was found (SourceCasePending): the redaction fixture's dump
        if source == "ipseckey-dump" { out.append(("secrets/probes/ipseckey-dump.txt", try Fixtures.text("secrets/probes/ipseckey-dump.txt"), nil)) }
        return out
    }

    func check<R: OrderedFieldRecord>(_ source: String, _ type: R.Type, file: StaticString = #filePath, line: UInt = #line) throws {
        guard let parser = ParserRegistry.parser(named: source) else { return XCTFail("no parser \(source)", file: file, line: line) }
        var records = 0, cases = 0
        for (what, text, expected) in try inputs(source) {
            let result = parser.parse(text)
            let typed = result.typed(R.self)
            XCTAssertEqual(typed.count, result.recordCount, "\(what): every record is an \(R.self)", file: file, line: line)
            records += typed.count
            // the structs' JSON is the old JSON: the case's expected records, byte for byte
            if let expected, let old = try? String(contentsOf: expected, encoding: .utf8) {
                guard case let .object(pairs) = result.json else { XCTFail("\(what): no JSON object", file: file, line: line); continue }
                let made = JSONValue.object(pairs.map { $0.0 == "records" ? ($0.0, .array(typed.map(\.json))) : $0 })
                XCTAssertEqual(made.serialized(pretty: true) + "\n", old, "\(what): the records' JSON is the case's expected JSON", file: file, line: line)
                cases += 1
            }
            // the JSON decodes back to the same records, by the decoder and by Codable
            XCTAssertEqual(result.records.map { R(json: $0) }, typed, "\(what): JSON round trip", file: file, line: line)
            XCTAssertEqual(result.records.compactMap { try? JSONValueCoding.decode(R.self, from: $0) }, typed, "\(what): Codable round trip", file: file, line: line)
            // text that is not plain ASCII takes the reference path; its records are the same
            XCTAssertEqual(parser.parse(text + "\n\u{e9}\n").typed(R.self), typed, "\(what): reference path", file: file, line: line)
        }
        if !SourceCasePending.sources.contains(source) {
            XCTAssertGreaterThan(cases, 0, "\(source): no case folder with expected records", file: file, line: line)
        }
        XCTAssertGreaterThan(records, 0, "\(source): no records at all", file: file, line: line)
    }

    func testEveryTypedProbeSource() throws {
        for (source, type) in Self.typed {
            func run<R: OrderedFieldRecord>(_ t: R.Type) throws { try check(source, t) }
            try run(type)
        }
    }

    /// stroke's `ipsec listcerts` was typed already: it is read by swanctl's certificate reader.
    func testStrokeListCertsAreCertRecords() throws {
        guard let parser = ParserRegistry.parser(named: "stroke-list-certs") else { return XCTFail("no parser") }
        var records = 0
        for (what, text, _) in try inputs("stroke-list-certs") {
            let result = parser.parse(text)
            let typed = result.typed(SwanctlCertRecord.self)
            XCTAssertEqual(typed.count, result.recordCount, what)
            XCTAssertEqual(result.records.compactMap { try? JSONValueCoding.decode(SwanctlCertRecord.self, from: $0) }, typed, what)
            records += typed.count
        }
        XCTAssertGreaterThan(records, 0)
    }

    /// racoonctl's IPsec SAs still read as PFKeySARecords (RacoonExtractor), field for field as
    /// the JSON gave them, `kind: ipsec` among them.
    func testRacoonctlSAsReadAsPFKeySARecords() throws {
        guard let parser = ParserRegistry.parser(named: "racoonctl-show-sa") else { return XCTFail("no parser") }
        var sas = 0
        for (what, text, _) in try inputs("racoonctl-show-sa") {
            let result = parser.parse(text)
            let viaJSON = result.records.map { PFKeySARecord(json: $0) }
            XCTAssertEqual(result.typed(PFKeySARecord.self), viaJSON, what)
            sas += viaJSON.filter { $0.kind == "ipsec" }.count
        }
        XCTAssertGreaterThan(sas, 0)
    }

    /// The one kernel-SA reading of trace and compare (KernelSARecord) asks each dump's record
    /// for a field by name: what the record's JSON has under that key, nothing where it has none.
    func testKernelSAFieldsAreTheJSONKeys() throws {
        func check<R: KernelSARecord & OrderedFieldRecord>(_ source: String, _ type: R.Type) throws {
            guard let parser = ParserRegistry.parser(named: source) else { return XCTFail("no parser \(source)") }
            var n = 0
            for (what, text, _) in try inputs(source) {
                let result = parser.parse(text)
                for (r, j) in zip(result.typed(R.self), result.records) {
                    for f in [KernelSAField.kind, .src, .dst, .from, .to, .spi, .reqid, .proto, .mode, .state, .enc, .auth, .udpencap, .dstPort] {
                        XCTAssertEqual(r.saField(f)?.json, j[f.rawValue], "\(what) line \(r.line) \(f.rawValue)")
                        XCTAssertEqual(r.saString(f), j[f.rawValue]?.stringValue, what)
                        XCTAssertEqual(r.saNumber(f), j[f.rawValue]?.numberValue, what)
                    }
                    n += 1
                }
            }
            XCTAssertGreaterThan(n, 0, source)
        }
        try check("ipseckey-dump", IpseckeyDumpRecord.self)
        try check("setkey-D", PFKeySARecord.self)
        try check("ipsecctl-sa", IpsecctlSaRecord.self)
        try check("xfrm-state", XfrmStateRecord.self)
    }

    /// The accessors the extractors read return what `JSONValue.str`/`int`/`bool`/`strings`
    /// read of the same key.
    func testAccessorsReadTheJSONKeys() throws {
        func each<R: OrderedFieldRecord>(_ source: String, _ type: R.Type, _ body: (R, JSONValue, String) -> Void) throws {
            guard let parser = ParserRegistry.parser(named: source) else { return XCTFail("no parser \(source)") }
            for (what, text, _) in try inputs(source) {
                let result = parser.parse(text)
                for (r, j) in zip(result.typed(R.self), result.records) { body(r, j, "\(what) line \(r.line)") }
            }
        }
        try each("ip-neigh", IpNeighRecord.self) { r, j, w in
            XCTAssertEqual(r.address, j.str("address"), w); XCTAssertEqual(r.dev, j.str("dev"), w)
            XCTAssertEqual(r.states, j.strings("states"), w); XCTAssertEqual(r.isDeleted, j.bool("deleted") == true, w)
        }
        try each("ip-link", IpLinkRecord.self) { r, j, w in
            XCTAssertEqual(r.ifname, j.str("ifname"), w); XCTAssertEqual(r.mtu, j.int("mtu"), w); XCTAssertEqual(r.kind, j.str("kind"), w)
        }
        try each("installed-ipsec", InstalledIpsecRecord.self) { r, j, w in
            XCTAssertEqual(r.kind, j.str("kind"), w); XCTAssertEqual(r.os, j.str("os"), w); XCTAssertEqual(r.package, j.str("package"), w)
            XCTAssertEqual(r.path, j.str("path"), w); XCTAssertEqual(r.result, j.str("result"), w); XCTAssertEqual(r.detail, j.str("detail"), w)
        }
        try each("isakmpd-result", IsakmpdResultRecord.self) { r, j, w in
            XCTAssertEqual(r.phase, j.int("phase"), w); XCTAssertEqual(r.name, j.str("name"), w); XCTAssertEqual(r.dst, j.str("dst"), w)
        }
        try each("xfrm-stat", XfrmStatRecord.self) { r, j, w in
            XCTAssertEqual(r.name, j.str("name"), w); XCTAssertEqual(r.value, j.num("value"), w)
        }
        try each("libreswan-globalstatus", LibreswanGlobalStatusRecord.self) { r, j, w in
            XCTAssertEqual(r.name, j.str("name"), w); XCTAssertEqual(r.value, j.int("value"), w)
        }
        try each("tcpdump", CaptureRecord.self) { r, j, w in
            XCTAssertEqual(r.kind, j.str("kind"), w); XCTAssertEqual(r.src, j.str("src"), w); XCTAssertEqual(r.spi, j.str("spi"), w)
        }
        try each("ipf-version", IpfVersionRecord.self) { r, j, w in
            XCTAssertEqual(r.running, j.bool("running"), w); XCTAssertEqual(r.defaultAction, j.str("default"), w)
            XCTAssertEqual(r.runningLine, j.int("running_line"), w); XCTAssertEqual(r.defaultLine, j.int("default_line"), w)
        }
    }
}
