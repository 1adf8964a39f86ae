import Facts
import Foundation
import XCTest
@testable import Parsers

/// ipsec.secrets (IpsecSecretsParser, SecretsExtractor): the records and facts carry IDs and
/// secret types only. The inputs are real files (the source cases, cited in
/// Sources/SOURCES.md; the stroke lab's gateways, Tests/Fixtures/variants/st-*), fed RAW to the
/// parser here: what the parser keeps must hold no secret even when nothing redacted it first.
final class IpsecSecretsParserTests: XCTestCase {
    static let here = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
    static let cases = here.appendingPathComponent("Sources/ipsec-secrets")
    static let fixtures = here.deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func read(_ url: URL) throws -> String { try String(contentsOf: url, encoding: .utf8) }

    /// The values of a file's entries, found without the parser: the words after the TYPE of
    /// a line holding `: TYPE` (quotes stripped, 4 characters or more), and every word of the
    /// lines of a `{ ... }` key block.
    static func values(_ text: String) -> [String] {
        let entry = try! NSRegularExpression(pattern: #"(?:^|[\s"']):\s*(?:PSK|RSA|ECDSA|PKCS8|P12|PIN|EAP|NTLM|XAUTH|PPKS)\b(.*)$"#,
                                             options: [.caseInsensitive])
        var out: [String] = []
        var block = false
        for line in text.split(separator: "\n").map(String.init) {
            if block {
                out += line.split(whereSeparator: { " \t:".contains($0) }).map(String.init).filter { $0.count >= 8 }
                if line.contains("}") { block = false }
                continue
            }
            let ns = line as NSString
            guard let m = entry.firstMatch(in: line, range: NSRange(location: 0, length: ns.length)) else { continue }
            let rest = ns.substring(with: m.range(at: 1))
            if rest.contains("{"), !rest.contains("}") { block = true }
            out += words(rest).filter { $0.count >= 4 && $0 != "%prompt" }
        }
        return out
    }

