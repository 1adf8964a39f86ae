import Engine
import Facts
import Foundation
import Report
import RuleBase
@testable import Wizard
import XCTest

/// Issue 11, "every implementation alike": the wizard's "How to find out" speaks the host's own
/// tools. A strongSwan host run by starter (ipsec.conf, `ike.strongswan_frontend = stroke`) is
/// told `ipsec statusall` and ipsec.conf settings, never swanctl.
final class StrokeHowTests: XCTestCase {
    static let base = RuleBase.load(rules: WizardDriver.repo + "/Rules", knowledge: WizardDriver.repo + "/Knowledge")
    let explainer = Explainer(base: StrokeHowTests.base, style: Style(enabled: false))

    func store(_ impl: String, frontend: String? = nil) -> FactStore {
        var facts = [Fact("ike.implementation", .string(impl), from: Provenance(.probe, "test")),
                     Fact("host.os", .string("linux"), from: Provenance(.probe, "test"))]
        if let frontend { facts.append(Fact("ike.strongswan_frontend", .string(frontend), from: Provenance(.probe, "test"))) }
        return FactStore(facts)
    }

    func testEveryStrongswanQuestionOnAStrokeHostSaysIpsec() {
        let stroke = store("strongswan", frontend: "stroke")
        var checked = 0, wrong: [String] = []
        for q in Self.base.questions where q.how["strongswan"] != nil {
            checked += 1
            let (_, how) = explainer.howToFindOut(q, facts: stroke)
            let h = how?.lowercased() ?? ""
            if h.contains("swanctl") || h.contains("esp_proposals") || h.contains("start_action") || h.contains("journalctl -u strongswan ") {
                wrong.append("\(q.id): \(how ?? "")")
            }
        }
        XCTAssertGreaterThan(checked, 30)
        XCTAssertEqual(wrong, [], "\n" + wrong.joined(separator: "\n"))
    }

    /// The same question on a swanctl host keeps swanctl (the check above can fail).
    func testASwanctlHostKeepsSwanctl() throws {
        let q = try XCTUnwrap(Self.base.questions.first { $0.how["strongswan"]?.hasPrefix("auth = in the local") == true })
        XCTAssertEqual(explainer.howToFindOut(q, facts: store("strongswan")).1, "auth = in the local { } section of swanctl.conf")
        XCTAssertEqual(explainer.howToFindOut(q, facts: store("strongswan", frontend: "stroke")).1, "authby= (or leftauth=) of the conn in /etc/ipsec.conf")
    }

    /// `explain` on a stroke host: the article's commands are ipsec(8)'s, its prose unchanged.
    func testArticleCommandsOnAStrokeHost() {
        let stroke = explainer.explain("child.ts-mismatch", facts: store("strongswan", frontend: "stroke"))
        XCTAssertTrue(stroke.contains("    ipsec statusall | grep -A3 TUNNEL"), stroke)
        XCTAssertFalse(stroke.contains("    swanctl --list-conns"), stroke)
        let swanctl = explainer.explain("child.ts-mismatch", facts: store("strongswan"))
        XCTAssertTrue(swanctl.contains("    swanctl --list-conns | grep -A3 TUNNEL"), swanctl)
        XCTAssertEqual(swanctl, explainer.explain("child.ts-mismatch"))
    }
}
