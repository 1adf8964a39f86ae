@testable import Engine
import Facts
import Foundation
import RuleBase
import XCTest

/// On a strongSwan host driven by starter (ipsec.conf, `ike.strongswan_frontend = stroke`), every
/// strongSwan remedy of the rule base speaks strongSwan's ipsec(8): no swanctl command, no
/// swanctl.conf step, no /etc/swanctl folder, and the journal of starter's unit
/// (`strongswan-starter`), not charon-systemd's (`strongswan`, which does not run there).
final class RemedyStrokeTests: XCTestCase {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path
    static let base = RuleBase.load(rules: repo + "/Rules", knowledge: repo + "/Knowledge")

    func store(frontend: String?) -> FactStore {
        var facts = [Fact("ike.implementation", .string("strongswan"), from: Provenance(.probe, "test")),
                     Fact("host.os", .string("linux"), from: Provenance(.probe, "test"))]
        if let frontend { facts.append(Fact("ike.strongswan_frontend", .string(frontend), from: Provenance(.probe, "test"))) }
        return FactStore(facts)
    }

    func testEveryStrongswanRemedyOnAStrokeHostSaysIpsec() {
        let stroke = store(frontend: "stroke")
        var checked = 0
        var wrong: [String] = []
        for rule in Self.base.rules where rule.remedies["strongswan"] != nil {
            for line in RemedySelector.select(rule.remedies, facts: stroke) {
                checked += 1
                let l = line.lowercased()
                if l.contains("swanctl") || l.contains("journalctl -u strongswan ") || l.contains("charon-systemd") || l.contains("esp_proposals") || l.contains("children {")
                    || l.contains("{ id =") {
                    wrong.append("\(rule.name): \(line)")
                }
            }
        }
        XCTAssertGreaterThan(checked, 150)
        XCTAssertEqual(wrong, [], "\n" + wrong.joined(separator: "\n"))
    }

    /// The same rules on a swanctl host keep their swanctl steps (the check above can fail).
    func testASwanctlHostKeepsSwanctl() {
        let swanctl = store(frontend: nil)
        let lines = Self.base.rules.flatMap { RemedySelector.select($0.remedies, facts: swanctl) }
        XCTAssertTrue(lines.contains { $0.contains("swanctl --load-creds") })
        XCTAssertTrue(lines.contains { $0.hasPrefix("journalctl -u strongswan ") })
    }

    /// A host known to run swanctl (swanctl.conf defines the connections) is shown no
    /// `ipsec.conf (stroke): ...` step; a strongSwan host whose front end is unknown still is,
    /// since it may run either.
    func testAKnownSwanctlHostIsShownNoStrokeStep() {
        let known = store(frontend: "swanctl"), unknown = store(frontend: nil)
        var strokeSteps = 0
        for rule in Self.base.rules where rule.remedies["strongswan"] != nil {
            let shown = RemedySelector.select(rule.remedies, facts: known)
            XCTAssertFalse(shown.contains { $0.contains("(stroke)") }, "\(rule.name): \(shown)")
            strokeSteps += RemedySelector.select(rule.remedies, facts: unknown).filter { $0.hasPrefix("ipsec.conf (stroke): ") }.count
            XCTAssertTrue(shown.contains { $0.contains("swanctl") } || !rule.remedies["strongswan"]!.contains { $0.contains("swanctl") }, rule.name)
        }
        XCTAssertGreaterThan(strokeSteps, 10)
    }

    func testStrokeTranslations() {
        XCTAssertEqual(StrokeCommands.translate("journalctl -u strongswan | grep -i eap   # which method"),
                       "journalctl -u strongswan-starter | grep -i eap   # which method")
        XCTAssertEqual(StrokeCommands.translate("swanctl --terminate --child <child> && swanctl --initiate --child <child>"),
                       "ipsec down <child> && ipsec up <child>")
        XCTAssertNil(StrokeCommands.translate("swanctl: a secrets { ike-x { ... } } entry"))
        XCTAssertEqual(StrokeCommands.translate("after correcting it: swanctl --reload-settings (eap-radius rereads its servers)"),
                       "after correcting it: ipsec restart (eap-radius rereads its servers)")
        XCTAssertEqual(StrokeCommands.translate("ipsec.conf (stroke): authby=secret, then ipsec reload"), "ipsec.conf (stroke): authby=secret, then ipsec reload")
    }
}
