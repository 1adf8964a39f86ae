import Foundation
import XCTest
import Facts
@testable import Parsers

/// The typed records of the configuration files (issue 10: strongswan.conf, Libreswan's
/// ipsec.conf, racoon.conf, OpenBSD's ipsec.conf and iked.conf, illumos' ike/config and
/// ipsecinit.conf, setkey.conf): on every real input — the source cases, the real fixtures, and
/// every file of a fixture snapshot named as the source's snapshots name it — every record is
/// the source's struct, its JSON decodes back to it, every key of the JSON is a field of the
/// struct (a closed enum: a key it lacked would be lost on the way back, or trap where a
/// parser names a field by the word it read), and the accessors read what the JSON says.
final class TypedConfigRecordTests: XCTestCase {
    /// Real inputs of a source: source cases, real fixtures, and snapshot files by name.
    func inputs(_ source: String) throws -> [(String, String)] {
        var out: [(String, String)] = []
        for folder in SourceCaseTests.caseFolders(of: source) {
            let input = folder.appendingPathComponent("input.txt")
            out.append((input.path, String(decoding: try Data(contentsOf: input), as: UTF8.self)))
        }
        // real fixtures, and the files of a folder among them (strongswan.d's includes)
        for f in realFixtures(source) {
            let url = Fixtures.root.appendingPathComponent(f)
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue {
                let inner = FileManager.default.enumerator(at: url, includingPropertiesForKeys: nil)
                while let u = inner?.nextObject() as? URL {
                    if let data = FileManager.default.contents(atPath: u.path) { out.append((u.path, String(decoding: data, as: UTF8.self))) }
                }
            } else {
                out.append((f, try Fixtures.text(f)))
            }
        }
        let names = Set((ParserRegistry.source(named: source)?.snapshotNames ?? []))
        let walker = FileManager.default.enumerator(at: Fixtures.root, includingPropertiesForKeys: nil)
        while let url = walker?.nextObject() as? URL {
            guard names.contains(url.lastPathComponent), let data = FileManager.default.contents(atPath: url.path) else { continue }
            out.append((url.path, String(decoding: data, as: UTF8.self)))
        }
        return out
    }

    @discardableResult
    func check<R: OrderedFieldRecord>(_ source: String, _ type: R.Type, file: StaticString = #filePath, line: UInt = #line,
                                      _ each: (R, JSONValue, String) -> Void = { _, _, _ in }) throws -> Int {
        guard let parser = ParserRegistry.parser(named: source) else { XCTFail("no parser \(source)"); return 0 }
        let all = try inputs(source)
        XCTAssertGreaterThan(all.count, 0, "real inputs of \(source)", file: file, line: line)
        var records = 0
        for (what, text) in all {
            let result = parser.parse(text)
            let typed = result.typed(R.self)
            XCTAssertEqual(typed.count, result.recordCount, "\(what): every record is an \(R.self)", file: file, line: line)
            records += typed.count
            let json = result.records
            XCTAssertEqual(json.map { R(json: $0) }, typed, "\(what): JSON round trip", file: file, line: line)
            let roundTrip = json.compactMap { try? JSONValueCoding.decode(R.self, from: $0) }
            XCTAssertEqual(roundTrip, typed, "\(what): JSONValueCoding round trip", file: file, line: line)
            // the text the JSON tree writes is the text the records write
            XCTAssertEqual(String(decoding: result.serializedUTF8(pretty: true), as: UTF8.self),
                           String(decoding: ParseResult(source: source, records: json, unparsed: result.unparsed).serializedUTF8(pretty: true), as: UTF8.self),
                           what, file: file, line: line)
            for (r, j) in zip(typed, json) {
                XCTAssertEqual(r.line, j.recordLine, what, file: file, line: line)
                guard case let .object(pairs) = j else { XCTFail(what, file: file, line: line); continue }
                for (k, _) in pairs where k != "line" { XCTAssertNotNil(R.Key(rawValue: k), "\(what): key \(k)", file: file, line: line) }
                each(r, j, what)
            }
        }
        XCTAssertGreaterThan(records, 0, "\(source): no records at all", file: file, line: line)
        return records
    }

