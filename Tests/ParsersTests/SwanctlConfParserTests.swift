import XCTest
import Facts
@testable import Parsers

final class SwanctlConfParserTests: XCTestCase {
    func testConnectionWithChildren() throws {
        let text = try Fixtures.text(lab("healthy", "a", "swanctl.conf"))
        let r = parse("swanctl-conf", text)
        XCTAssertTrue(r.unparsed.isEmpty, "\(r.unparsed)")
        let conn = records(r, where: "kind", "connection").first
        XCTAssertEqual(conn?.str("name"), "lab")
        XCTAssertEqual(conn?.int("version"), 2)
        XCTAssertEqual(conn?.strings("proposals"), ["aes128-sha256-modp2048"])
        XCTAssertEqual(conn?.strings("local_auth"), ["psk"])
        let child = conn?["children"]?.arrayValue?.first
        XCTAssertEqual(child?.strings("local_ts"), ["10.1.0.0/24"])
        XCTAssertEqual(child?.strings("remote_ts"), ["10.2.0.0/24"])
        XCTAssertEqual(child?.strings("esp_proposals"), ["aes128-sha256"])
    }

    func testStartActionTrap() throws {
        let r = parse("swanctl-conf", try Fixtures.text(lab("on-demand-not-triggered", "a", "swanctl.conf")))
        let child = records(r, where: "kind", "connection").first?["children"]?.arrayValue?.first
        XCTAssertEqual(child?.str("start_action"), "trap")
    }

    func testSecretsShowIdsNeverSecrets() throws {
        let text = try Fixtures.text("real/swanctl-conf/ikev1_xauth-psk_moon.txt")
        let r = parse("swanctl-conf", text)
        let secrets = records(r, where: "kind", "secret")
        XCTAssertEqual(secrets.map { $0.str("name") ?? "" }, ["ike-group", "xauth-carol", "xauth-dave"])
        XCTAssertEqual(secrets[1].strings("ids"), ["carol@strongswan.org"])
        let json = r.json.serialized()
        for s in ["0sv+NkxY9LLZvwj4qCC2o/gGrWDF2d21jL", "4iChxLT3", "ryftzG4A"] {
            XCTAssertTrue(text.contains(s))
            XCTAssertFalse(json.contains(s), "secret leaked")
        }
        // IKEv1, two auth rounds on the remote side
        let conn = records(r, where: "kind", "connection").first
        XCTAssertEqual(conn?.int("version"), 1)
        XCTAssertEqual(conn?.strings("remote_auth"), ["psk", "xauth"])
    }

    func testTemplateInheritance() throws {
        let r = parse("swanctl-conf", try Fixtures.text("real/swanctl-conf/ikev2_nat-rw-mark_sun.txt"))
        let alice = records(r, where: "name", "alice").first
        XCTAssertEqual(alice?.str("inherits"), "connections.nat-t")
        XCTAssertEqual(alice?.strings("remote_id"), ["alice@strongswan.org"])
        XCTAssertEqual(alice?.strings("local_auth"), ["pubkey"])   // from the template
        XCTAssertEqual(alice?["children"]?.arrayValue?.first?.strings("local_ts"), ["10.2.0.0/16"])
        XCTAssertEqual(records(r, where: "kind", "connection").count, 3)
    }

    func testAllReal() throws { try assertAllRealFixtures("swanctl-conf", minimumFiles: 5, requireRecords: true) }

    func testRobustAndLinear() throws {
        let text = try Fixtures.text("real/swanctl-conf/ikev2_nat-rw-mark_sun.txt")
        assertRobust("swanctl-conf", sample: text)
        assertLinear("swanctl-conf", sample: text)
        // An unparsable line inside secrets is reported without its text.
        let r = parse("swanctl-conf", "secrets {\n  ike-x {\n    this is not valid hunter2\n  }\n}\n")
        XCTAssertEqual(r.unparsed.count, 1)
        XCTAssertFalse(r.unparsed[0].text.contains("hunter2"))
    }

    // MARK: - strongSwan's settings grammar, not one statement per line

    /// The records of `text` without their line numbers (a layout changes only those).
    func layoutFree(_ text: String) -> [String] {
        func strip(_ v: JSONValue) -> JSONValue {
            switch v {
            case .object(let pairs): return .object(pairs.filter { $0.0 != "line" }.map { ($0.0, strip($0.1)) })
            case .array(let items): return .array(items.map(strip))
            default: return v
            }
        }
        return parse("swanctl-conf", text).records.map { strip($0).serialized() }
    }

