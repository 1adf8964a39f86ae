import Foundation
import FuzzTargets
import XCTest

/// Replays every input the fuzzers once crashed on (Tests/Fuzz/regressions/TARGET/NAME): each
/// must now run through its target without trapping. A crash here is a crash of the process, so
/// the test names what it replays first (in the log) to point at the culprit.
final class FuzzRegressionTests: XCTestCase {
    static let dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Fuzz/regressions").path

    func testEveryRecordedCrashRunsClean() throws {
        var replayed = 0
        for target in FuzzTargets.names {
            let tdir = Self.dir + "/" + target
            let names = ((try? FileManager.default.contentsOfDirectory(atPath: tdir)) ?? []).filter { !$0.hasPrefix(".") }.sorted()
            for name in names {
                let data = try XCTUnwrap(FileManager.default.contents(atPath: tdir + "/" + name))
                print("replaying \(target)/\(name) (\(data.count) bytes)")
                FuzzTargets.run(target, data)
                replayed += 1
            }
        }
        XCTAssertGreaterThan(replayed, 0, "Tests/Fuzz/regressions holds the inputs that crashed once")
    }

    /// The bundle format of the snapshot target keeps every file inside its directory.
    func testSnapshotBundleNamesStayInside() {
        let files = SnapshotBundle.files(of: Data("=== ../../etc/passwd\nx\n=== /abs/probes/a.txt\ny\n=== manifest.json\n{}\n".utf8))
        XCTAssertEqual(files.map(\.0), ["etc/passwd", "abs/probes/a.txt", "manifest.json"])
        XCTAssertEqual(files.map { String(decoding: $0.1, as: UTF8.self) }, ["x\n", "y\n", "{}\n"])
    }
}
