import XCTest
import Facts
@testable import Parsers

/// Every block of the bulk corpora (real output from Libreswan's test suite) parses without
/// losing a line; blocks in the parser's format give records.
final class BulkCorpusTests: XCTestCase {
    /// corpus file → (source, how a line that starts a record looks)
    let corpora: [String: (String, (Substring) -> Bool)] = [
        "xfrm-state.txt": ("xfrm-state", { $0.hasPrefix("src ") && $0.contains(" dst ") }),
        "xfrm-policy.txt": ("xfrm-policy", { $0.hasPrefix("src ") && $0.contains(" dst ") }),
        "xfrm-stat.txt": ("xfrm-stat", { $0.hasPrefix("Xfrm") }),
        "libreswan-trafficstatus.txt": ("libreswan-trafficstatus", { $0.contains("#") && $0.contains("type=") }),
        "nft-ruleset.txt": ("nft-ruleset", { $0.hasPrefix("table ") }),
    ]

    func testBulkCorpora() throws {
        var checked = 0
        for (file, (source, startsRecord)) in corpora.sorted(by: { $0.key < $1.key }) {
            let text = try Fixtures.corpus(file)
            for block in Fixtures.bulkBlocks(text) {
                let r = parse(source, block.body)
                assertNoLineLost(r, block.body, "\(file) ### \(block.origin)")
                if block.body.split(separator: "\n").contains(where: startsRecord) {
                    XCTAssertFalse(r.records.isEmpty, "\(file) ### \(block.origin): no records")
                }
                checked += 1
            }
        }
        XCTAssertGreaterThan(checked, 0)
    }
}
