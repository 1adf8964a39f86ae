import XCTest
import Facts
@testable import Parsers

/// ipsec-tools `setkey -D` / `setkey -DP` (BSD/ipsec-tools interop peers of the Libreswan test
/// suite) and `racoonctl show-sa`, which prints the same SAD format.
final class SetkeyParserTests: XCTestCase {
    func testAllRealFixtures() throws {
        try assertAllRealFixtures("setkey-D", minimumFiles: 2)
        try assertAllRealFixtures("setkey-DP", minimumFiles: 2)
    }

    func testSAD() throws {
        let text = try Fixtures.text("real/setkey-D/setkey-D-1.txt")
        let r = parse("setkey-D", text)
        XCTAssertTrue(r.unparsed.isEmpty)
        XCTAssertEqual(r.records.count, 2)
        let a = r.records[0]
        XCTAssertEqual(a.str("src"), "192.1.2.45"); XCTAssertEqual(a.str("dst"), "192.1.2.23")
        XCTAssertEqual(a.str("proto"), "ah"); XCTAssertEqual(a.str("state"), "mature")
        XCTAssertEqual(a.int("reqid"), 16388); XCTAssertEqual(a.int("seq"), 1)
        XCTAssertEqual(a.str("auth"), "hmac-sha1"); XCTAssertEqual(a.int("bytes"), 128)
        XCTAssertFalse(r.json.serialized().contains("XXXXXXXX"), "key bytes in records")
    }

    func testSPD() throws {
        let r = parse("setkey-DP", try Fixtures.text("real/setkey-DP/setkey-DP-1.txt"))
        XCTAssertTrue(r.unparsed.isEmpty)
        XCTAssertEqual(r.records.map { $0.str("dir") ?? "" }, ["in", "out"])
        XCTAssertEqual(r.records[0].str("src"), "192.0.2.0/24")
        XCTAssertEqual(r.records[0].strings("templates"), ["ah/tunnel/192.1.2.23-192.1.2.45/require"])
        XCTAssertEqual(r.records[1].int("spid"), 2)
    }

    func testBulkCorpora() throws {
        for (file, source) in [("setkey-D.txt", "setkey-D"), ("setkey-DP.txt", "setkey-DP"), ("setkey-D.txt", "racoonctl-show-sa")] {
            let text = try Fixtures.corpus(file)
            var blocks = 0
            for block in Fixtures.bulkBlocks(text) {
                let r = parse(source, block.body)
                assertNoLineLost(r, block.body, "\(file) as \(source) ### \(block.origin)")
                XCTAssertTrue(r.unparsed.isEmpty, "\(file) ### \(block.origin): \(r.unparsed.prefix(2))")
                if block.body.contains("\t") { XCTAssertFalse(r.records.isEmpty, "\(file) ### \(block.origin)") }
                blocks += 1
            }
            XCTAssertGreaterThan(blocks, 3)
        }
    }

    /// SAD facts: mature SAs are installed CHILD SAs; reqids; implementation is not guessed from setkey alone.
    func testFacts() throws {
        let f = try facts([("setkey-D", "real/setkey-D/setkey-D-1.txt")])
        XCTAssertEqual(f["child.sa.installed"]?.value, .bool(true))
        XCTAssertEqual(f["child.sa.count"]?.value, .number(1))
        XCTAssertEqual(f["child.sa.reqids"]?.value, .list(["16388"]))
        XCTAssertNil(f["ike.implementation"])
        let rc = try facts([("racoonctl-show-sa", "real/setkey-D/setkey-D-2.txt")])
        XCTAssertEqual(rc["ike.implementation"]?.value, .string("racoon"))
        XCTAssertEqual(rc["child.sa.installed"]?.value, .bool(true))
    }

    func testGarbage() throws {
        let d = try Fixtures.text("real/setkey-D/setkey-D-2.txt")
        assertRobust("setkey-D", sample: d); assertLinear("setkey-D", sample: d)
        assertRobust("racoonctl-show-sa", sample: d); assertLinear("racoonctl-show-sa", sample: d)
        let p = try Fixtures.text("real/setkey-DP/setkey-DP-2.txt")
        assertRobust("setkey-DP", sample: p); assertLinear("setkey-DP", sample: p)
    }
}
