import XCTest
import Facts
@testable import Parsers

/// conn.ike_lifetimes_identical from the real swanctl.conf of variant rekey-storm (24 children,
/// `rekey_time = 30s`, `rand_time = 0s`), and from the same file changed the ways an operator
/// would spread the rekeys: per swanctl.conf(5) a child's rand_time defaults to life_time -
/// rekey_time, so removing `rand_time = 0s` is enough; and so is varying one rekey_time.
final class SwanctlLifetimesTests: XCTestCase {
    func lifetimes(_ text: String) -> (identical: Bool?, children: Double?) {
        let f = facts(ParsedCollection([ParsedSource(result: parse("swanctl-conf", text), origin: "swanctl.conf", kind: .probe)]))
        guard case .number(let n)? = f["conn.child_count"]?.value else { return (nil, nil) }
        if case .bool(let b)? = f["conn.ike_lifetimes_identical"]?.value { return (b, n) }
        return (nil, n)
    }

    func testStormAndItsFixes() throws {
        let conf = try Fixtures.text("variants/rekey-storm/a/swanctl.conf")
        XCTAssertEqual(lifetimes(conf).identical, true)
        XCTAssertEqual(lifetimes(conf).children, 24)
        // rand_time left at its default (life_time 60s - rekey_time 30s): jitter, no storm
        let noRand = conf.split(separator: "\n", omittingEmptySubsequences: false).filter { !$0.contains("rand_time") }.joined(separator: "\n")
        XCTAssertEqual(lifetimes(noRand).identical, false)
        // one child rekeys later: not all at the same moment
        var once = false
        let varied = conf.split(separator: "\n", omittingEmptySubsequences: false).map { l -> String in
            if !once, l.contains("rekey_time = 30s") { once = true; return l.replacingOccurrences(of: "30s", with: "45s") }
            return String(l)
        }.joined(separator: "\n")
        XCTAssertEqual(lifetimes(varied).identical, false)
    }

    /// One connection with one child (the lab's own swanctl.conf): nothing rekeys together, no fact.
    func testOneChildSaysNothing() throws {
        let conf = try Fixtures.text("variants/child-rekeys-often/a/swanctl.conf")
        XCTAssertNil(lifetimes(conf).identical)
        XCTAssertEqual(lifetimes(conf).children, 1)
    }
}
