import Foundation
import XCTest

/// Batch 4: data-plane faults (SPD, SAD, ESP, MTU, split subnets) made on real daemons by
/// `Tests/Lab/dataplane-variants.sh capture VARIANT DIR` and captured from both ends into
/// Tests/Fixtures/variants/VARIANT/{a,b}. The table is the one in Tests/Fixtures/variants/README.md
/// ("Batch 4"), committed before the variants were captured or diagnosed. Besides the first
/// problem, `also` names IDs that must be among the findings: a cause the first one explains
/// (no SA for a trap policy, behind the IKE failure that keeps it from being negotiated).
final class DataPlaneVariantTests: XCTestCase {
    struct Case {
        let variant: String
        let a: LabExpect
        let b: LabExpect
        var alsoA: Set<String> = []
        var alsoB: Set<String> = []
        let why: String
    }

    static let batch4: [Case] = [
        Case(variant: "dp-trap-kernel-no-esp", a: .first(["system.kernel-no-esp", "child.sa-install-failed"]),
             b: .blind(["child.half-established"]), alsoA: ["esp.no-sa"],
             why: "a: acquires from its trap policy, the kernel refuses the SAs, XfrmOutNoStates rises; b: only a DELETE"),
        Case(variant: "dp-trap-peer-silent", a: .first(["ike.no-response"]), b: .first(["ike.local-firewall-blocks-ike"]),
             alsoA: ["esp.no-sa"],
             why: "a: each acquire's IKE_SA_INIT unanswered, XfrmOutNoStates rises; b: its INPUT rule drops IKE"),
        Case(variant: "dp-stale-trap-policy", a: .first(["esp.no-sa"]), b: .blind([]),
             why: "a: the kernel keeps a dead charon's trap policies, the new charon has none (trap not found); b: never contacted"),
        Case(variant: "dp-drop-shunt", a: .first(["esp.no-policy"]), b: .blind([]),
             why: "a: its drop shunt's block policies drop both ways (XfrmOutPolBlock, XfrmInPolBlock); b: its pings leave in clear"),
        Case(variant: "dp-policy-install-failed", a: .blind(["child.ts-mismatch", "child.sa-install-failed"]),
             b: .first(["child.sa-install-failed"]),
             why: "a: only TS_UNACCEPTABLE; b: unable to install IPsec policies (SPD) in kernel"),
        Case(variant: "dp-esp-corrupted", a: .first(["esp.no-inbound", "esp.integrity-failure"]), b: .first(["esp.integrity-failure"]),
             why: "a: out counted, nothing in; b: libipsec's MAC verification fails on every packet"),
        Case(variant: "dp-peer-restarted", a: .first(["esp.no-inbound", "esp.unknown-spi"]), b: .first(["esp.unknown-spi"]),
             why: "a: keeps sending on the old SA, nothing comes back; b: restarted, holds no SA, ESP for an old SPI arrives"),
        Case(variant: "dp-esp-fragments-dropped", a: .first(["mtu.esp-fragmentation"]), b: .first(["mtu.esp-fragmentation"]),
             why: "both: ESP-in-UDP larger than the 1280-byte WAN leaves and arrives as fragments, which b drops"),
        Case(variant: "lsw-leftsubnets-one-peer-subnet", a: .first(["child.leftsubnets-asymmetric", "child.ts-mismatch"]),
             b: .first(["child.ts-mismatch", "child.leftsubnets-asymmetric"]),
             why: "a: leftsubnets={...} makes one Child SA per half, each refused; b: refuses each half of the subnet it has as one"),
    ]

    /// Batch 4b (README "Batch 4b", committed before capture): IDs no real snapshot had first.
    static let batch4b: [Case] = [
        Case(variant: "dp-esp-blocked-fw", a: .first(["esp.no-inbound", "esp.one-way-traffic"]),
             b: .first(["esp.local-firewall-blocks-esp"]),
             why: "a: ESP out counted, nothing in; b: its nft rule on UDP 4500 drops payloads not starting with the non-ESP marker"),
        Case(variant: "dp-ke-group-retry", a: .healthy, b: .healthy,
             alsoA: ["ike.invalid-ke-payload"], alsoB: ["ike.invalid-ke-payload"],
             why: "a guessed MODP_2048, b asked for MODP_3072 (INVALID_KE_PAYLOAD), the retry came up and pings pass"),
        Case(variant: "dp-dpd-blackhole", a: .first(["ike.dpd-timeout"]), b: .first(["ike.dpd-timeout"]),
             why: "both: the router between them dropped everything; each DPD gave up after 3 retransmits"),
    ]

    /// Views wrong on the tool as it is, each with why; empty when all are right.
    static let knownMisses: [String: String] = [:]

    func testBatch4FromEachEnd() throws {
        try Self.judge(Self.batch4)
    }

    func testBatch4bFromEachEnd() throws {
        try Self.judge(Self.batch4b)
    }

    /// Each view of the cases diagnosed and judged by VariantJudge, with its `also` IDs.
    static func judge(_ cases: [Case]) throws {
        let views = cases.flatMap { c in
            [VariantView(variant: c.variant, side: "a", expect: c.a, also: c.alsoA, why: c.why),
             VariantView(variant: c.variant, side: "b", expect: c.b, also: c.alsoB, why: c.why)]
        }
        let outcome = try VariantJudge.judge(views, knownMisses: knownMisses)
        XCTAssertEqual(outcome.checked, 2 * cases.count)
        XCTAssertEqual(outcome.wrong, [], "\n" + outcome.wrong.joined(separator: "\n"))
    }

    /// The captures hold no lab secret (the capture cuts swanctl's secrets and ipsec.secrets).
    func testNoLabSecretInBatch4() throws {
        for c in Self.batch4 + Self.batch4b {
            for side in ["a", "b"] {
                let dir = CLI.repo + "/Tests/Fixtures/variants/\(c.variant)/\(side)"
                for name in (try? FileManager.default.contentsOfDirectory(atPath: dir)) ?? [] {
                    let text = (try? String(contentsOfFile: dir + "/" + name, encoding: .utf8)) ?? ""
                    for secret in ["lab-psk-a1b2c3", "lab-psk-wrong-d4e5f6"] {
                        XCTAssertFalse(text.contains(secret), "\(c.variant)/\(side)/\(name) holds a lab PSK")
                    }
                }
            }
        }
    }
}
