import Foundation
import XCTest
import Parsers
@testable import Trace

/// A round-trip property on the real SPDs and SADs of Libreswan's test pairs (west and east of the
/// same test and version, ../shared/corpus): every packet of a west `dir out` policy that trace
/// says west encrypts must, at east, find its SA and pass east's inbound policy check (`in` or
/// `fwd` policy whose template accepts that SA). Test-suite values are sanitised (SPIs print as
/// `0xSPISPI`, reqids as `REQID`), so the SA is found by destination and the check rests on
/// protocol, mode and tunnel endpoints (the sender's SA is preferred among equal SPIs).
final class RoundTripPropertyTests: XCTestCase {
    func testWestToEastOnEveryRealPair() throws {
        let pol = try TraceFixtures.corpusText("xfrm-policy.txt"), st = try TraceFixtures.corpusText("xfrm-state.txt")
        func byHost(_ text: String) -> [String: String] {
            var out: [String: String] = [:]
            for b in TraceFixtures.blocks(text) { let key = b.origin.split(separator: " ").first.map(String.init) ?? b.origin; if out[key] == nil { out[key] = b.body } }
            return out
        }
        let policies = byHost(pol), states = byHost(st)
        var pairs = 0, encrypted = 0, arrived = 0, notForEast = 0
        var failures: [String] = []
        for (key, westPol) in policies where key.contains("/west.console.txt@") {
            let eastKey = key.replacingOccurrences(of: "/west.console.txt@", with: "/east.console.txt@")
            guard let westSt = states[key], let eastPol = policies[eastKey], let eastSt = states[eastKey] else { continue }
            pairs += 1
            let west = TraceFixtures.host([(source: "xfrm-policy", origin: "west", text: westPol), (source: "xfrm-state", origin: "west", text: westSt)])
            let east = TraceFixtures.host([(source: "xfrm-policy", origin: "east", text: eastPol), (source: "xfrm-state", origin: "east", text: eastSt)])
            for p in west.xfrmPolicies where p.dir == "out" && !p.socket && !p.templates.isEmpty && p.mark == nil && p.ifId == 0 {
                var packet = TracePacket(src: p.src.host, dst: p.dst.host, proto: p.proto.map(Protocols.name) ?? (p.src.isIPv6 ? "ipv6-icmp" : "icmp"), sport: p.sport, dport: p.dport)
                if ["tcp", "udp"].contains(packet.proto) { packet.sport = packet.sport ?? 40000; packet.dport = packet.dport ?? 40001 }
                if let t = p.icmpType { packet.icmpTypeOverride = t }
                let r = Tracer(host: west).trace(packet)
                guard r.verdict.outcome == .encrypted, let outer = r.outer else { continue }
                // Only packets whose ESP is for east (some tests tunnel to a third host, e.g. the
                // NAT box 192.1.2.254 of the newoe-25-cat tests, or pair Linux with OpenBSD).
                // east's own addresses: the sources of its outbound tunnels' templates, and the
                // host selectors of its outbound transport-mode policies.
                let eastOwns = east.xfrmPolicies.contains { pol in
                    pol.dir == "out" && (pol.templates.contains { $0.src?.host == outer.dst.host }
                        || (pol.templates.contains { $0.mode == "transport" } && pol.src.prefix == pol.src.bitCount && pol.src.host == outer.dst.host))
                }
                guard eastOwns else { notForEast += 1; continue }
                encrypted += 1
                let at = PeerTrace.arrive(east, outer: outer, inner: packet)
                if at.verdict.outcome == .local { arrived += 1 } else { failures.append("\(key): \(p.evidence.text) -> \(at.verdict.text)") }
            }
        }
        print("round trip: \(pairs) west/east pairs, \(encrypted) packets encrypted at west for east, \(arrived) accepted at east (\(notForEast) encrypted for another host)")
        XCTAssertGreaterThan(pairs, 100)
        XCTAssertGreaterThan(encrypted, 100)
        XCTAssertEqual(failures, [], "every real pair must round-trip")
    }
}
