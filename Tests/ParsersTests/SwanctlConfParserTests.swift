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
}
