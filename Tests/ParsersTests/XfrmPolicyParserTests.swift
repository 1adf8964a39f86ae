import XCTest
import Facts
@testable import Parsers

final class XfrmPolicyParserTests: XCTestCase {
    func testSeed004PoliciesLinkToReqid() throws {
        let text = try Fixtures.text("real/xfrm-policy/seed004-ip-xfrm-pol-mark.txt")
        let r = parse("xfrm-policy", text)
        assertNoLineLost(r, text, "seed004")
        let out = records(r, where: "dir", "out")
        XCTAssertEqual(out.count, 1)
        XCTAssertEqual(out.first?.str("src"), "10.3.228.211/32")
        XCTAssertEqual(out.first?.str("dst"), "10.0.0.0/8")
        XCTAssertEqual(out.first?.strings("reqids"), ["16417"])
        XCTAssertEqual(out.first?.str("mark"), "0x6/0xffffffff")
        XCTAssertEqual(out.first?.int("priority"), 666)
        let tmpl = out.first?["tmpl"]?.arrayValue?.first
        XCTAssertEqual(tmpl?.str("src"), "76.10.157.68")
        XCTAssertEqual(tmpl?.str("dst"), "209.132.183.55")
        XCTAssertEqual(tmpl?.str("mode"), "tunnel")
        XCTAssertEqual(records(r, where: "dir", "fwd").count, 1)
        XCTAssertEqual(records(r, where: "dir", "in").count, 1)
        XCTAssertFalse(records(r, where: "dir", "socket out").isEmpty)
    }

    func testActionBlockAndLevelUse() throws {
        let block = parse("xfrm-policy", try Fixtures.text("real/xfrm-policy/kernel-policy-action-block.txt"))
        XCTAssertTrue(block.records.contains { $0.str("action") == "block" })
        let use = parse("xfrm-policy", try Fixtures.text("real/xfrm-policy/kernel-policy-level-use.txt"))
        XCTAssertTrue(use.records.contains { ($0["tmpl"]?.arrayValue ?? []).contains { $0.str("level") == "use" } })
    }

    func testLabSocketPolicies() throws {
        let text = try Fixtures.text(lab("kernel-no-esp", "a", "ip-xfrm-policy.txt"))
        let r = parse("xfrm-policy", text)
        XCTAssertEqual(r.records.count, 8)
        XCTAssertTrue(r.records.allSatisfy { $0.bool("socket") == true })
    }

    func testAllRealFixtures() throws { try assertAllRealFixtures("xfrm-policy", minimumFiles: 5, requireRecords: false) }

    func testRobustAndLinear() throws {
        let text = try Fixtures.text("real/xfrm-policy/seed004-ip-xfrm-pol-mark.txt")
        assertRobust("xfrm-policy", sample: text)
        assertLinear("xfrm-policy", sample: text)
    }
}
