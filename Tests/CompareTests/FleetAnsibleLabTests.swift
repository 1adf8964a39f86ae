import Foundation
import XCTest

/// The real playbook (ansible/collect-fleet.yml) with ansible-core against three lab gateways
/// reachable over SSH, the aggregated report checked, the HTML checked in chromium through
/// Playwright: Tests/Fleet/ansible-fleet-test.sh. Needs root and the packages of
/// .ci/setup-debian; takes the lab lock. Its name ends in LabTests, so the quick suite
/// (`swift test --skip LabTests`) leaves it out; run it with
/// `swift test --filter FleetAnsibleLabTests`.
final class FleetAnsibleLabTests: XCTestCase {
    func testPlaybookCollectsThreeGatewaysAndFleetReportsThem() throws {
        guard getuid() == 0 else { throw XCTSkip("needs root (network namespaces, sshd)") }
        let repo = LabFixturePairTests.repo
        let bin = repo + "/.build/debug/ipsec-doctor"
        let p = Process()
        p.executableURL = URL(fileURLWithPath: repo + "/Tests/Fleet/ansible-fleet-test.sh")
        p.arguments = [bin]
        let err = Pipe()
        p.standardError = err
        try p.run()
        let e = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        p.waitUntilExit()
        if p.terminationStatus == 77 { throw XCTSkip(e.split(separator: "\n").last.map(String.init) ?? "skipped") }
        XCTAssertEqual(p.terminationStatus, 0, e)
        XCTAssertTrue(e.contains("fleet-test: PASS"), e)
    }
}
