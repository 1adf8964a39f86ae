import Foundation
import XCTest

/// The repository carries its own contract (docs/CONTRACT.md), complete and pointing nowhere
/// outside the repository.
final class ContractDocTests: XCTestCase {
    static func ids(in text: String) -> Set<String> {
        var out = Set<String>()
        for line in text.split(separator: "\n") where line.hasPrefix("| `") {
            let cell = line.dropFirst(3).prefix { $0 != "`" }
            if cell.contains("."), cell.allSatisfy({ $0.isLowercase || $0.isNumber || $0 == "." || $0 == "-" }) { out.insert(String(cell)) }
        }
        return out
    }

    func testCatalogueHasAnArticlePerDiagnosis() throws {
        let doc = try String(contentsOfFile: CLI.repo + "/docs/CONTRACT.md", encoding: .utf8)
        XCTAssertGreaterThanOrEqual(Self.ids(in: doc).count, 39)
        // The first catalogue; the IDs "added in turn 2" get their articles with their rules.
        let ids = Self.ids(in: doc.components(separatedBy: "### Added in turn 2")[0])
        XCTAssertGreaterThan(ids.count, 20)
        for id in ids.sorted() {
            XCTAssertTrue(FileManager.default.fileExists(atPath: CLI.repo + "/Knowledge/diagnoses/\(id).md"), "\(id) has no article")
        }
    }

    /// Nothing of the shared contract is missing from the repository's copy.
    func testCopyCoversTheSharedContract() throws {
        let shared = CLI.repo + "/../shared/CONTRACT.md"
        try XCTSkipUnless(FileManager.default.fileExists(atPath: shared), "../shared is absent: nothing to compare with")
        let theirs = Self.ids(in: try String(contentsOfFile: shared, encoding: .utf8))
        let ours = Self.ids(in: try String(contentsOfFile: CLI.repo + "/docs/CONTRACT.md", encoding: .utf8))
        XCTAssertEqual(theirs.subtracting(ours), [])
    }

    func testReadmePointsInsideTheRepository() throws {
        let readme = try String(contentsOfFile: CLI.repo + "/README.md", encoding: .utf8)
        XCTAssertFalse(readme.contains("shared/CONTRACT.md"))
        XCTAssertTrue(readme.contains("docs/CONTRACT.md"))
        XCTAssertFalse(readme.contains(".build/debug/ipsec-doctor"), "examples use the release binary")
    }
}