    /// Blank-separated words, a quoted string (with its blanks) one word without its quotes.
    static func words(_ text: String) -> [String] {
        var out: [String] = []
        var cur = ""
        var quote: Character?
        for c in text {
            if let q = quote {
                if c == q { out.append(cur); cur = ""; quote = nil } else { cur.append(c) }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == " " || c == "\t" || c == "{" || c == "}" {
                if !cur.isEmpty { out.append(cur) }
                cur = ""
            } else {
                cur.append(c)
            }
        }
        if !cur.isEmpty { out.append(cur) }
        return out
    }

    func json(_ r: ParseResult) -> String {
        r.json.serialized(pretty: false) + r.unparsed.map(\.text).joined(separator: "\n")
    }

    func testNoCaseLeaksAValueIntoItsRecordsOrUnparsedLines() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: Self.cases.path).sorted()
        XCTAssertGreaterThanOrEqual(names.count, 9)
        var checked = 0
        for name in names {
            let input = try Self.read(Self.cases.appendingPathComponent(name).appendingPathComponent("input.txt"))
            let out = json(IpsecSecretsParser().parse(input))
            for v in Self.values(input) {
                XCTAssertFalse(out.contains(v), "\(name): the value \(v) reached the records")
                checked += 1
            }
        }
        // the reading above finds the values (a check that finds nothing proves nothing)
        XCTAssertGreaterThan(checked, 20)
        let moon = try Self.read(Self.cases.appendingPathComponent("strongswan-net2net-psk-moon/input.txt"))
        XCTAssertTrue(Self.values(moon).contains("0sv+NkxY9LLZvwj4qCC2o/gGrWDF2d21jL"))
        XCTAssertTrue(Self.values(moon).contains("My \"home\" is my \"castle\"!"))
    }

    /// strongSwan's moon of net2net-psk: 0s and 0x PSKs, a double-quoted one, a single-quoted
    /// one holding double quotes, one without selectors.
    func testStrongswanForms() throws {
        let input = try Self.read(Self.cases.appendingPathComponent("strongswan-net2net-psk-moon/input.txt"))
        let r = IpsecSecretsParser().parse(input)
        let recs = r.typed(IpsecSecretsRecord.self)
        XCTAssertEqual(recs.map(\.ids), [["@moon.strongswan.org", "@sun.strongswan.org"], ["@moon.strongswan.org", "%any"],
                                         ["@sun.strongswan.org"], [], ["PH_IP_MOON"]])
        XCTAssertEqual(Set(recs.compactMap(\.type)), ["PSK"])
        XCTAssertEqual(r.unparsed, [])
    }

    /// Libreswan: a raw RSA key block over indented lines is one record and no line is left;
    /// the `:` joined to an IPv6 index; indices over two lines.
    func testLibreswanForms() throws {
        let block = IpsecSecretsParser().parse(try Self.read(Self.cases.appendingPathComponent("libreswan-connswitch-02-west/input.txt")))
        XCTAssertEqual(block.typed(IpsecSecretsRecord.self).map(\.type), ["PSK", "RSA"])
        XCTAssertEqual(block.unparsed, [])
        let v6 = IpsecSecretsParser().parse(try Self.read(Self.cases.appendingPathComponent("libreswan-61-any-psk-west/input.txt")))
        XCTAssertEqual(v6.typed(IpsecSecretsRecord.self).first?.ids, ["@east", "192.1.2.45", "8::", "2001:db8:1:2::45"])
        let example = IpsecSecretsParser().parse(try Self.read(Self.cases.appendingPathComponent("libreswan-secrets-example/input.txt")))
        let recs = example.typed(IpsecSecretsRecord.self)
        XCTAssertTrue(recs.contains { $0.ids == ["www.xs4all.nl", "@www.kremvax.ru", "10.6.0.1", "10.7.0.1", "1.8.0.1"] && $0.type == "PSK" })
        XCTAssertEqual(recs.last?.path, "ipsec.*.secrets")
    }

    /// A line the parser cannot read is listed, but never with the text after its `:`.
    func testAnUnreadableLineIsListedWithoutItsValue() throws {
        // the strongSwan moon file with its type word lost, and a quoted value run over a line
        let input = try Self.read(Self.cases.appendingPathComponent("strongswan-net2net-psk-moon/input.txt"))
            .replacingOccurrences(of: ": PSK \"This is", with: ": \"This is")
            .replacingOccurrences(of: "'My \"home\" is", with: "'My \"home\"\nis")
        let r = IpsecSecretsParser().parse(input)
        XCTAssertEqual(r.unparsed.map(\.text), ["@sun.strongswan.org : …", IpsecSecretsParser.hidden])
        XCTAssertFalse(json(r).contains("strong password"))
        XCTAssertFalse(json(r).contains("castle"))
    }

    // MARK: facts

    func facts(conf: String, secrets: [(String, String)]) -> [String: FactValue] {
        var items = [ParsedSource(result: LibreswanConfParser().parse(conf), origin: "ipsec-conf", kind: .file)]
        for (origin, text) in secrets { items.append(ParsedSource(result: IpsecSecretsParser().parse(text), origin: origin, kind: .file)) }
        var out: [String: FactValue] = [:]
        for f in FactExtraction.facts(from: ParsedCollection(items)) { out[f.name] = f.value }
        return out
    }

    /// The stroke lab's st-psk-not-found (real strongSwan 5.9): a's entry names its IDs, b's
    /// names other gateways (@gw-y, @gw-z).
    func testPskMatchOnTheStrokeLab() throws {
        let dir = Self.fixtures.appendingPathComponent("variants/st-psk-not-found")
        for (side, expected) in [("a", "exact"), ("b", "none")] {
            let f = facts(conf: try Self.read(dir.appendingPathComponent("\(side)/ipsec.conf")),
                          secrets: [("ipsec-secrets", try Self.read(dir.appendingPathComponent("\(side)/ipsec.secrets")))])
            XCTAssertEqual(f["secrets.psk_match"], .string(expected), side)
            XCTAssertEqual(f["secrets.types"], .list(["psk"]), side)
        }
    }

    /// strongSwan's moon of net2net-psk (authby=secret, leftid=@moon.strongswan.org) with its own
    /// secrets, with carol's of xauth-psk (`: PSK`, no selector), with moon's of rw-eap-aka-rsa
    /// (RSA and EAP only), and with an include that was not read.
    func testPskMatchWithStrongswanScenarios() throws {
        let conf = try Self.read(Self.fixtures.appendingPathComponent("real/ipsec-conf-strongswan/ikev2-stroke_net2net-psk_moon.txt"))
        let own = try Self.read(Self.cases.appendingPathComponent("strongswan-net2net-psk-moon/input.txt"))
        XCTAssertEqual(facts(conf: conf, secrets: [("ipsec-secrets", own)])["secrets.psk_match"], .string("exact"))
        let carol = try Self.read(Self.fixtures.appendingPathComponent("real/ipsec-secrets/strongswan-xauth-psk-carol.secrets"))
        XCTAssertEqual(facts(conf: conf, secrets: [("ipsec-secrets", carol)])["secrets.psk_match"], .string("wildcard"))
        let rsa = try Self.read(Self.cases.appendingPathComponent("strongswan-rw-eap-aka-rsa-moon/input.txt"))
        let f = facts(conf: conf, secrets: [("ipsec-secrets", rsa)])
        XCTAssertEqual(f["secrets.psk_match"], .string("none"))
        XCTAssertEqual(f["secrets.types"], .list(["eap", "rsa"]))
        // Libreswan's default file includes /etc/ipsec.d/*.secrets: with no such file read, an
        // entry may be there, so nothing is said; with one read, it is.
        let include = try Self.read(Self.cases.appendingPathComponent("libreswan-systemrole-01-include/input.txt"))
        XCTAssertNil(facts(conf: conf, secrets: [("ipsec-secrets", include + rsa)])["secrets.psk_match"])
        XCTAssertEqual(facts(conf: conf, secrets: [("ipsec-secrets", include), ("ipsec.d-secrets:/etc/ipsec.d/moon.secrets", rsa)])["secrets.psk_match"],
                       .string("none"))
        XCTAssertEqual(facts(conf: conf, secrets: [("ipsec-secrets", include), ("ipsec.d-secrets:/etc/ipsec.d/moon.secrets", own)])["secrets.psk_match"],
                       .string("exact"))
    }
}