    func testStrongswanConf() throws {
        try check("strongswan-conf", StrongswanConfRecord.self) { r, j, what in
            XCTAssertEqual(r.kind, j.str("kind"), what); XCTAssertEqual(r.name, j.str("name"), what)
            XCTAssertEqual(r.key, j.str("key"), what); XCTAssertEqual(r.value, j.str("value"), what)
            XCTAssertEqual(r.pattern, j.str("pattern"), what); XCTAssertEqual(r.section, j.str("section"), what)
            XCTAssertEqual(r.redacted, j.bool("redacted") == true, what)
        }
    }

    func testLibreswanConf() throws {
        try check("libreswan-conf", LibreswanConfRecord.self) { r, j, what in
            XCTAssertEqual(r.kind, j.str("kind"), what); XCTAssertEqual(r.name, j.str("name"), what)
            XCTAssertEqual(r.also, j.strings("also"), what)
            var pairs: [ConfigSetting] = []
            if case let .object(o)? = j["settings"] { pairs = o.map { ConfigSetting(key: $0.0, value: $0.1.stringValue ?? "") } }
            XCTAssertEqual(r.settings, pairs, what)
            XCTAssertEqual(r.left, j.str("left"), what); XCTAssertEqual(r.right, j.str("right"), what)
            XCTAssertEqual(r.localSubnets, j.strings("local_subnets"), what); XCTAssertEqual(r.remoteSubnets, j.strings("remote_subnets"), what)
            XCTAssertEqual(r.multipleSubnets, j.bool("multiple_subnets"), what); XCTAssertEqual(r.auto, j.str("auto"), what)
            XCTAssertEqual(r.ikeVersion, j.int("ike_version"), what); XCTAssertEqual(r.authby, j.str("authby"), what)
        }
    }

    /// A key written twice in a conn stays twice in its settings, in its place (the JSON
    /// object's pairs as the file gave them), and the derived fields read the last one.
    func testLibreswanSettingWrittenTwiceKeepsBoth() throws {
        let text = "conn a\n\tleft=1.2.3.4\n\tauto=add\n\tleft=5.6.7.8\n"
        let result = LibreswanConfParser().parse(text)
        XCTAssertEqual(result.records.map { $0.serialized() }, [
            #"{"line":1,"kind":"conn","name":"a","settings":{"left":"1.2.3.4","auto":"add","left":"5.6.7.8"},"left":"5.6.7.8","auto":"add"}"#,
        ])
        let r = try XCTUnwrap(result.typed(LibreswanConfRecord.self).first)
        XCTAssertEqual(r.settings.map(\.key), ["left", "auto", "left"])
        XCTAssertEqual(r.left, "5.6.7.8")
    }

    func testRacoonConf() throws {
        try check("racoon-conf", RacoonConfRecord.self) { r, j, what in
            XCTAssertEqual(r.kind, j.str("kind"), what); XCTAssertEqual(r.name, j.str("name"), what)
            XCTAssertEqual(r.local, j.str("local"), what); XCTAssertEqual(r.remote, j.str("remote"), what)
        }
    }

    func testIpsecctlConf() throws {
        try check("ipsecctl-conf", IpsecctlConfRecord.self) { r, j, what in
            XCTAssertEqual(r.kind, j.str("kind"), what); XCTAssertEqual(r.peer, j.str("peer"), what); XCTAssertEqual(r.local, j.str("local"), what)
            XCTAssertEqual(r.flows, (j["flows"]?.arrayValue ?? []).map { ConfigFlow(from: $0.str("from") ?? "", to: $0.str("to") ?? "") }, what)
        }
    }

    func testIkedConf() throws {
        try check("iked-conf", IkedConfRecord.self) { r, j, what in
            XCTAssertEqual(r.kind, j.str("kind"), what); XCTAssertEqual(r.peer, j.str("peer"), what); XCTAssertEqual(r.local, j.str("local"), what)
            XCTAssertEqual(r.name, j.str("name"), what)
            XCTAssertEqual(r.flows, (j["flows"]?.arrayValue ?? []).map { ConfigFlow(from: $0.str("from") ?? "", to: $0.str("to") ?? "") }, what)
        }
    }

