@testable import Engine
import Facts
import XCTest

/// Evidence says what the snapshot holds: a `{fact}` nobody knows never reaches it as a raw
/// `<fact.name>` (TemplateRenderer.renderEvidence). Remedies keep `<x>` and their hint.
final class EvidenceRenderingTests: XCTestCase {
    let known = FactStore([Fact("conn.remote_ts", .string("10.2.0.0/24"), from: Provenance(.probe, "t"))])

    func testALineWithNoPlaceholderKnownIsDropped() {
        XCTAssertNil(TemplateRenderer.renderEvidence("this side: local {conn.local_ts}, remote {conn.remote_ts}", FactStore([])))
        XCTAssertNil(TemplateRenderer.renderEvidence("this side uses IKEv{conn.ike_version}", known))
    }

    func testAnUnknownPlaceholderBesideAKnownOneReadsInWords() {
        let line = TemplateRenderer.renderEvidence("this side: local {conn.local_ts}, remote {conn.remote_ts}", known)
        XCTAssertEqual(line, "this side: local (not in the evidence given), remote 10.2.0.0/24")
    }

    func testKnownValuesAndPlainLinesAreAsWritten() {
        let facts = FactStore([Fact("conn.local_ts", .list(["10.1.0.0/24", "10.3.0.0/24"]), from: Provenance(.probe, "t")),
                               Fact("conn.remote_ts", .string("10.2.0.0/24"), from: Provenance(.probe, "t"))])
        XCTAssertEqual(TemplateRenderer.renderEvidence("this side: local {conn.local_ts}, remote {conn.remote_ts}", facts),
                       "this side: local 10.1.0.0/24, 10.3.0.0/24, remote 10.2.0.0/24")
        XCTAssertEqual(TemplateRenderer.renderEvidence("a message of the other IKE version arrived", FactStore([])),
                       "a message of the other IKE version arrived")
        // braces that are no placeholder (a pasted nft set) stay text, so the line is kept
        XCTAssertEqual(TemplateRenderer.renderEvidence("ip saddr { a b } accept", FactStore([])), "ip saddr { a b } accept")
    }

    func testRemediesStillShowThePlaceholderWithItsHint() {
        let out = TemplateRenderer.withHints("ipsec auto --up {conn.names}", FactStore([]))
        XCTAssertTrue(out.hasPrefix("ipsec auto --up <conn.names>   (fill in <conn.names>:"), out)
    }
}
