import Foundation
import XCTest

/// mtu.tunnel_device_exceeds_path (TunnelMTUExtractor) on real captures: the tunnel interface's MTU
/// against the outside link's, with the gateway address from any implementation's config.
final class TunnelMTUTests: XCTestCase {
    func diagnose(_ dir: String) throws -> [String: Any] {
        let r = try CLI.run(["diagnose", "--format", "json", "--home", CLI.repo, "--snapshot", dir])
        return try XCTUnwrap(r.json, "no JSON from \(dir) (exit \(r.status)): \(r.stderr)")
    }

    /// dp-esp-fragments-dropped (ipsec0 1400, wan0 1280) without its packet capture: the link MTUs
    /// alone give the fragmentation warning.
    func testLinkMTUsAloneWarnOfFragmentation() throws {
        let src = CLI.repo + "/Tests/Fixtures/variants/dp-esp-fragments-dropped/a"
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("tunnel-mtu-\(getpid())").path
        try? FileManager.default.removeItem(atPath: dir)
        try FileManager.default.copyItem(atPath: src, toPath: dir)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try FileManager.default.removeItem(atPath: dir + "/tcpdump.txt")
        let json = try diagnose(dir)
        XCTAssertEqual((json["facts"] as? [String: Any])?["mtu.tunnel_device_exceeds_path"] as? Bool, true)
        let mtu = (json["findings"] as? [[String: Any]] ?? []).first { $0["id"] as? String == "mtu.esp-fragmentation" }
        XCTAssertEqual(mtu?["severity"] as? String, "warning", "\(json["findings"] ?? [])")
    }

    /// Gateways with kernel-libipsec's ipsec0 (1400) on a 1500 link, tunnel up and ESP flowing:
    /// the packets fit, the fact is false and no MTU finding appears.
    func testGatewaysWhosePacketsFitDoNotExceed() throws {
        for view in ["lab/healthy/a", "lab/healthy/b", "lab/no-inbound/a", "variants/dp-esp-corrupted/b"] {
            let json = try diagnose(CLI.repo + "/Tests/Fixtures/" + view)
            XCTAssertEqual((json["facts"] as? [String: Any])?["mtu.tunnel_device_exceeds_path"] as? Bool, false, view)
            XCTAssertFalse((json["findings"] as? [[String: Any]] ?? []).contains { $0["id"] as? String == "mtu.esp-fragmentation" }, view)
        }
    }
}
