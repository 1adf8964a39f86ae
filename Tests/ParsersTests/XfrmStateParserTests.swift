import XCTest
import Facts
@testable import Parsers

final class XfrmStateParserTests: XCTestCase {
    func testSeed004StateGivesSPIReqidAlgorithmsButNoKeys() throws {
        let text = try Fixtures.text("real/xfrm-state/seed004-ip-xfrm-state-anti-replay-context.txt")
        let r = parse("xfrm-state", text)
        XCTAssertEqual(r.records.count, 2)
        XCTAssertTrue(r.unparsed.isEmpty, "\(r.unparsed)")
        let first = r.records[0]
        XCTAssertEqual(first.str("src"), "209.132.183.55")
        XCTAssertEqual(first.str("dst"), "76.10.157.68")
        XCTAssertEqual(first.str("proto"), "esp")
        XCTAssertEqual(first.str("spi"), "0x6e45ab4b")
        XCTAssertEqual(first.int("reqid"), 16417)
        XCTAssertEqual(first.str("mode"), "tunnel")
        XCTAssertEqual(first.str("auth"), "hmac(sha1)")
        XCTAssertEqual(first.int("auth_key_bits"), 160)
        XCTAssertEqual(first.int("auth_trunc_bits"), 96)
        XCTAssertEqual(first.str("enc"), "cbc(aes)")
        XCTAssertEqual(first.int("enc_key_bits"), 256)
        XCTAssertEqual(r.records[1].str("spi"), "0x360d5bb6")
        // Key material never reaches the output.
        let json = r.json.serialized()
        for key in ["5292bb9d25099ecec68c54457ccd06099b4930ac", "d7a05a7fd43ca2110b90e151ec55883c4623f86905178cb9eed5d42e328d31bf"] {
            XCTAssertTrue(text.contains(key))
            XCTAssertFalse(json.contains(key), "key leaked")
        }
    }

    func testEspInUdpAndSelectors() throws {
        let text = try Fixtures.text("real/xfrm-state/kernel-state-espinudp-natt.txt")
        let r = parse("xfrm-state", text)
        XCTAssertFalse(r.records.isEmpty)
        let encap = r.records.filter { $0.str("encap_type") == "espinudp" }
        XCTAssertFalse(encap.isEmpty)
        XCTAssertEqual(encap.first?.int("encap_sport"), 4500)
        XCTAssertEqual(encap.first?.int("encap_dport"), 4500)
        assertNoLineLost(r, text, "espinudp")
    }

    func testAllRealFixturesAndLab() throws {
        try assertAllRealFixtures("xfrm-state", minimumFiles: 5, requireRecords: false)
        for f in Fixtures.files(in: "real/xfrm-state") where !f.hasSuffix(".md") {
            let text = try Fixtures.text(f)
            if text.split(separator: "\n").contains(where: { $0.hasPrefix("src ") }) {
                XCTAssertFalse(parse("xfrm-state", text).records.isEmpty, f)
            }
        }
    }

    func testSanitizedLibreswanValuesKeepReqidText() throws {
        let text = try Fixtures.text("real/xfrm-state/kernel-state-ah.txt")
        let r = parse("xfrm-state", text)
        XCTAssertFalse(r.records.isEmpty)
        XCTAssertTrue(r.records.allSatisfy { $0.str("proto") != nil && $0.str("src") != nil })
    }

    func testRobustAndLinear() throws {
        let text = try Fixtures.text("real/xfrm-state/seed004-ip-xfrm-state-anti-replay-context.txt")
        assertRobust("xfrm-state", sample: text)
        assertLinear("xfrm-state", sample: text)
    }
}
