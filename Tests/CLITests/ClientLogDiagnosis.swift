import Foundation
import XCTest

/// `diagnose --log` on a road-warrior client's log (a source case's real input.txt under
/// Tests/ParsersTests/Sources/<source>/<case>/), beside an empty snapshot of the gateway, as an
/// operator gives what a user pasted; optionally a second log (the gateway's own). Shared by the
/// Windows, iOS/macOS and Android client tests.
struct ClientLogDiagnosis {
    let ids: [String]
    let findings: [[String: Any]]
    let facts: [String: Any]
    let stderr: String

    static let cases = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../ParsersTests/Sources").standardized.path

    static func run(_ test: XCTestCase, source: String, case caseName: String, extraLog: (String, String)? = nil) throws -> ClientLogDiagnosis {
        let dir = NSTemporaryDirectory() + "client-log-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir + "/snapshot", withIntermediateDirectories: true)
        test.addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        let manifest = """
            {"tool": "ipsec-doctor", "version": "test", "host": "h", "time": "2026-12-03T06:00:00Z", "os": "linux",
             "secretsIncluded": false, "entries": []}
            """
        try manifest.write(toFile: dir + "/snapshot/manifest.json", atomically: true, encoding: .utf8)
        var args = ["diagnose", "--snapshot", dir + "/snapshot", "--log", cases + "/" + source + "/" + caseName + "/input.txt"]
        if let (name, text) = extraLog {
            try text.write(toFile: dir + "/" + name, atomically: true, encoding: .utf8)
            args += ["--log", dir + "/" + name]
        }
        let r = try CLI.run(args + ["--format", "json", "--home", CLI.repo])
        let json = try XCTUnwrap(r.json, "no JSON: \(r.stderr)")
        let findings = json["findings"] as? [[String: Any]] ?? []
        return ClientLogDiagnosis(ids: findings.compactMap { $0["id"] as? String }, findings: findings,
                                  facts: json["facts"] as? [String: Any] ?? [:], stderr: r.stderr)
    }

    /// The first finding's steps.
    var firstRemedies: [String] { findings.first?["remedies"] as? [String] ?? [] }

    /// The first finding's steps labelled for another client than `label` ("Android client"):
    /// only the client whose log was read gets its steps.
    func stepsForOtherClients(than label: String) -> [String] {
        let labels = ["(Windows client)", "(iOS/macOS client)", "(Android client)"].filter { $0 != "(\(label))" }
        return firstRemedies.filter { step in labels.contains { step.hasPrefix($0) } }
    }

    /// Read as that client's log (stderr names it), the client in peer.client_os, and no
    /// ike.implementation taken from it: the client is the other end, not this host's daemon.
    func assertReadAsClient(_ daemon: String, os: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertTrue(stderr.contains("read as an \(daemon) log") || stderr.contains("read as a \(daemon) log"), stderr, file: file, line: line)
        XCTAssertEqual(facts["peer.client_os"] as? String, os, file: file, line: line)
        XCTAssertNil(facts["ike.implementation"], file: file, line: line)
    }
}