    /// Real files written out again in layouts strongSwan reads the same way: sections on the
    /// line of their first statement and `}` after a value (`local { auth = pubkey }`), every `{`
    /// on a line of its own, a comment after each value. Both readings (bytes and reference) give the same connections.
    func testOtherLayoutsOfRealFilesReadTheSame() throws {
        for f in ["real/swanctl-conf/ikev2_nat-rw-mark_sun.txt", "real/swanctl-conf/ikev1_xauth-psk_moon.txt",
                  lab("healthy", "a", "swanctl.conf")] {
            let text = try Fixtures.text(f)
            let want = layoutFree(text)
            XCTAssertFalse(want.isEmpty, f)
            // comments go first: a comment runs to the end of its line
            let plain = text.split(separator: "\n").map { l -> String in
                let s = String(l)
                guard let h = s.firstIndex(of: "#"), !s[..<h].contains("\"") else { return s }
                return String(s[..<h])
            }
            // a section's first statement on its `{` line, each `}` on the line before it:
            // `connections { lab { version = 2`, `local { auth = psk }`, `... } } }`
            var joined: [String] = []
            for l in plain where !l.trimmingCharacters(in: .whitespaces).isEmpty {
                let s = l.trimmingCharacters(in: .whitespaces)
                if let last = joined.last, s == "}" || last.hasSuffix("{") { joined[joined.count - 1] = last + " " + s } else { joined.append(l) }
            }
            let oneLine = joined.joined(separator: "\n")
            XCTAssertTrue(oneLine.contains("{ auth = "), oneLine)
            let bracesAlone = plain.map { $0.replacingOccurrences(of: " {", with: "\n{") }.joined(separator: "\n")
            let commented = plain.map { $0.hasSuffix("{") || $0.trimmingCharacters(in: .whitespaces).isEmpty ? $0 : $0 + " # note" }
                .joined(separator: "\n")
            for (layout, t) in [("one-line sections", oneLine), ("braces alone", bracesAlone), ("comments after values", commented)] {
                let r = parse("swanctl-conf", t)
                XCTAssertTrue(r.unparsed.isEmpty, "\(f), \(layout): \(r.unparsed)")
                XCTAssertEqual(layoutFree(t), want, "\(f), \(layout)")
                XCTAssertEqual(SwanctlConfParser().referenceParse(t).records, r.records, "\(f), \(layout): byte scan and reference")
            }
        }
    }

    /// A real swanctl.conf with one-line sections (HankyZhang/strongswan-gmssl,
    /// FINAL-FIX-TEST-GUIDE.md): read as strongSwan reads it. A `;` separates nothing, so
    /// `auth = psk; id = test.local` sets auth to all of it (swanctl then refuses the connection).
    func testOneLineSectionsAsStrongSwanReadsThem() throws {
        let text = try String(contentsOfFile: sourceCase("one-line-blocks-gmssl"), encoding: .utf8)
        let r = parse("swanctl-conf", text)
        XCTAssertTrue(r.unparsed.isEmpty, "\(r.unparsed)")
        let conn = try XCTUnwrap(records(r, where: "kind", "connection").first)
        XCTAssertEqual(conn.strings("remote_auth"), ["psk"])
        XCTAssertEqual(conn.strings("local_auth"), ["psk; id = test.local"])
        XCTAssertEqual(conn.strings("local_id"), [])
    }

    func testQuotedStringsCommentsAndIncludes() {
        let text = """
        connections { a : b, c {   # two references
          remote { id = "CN=x, O=a#b}c" }  version = 2
          children { n { local_ts = 10.1.0.0/16 } } } b { local_addrs = 192.0.2.1 } c { version = 1 }
          include conf.d/*.conf
        }
        include "other dir/*.conf" # quoted
        """
        let r = parse("swanctl-conf", text)
        XCTAssertTrue(r.unparsed.isEmpty, "\(r.unparsed)")
        let a = records(r, where: "name", "a").first
        XCTAssertEqual(a?.str("inherits"), "b, c")
        XCTAssertEqual(a?.strings("remote_id"), ["CN=x, O=a#b}c"])
        XCTAssertEqual(a?.strings("local_addrs"), ["192.0.2.1"])   // from b
        XCTAssertEqual(a?.int("version"), 2)   // its own, before c's
        XCTAssertEqual(records(r, where: "kind", "include").map { $0.str("path") ?? "" }, ["conf.d/*.conf", "other dir/*.conf"])
        XCTAssertEqual(SwanctlConfParser().referenceParse(text).records, r.records)
    }

    /// What strongSwan refuses is listed as unparsed, on its line, and reading goes on: a dotted
    /// name, a string where a name belongs, a stray `}`; a rejected line that may hold a secret
    /// is never echoed.
    func testSyntaxErrorsAreListedAndReadingGoesOn() {
        let text = """
        connections {
          a {
            local.auth = psk
            remote { auth = psk }
          }
        }
        }
        "x" {
        secrets { ike-1 { secret = hunter2 } } junk
        """
        let r = parse("swanctl-conf", text)
        XCTAssertEqual(r.unparsed.map(\.line), [3, 7, 8, 9])
        XCTAssertEqual(records(r, where: "name", "a").first?.strings("remote_auth"), ["psk"])
        XCTAssertFalse(r.unparsed.contains { $0.text.contains("hunter2") })
        XCTAssertEqual(SwanctlConfParser().referenceParse(text).unparsed, r.unparsed)
    }

    /// A one-line secret (`ike-x { id = a.example secret = KEY }`): strongSwan reads the id as
    /// running to the `}`; the record keeps the id without the key, and no reading outputs it.
    func testOneLineSecretNeverOutputsTheKey() {
        let text = "secrets {\n  ike-x { id = a.example secret = hunter2 }\n  eap-y { id=carol secret=\"hunter3\" }\n}\n"
        for r in [parse("swanctl-conf", text), SwanctlConfParser().referenceParse(text)] {
            XCTAssertEqual(records(r, where: "kind", "secret").map { $0.strings("ids") ?? [] }, [["a.example"], ["carol"]])
            let json = r.json.serialized()
            XCTAssertFalse(json.contains("hunter"), json)
            XCTAssertTrue(r.unparsed.isEmpty)
        }
    }

}

func sourceCase(_ name: String, of source: String = "swanctl-conf") -> String {
    URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Sources/\(source)/\(name)/input.txt").path
}
