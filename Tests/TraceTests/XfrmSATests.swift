import Foundation
import XCTest
import Parsers
@testable import Trace

/// Kernel SAs from Libreswan's consoles (policy and state of the same host): the SA a template
/// picks, NAT-T encapsulation and the outer packet.
final class XfrmSATests: XCTestCase {
    func consoleHost(_ origin: String) throws -> HostModel {
        let pol = try TraceFixtures.corpusText("xfrm-policy.txt"), st = try TraceFixtures.corpusText("xfrm-state.txt")
        guard let p = TraceFixtures.blocks(pol).first(where: { $0.origin.hasPrefix(origin) && !$0.body.isEmpty }),
              let s = TraceFixtures.blocks(st).first(where: { $0.origin.hasPrefix(origin) }) else { throw XCTSkip("\(origin) not in the corpus") }
        return TraceFixtures.host([(source: "xfrm-policy", origin: "xfrm-policy.txt", text: p.body), (source: "xfrm-state", origin: "xfrm-state.txt", text: s.body)])
    }

    /// certoe-06-nat-packet-cop/road: the /32 policy (priority 2080) beats the opportunistic /24
    /// one (2088); its tunnel template finds the tunnel SA (not the transport one with the same
    /// addresses) and that SA is ESP in UDP 4500.
    func testRoadEncryptsByTheTunnelSAInUdp() throws {
        let host = try consoleHost("certoe-06-nat-packet-cop/road.console.txt@v3.20")
        let r = Tracer(host: host).trace(TraceFixtures.packet("192.1.3.209", "192.1.2.23"))
        XCTAssertEqual(r.verdict.outcome, .encrypted, r.verdict.text)
        XCTAssertTrue(r.policy?.text.contains("priority 2080") == true, r.policy?.text ?? "")
        XCTAssertEqual(r.outer?.dst.address, "192.1.2.23")
        XCTAssertEqual(r.outer?.udpEncap?.dport, 4500)
        XCTAssertEqual(r.outer?.spi, "0xSPISPIXX")   // sanitised in the test suite's console
        // To the rest of 192.1.2.0/24 the opportunistic policy applies; it has no SA: acquire.
        XCTAssertEqual(Tracer(host: host).trace(TraceFixtures.packet("192.1.3.209", "192.1.2.45")).verdict.outcome, .acquire)
    }

    func testEspOverheadOfRealAlgorithms() {
        // AES-CBC-128 + HMAC-SHA2-256-128, tunnel, UDP: 1400 → 20 + 8 + 8 + 16 + 1408 + 16 = 1476 (the lab's SA).
        let cbc = EspAlgorithms.fromProposal("AES_CBC-128/HMAC_SHA2_256_128")!
        XCTAssertEqual(cbc.outerSize(inner: 1400, tunnel: true, outerIPv6: false, innerHeader: 20, udp: true), 1476)
        // rfc4106(gcm(aes)) 128-bit ICV, no UDP: 1400 → 20 + 8 + 8 + 1404 + 16 = 1456.
        let sa = XfrmSA(src: CIDR("1.1.1.1")!, dst: CIDR("2.2.2.2")!, proto: "esp", spi: "0x1", reqid: 1, mode: "tunnel", encap: nil,
                        enc: nil, auth: nil, authTruncBits: nil, aead: "rfc4106(gcm(aes))", aeadIcvBits: 128, mark: nil, ifId: 0,
                        selSrc: nil, selDst: nil, addTime: nil, evidence: TraceEvidence("x", 1, "x"))
        let gcm = EspAlgorithms.fromXfrm(sa)!
        XCTAssertEqual(gcm.outerSize(inner: 1400, tunnel: true, outerIPv6: false, innerHeader: 20, udp: false), 1456)
        XCTAssertEqual(gcm.largestInner(mtu: 1500, tunnel: true, outerIPv6: false, innerHeader: 20, udp: false), 1446)
    }
}
