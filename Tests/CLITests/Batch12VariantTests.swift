import Foundation
import XCTest

/// Batch 12 (Tests/Fixtures/variants/README.md, "Batch 12"), committed before any of it was
/// captured: Libreswan on both ends in IKEv2, strongSwan's stroke form against Libreswan for the
/// faults batch 10 left out, traffic selectors restricted to a protocol, address requests no
/// pool answers, a PSK line for the wrong peer beside a wildcard one, two conns for one peer.
final class Batch12VariantTests: XCTestCase {
    static let batch12: [VariantView] = {
        let pskRefused = LabExpectations.pskInitiatorRefused
        let noPropFirst = LabExpectations.noProposalFirstMessage
        let rows: [(variant: String, a: LabExpect, b: LabExpect, why: String)] = [
            // Libreswan both ends, IKEv2
            ("lsw-ikev2-vs-ikev1", .blind(noPropFirst.union(["ike.no-response"])), .first(["ike.version-mismatch"]),
             "pluto a IKEv2, pluto b ikev2=no"),
            ("lsw-psk-wrong-id-wildcard", .blind(pskRefused), .first(["ike.auth-failed-psk", "ike.psk-not-found"]),
             "b's right PSK names @gw-x.lab.test; its %any line holds another key"),
            ("lsw-protoport-tcp", .first(["child.ts-mismatch"]), .first(["child.ts-mismatch"]),
             "pluto a leftprotoport/rightprotoport=tcp, b every protocol"),
            ("lsw-modecfg-no-pool", .first(["ike.virtual-ip-failed"]), .first(["ike.virtual-ip-failed"]),
             "pluto a leftmodecfgclient=yes, b without rightaddresspool"),
            // stroke a against Libreswan b
            ("st-lsw-ike-proposal-mismatch", .first(noPropFirst), .first(["ike.proposal-mismatch"]), "pluto b ike=aes256-sha2_384-modp3072"),
            ("st-lsw-esp-proposal-mismatch", .first(["child.proposal-mismatch"]), .first(["child.proposal-mismatch"]), "pluto b esp=aes256-sha2_512"),
            ("st-lsw-id-mismatch", .blind(pskRefused), .first(["ike.id-mismatch"]), "pluto b rightid=@gw-x.lab.test"),
            ("st-lsw-ts-mismatch", .first(["child.ts-mismatch"]), .first(["child.ts-mismatch"]), "pluto b rightsubnet=10.9.0.0/24"),
            ("st-lsw-ikev2-vs-ikev1", .blind(noPropFirst.union(["ike.no-response"])), .first(["ike.version-mismatch"]),
             "stroke a keyexchange=ikev2, pluto b ikev2=no"),
            ("st-lsw-protoport-tcp", .first(["child.ts-mismatch"]), .first(["child.ts-mismatch"]),
             "stroke a leftprotoport/rightprotoport=tcp, pluto b every protocol"),
            // amended after the capture, before the tool ran (README): pluto ignored the CP request, met this kernel
            ("st-lsw-vip-no-pool", .first(["child.ts-mismatch", "ike.virtual-ip-failed"]), .first(["system.kernel-no-esp"]),
             "stroke a leftsourceip=%config, pluto b without an address pool"),
            // stroke both ends
            ("st-vip-no-pool", .first(["ike.virtual-ip-failed"]), .first(["ike.virtual-ip-failed"]),
             "stroke a leftsourceip=%config, stroke b without rightsourceip"),
            // amended after the capture (README): stroke merged the two conns' children; and after the tool
            // ran: a tunnel that carried no traffic is inconclusive until the operator says none was sent
            // (Rules/meta/verdict.enough-facts.idle-tunnel.yaml); testTwoConnsForOnePeerAreHealthyWhenIdle
            ("st-responder-picks-other-conn", .blind([]), .blind([]),
             "stroke b: conn other (same peer, rightsubnet=10.9.0.0/24) before conn lab; starter merges them"),
        ]
        return VariantView.bothEnds(rows)
    }()

    /// Views the tool still gets wrong, each with why; the test fails when one turns right.
    static let knownMisses: [String: String] = [:]

    func testBatch12FromEachEnd() throws {
        try VariantJudge.check("batch 12 (Libreswan both ends, stroke against Libreswan, selectors, address pools)",
                               Self.batch12, knownMisses: Self.knownMisses)
    }

    /// st-responder-picks-other-conn: starter merged the two conns of one peer and the tunnel came
    /// up (no traffic was sent). Told so, the tool calls both ends healthy: two conns for one peer
    /// raise no alarm.
    func testTwoConnsForOnePeerAreHealthyWhenIdle() throws {
        for side in ["a", "b"] {
            let r = try CLI.run(["diagnose", "--home", CLI.repo, "--answer", "test.traffic_sent=no", "--snapshot",
                                 CLI.repo + "/Tests/Fixtures/variants/st-responder-picks-other-conn/" + side])
            XCTAssertEqual(r.status, 0, side)
            XCTAssertTrue(r.stdout.hasPrefix("HEALTHY"), side)
        }
    }

    func testNoSecretInBatch12() throws {
        VariantJudge.assertNoSecrets(in: Self.batch12.map(\.variant), AuthVariantTests.labSecrets + ["PRIVATE KEY"])
    }
}
