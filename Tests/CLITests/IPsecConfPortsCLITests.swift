import Foundation
import XCTest

/// `compare` of two ipsec.conf ends with a moved IKE port, as a user runs it: the stroke lab's
/// healthy pair (strongSwan 5.9 starter) and the Libreswan lab's pair (Libreswan 4.10), a's
/// connection given `rightikeport=4501`: the JSON names `ike-ports` with a at fault.
final class IPsecConfPortsCLITests: XCTestCase {
    func compareWithMovedPort(_ dir: String, files: [String], bFix: String? = nil) throws -> CLI.Result {
        let tmp = NSTemporaryDirectory() + "ikeports-cli-\(getpid())-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        for side in ["a", "b"] {
            try FileManager.default.createDirectory(atPath: tmp + "/" + side, withIntermediateDirectories: true)
            for f in files {
                var text = try String(contentsOfFile: "\(dir)/\(side)/\(f)", encoding: .utf8)
                if f == "ipsec.conf", let line = side == "a" ? "rightikeport=4501" : bFix {
                    XCTAssertTrue(text.contains("\tauto=add\n"))
                    text = text.replacingOccurrences(of: "\tauto=add\n", with: "\t\(line)\n\tauto=add\n")
                }
                try text.write(toFile: "\(tmp)/\(side)/\(f)", atomically: true, encoding: .utf8)
            }
        }
        return try CLI.run(["compare", tmp + "/a", tmp + "/b", "--format", "json"])
    }

    func ikePorts(_ r: CLI.Result) -> [String: Any]? {
        (r.json?["differences"] as? [[String: Any]])?.first { $0["item"] as? String == "ike-ports" }
    }

    func testStrokeRightikeport() throws {
        let r = try compareWithMovedPort(CLI.repo + "/Tests/Fixtures/variants/st-healthy", files: ["ipsec.conf", "strongswan.conf", "ip-addr.txt"])
        XCTAssertEqual(r.status, 1, r.stderr)
        let d = try XCTUnwrap(ikePorts(r), r.stdout)
        XCTAssertEqual(d["faulty_side"] as? String, "a")
        XCTAssertEqual(d["severity"] as? String, "problem")
        XCTAssertTrue((d["summary"] as? String ?? "").contains("a sends to 4501"), r.stdout)
    }

    func testLibreswanRightikeportAndTheFix() throws {
        let lab = CLI.repo + "/Tests/Fixtures/libreswan-lab/kernel-no-esp"
        let r = try compareWithMovedPort(lab, files: ["ipsec.conf"])
        XCTAssertEqual(r.status, 1, r.stderr)
        let d = try XCTUnwrap(ikePorts(r), r.stdout)
        XCTAssertEqual(d["faulty_side"] as? String, "a")
        XCTAssertTrue((d["summary"] as? String ?? "").contains("b's pluto listens for IKE on UDP 500 and 4500, a sends to 4501"), r.stdout)
        // b listening on 4501 for this connection as well (leftikeport=4501): they agree
        let fixed = try compareWithMovedPort(lab, files: ["ipsec.conf"], bFix: "leftikeport=4501")
        XCTAssertNil(ikePorts(fixed), fixed.stdout)
        XCTAssertEqual(fixed.status, 0, fixed.stdout)
    }
}
