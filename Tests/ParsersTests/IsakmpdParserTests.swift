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

    /// Flows with no SA, and a phase 1 SA with no flows: both half-open. Real outputs of two
    /// hosts put together: OpenBSD flows (Libreswan interop test, `ipsec _kernel policy`, no SAD)
    /// and seed 003's S report.
    func testHalfOpen() throws {
        let f = try facts([("ipsecctl-sa", "real/ipsecctl-sa/libreswan-interop-openbsd-01-iked-east-kernel-policy.txt"),
                           ("isakmpd-result", "real/isakmpd-result/seed003-isakmpd-result-S.txt")])
        XCTAssertEqual(f["openbsd.half_open_tunnels"]?.value, .list(["peer-", "from-", "flow to 192.1.2.45"]))
        XCTAssertEqual(f["child.sa.installed"]?.value, .bool(false))
        XCTAssertEqual(f["ike.tunnel_count"]?.value, .number(1))
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

    func testGarbage() throws {
        let sample = try Fixtures.text("real/iked-log/openbsd-faq-iked-dv-responder-nat.txt")
        assertRobust("iked-log", sample: sample)
        assertLinear("iked-log", sample: sample)
    }
}
