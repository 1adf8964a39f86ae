import Facts
import XCTest
@testable import Parsers

/// `ipsec listcerts`/`listcrls` (StrokeListCertsParser) and the revoked-peer fact of both
/// certificate lists (ListedRevocation): what the generic source cases do not show.
final class StrokeListCertsParserTests: XCTestCase {
    static func input(_ name: String) throws -> String {
        try String(contentsOfFile: URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Sources/stroke-list-certs/\(name)/input.txt").path, encoding: .utf8)
    }

    static func facts(_ text: String) -> [String: FactValue] {
        let parsed = ParsedCollection([ParsedSource(result: StrokeListCertsParser().parse(text), origin: "input.txt", kind: .probe)])
        var out: [String: FactValue] = [:]
        for f in FactExtraction.facts(from: parsed) { out[f.name] = f.value }
        return out
    }

    /// starter without a charon to answer: the refusal is unparsed, no record, no fact.
    func testNoDaemonIsUnparsed() {
        let r = StrokeListCertsParser().parse("connect(/var/run/charon.ctl) failed: No such file or directory (2)\n")
        XCTAssertEqual(r.typed(SwanctlCertRecord.self).count, 0)
        XCTAssertEqual(r.unparsed.map(\.line), [1])
    }

    /// The CRL revokes the peer's serial: revoked. The same CRL without that serial line: a CRL
    /// of the peer's issuer was read and does not hold it, so not revoked. A CRL of another
    /// issuer judges nothing: unknown.
    func testRevokedOnlyByACRLOfTheSameIssuerHoldingTheSerial() throws {
        let text = try Self.input("charon59-peer-revoked-listcerts-listcrls")
        XCTAssertEqual(Self.facts(text)["cert.peer.revoked"], .bool(true))
        let noSerial = text.split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("    30:52:90:59:c1:0a:da:e1:") && !$0.contains("revoked certificate") }
            .joined(separator: "\n")
        XCTAssertEqual(Self.facts(noSerial)["cert.peer.revoked"], .bool(false))
        let otherIssuer = text.replacingOccurrences(of: "  issuer:   \"C=XX, O=ipsec-doctor lab, CN=Lab CA\"\n  update:",
                                                    with: "  issuer:   \"C=XX, O=ipsec-doctor lab, CN=Stranger CA\"\n  update:")
        XCTAssertNotEqual(otherIssuer, text)
        XCTAssertNil(Self.facts(otherIssuer)["cert.peer.revoked"])
    }
}
