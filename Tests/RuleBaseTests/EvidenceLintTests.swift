import Foundation
@testable import RuleBase
import XCTest

/// `rules check` holds every diagnosis rule to evidence that says something when the values it
/// quotes are unknown: the engine drops a line none of whose `{fact}` values is known, so a rule
/// whose every line quotes a value its condition does not need showed no evidence at all.
final class EvidenceLintTests: XCTestCase {
    func rule(_ when: String, _ evidence: [String]) throws -> [String] {
        let dir = NSTemporaryDirectory() + "ipsec-doctor-evidence-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.createDirectory(atPath: dir + "/Rules/phase1", withIntermediateDirectories: true)
        try """
        - {name: route.peer_reachable, type: bool, from: [probe], doc: "a route to the peer"}
        - {name: fw.drops_ike_in, type: number, from: [probe], doc: "dropped in"}
        - {name: fw.drops_ike_out, type: number, from: [probe], doc: "dropped out"}
        - {name: conn.remote_addrs, type: list, from: [config], doc: "the peer's addresses"}
        """.write(toFile: dir + "/Rules/facts.yaml", atomically: true, encoding: .utf8)
        try """
        diagnosis: ike.peer-unreachable
        title: no route
        phase: phase1
        severity: problem
        confidence: 0.9
        when: \(when)
        evidence: [\(evidence.map { "\"\($0)\"" }.joined(separator: ", "))]
        remedies: {any: ["add a route"]}
        examples:
          - {facts: {route.peer_reachable: false}, fires: true}
          - {facts: {route.peer_reachable: true}, fires: false}
        """.write(toFile: dir + "/Rules/phase1/r.yaml", atomically: true, encoding: .utf8)
        let base = RuleBase.load(rules: dir + "/Rules", knowledge: dir + "/Knowledge")
        return EvidenceLint.lint(base).map(\.description)
    }

    func testALineOfValuesTheConditionDoesNotNeedIsReported() throws {
        let issues = try rule("route.peer_reachable == false", ["no route to the peer address {conn.remote_addrs}"])
        XCTAssertEqual(issues.count, 1, "\(issues)")
        XCTAssertTrue(issues.first?.hasPrefix("Rules/phase1/r.yaml:1: every evidence line quotes a value") == true, "\(issues)")
    }

    func testAStatementLineOrAValueTheConditionNeedsIsEnough() throws {
        XCTAssertEqual(try rule("route.peer_reachable == false", ["no route to the peer's address", "the peer's address: {conn.remote_addrs}"]), [])
        // `{peer}` is conn.remote_addrs, which the condition needs known
        XCTAssertEqual(try rule("route.peer_reachable == false and conn.remote_addrs", ["no route to {peer}"]), [])
        // one of the two drop counters is known whenever `a or b` holds: the line keeps one
        XCTAssertEqual(try rule("fw.drops_ike_in or fw.drops_ike_out", ["drops: in {fw.drops_ike_in}, out {fw.drops_ike_out}"]), [])
        // `unknown(x)` guarantees nothing about x
        XCTAssertEqual(try rule("unknown(conn.remote_addrs) and route.peer_reachable == false", ["peer {conn.remote_addrs}"]).count, 1)
    }
}
