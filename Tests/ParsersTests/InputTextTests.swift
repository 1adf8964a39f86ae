import Foundation
import XCTest
@testable import Parsers

/// What Windows tools write becomes UTF-8 with LF line ends: CR LF made LF (a CR that ends no
/// line is content and stays), a UTF-8 BOM dropped, UTF-16 with its BOM transcoded.
final class InputTextTests: XCTestCase {
    func normalised(_ bytes: [UInt8]) -> String {
        var b = bytes
        InputText.normalise(&b)
        return String(decoding: b, as: UTF8.self)
    }
    func normalised(_ s: String) -> String { normalised(Array(s.utf8)) }

    func testCRLFBecomesLF() {
        XCTAssertEqual(normalised("a\r\nb\r\n"), "a\nb\n")
        XCTAssertEqual(normalised("a\r\nb\r"), "a\nb", "a last line ending in CR without LF")
        XCTAssertEqual(normalised("\r\n\r\n"), "\n\n")
    }

    func testOtherCarriageReturnsStay() {
        XCTAssertEqual(normalised("progress 10%\rprogress 20%\n"), "progress 10%\rprogress 20%\n")
        XCTAssertEqual(normalised("a\r\r\nb"), "a\r\nb", "only the CR right before the LF ends the line")
        XCTAssertEqual(normalised(""), "")
        XCTAssertEqual(normalised("no line end at all"), "no line end at all")
    }

    func testByteOrderMarks() {
        let plain = "Dec  3 10:00:00 gw charon[1]: 12[IKE] received AUTHENTICATION_FAILED notify error\n"
        let line = plain.replacingOccurrences(of: "\n", with: "\r\n")
        XCTAssertEqual(normalised([0xEF, 0xBB, 0xBF] + Array(line.utf8)), plain)
        let le: [UInt8] = [0xFF, 0xFE] + Array(line.utf16).flatMap { [UInt8($0 & 0xFF), UInt8($0 >> 8)] }
        let be: [UInt8] = [0xFE, 0xFF] + Array(line.utf16).flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
        XCTAssertEqual(normalised(le), plain)
        XCTAssertEqual(normalised(be), plain)
        XCTAssertEqual(normalised([0xFF, 0xFE, 0x41, 0x00, 0x42]), "A\u{FFFD}", "an odd last byte is no character")
        XCTAssertEqual(normalised([0xFF, 0xFE, 0x00, 0xD8, 0x41, 0x00]), "\u{FFFD}A", "an unpaired surrogate")
        XCTAssertEqual(normalised("x\u{FEFF} in the middle"), "x\u{FEFF} in the middle", "a BOM is one only at the start")
    }

    func testDataFormMatches() {
        for bytes: [UInt8] in [Array("x\r\ny\r\n".utf8), [0xFF, 0xFE, 0x78, 0x00, 0x0D, 0x00, 0x0A, 0x00], Array("plain\n".utf8), [0xEF]] {
            var d = Data(bytes)
            InputText.normalise(&d)
            XCTAssertEqual(String(decoding: d, as: UTF8.self), normalised(bytes), "\(bytes)")
        }
    }
}
