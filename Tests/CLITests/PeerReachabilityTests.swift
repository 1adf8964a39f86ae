import Foundation
import XCTest

/// Unreachable, silent, or no daemon there (issue 11, "the initiator's view"): from the gateway
/// whose IKE gets no answer, the evidence beside the daemon's retransmits tells the three apart.
/// Each case is the real peer-drops-ike lab gateway (charon retransmitting to 192.0.2.2 and giving
/// up) plus a real `ip neigh` or `tcpdump -n` output about 192.0.2.2 made in private namespaces
/// with the same addresses (Tests/Fixtures/neigh/README.md).
final class PeerReachabilityTests: XCTestCase {
    static let neigh = CLI.repo + "/Tests/Fixtures/neigh/"

    func diagnose(adding files: [String: String]) throws -> (first: String?, facts: [String: Any], finding: String) {
        let dir = NSTemporaryDirectory() + "reach-\(UUID().uuidString)"
        try FileManager.default.copyItem(atPath: CLI.repo + "/Tests/Fixtures/lab/peer-drops-ike/a", toPath: dir)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        for (name, fixture) in files {
            try FileManager.default.copyItem(atPath: Self.neigh + fixture, toPath: dir + "/" + name)
        }
        let r = try CLI.run(["diagnose", "--format", "json", "--home", CLI.repo, "--snapshot", dir])
        let json = try XCTUnwrap(r.json, "no JSON (exit \(r.status)): \(r.stderr)")
        let problems = (json["findings"] as? [[String: Any]] ?? []).filter { $0["severity"] as? String == "problem" }
        let finding = problems.first.flatMap { try? JSONSerialization.data(withJSONObject: $0) }.map { String(decoding: $0, as: UTF8.self) } ?? ""
        return (problems.first?["id"] as? String, json["facts"] as? [String: Any] ?? [:], finding)
    }

    func testWithoutMoreEvidenceThePeerIsSilent() throws {
        XCTAssertEqual(try diagnose(adding: [:]).first, "ike.no-response")
    }

    func testNeighbourFailedMeansUnreachable() throws {
        let d = try diagnose(adding: ["ip-neigh.txt": "ip-neigh-peer-down.txt"])
        XCTAssertEqual(d.facts["route.next_hop_unresolved"] as? Bool, true)
        XCTAssertEqual(d.facts["route.next_hop"] as? String, "192.0.2.2")
        XCTAssertEqual(d.first, "ike.peer-unreachable")
    }

    func testNeighbourReachableKeepsThePeerSilent() throws {
        // 192.0.2.2 STALE: the link answered for the peer, so it is there and ignoring IKE.
        let d = try diagnose(adding: ["ip-neigh.txt": "ip-neigh-mixed.txt"])
        XCTAssertEqual(d.facts["route.next_hop_unresolved"] as? Bool, false)
        XCTAssertEqual(d.first, "ike.no-response")
    }

    func testUnansweredARPIsNotReadAsOurFirewall() throws {
        // No IKE in the capture at all — only ARP for the peer, unanswered.
        let d = try diagnose(adding: ["tcpdump.txt": "tcpdump-peer-down.txt"])
        XCTAssertEqual(d.facts["capture.arp_unanswered"] as? Bool, true)
        XCTAssertEqual(d.facts["capture.ike_out"] as? Bool, false)
        XCTAssertEqual(d.first, "ike.peer-unreachable")
    }

    func testPortUnreachableFromThePeerNamesItsDaemon() throws {
        let d = try diagnose(adding: ["tcpdump.txt": "tcpdump-peer-no-daemon.txt"])
        XCTAssertEqual(d.facts["capture.icmp_port_unreachable"] as? Bool, true)
        XCTAssertEqual(d.facts["capture.icmp_unreachable"] as? Bool, false)
        XCTAssertEqual(d.first, "ike.no-response")
        XCTAssertTrue(d.finding.contains("no IKE daemon listens"), "the finding names the cause on the peer: \(d.finding)")
    }
}
