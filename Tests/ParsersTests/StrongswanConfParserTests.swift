import Facts
import Foundation
@testable import Parsers
import XCTest

/// strongswan.conf and its includes: the settings syntax as strongSwan's lexer reads it
/// (settings_lexer.l, settings_parser.y) and the files placed where their `include` stands, on
/// Debian 12's real tree (Tests/Fixtures/real/strongswan-conf, SOURCES.md there).
final class StrongswanConfParserTests: XCTestCase {
    static let real = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fixtures/real/strongswan-conf").path

    func file(_ rel: String) throws -> String {
        try String(contentsOfFile: Self.real + "/" + rel, encoding: .utf8)
    }

    let parser = StrongswanConfParser()

    /// Debian's tree as the live probes read it: origins `probe:/path` for the globbed ones.
    func debianTree(replacing: [String: String] = [:], extra: [(String, String)] = []) throws -> ParsedCollection {
        var items = [ParsedSource(result: parser.parse(try file("debian-12-strongswan.conf.txt")), origin: "strongswan-conf", kind: .file)]
        var files: [(String, String)] = [
            ("strongswan.d-conf:/etc/strongswan.d/charon-logging.conf", "debian-12-strongswan.d/charon-logging.conf"),
            ("strongswan.d-charon-conf:/etc/strongswan.d/charon/eap-mschapv2.conf", "debian-12-strongswan.d/charon/eap-mschapv2.conf"),
            ("strongswan.d-charon-conf:/etc/strongswan.d/charon/kernel-libipsec.conf", "debian-12-strongswan.d/charon/kernel-libipsec.conf"),
            ("strongswan.d-charon-conf:/etc/strongswan.d/charon/kernel-netlink.conf", "debian-12-strongswan.d/charon/kernel-netlink.conf"),
        ]
        files += extra
        for (origin, rel) in files {
            var text = (try? file(rel)) ?? rel
            for (from, to) in replacing where origin.hasSuffix(from.components(separatedBy: "|")[0]) {
                text = text.replacingOccurrences(of: from.components(separatedBy: "|")[1], with: to)
            }
            items.append(ParsedSource(result: parser.parse(text), origin: origin, kind: .file))
        }
        return ParsedCollection(items)
    }

