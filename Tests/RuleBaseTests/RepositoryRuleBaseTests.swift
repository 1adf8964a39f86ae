import Engine
import Foundation
import RuleBase
import XCTest

/// The shipped rule base: it loads without errors, passes the linter, and every rule's examples
/// hold. A new rule needs no new Swift test: its examples are run here, and a failure names the
/// rule file and line.
final class RepositoryRuleBaseTests: XCTestCase {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path
    static let base = RuleBase.load(rules: root + "/Rules", knowledge: root + "/Knowledge")

    func testLoadsAndLintsClean() {
        let base = Self.base
        let errors = (base.issues + RuleLinter.lint(base)).filter { $0.severity == .error }
        XCTAssertEqual(errors.map(\.description), [], "fix these rule base errors")
        XCTAssertGreaterThan(base.rules.count, 0)
    }

    func testEveryRuleExampleHolds() {
        let result = ExampleRunner.run(Self.base)
        for failure in result.failures {
            XCTFail(failure.description)
        }
        XCTAssertGreaterThan(result.passed, 0)
    }

    func testEveryContractIDHasAnArticleAndARule() {
        let base = Self.base
        let concluded = Set(base.diagnosisRules.compactMap(\.diagnosisID))
        for id in Catalogue.contractIDs {
            XCTAssertNotNil(base.article(for: id), "no article for \(id)")
            XCTAssertTrue(concluded.contains(id), "no rule concludes \(id)")
        }
    }
}
