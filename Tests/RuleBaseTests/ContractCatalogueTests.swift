import Foundation
import RuleBase
import XCTest

/// The diagnosis IDs of the outside contract (shared/CONTRACT.md, every `| \`x.y\` |` table row)
/// are exactly the catalogue's, and each has a rule and an article. Skips where the checkout has
/// no ../shared (a fresh clone).
final class ContractCatalogueTests: XCTestCase {
    static let contract = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared/CONTRACT.md")

    func contractIDs() throws -> [String] {
        guard let data = FileManager.default.contents(atPath: Self.contract.path) else {
            throw XCTSkip("\(Self.contract.path) absent (../shared next to the checkout): cannot compare with the contract")
        }
        var ids: [String] = []
        for line in String(decoding: data, as: UTF8.self).split(separator: "\n") where line.hasPrefix("| `") {
            let id = line.dropFirst(3).prefix { $0 != "`" }
            if id.contains("."), id.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "." || $0 == "-" }) { ids.append(String(id)) }
        }
        return ids
    }

    func testCatalogueIsTheContract() throws {
        let ids = try contractIDs()
        XCTAssertGreaterThanOrEqual(ids.count, 40)
        XCTAssertEqual(Set(ids).subtracting(Catalogue.contractIDs).sorted(), [], "in CONTRACT.md, not in Catalogue.swift")
        XCTAssertEqual(Set(Catalogue.contractIDs).subtracting(ids).sorted(), [], "in Catalogue.swift, not in CONTRACT.md")
    }

    func testEveryContractIDHasARuleAndAnArticle() throws {
        let base = RepositoryRuleBaseTests.base
        let concluded = Set(base.diagnosisRules.compactMap(\.diagnosisID))
        for id in try contractIDs() {
            XCTAssertTrue(concluded.contains(id), "no rule concludes \(id)")
            XCTAssertNotNil(base.article(for: id), "no article for \(id)")
        }
    }
}
