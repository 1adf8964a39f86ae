import Foundation
import XCTest

/// Batch 6: variants made for the gaps of the reach table (Tests/Fixtures/variants/REACH.md),
/// captured from real daemons by `Tests/Lab/variants.sh` (strongSwan) and
/// `Tests/Lab/libreswan-variants.sh` (Libreswan). The expectations are the table in
/// Tests/Fixtures/variants/README.md, "Batch 6", committed before any variant was captured.
final class ReachVariantTests: XCTestCase {
    static let batch6: [(variant: String, a: LabExpect, b: LabExpect, why: String)] = [
        ("initiator-psk-missing", .first(["ike.psk-not-found"]), .first(["ike.half-open"]),
         "a has no PSK for gw-a - gw-b and never sends IKE_AUTH; b holds the half-open IKE_SA"),
        ("lsw-initiator-psk-missing", .first(["ike.psk-not-found"]), .blind(["ike.half-open"]),
         "pluto on a finds no PSK for the pair; b was left after IKE_SA_INIT"),
        ("lsw-responder-down", .first(["ike.no-response"]), .first(["ike.daemon-not-running"]),
         "b's pluto never started: a's IKE_SA_INIT goes unanswered; b has no pluto and no control socket"),
        ("dp-esp-blocked-fw-initiator", .first(["esp.local-firewall-blocks-esp"]), .first(["esp.no-inbound", "esp.one-way-traffic"]),
         "a's own nft drops ESP-in-UDP (IKE passes); b's pings leave on its SA and nothing comes back"),
        ("dp-esp-corrupted-initiator", .first(["esp.integrity-failure"]), .blind([]),
         "b's ESP reaches a altered: a's libipsec logs ICV failures; b got a's pings intact and answered"),
        ("dp-initiator-restarted", .first(["esp.unknown-spi"]), .first(["esp.no-inbound", "esp.unknown-spi"]),
         "a restarted without its SAs; b keeps sending ESP on the old SPI and gets nothing back"),
        ("dp-initiator-policy-install-failed", .first(["child.sa-install-failed"]), .blind(["child.half-established"]),
         "a's inside address is gone: its own policies cannot be installed; b negotiated the CHILD SA"),
    ]

    /// Batch 6b: the views and the IDs that must be among their findings (`also`).
    static let batch6b: [VariantView] = [
        VariantView(variant: "dp-esp-duplicated", side: "a", expect: .healthy,
                    why: "a's pings are answered (b takes the first copy of each); nothing is dropped at a"),
        VariantView(variant: "dp-esp-duplicated", side: "b", expect: .healthy, also: ["esp.replay-window"],
                    why: "b's libipsec drops every second copy: ESP sequence number verification failed"),
        VariantView(variant: "dp-esp-duplicated-initiator", side: "a", expect: .healthy, also: ["esp.replay-window"],
                    why: "the mirror (batch 6h): a's libipsec drops every second copy of b's ESP"),
        VariantView(variant: "dp-esp-duplicated-initiator", side: "b", expect: .healthy,
                    why: "the mirror (batch 6h): b's pings are answered"),
    ]

    /// Views the tool still gets wrong, each with why; the test fails when one turns right.
    static let knownMisses: [String: String] = [:]

    func testBatch6FromEachEnd() throws {
        try VariantJudge.check("batch 6 (reach gaps)", VariantView.bothEnds(Self.batch6), knownMisses: Self.knownMisses)
    }

    func testBatch6bFromEachEnd() throws {
        try VariantJudge.check("batch 6b (anti-replay)", Self.batch6b, knownMisses: Self.knownMisses)
    }

    /// The captures hold no lab secret and no private key (the scripts cut them; this checks).
    func testNoSecretInBatch6() throws {
        let secrets = ["lab-psk-a1b2c3", "lab-psk-wrong-d4e5f6", "PRIVATE KEY"]
        VariantJudge.assertNoSecrets(in: Self.batch6.map(\.variant) + Self.batch6b.map(\.variant), secrets)
    }
}
