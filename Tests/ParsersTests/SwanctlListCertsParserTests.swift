import Facts
import XCTest
@testable import Parsers

/// `swanctl --list-certs` (SwanctlListCertsParser): what the generic source cases do not show.
final class SwanctlListCertsParserTests: XCTestCase {
    /// Text that is not the list is kept as unparsed, with no record and no fact, never a crash.
    func testOtherTextIsUnparsed() {
        let r = SwanctlListCertsParser().parse("connecting to 'unix:///var/run/charon.vici' failed: No such file or directory\nError: connecting to 'default' URI failed: No such file or directory\n")
        XCTAssertEqual(r.typed(SwanctlCertRecord.self).count, 0)
        XCTAssertEqual(r.unparsed.map(\.line), [1, 2])
    }

    /// A list cut inside a block keeps what was printed; a label it does not know is unparsed.
    func testCutBlockAndUnknownLabel() throws {
        let text = try String(contentsOfFile: CaseFolder.input("charon59-own-expired"), encoding: .utf8)
        let cut = text.split(separator: "\n", omittingEmptySubsequences: false).prefix(7).joined(separator: "\n")
        let r = SwanctlListCertsParser().parse(cut + "\n  frobnicate: yes\n")
        let certs = r.typed(SwanctlCertRecord.self)
        XCTAssertEqual(certs.count, 1)
        XCTAssertEqual(certs.first?.expired, true)
        XCTAssertEqual(r.unparsed.map(\.text), ["  frobnicate: yes"])
    }

    /// An identity is held as the subject DN or a subjectAltName, not as a part of the DN.
    func testHolds() {
        var c = SwanctlCertRecord(line: 1, kind: "end-entity")
        c.subject = "C=XX, O=ipsec-doctor lab, CN=gw-a.lab.test"
        c.altNames = ["gw-a.lab.test", "192.0.2.1"]
        XCTAssertTrue(c.holds("gw-a.lab.test"))
        XCTAssertTrue(c.holds("192.0.2.1"))
        XCTAssertTrue(c.holds("C=XX, O=ipsec-doctor lab, CN=gw-a.lab.test"))
        XCTAssertFalse(c.holds("vpn.lab.test"))
        XCTAssertFalse(c.holds("gw-a@lab.test"))
    }
}

private enum CaseFolder {
    static func input(_ name: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent()
            .appendingPathComponent("Sources/swanctl-list-certs/\(name)/input.txt").path
    }
}
