import Foundation
import XCTest

/// The real reports (RealReportTests) as they arrive a second time: pasted into a forum's code
/// block (every line indented by four spaces) or a mail reply (a tab, or `> `). The diagnosis must
/// not depend on the wrapping: each report, wrapped, gives the first finding RealReportTests
/// holds it to as published (its confirmed cause, or its known miss). Before PastedLog, 9 of the 186 reports changed when indented (6 no longer read
/// at all, exit 65).
final class PastedReportTests: XCTestCase {
    static let wrappings: [(name: String, prefix: String)] = [("four-space code block", "    "), ("tab-indented mail", "\t"), ("mail quote", "> ")]

    func firstFinding(_ snapshot: String, _ c: RealReportTests.Case) throws -> String {
        var args = ["diagnose", "--snapshot", snapshot, "--format", "json", "--home", CLI.repo]
        for a in c.answers { args += ["--answer", a] }
        let r = try CLI.run(args)
        guard let json = r.json else { return r.status == 65 ? RealReportTests.unrecognised : "exit \(r.status)" }
        return (json["findings"] as? [[String: Any]])?.first?["id"] as? String ?? "none"
    }

    func testAWrappedReportIsDiagnosedAsPublished() throws {
        let cases = RealReportTests.cases()
        XCTAssertGreaterThanOrEqual(cases.count, 149)
        let tmp = NSTemporaryDirectory() + "pasted-reports-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: tmp) }
        var changed: [String] = []
        // Each report in one wrapping (in turn), to keep the run short; all three are met.
        for (i, c) in cases.enumerated() {
            let (name, prefix) = Self.wrappings[i % Self.wrappings.count]
            let original = RealReportTests.root + "/" + c.name + "/snapshot"
            let wrapped = tmp + "/" + c.name
            try FileManager.default.createDirectory(atPath: wrapped, withIntermediateDirectories: true)
            for file in try FileManager.default.contentsOfDirectory(atPath: original) {
                let data = try Data(contentsOf: URL(fileURLWithPath: original + "/" + file))
                let text = String(decoding: data, as: UTF8.self)
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { $0.isEmpty ? "" : prefix + $0 }
                try lines.joined(separator: "\n").write(toFile: wrapped + "/" + file, atomically: true, encoding: .utf8)
            }
            let before = RealReportTests.known[c.name] ?? c.cause, after = try firstFinding(wrapped, c)
            if before != after { changed.append("\(c.name) as a \(name): \(before) → \(after)") }
        }
        XCTAssertEqual(changed, [], "\n" + changed.joined(separator: "\n"))
    }
}
