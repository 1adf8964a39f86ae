import XCTest
import Facts
@testable import Parsers

/// isakmpd: the `S` report in isakmpd.result and the daemon log (seed 003), and the OpenBSD facts.
final class IsakmpdParserTests: XCTestCase {
    func testAllRealFixtures() throws {
        try assertAllRealFixtures("isakmpd-result", minimumFiles: 1)
        try assertAllRealFixtures("isakmpd-log", minimumFiles: 2)
    }

    func testSReport() throws {
        let r = parse("isakmpd-result", try Fixtures.text("real/isakmpd-result/seed003-isakmpd-result-S.txt"))
        XCTAssertTrue(r.unparsed.isEmpty)
        XCTAssertEqual(r.records.map { $0.str("name") ?? "" }, ["peer-", "from-"])
        XCTAssertEqual(r.records.map { $0.int("phase") ?? 0 }, [1, 2])
        XCTAssertEqual(r.records[0].str("role"), "initiator")
    }

    func testLog() throws {
        let r = parse("isakmpd-log", try Fixtures.text("real/isakmpd-log/seed003-ui-teardown-sa-find-no-match.txt"))
        XCTAssertTrue(r.unparsed.isEmpty)
        XCTAssertEqual(r.records.map { $0.str("event") ?? "" }, ["teardown", "no_sa_matched"])
        XCTAssertEqual(r.records[0].int("teardown_phase"), 2)
        XCTAssertEqual(r.records[0].str("function"), "ui_teardown")
    }

    /// Seed 003: the tunnel works (flows both ways, an SA pair), the fifo teardown by address
    /// found no SA, and the S report holds the generated names to use instead.
    func testSeed003Facts() throws {
        let f = try facts([("ipsecctl-sa", "real/ipsecctl-sa/seed003-ipsecctl-sa-grep-after-failed-teardown.txt"),
                           ("isakmpd-result", "real/isakmpd-result/seed003-isakmpd-result-S.txt"),
                           ("isakmpd-log", "real/isakmpd-log/seed003-ui-teardown-sa-find-no-match.txt")])
        XCTAssertEqual(f["host.os"]?.value, .string("openbsd"))
        XCTAssertEqual(f["ike.implementation"]?.value, .string("isakmpd"))
        XCTAssertEqual(f["child.sa.installed"]?.value, .bool(true))
        XCTAssertEqual(f["child.sa.count"]?.value, .number(1))
        XCTAssertEqual(f["ike.tunnel_count"]?.value, .number(1))
        XCTAssertEqual(f["openbsd.sa_names"]?.value, .list(["peer-", "from-"]))
        XCTAssertEqual(f["openbsd.half_open_tunnels"]?.value, .list([]))
        XCTAssertEqual(f["log.isakmpd.teardown_no_match"]?.value, .bool(true))
        let only = try facts([("isakmpd-log", "real/isakmpd-log/seed003-ui-teardown.txt")], kind: .log)
        XCTAssertEqual(only["log.isakmpd.teardown_no_match"]?.value, .bool(false))
    }

    /// A phase 1 SA to a peer that has flows but no SA pair is half-open (seed 003's situation
    /// before the teardown: "half-up Phase 1 or Phase 2 connections").
    func testHalfOpen() {
        let sa = "esp tunnel from 192.0.2.1 to 198.51.100.1 spi 0x60096bb7 auth hmac-sha1 enc aes-256\nesp tunnel from 198.51.100.1 to 192.0.2.1 spi 0xc0f6f3da auth hmac-sha1 enc aes-256\n"
        let flows = "flow esp in from 10.2.0.0/24 to 10.1.0.0/24 peer 198.51.100.1 type use\nflow esp out from 10.1.0.0/24 to 10.2.0.0/24 peer 198.51.100.1 type require\nflow esp in from 10.3.0.0/24 to 10.1.0.0/24 peer 203.0.113.9 type use\nflow esp out from 10.1.0.0/24 to 10.3.0.0/24 peer 203.0.113.9 type require\n"
        let report = "SA name: peer-203.0.113.9 (Phase 1/Initiator)\nsrc: 192.0.2.1 dst: 203.0.113.9\n"
        let c = ParsedCollection([ParsedSource(result: parse("ipsecctl-sa", flows + sa), origin: "ipsecctl"),
                                  ParsedSource(result: parse("isakmpd-result", report), origin: "result")])
        let f = facts(c)
        XCTAssertEqual(f["openbsd.half_open_tunnels"]?.value, .list(["peer-203.0.113.9", "flow to 203.0.113.9"]))
        XCTAssertEqual(f["ike.tunnel_count"]?.value, .number(2))
    }

    func testGarbage() throws {
        assertRobust("isakmpd-result", sample: try Fixtures.text("real/isakmpd-result/seed003-isakmpd-result-S.txt"))
        assertRobust("isakmpd-log", sample: try Fixtures.text("real/isakmpd-log/seed003-ui-teardown-sa-find-no-match.txt"))
        assertLinear("isakmpd-log", sample: try Fixtures.text("real/isakmpd-log/seed003-ui-teardown-sa-find-no-match.txt"))
    }
}

/// OpenBSD iked: the `iked -dv` example of the OpenBSD FAQ (responder behind NAT).
final class IkedLogParserTests: XCTestCase {
    func testFAQExample() throws {
        try assertAllRealFixtures("iked-log", minimumFiles: 1)
        let r = parse("iked-log", try Fixtures.text("real/iked-log/openbsd-faq-iked-dv-responder-nat.txt"))
        XCTAssertTrue(r.unparsed.isEmpty)
        XCTAssertEqual(r.records.map { $0.str("function") ?? "" }, ["ikev2_recv", "ikev2_msg_send", "ikev2_recv", "ikev2_msg_send", "sa_state"])
        XCTAssertEqual(r.records.compactMap { $0.str("event") }, ["nat_detected", "established_ike"])
        let f = try facts([("iked-log", "real/iked-log/openbsd-faq-iked-dv-responder-nat.txt")], kind: .log)
        XCTAssertEqual(f["ike.implementation"]?.value, .string("iked"))
        XCTAssertEqual(f["host.os"]?.value, .string("openbsd"))
        XCTAssertEqual(f["ike.nat_detected"]?.value, .bool(true))
        XCTAssertEqual(f["log.ike.auth_failed"]?.value, .bool(false))
    }

    func testSyslogAndGarbage() throws {
        let r = parse("iked-log", "Nov 23 10:00:00 gw iked[123]: sa_state: VALID -> ESTABLISHED from 198.51.100.1:4500 to 192.0.2.1:4500 policy 'p'\nNov 23 10:00:01 gw sshd[9]: Accepted\n")
        XCTAssertEqual(r.records.first?.str("time"), "Nov 23 10:00:00")
        XCTAssertEqual(r.unparsed.map(\.line), [2])
        let sample = try Fixtures.text("real/iked-log/openbsd-faq-iked-dv-responder-nat.txt")
        assertRobust("iked-log", sample: sample)
        assertLinear("iked-log", sample: sample)
    }
}