    func testIllumosIkeConfig() throws {
        try check("illumos-ike-config", IllumosIkeConfigRecord.self) { r, j, what in
            XCTAssertEqual(r.kind, j.str("kind"), what); XCTAssertEqual(r.label, j.str("label"), what)
            XCTAssertEqual(r.localAddr, j.strings("local_addr"), what); XCTAssertEqual(r.remoteAddr, j.strings("remote_addr"), what)
        }
    }

    func testIpsecinitConf() throws {
        try check("ipsecinit-conf", IpsecinitConfRecord.self) { r, j, what in
            XCTAssertEqual(r.action, j.str("action"), what); XCTAssertEqual(r.tunnel, j.str("tunnel"), what)
            for k in IpsecinitConfRecord.Field.allCases where k != .actions { XCTAssertEqual(r[k], j.str(k.rawValue), what) }
            XCTAssertEqual(r.actions.map { $0.map(\.key) }, (j["actions"]?.arrayValue ?? []).map { a -> [String] in
                if case let .object(p) = a { return p.map(\.0) }; return []
            }, what)
        }
    }

    func testSetkeyConf() throws {
        try check("setkey-conf", SetkeyConfRecord.self) { r, j, what in
            XCTAssertEqual(r.kind, j.str("kind"), what)
            XCTAssertEqual(r.src, j.str("src"), what); XCTAssertEqual(r.dst, j.str("dst"), what)
            XCTAssertEqual(r.dir, j.str("dir"), what); XCTAssertEqual(r.action, j.str("action"), what)
            XCTAssertEqual(r.templates, j.strings("templates"), what)
        }
    }

    /// `OrderedFields` finds a key's bit from its stored byte (OrderedFieldRecordTests'
    /// testKeysAreOneByteCaseIndexes, for these records' keys).
    func testKeysAreOneByteCaseIndexes() {
        func check<K: OrderedFieldKey>(_: K.Type) {
            XCTAssertEqual(MemoryLayout<K>.size, 1, "\(K.self)")
            XCTAssertLessThanOrEqual(K.allCases.count, 64, "\(K.self)")
            XCTAssertEqual(K.allCases.map { k in withUnsafeBytes(of: k) { $0[0] } }, (0..<K.allCases.count).map { UInt8($0) }, "\(K.self)")
        }
        check(StrongswanConfRecord.Field.self)
        check(LibreswanConfRecord.Field.self)
        check(RacoonConfRecord.Field.self)
        check(IpsecctlConfRecord.Field.self)
        check(IkedConfRecord.Field.self)
        check(IllumosIkeConfigRecord.Field.self)
        check(IpsecinitConfRecord.Field.self)
        check(SetkeyConfRecord.Field.self)
    }

    /// Every word a parser turns into a field by name is a case of its record's fields (the
    /// parsers unwrap `Field(rawValue: word)`).
    func testWordsNamedAsFieldsAreFields() {
        for w in ["local", "peer", "srcid", "dstid", "tag", "type", "spi", "auth", "enc", "comp"] {
            XCTAssertNotNil(IpsecctlConfRecord.Field(rawValue: w), w)
        }
        for w in ["local", "peer", "srcid", "dstid", "tag", "tap", "iface"] { XCTAssertNotNil(IkedConfRecord.Field(rawValue: w), w) }
        for w in ["my_identifier", "peers_identifier", "verify_identifier", "nat_traversal", "passive", "generate_policy",
                  "proposal_check", "ike_frag", "initial_contact", "support_proxy", "encryption_algorithm",
                  "authentication_algorithm", "compression_algorithm"] {
            XCTAssertNotNil(RacoonConfRecord.Field(rawValue: w), w)
        }
        for w in IllumosIkeConfigParser.ruleFields.union(IllumosIkeConfigParser.xformKeys) { XCTAssertNotNil(IllumosIkeConfigRecord.Field(rawValue: w), w) }
        for w in IpsecinitConfParser.patternKeys { XCTAssertNotNil(IpsecinitConfRecord.Field(rawValue: w), w) }
    }
}
