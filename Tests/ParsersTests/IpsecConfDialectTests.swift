import XCTest
import Facts
@testable import Parsers

/// strongSwan's ipsec.conf (starter/stroke) is not Libreswan's: on a host where only the file is
/// known, its keywords name the implementation. Real files: strongSwan's testing/ scenarios
/// (ipsec-conf-strongswan/) and Libreswan's test suite (libreswan-ipsec-conf/, libreswan-conf/).
final class IpsecConfDialectTests: XCTestCase {
    func implementation(_ path: String) throws -> FactValue? {
        try facts([("libreswan-conf", path)], kind: .file)["ike.implementation"]?.value
    }

    func testStrongswanFilesReadAsStrongswan() throws {
        let files = Fixtures.files(in: "real/ipsec-conf-strongswan")
        XCTAssertGreaterThanOrEqual(files.count, 8)
        var strongswan = 0
        for f in files where try implementation(f) == .string("strongswan") { strongswan += 1 }
        // every file that uses a strongSwan-only keyword; a bare conn with left/right/auto only
        // says nothing either way and stays with the parser's default
        XCTAssertGreaterThanOrEqual(strongswan, files.count - 2, "strongSwan ipsec.conf files recognised: \(strongswan) of \(files.count)")
    }

    func testLibreswanFilesStayLibreswan() throws {
        for f in Fixtures.files(in: "real/libreswan-ipsec-conf") + Fixtures.files(in: "real/libreswan-conf") {
            XCTAssertEqual(try implementation(f), .string("libreswan"), f)
        }
    }
}
