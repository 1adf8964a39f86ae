import XCTest
import Facts
@testable import Parsers

/// Libreswan sources → facts, on real output.
final class LibreswanExtractorTests: XCTestCase {
    /// Seed 002: ipsec.conf with leftsubnets={a,b}: the static side of the leftsubnets pitfall.
    func testSeed002MultipleSubnets() throws {
        let f = try facts([("libreswan-conf", "real/libreswan-conf/seed-002-leftsubnets.txt")], kind: .file)
        XCTAssertEqual(f["ike.implementation"]?.value, .string("libreswan"))
        XCTAssertEqual(f["conn.multiple_subnets"]?.value, .bool(true))
        XCTAssertEqual(f["conn.start_action"]?.value, .string("start"))
        XCTAssertEqual(f["ike.tunnel_count"]?.value, .number(1))
        XCTAssertEqual(f["conn.local_ts"]?.value, .list(["10.0.1.0/24", "10.0.2.0/24"]))
        XCTAssertEqual(f["conn.auth"]?.value, .string("psk"))
        XCTAssertEqual(f["conn.multiple_subnets"]?.provenance.first?.line, 1)
    }

    /// Seed 004 status: IKEv1 up, one IPsec SA, 0 bytes both ways.
    func testSeed004Status() throws {
        let f = try facts([("libreswan-status", "real/libreswan-status/seed004-status-states-ikev1.txt")])
        XCTAssertEqual(f["ike.sa.established"]?.value, .bool(true))
        XCTAssertEqual(f["ike.sa.connecting"]?.value, .bool(false))
        XCTAssertEqual(f["child.sa.installed"]?.value, .bool(true))
        XCTAssertEqual(f["child.sa.count"]?.value, .number(1))
        XCTAssertEqual(f["child.sa.bytes_in"]?.value, .number(0))
        XCTAssertEqual(f["child.sa.bytes_out"]?.value, .number(0))
        XCTAssertEqual(f["conn.count"]?.value, .number(6))
    }

    /// Seed 004 showstates: STATE_PARENT_I1 only: stuck connecting, nothing established.
    func testSeed004Connecting() throws {
        let f = try facts([("libreswan-showstates", "real/libreswan-showstates/seed004-state-parent-i1.txt")])
        XCTAssertEqual(f["ike.sa.connecting"]?.value, .bool(true))
        XCTAssertEqual(f["ike.sa.established"]?.value, .bool(false))
        XCTAssertEqual(f["child.sa.installed"]?.value, .bool(false))
    }

    func testStatusConnections() throws {
        let f = try facts([("libreswan-status", "real/libreswan-status/status-v4.15-ikev2-established.txt")])
        XCTAssertEqual(f["conn.ike_version"]?.value, .number(2))
        XCTAssertEqual(f["conn.local_ts"]?.value, .list(["192.0.1.0/24"]))
        XCTAssertEqual(f["conn.remote_addrs"]?.value, .list(["192.1.2.23"]))
        XCTAssertEqual(f["conn.multiple_subnets"]?.value, .bool(false))
        XCTAssertEqual(f["child.sa.bytes_in"]?.value, .number(84))
    }

    /// The Libreswan test suite's leftsubnets conns show as `conn/1x0`, `conn/2x0` in status.
    func testBulkSubnetInstances() throws {
        let text = try Fixtures.corpus("libreswan-status.txt")
        guard let block = Fixtures.bulkBlocks(text).first(where: { $0.body.contains("/1x0\"") && $0.body.contains("/2x0\"") }) else {
            throw XCTSkip("no leftsubnets block")
        }
        let p = ParsedSource(result: parse("libreswan-status", block.body), origin: block.origin)
        let f = facts(ParsedCollection([p]))
        XCTAssertEqual(f["conn.multiple_subnets"]?.value, .bool(true), block.origin)
    }

    /// Only --globalstatus: counters give the SA counts (the test-suite box had no states).
    func testGlobalStatusCounters() throws {
        let f = try facts([("libreswan-globalstatus", "real/libreswan-globalstatus/globalstatus-head.txt")])
        XCTAssertEqual(f["ike.sa.count"]?.value, .number(0))
        XCTAssertEqual(f["child.sa.installed"]?.value, .bool(false))
        XCTAssertEqual(f["ike.sa.connecting"]?.value, .bool(false))
    }

    func testPlutoLogFacts() throws {
        let ts = try facts([("pluto-log", "real/pluto-log/whack-up-ts-unacceptable.txt")], kind: .log)
        XCTAssertEqual(ts["log.child.ts_unacceptable"]?.value, .bool(true))
        XCTAssertEqual(ts["log.ike.auth_failed"]?.value, .bool(false))
        let auth = try facts([("pluto-log", "real/pluto-log/whack-up-authentication-failed.txt")], kind: .log)
        XCTAssertEqual(auth["log.ike.auth_failed"]?.value, .bool(true))
        XCTAssertEqual(auth["log.ike.no_peer_config"]?.value, .bool(true))
        let nr = try facts([("pluto-log", "real/pluto-log/whack-up-no-response-first-ikev2.txt")], kind: .log)
        XCTAssertEqual(nr["log.ike.peer_not_responding"]?.value, .bool(true))
        let np = try facts([("pluto-log", "real/pluto-log/whack-up-no-proposal-chosen.txt")], kind: .log)
        XCTAssertEqual(np["log.child.no_proposal_chosen"]?.value, .bool(true))
        XCTAssertEqual(np["log.ike.no_proposal_chosen"]?.value, .bool(false))
        // INVALID_KE_PAYLOAD followed by success is still reported: it is the retry's note, no
        // failure that the success fixed (ike.invalid-ke-payload is info, "harmless when phase 1
        // then comes up"; strongSwan both ends: Tests/Fixtures/variants/dp-ke-group-retry)
        let ke = try facts([("pluto-log", "real/pluto-log/whack-up-invalid-ke.txt")], kind: .log)
        XCTAssertEqual(ke["log.ike.invalid_ke"]?.value, .bool(true))
        XCTAssertEqual(ke["log.ike.no_proposal_chosen"]?.value ?? .bool(false), .bool(false))
    }

    func testFactsAreInVocabulary() throws {
        let vocab = try String(contentsOf: Fixtures.root.deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Rules/facts.yaml"), encoding: .utf8)
        let f = try facts([("libreswan-conf", "real/libreswan-conf/seed-002-leftsubnets.txt"),
                           ("libreswan-status", "real/libreswan-status/seed004-status-states-ikev1.txt"),
                           ("pluto-log", "real/pluto-log/whack-up-authentication-failed.txt")])
        for name in f.keys { XCTAssertTrue(vocab.contains("{name: \(name),"), "\(name) not in facts.yaml") }
    }
}
