import XCTest
import Facts
@testable import Parsers

/// Issue 11, "every implementation alike": racoon, OpenBSD and illumos hosts state the tunnel's
/// selectors and gateways (conn.local_ts, ...) from their own configs, as swanctl, stroke and
/// Libreswan hosts do, so rule evidence and remedies name them instead of `<conn.local_ts>`.
final class ChildSelectorsTests: XCTestCase {
    static let sources = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Sources")

    func source(_ name: String, _ path: String, kind: Provenance.Kind) throws -> ParsedSource {
        let text = path.hasPrefix("case:")
            ? try String(contentsOf: Self.sources.appendingPathComponent(String(path.dropFirst(5)) + "/input.txt"), encoding: .utf8)
            : try Fixtures.text(path)
        return ParsedSource(result: parse(name, text), origin: path, kind: kind)
    }

    /// Libreswan's racoon interop west (`remote anonymous`, `sainfo anonymous`): racoon takes the
    /// selectors from the SPD that setkey loaded; `setkey -DP` of the same test network
    /// (192.0.1.0/24 behind 192.1.2.45, 192.0.2.0/24 behind 192.1.2.23) names them.
    func testRacoonWithAnonymousSainfoTakesItsSelectorsFromTheSPD() throws {
        let parsed = ParsedCollection([
            try source("racoon-conf", "case:racoon-conf/libreswan-interop-main-initiator", kind: .file),
            try source("setkey-DP", "real/setkey-DP/setkey-DP-2.txt", kind: .probe),
        ])
        let f = facts(parsed)
        XCTAssertEqual(f["conn.local_ts"]?.value, .list(["192.0.1.0/24"]))
        XCTAssertEqual(f["conn.remote_ts"]?.value, .list(["192.0.2.0/24"]))
        XCTAssertEqual(f["conn.local_addrs"]?.value, .list(["192.1.2.45"]))
        XCTAssertEqual(f["conn.remote_addrs"]?.value, .list(["192.1.2.23"]))
        // the out policy (line 6) is the evidence, not the in one
        XCTAssertEqual(f["conn.local_ts"]?.provenance.first?.line, 6)
        XCTAssertEqual(f["conn.local_ts"]?.provenance.first?.excerpt, "spd: 192.0.1.0/24 === 192.0.2.0/24")
    }

    /// racoon.conf alone with anonymous sections says nothing about the selectors: no fact.
    func testAnonymousRacoonConfAloneStatesNoSelectors() throws {
        let f = facts(ParsedCollection([try source("racoon-conf", "case:racoon-conf/libreswan-interop-main-initiator", kind: .file)]))
        XCTAssertNil(f["conn.local_ts"])
        XCTAssertNil(f["conn.remote_ts"])
    }

    /// OpenBSD iked.conf (Libreswan's iked interop east): `from 192.0.2.0/24 to 192.0.1.0/24
    /// local 192.1.2.23 peer 192.1.2.45`, the evidence the policy's own line.
    func testIkedConfNamesItsFlowAndGateways() throws {
        let f = facts(ParsedCollection([try source("iked-conf", "case:iked-conf/libreswan-interop-responder", kind: .file)]))
        XCTAssertEqual(f["conn.local_ts"]?.value, .list(["192.0.2.0/24"]))
        XCTAssertEqual(f["conn.remote_ts"]?.value, .list(["192.0.1.0/24"]))
        XCTAssertEqual(f["conn.remote_addrs"]?.value, .list(["192.1.2.45"]))
        XCTAssertTrue(f["conn.local_ts"]?.provenance.first?.excerpt?.hasPrefix("westnet-eastnet-ikev2: 192.0.2.0/24 === 192.0.1.0/24") == true,
                      "\(String(describing: f["conn.local_ts"]?.provenance))")
    }

    /// With strongSwan or Libreswan configuration present, their extractors own these facts.
    func testQuietBesideASwanctlHost() throws {
        let parsed = ParsedCollection([
            try source("swanctl-list-conns", "lab/healthy/a/swanctl-list-conns.txt", kind: .probe),
            try source("iked-conf", "case:iked-conf/libreswan-interop-responder", kind: .file),
        ])
        XCTAssertTrue(ChildSelectorsExtractor().facts(from: parsed).isEmpty)
    }
}
