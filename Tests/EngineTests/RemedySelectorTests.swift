import Engine
import Facts
import Foundation
import RuleBase
import XCTest

/// The report's "What to do" for this host: its stack's commands, each once, values filled in.
final class RemedySelectorTests: XCTestCase {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let base = RuleBase.load(rules: repo + "/Rules", knowledge: repo + "/Knowledge")

    func finding(_ id: String, _ facts: [Fact]) -> Finding? {
        InferenceEngine(base: Self.base).run(FactStore(facts)).findings.first { $0.id == id }
    }

    func probe(_ name: String, _ value: FactValue) -> Fact { Fact(name, value, from: Provenance(.probe, "test")) }

    /// strongSwan installed, its daemon stopped, on Linux: strongSwan's steps only, each once.
    func testStoppedStrongSwanGetsStrongSwanStepsOnce() throws {
        let f = try XCTUnwrap(finding("ike.daemon-not-running", [
            probe("ike.daemon.running", .bool(false)), probe("ike.listening.udp500", .bool(false)),
            probe("ike.listening.udp4500", .bool(false)), probe("host.os", .string("linux")),
            probe("ike.installed", .list(["strongswan"])),
        ]))
        XCTAssertEqual(f.remedies.filter { $0.hasPrefix("systemctl start strongswan") }.count, 1, "\(f.remedies)")
        XCTAssertFalse(f.remedies.contains { $0.contains("rcctl") || $0.contains("svcadm") || $0.contains("racoon") || $0.contains("(") && $0.hasPrefix("(") }, "\(f.remedies)")
        XCTAssertTrue(f.remedies.first?.hasPrefix("systemctl start strongswan") ?? false, "\(f.remedies)")
    }

    /// Nothing known about the stack but Linux: no OpenBSD or illumos steps, strongSwan first.
    func testUnknownStackOnLinuxShowsLinuxStacksOnly() throws {
        let f = try XCTUnwrap(finding("ike.daemon-not-running", [probe("ike.daemon.running", .bool(false)), probe("host.os", .string("linux"))]))
        XCTAssertTrue(f.remedies.first?.hasPrefix("(strongSwan)") ?? false, "\(f.remedies)")
        XCTAssertFalse(f.remedies.contains { $0.contains("rcctl") || $0.contains("svcadm") }, "\(f.remedies)")
    }

    func testPlaceholdersFilledOrExplained() {
        let facts = FactStore([probe("conn.remote_addrs", .list(["192.0.2.2"])), probe("ike.implementation", .string("strongswan"))])
        XCTAssertEqual(TemplateRenderer.withHints("ip route get {peer}", facts), "ip route get 192.0.2.2")
        let unknown = TemplateRenderer.withHints("swanctl --initiate --ike {conn.names}", facts)
        XCTAssertTrue(unknown.hasPrefix("swanctl --initiate --ike <conn.names>   (fill in <conn.names>:"), unknown)
        XCTAssertTrue(unknown.contains("swanctl --list-conns"), unknown)
    }

    /// The proposal remedy reaches the operator as one step, not four.
    func testProposalRemedyIsOneStep() throws {
        let f = try XCTUnwrap(finding("ike.proposal-mismatch", [probe("peer.proposals_match", .bool(false)), probe("ike.sa.established", .bool(false)), probe("host.os", .string("linux")),
                                                                  probe("ike.implementation", .string("strongswan"))]))
        XCTAssertTrue(f.remedies.contains("make at least one phase 1 proposal (encryption, integrity, PRF, DH group) identical on both sides"), "\(f.remedies)")
        XCTAssertFalse(f.remedies.contains { $0.hasPrefix("integrity") }, "\(f.remedies)")
    }

    /// Two connections make two pasteable commands, not "--ike lab, rw"; many make three and a
    /// line naming the rest, so a 24-child host does not get 24 steps.
    func testSeveralNamesMakeOneCommandEach() {
        let two = FactStore([probe("conn.names", .list(["lab", "rw"]))])
        XCTAssertEqual(TemplateRenderer.commandsWithHints("swanctl --terminate --ike {conn.names} && swanctl --initiate --ike {conn.names}", two),
                       ["swanctl --terminate --ike lab && swanctl --initiate --ike lab", "swanctl --terminate --ike rw && swanctl --initiate --ike rw"])
        let many = FactStore([probe("conn.names", .list((1...24).map { "c\($0)" }))])
        let lines = TemplateRenderer.commandsWithHints("swanctl --initiate --ike {conn.names}", many)
        guard lines.count == 4 else { return XCTFail("\(lines)") }
        XCTAssertEqual(lines[2], "swanctl --initiate --ike c3")
        XCTAssertTrue(lines[3].contains("other 21") && lines[3].contains("c4, c5") && lines[3].contains("and 13 more"), lines[3])
        let one = FactStore([probe("conn.names", .list(["lab"]))])
        XCTAssertEqual(TemplateRenderer.commandsWithHints("ping {conn.names}", one), ["ping lab"])
    }
}
