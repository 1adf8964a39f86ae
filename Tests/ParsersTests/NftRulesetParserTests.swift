import XCTest
import Facts
@testable import Parsers

final class NftRulesetParserTests: XCTestCase {
    func testDropOfIKEPortsWithCounter() throws {
        let r = parse("nft-ruleset", try Fixtures.text(lab("peer-drops-ike", "b", "nft-list-ruleset.txt")))
        XCTAssertTrue(r.unparsed.isEmpty)
        let chain = records(r, where: "kind", "chain").first
        XCTAssertEqual(chain?.str("hook"), "input")
        XCTAssertEqual(chain?.str("policy"), "accept")
        let rule = records(r, where: "kind", "rule").first
        XCTAssertEqual(rule?.str("protocol"), "udp")
        XCTAssertEqual(rule?.strings("dports"), ["500", "4500"])
        XCTAssertEqual(rule?.str("verdict"), "drop")
    }

    func testMasqueradeAndIpsecExpressions() throws {
        let m = parse("nft-ruleset", try Fixtures.text(lab("masquerade", "a", "nft-list-ruleset.txt")))
        let rule = records(m, where: "kind", "rule").first
        XCTAssertEqual(rule?.strings("saddr"), ["10.1.0.0/24"])
        XCTAssertEqual(rule?.str("verdict"), "masquerade")
        XCTAssertEqual(records(m, where: "kind", "chain").first?.str("hook"), "postrouting")
        let x = parse("nft-ruleset", try Fixtures.text("real/nft-ruleset/nft-ruleset-ipsec-expr.txt"))
        XCTAssertTrue(x.records.contains { $0.str("ipsec") == "exists" })
    }

    func testAllReal() throws { try assertAllRealFixtures("nft-ruleset", minimumFiles: 3, requireRecords: false) }

    func testRobustAndLinear() throws {
        let text = try Fixtures.text("real/nft-ruleset/nft-ruleset-ipsec-expr.txt")
        assertRobust("nft-ruleset", sample: text)
        assertLinear("nft-ruleset", sample: text)
    }
}