    func facts(_ parsed: ParsedCollection) -> [String: Fact] {
        Dictionary(StrongswanConfExtractor().facts(from: parsed).map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
    }

    func testSyntax() {
        let text = """
        # comment
        charon
        {
            port = 4501   # trailing comment
            plugins { eap-radius { servers { a { address = 192.0.2.1
            secret = "s3cr\\"et # not a comment"
            } } } }
            load = aes  sha1 "two words"
            include   strongswan.d/charon/*.conf
            include = a key named include
        }
        """
        let r = parser.parse(text)
        XCTAssertEqual(r.unparsed.map(\.line), [])
        let settings = r.records.filter { $0["kind"]?.stringValue == "setting" }
        let byKey = Dictionary(settings.compactMap { s in s["key"]?.stringValue.map { ($0, s) } }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(byKey["charon.port"]?["value"]?.stringValue, "4501")
        XCTAssertEqual(byKey["charon.port"]?.recordLine, 4)
        XCTAssertEqual(byKey["charon.plugins.eap-radius.servers.a.address"]?["value"]?.stringValue, "192.0.2.1")
        XCTAssertEqual(byKey["charon.plugins.eap-radius.servers.a.secret"]?["redacted"]?.boolValue, true)
        XCTAssertNil(byKey["charon.plugins.eap-radius.servers.a.secret"]?["value"])
        XCTAssertFalse("\(r.json)".contains("s3cr"), "a secret's value is never in the records")
        XCTAssertEqual(byKey["charon.load"]?["value"]?.stringValue, "aes sha1 two words")
        XCTAssertEqual(byKey["charon.include"]?["value"]?.stringValue, "a key named include")
        let inc = r.records.first { $0["kind"]?.stringValue == "include" }
        XCTAssertEqual(inc?["pattern"]?.stringValue, "strongswan.d/charon/*.conf")
        XCTAssertEqual(inc?["section"]?.stringValue, "charon")
    }

    /// Names hold no dot: strongSwan's parser refuses `charon.port = 4501`, an unclosed or extra
    /// brace, and with them the whole configuration.
    func testSyntaxErrorsAreListedAndMakeTheConfigInvalid() {
        for (text, line) in [("charon {\n  port = 500\n}\ncharon.port = 4501\n", 4), ("charon {\n  port = 4501\n", 2), ("}\ncharon { }\n", 1)] {
            let r = parser.parse(text)
            XCTAssertEqual(r.unparsed.map(\.line), [line], text)
            let f = facts(ParsedCollection([ParsedSource(result: r, origin: "strongswan-conf", kind: .file)]))
            XCTAssertEqual(f["strongswan.conf_invalid"]?.value, .bool(true), text)
            XCTAssertEqual(f["strongswan.conf_invalid"]?.provenance.first?.line, line)
            XCTAssertNil(f["strongswan.ike_port"], "an invalid file sets nothing: charon does not start with it")
        }
    }

    func testDebianDefaultsReadThroughItsIncludes() throws {
        let f = facts(try debianTree())
        XCTAssertEqual(f["strongswan.conf_invalid"]?.value, .bool(false))
        XCTAssertEqual(f["strongswan.ike_port"]?.value, .number(500))
        XCTAssertEqual(f["strongswan.nat_t_port"]?.value, .number(4500))
        XCTAssertEqual(f["strongswan.ports_moved"]?.value, .bool(false))
        XCTAssertEqual(f["strongswan.install_routes"]?.value, .bool(true))
        // kernel-libipsec.conf says load = no: read in charon.plugins, where its include stands.
        XCTAssertEqual(f["strongswan.plugins_disabled"]?.value, .list(["kernel-libipsec"]))
        XCTAssertEqual(f["strongswan.plugins_disabled"]?.provenance.first?.source, "/etc/strongswan.d/charon/kernel-libipsec.conf")
        XCTAssertEqual(f["strongswan.log_targets"]?.value, .list(["syslog daemon", "syslog auth"]))
        XCTAssertEqual(f["strongswan.logging_silent"]?.value, .bool(false))
        XCTAssertNil(f["strongswan.needed_plugins_disabled"], "no connection known")
    }

    /// The fault a user makes: the EAP method's plugin switched off in its Debian file, while
    /// swanctl.conf authenticates clients with it; the evidence names the file and line.
    func testADisabledPluginAConnectionNeeds() throws {
        let swanctl = """
        connections {
            rw {
                local {
                    auth = pubkey
                }
                remote {
                    auth = eap-mschapv2
                }
                children {
                    rw {
                        remote_ts = 10.3.0.0/16
                    }
                }
            }
        }
        """
        var parsed = try debianTree(replacing: ["eap-mschapv2.conf|load = yes": "load = no"])
        parsed.items.append(ParsedSource(result: SwanctlConfParser().parse(swanctl), origin: "swanctl-conf", kind: .file))
        let f = facts(parsed)
        XCTAssertEqual(f["strongswan.needed_plugins_disabled"]?.value, .list(["eap-mschapv2"]))
        let p = try XCTUnwrap(f["strongswan.needed_plugins_disabled"]?.provenance.first)
        XCTAssertEqual(p.source, "/etc/strongswan.d/charon/eap-mschapv2.conf")
        XCTAssertEqual(p.line, 5)
    }

    /// Ports and routes set in a later included file override the main file (Debian's
    /// charon.conf is read after strongswan.conf's own charon section).
    func testAnIncludedFileOverrides() throws {
        let charonConf = "charon {\n    port = 4501\n    port_nat_t = 4502\n    install_routes = no\n}\n"
        let parsed = try debianTree(extra: [("strongswan.d-conf:/etc/strongswan.d/charon.conf", charonConf)])
        var withRoutes = parsed
        withRoutes.items.append(ParsedSource(result: IpRouteParser().parse("default via 192.0.2.254 dev eth0\n10.1.0.0/16 dev eth1 scope link\n"), origin: "ip-route"))
        withRoutes.items.append(ParsedSource(result: SwanctlConfParser().parse("connections {\n  n {\n    remote_addrs = 192.0.2.2\n    children {\n      n {\n        local_ts = 10.1.0.0/16\n        remote_ts = 10.2.0.0/16\n      }\n    }\n  }\n}\n"), origin: "swanctl-conf", kind: .file))
        let f = facts(withRoutes)
        XCTAssertEqual(f["strongswan.ike_port"]?.value, .number(4501))
        XCTAssertEqual(f["strongswan.ike_port"]?.provenance.first?.source, "/etc/strongswan.d/charon.conf")
        XCTAssertEqual(f["strongswan.ike_port"]?.provenance.first?.line, 2)
        XCTAssertEqual(f["strongswan.nat_t_port"]?.value, .number(4502))
        XCTAssertEqual(f["strongswan.ports_moved"]?.value, .bool(true))
        XCTAssertEqual(f["strongswan.install_routes"]?.value, .bool(false))
        XCTAssertEqual(f["strongswan.remote_ts_unrouted"]?.value, .list(["10.2.0.0/16"]))
    }

    /// A strongswan.conf without Debian's includes: the strongswan.d files on disk are not read
    /// by charon (strongSwan 5.9.8 with such a file loads the plugins of its own `load` list and
    /// listens on its own ports), so their `load = no` is not reported.
    func testFilesNoIncludeReachesAreNotCharons() throws {
        var parsed = try debianTree()
        parsed.items[0] = ParsedSource(result: parser.parse("charon {\n  load_modular = no\n  port = 4501\n}\n"), origin: "strongswan-conf", kind: .file)
        let f = facts(parsed)
        XCTAssertEqual(f["strongswan.plugins_disabled"]?.value, .list([]))
        XCTAssertEqual(f["strongswan.ike_port"]?.value, .number(4501))
    }

    /// A filelog replaces the default syslog loggers; loggers all below level 1 log nothing.
    func testLoggers() {
        let text = "charon {\n filelog {\n  charon {\n   path = /var/log/charon.log\n   default = -1\n  }\n }\n syslog {\n  auth {\n   default = 0\n  }\n }\n}\n"
        let f = facts(ParsedCollection([ParsedSource(result: parser.parse(text), origin: "strongswan-conf", kind: .file)]))
        XCTAssertEqual(f["strongswan.log_targets"]?.value, .list(["/var/log/charon.log", "syslog auth"]))
        XCTAssertEqual(f["strongswan.logging_silent"]?.value, .bool(true))
    }

    /// 20,000 nested sections on one line: refused past 64 levels, read in linear time.
    func testDeepNestingIsRefusedQuickly() {
        let r = parser.parse(String(repeating: "a {", count: 20000))
        XCTAssertEqual(r.unparsed.map(\.line), [1])
        XCTAssertEqual(r.records.count, StrongswanConfParser.Scan.maxDepth)
    }

    func testGlob() {
        XCTAssertTrue(StrongswanConfExtractor.glob("/etc/strongswan.d/charon/*.conf", "/etc/strongswan.d/charon/aes.conf"))
        XCTAssertFalse(StrongswanConfExtractor.glob("/etc/strongswan.d/*.conf", "/etc/strongswan.d/charon/aes.conf"))
        XCTAssertTrue(StrongswanConfExtractor.glob("/etc/strongswan.d/[ct]*.conf", "/etc/strongswan.d/tnc.conf"))
    }

    /// Random or binary bytes are nobody's strongswan.conf: nothing is read from them (the
    /// grammar would otherwise take their words for names and call the file broken, a confident
    /// "charon refuses to start" from noise). Debian's real file, with a byte that is not
    /// UTF-8 in a comment (an admin's Latin-1 name), still reads.
    func testBinaryIsNotASettingsFile() throws {
        var rng = SystemRandomNumberGenerator()
        let noise = String(decoding: (0..<4096).map { _ in UInt8.random(in: 0...255, using: &rng) }, as: UTF8.self)
        let r = parser.parse("charon {\n  port = 4501\n}\n" + noise)
        XCTAssertEqual(r.recordCount, 0, "no record from a file holding binary data")
        XCTAssertFalse(r.unparsed.isEmpty)
        let latin1 = try file("debian-12-strongswan.conf.txt") + "# edited by J\u{FFFD}rg\n"
        XCTAssertGreaterThan(parser.parse(latin1).recordCount, 0)
    }
}
