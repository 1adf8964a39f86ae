import Facts
import XCTest
@testable import Parsers

/// setkey.conf as setkey(8) reads it: statements end at `;` and may span lines. The manual SA
/// is setkey(8)'s own EXAMPLES entry; what the parser keeps of it must hold no key.
final class SetkeyConfParserTests: XCTestCase {
    func testStatementsAcrossLinesAndNoKeyKept() {
        let text = """
            add 10.0.11.41 10.0.11.33 esp 0x10001
                    -E des-cbc 0x3ffe05014819ffff
                    -A hmac-md5 "authentication!!" ;
            spdadd 10.0.11.41/32[21] 10.0.11.33/32[any] any
                    -P out ipsec esp/tunnel/192.168.0.1-192.168.1.2/require ;
            """
        let r = SetkeyConfParser().parse(text)
        XCTAssertTrue(r.unparsed.isEmpty, "\(r.unparsed)")
        XCTAssertEqual(r.records.map { $0.str("kind") }, ["add", "spdadd"])
        XCTAssertEqual(r.records[1].str("src_port"), "21")
        XCTAssertEqual(r.records[1].strings("templates"), ["esp/tunnel/192.168.0.1-192.168.1.2/require"])
        let json = r.json.serialized(pretty: false)
        XCTAssertFalse(json.contains("3ffe05014819ffff"), json)
        XCTAssertFalse(json.contains("authentication!!"), json)
    }

    func testBadStatementsAreRefusedWithoutTheirText() {
        let r = SetkeyConfParser().parse("add 10.0.0.1 10.0.0.2 esp -E aes-cbc 0x00112233;\nspdadd 10.0.0.0/24 -P out;\nbogus words;\nspdadd 10.0.0.0/24 10.0.1.0/24 any -P out ipsec esp/tunnel/a-b/require\n")
        XCTAssertEqual(r.records.count, 0, "an add without its SPI is no SA")
        XCTAssertEqual(r.unparsed.map(\.line), [1, 2, 3, 4])
        XCTAssertFalse(r.unparsed.contains { $0.text.contains("0x") || $0.text.contains("spdadd") })
    }
}
