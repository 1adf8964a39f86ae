import Facts
import Foundation
import Parsers
@testable import Probes
import XCTest

/// A host whose IKE daemon is stopped still says which stack it runs: its binaries, its
/// configuration files (ipsec.conf in strongSwan's or Libreswan's syntax) and unit files.
final class InstalledInventoryTests: XCTestCase {
    static let real = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().path + "/Fixtures/real"

    func testIpsecConfSyntaxOfRealConfigs() throws {
        let fm = FileManager.default
        for dir in ["ipsec-conf-strongswan"] {
            for name in try fm.contentsOfDirectory(atPath: Self.real + "/" + dir) {
                XCTAssertEqual(InstalledInventory.ipsecConfSyntax(atPath: Self.real + "/\(dir)/\(name)"), "strongswan", name)
            }
        }
        for name in ["ikev1-cryptoload-01_west.txt", "ikev2-18-x509-alias_east.txt", "pluto_dpd-05_west.conf.txt"] {
            XCTAssertEqual(InstalledInventory.ipsecConfSyntax(atPath: Self.real + "/libreswan-ipsec-conf/" + name), "libreswan", name)
        }
        // Debian's default file of strongswan-starter: only comments and `config setup`.
        XCTAssertEqual(InstalledInventory.ipsecConfSyntax("# ipsec.conf - strongSwan IPsec configuration file\n\nconfig setup\n"), "strongswan")
        XCTAssertNil(InstalledInventory.ipsecConfSyntax("config setup\n"))
    }

    /// A stopped strongSwan: swanctl installed, swanctl.conf and a strongSwan ipsec.conf present.
    func testStoppedStrongSwanIsStillStrongSwan() throws {
        let root = NSTemporaryDirectory() + "installed-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: root) }
        let fm = FileManager.default
        for dir in ["/usr/sbin", "/etc/swanctl", "/lib/systemd/system"] {
            try fm.createDirectory(atPath: root + dir, withIntermediateDirectories: true)
        }
        XCTAssertTrue(fm.createFile(atPath: root + "/usr/sbin/swanctl", contents: Data()))
        XCTAssertTrue(fm.createFile(atPath: root + "/etc/swanctl/swanctl.conf", contents: Data("connections {\n}\n".utf8)))
        XCTAssertTrue(fm.createFile(atPath: root + "/lib/systemd/system/strongswan.service", contents: Data()))
        try fm.copyItem(atPath: Self.real + "/ipsec-conf-strongswan/ikev2-stroke_net2net-psk_moon.txt", toPath: root + "/etc/ipsec.conf")

        let report = InstalledInventory.fileLines(root: root, sysname: "Linux").joined(separator: "\n") + "\n"
        XCTAssertTrue(report.contains("config: /etc/ipsec.conf present (strongswan)"), report)
        let parsed = InstalledIpsecParser().parse(report + "package: strongswan-charon 5.9.8-5+deb12u1 installed\n")
        XCTAssertEqual(parsed.unparsed.map(\.text), [])
        XCTAssertEqual(parsed.records.count, 6)

        // ps shows no daemon: the implementation comes from what is installed.
        let ps = ProcessesParser().parse("    PID COMMAND         COMMAND\n      1 bash            /bin/bash\n")
        let facts = FactStore(FactExtraction.facts(from: ParsedCollection([
            ParsedSource(result: parsed, origin: "installed-ipsec"), ParsedSource(result: ps, origin: "processes")])))
        XCTAssertEqual(facts.value("ike.implementation"), .string("strongswan"))
        XCTAssertEqual(facts.value("ike.installed"), .list(["strongswan"]))
        XCTAssertEqual(facts.value("host.os"), .string("linux"))
        XCTAssertEqual(facts.value("ike.daemon.running"), .bool(false))
        XCTAssertTrue(facts["ike.implementation"]!.provenance.contains { ($0.excerpt ?? "").contains("/usr/sbin/swanctl present") })
    }

    /// Two stacks installed: none is chosen, both are listed.
    func testTwoStacksInstalledChooseNone() {
        let parsed = InstalledIpsecParser().parse("uname: Linux\nbinary: /usr/libexec/ipsec/pluto present\npackage: strongswan-charon 5.9.8-5 installed\npackage: racoon 1:0.8.2 not-installed\n")
        let facts = FactStore(FactExtraction.facts(from: ParsedCollection([ParsedSource(result: parsed, origin: "installed-ipsec")])))
        XCTAssertNil(facts.value("ike.implementation"))
        XCTAssertEqual(facts.value("ike.installed"), .list(["libreswan", "strongswan"]))
    }

    func testLiveProbeRunsWithoutRoot() async {
        let host = HostInfo(os: "linux", release: "test", hostname: "test", uid: 1000, user: "u")
        let outs = await ProbeRunner(deadline: 10, host: host).run([ProbeSpec("installed-ipsec", source: "installed-ipsec", .installedIpsec)])
        XCTAssertEqual(outs.first?.state, .ok)
        XCTAssertTrue(outs.first?.text?.hasPrefix("uname: linux") ?? false, outs.first?.text ?? "")
        XCTAssertEqual(InstalledIpsecParser().parse(outs.first?.text ?? "").unparsed.map(\.text), [])
    }
}
