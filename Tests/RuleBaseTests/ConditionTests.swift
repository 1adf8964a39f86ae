import Facts
@testable import RuleBase
import XCTest

final class ConditionTests: XCTestCase {
    func store(_ pairs: [String: FactValue]) -> FactStore {
        FactStore(pairs.map { Fact($0.key, $0.value, from: Provenance(.answer, "test")) })
    }

    func testParsesPrecedenceAndComparisons() throws {
        let c = try ConditionParser.parse("a and not b or c.d > 3")
        XCTAssertEqual(c, .or([.and([.truthy("a"), .not(.truthy("b"))]),
                               .compare(.fact("c.d"), .greater, .literal(.number(3)))]))
        XCTAssertEqual(try ConditionParser.parse("ike.implementation in [\"strongswan\", libreswan]"),
                       .compare(.fact("ike.implementation"), .isIn, .literal(.list(["strongswan", "libreswan"]))))
        XCTAssertEqual(try ConditionParser.parse("known(xfrm.stat.XfrmInNoPols)"), .known("xfrm.stat.XfrmInNoPols"))
    }

    func testSyntaxErrorsNameTheColumn() {
        XCTAssertThrowsError(try ConditionParser.parse("a and (b or")) { error in
            XCTAssertEqual((error as? ConditionError)?.column, 12)
        }
        XCTAssertThrowsError(try ConditionParser.parse("a = 1")) { error in
            XCTAssertEqual((error as? ConditionError)?.column, 3)
        }
        XCTAssertThrowsError(try ConditionParser.parse("a b")) { error in
            XCTAssertEqual((error as? ConditionError)?.column, 3)
        }
    }

    /// A hostile condition (100,000 `not`s, found by hand while fuzzing) overflowed the stack;
    /// it is now a syntax error, and ordinary nesting still parses.
    func testDeepNestingIsAnErrorNotACrash() throws {
        let nots = String(repeating: "not ", count: 100_000) + "a"
        XCTAssertThrowsError(try ConditionParser.parse(nots)) { error in
            XCTAssertTrue((error as? ConditionError)?.message.contains("nest") ?? false, "\(error)")
        }
        let parens = String(repeating: "(", count: 100_000) + "a" + String(repeating: ")", count: 100_000)
        XCTAssertThrowsError(try ConditionParser.parse(parens))
        XCTAssertNoThrow(try ConditionParser.parse(String(repeating: "not ", count: 50) + "(((a and b)))"))
    }

    func testThreeValuedLogic() throws {
        let c = try ConditionParser.parse("log.ike.auth_failed and not ike.sa.established")
        XCTAssertEqual(c.evaluate(store([:])), .unknown(missing: ["log.ike.auth_failed", "ike.sa.established"]))
        // `and` is false as soon as one side is false, even with the other unknown.
        XCTAssertTrue(c.evaluate(store(["ike.sa.established": .bool(true)])).isFalse)
        XCTAssertTrue(c.evaluate(store(["log.ike.auth_failed": .bool(true), "ike.sa.established": .bool(false)])).isTrue)
        let or = try ConditionParser.parse("a or b")
        XCTAssertTrue(or.evaluate(store(["b": .bool(true)])).isTrue)
        XCTAssertEqual(or.evaluate(store(["b": .bool(false)])), .unknown(missing: ["a"]))
    }

    func testComparisonsOnNumbersListsAndText() throws {
        let s = store(["n": .number(5), "l": .list(["10.1.0.0/24"]), "t": .string("strongswan"), "b": .bool(true)])
        XCTAssertTrue(try ConditionParser.parse("n >= 5 and n < 6").evaluate(s).isTrue)
        XCTAssertTrue(try ConditionParser.parse("l contains \"10.1.0.0/24\"").evaluate(s).isTrue)
        XCTAssertTrue(try ConditionParser.parse("t == \"strongswan\" and b == true").evaluate(s).isTrue)
        XCTAssertTrue(try ConditionParser.parse("t in [libreswan, openswan]").evaluate(s).isFalse)
    }

    func testCertaintyIsTheWeakestPremise() throws {
        var s = FactStore()
        s.set(Fact("a", .bool(true), certainty: 0.6, from: Provenance(.rule, "r1")))
        s.set(Fact("b", .bool(true), certainty: 0.9, from: Provenance(.rule, "r2")))
        XCTAssertEqual(try ConditionParser.parse("a and b").evaluate(s), .yes(certainty: 0.6, facts: ["a", "b"]))
        if case let .yes(cf, _) = try ConditionParser.parse("a or b").evaluate(s) { XCTAssertEqual(cf, 0.9) } else { XCTFail() }
    }
}
