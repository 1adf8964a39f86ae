import Facts
import Foundation
import Parsers
@testable import Probes
import XCTest

/// File probes never block and never read a whole log: a FIFO or device is refused with a
/// status, a log is read from its tail, and a slow read is bounded by the probe's timeout.
final class AcquisitionTests: XCTestCase {
    let host = HostInfo(os: "linux", release: "test", hostname: "test", uid: 0, user: "root")

    func tempDir() throws -> String {
        let dir = NSTemporaryDirectory() + "acquisition-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        addTeardownBlock { try? FileManager.default.removeItem(atPath: dir) }
        return dir
    }

    func testFifoAndDeviceAreRefusedWithAStatus() async throws {
        let fifo = try tempDir() + "/charon.log"
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let start = Date()
        let outs = await ProbeRunner(deadline: 10, host: host).run([
            ProbeSpec("fifo", source: nil, .file(fifo), platform: .any, kind: .log, tailLines: 10),
            ProbeSpec("device", source: nil, .file("/dev/zero"), platform: .any),
        ])
        XCTAssertLessThan(Date().timeIntervalSince(start), 5, "neither may block or read forever")
        let by = Dictionary(outs.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(by["fifo"]?.state, .unavailable)
        XCTAssertEqual(by["fifo"]?.reason, "\(fifo) is a FIFO; not read")
        XCTAssertEqual(by["device"]?.state, .unavailable)
        XCTAssertEqual(by["device"]?.reason, "/dev/zero is a character device; not read")
    }

    func testALogIsReadFromItsTailOnly() throws {
        let path = try tempDir() + "/charon.log"
        // 40 MiB of lines: more than the 16 MiB a log probe looks at.
        let line = String(repeating: "x", count: 99) + "\n"
        let chunk = String(repeating: line, count: 10_000)
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: nil))
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        for _ in 0..<42 { h.write(Data(chunk.utf8)) }
        h.write(Data("Dec  2 06:00:00 09[IKE] the last line\n".utf8))
        try h.close()
        let spec = ProbeSpec("log", source: nil, .file(path), platform: .any, kind: .log, tailLines: 3)
        let text = try ProbeRunner.readFile(path, spec: spec).get()
        XCTAssertEqual(text.split(separator: "\n").count, 3)
        XCTAssertTrue(text.hasSuffix("09[IKE] the last line\n"))
        let window = try XCTUnwrap(try? FileReader.read(path, limit: ProbeRunner.fileLimit, tail: true).get())
        XCTAssertTrue(window.truncated)
        XCTAssertLessThanOrEqual(window.data.count, ProbeRunner.fileLimit, "never more than the window")
    }

    func testTheTaskGroupKeepsTheOrderOfTheSpecs() async throws {
        let dir = try tempDir()
        var specs: [ProbeSpec] = []
        for i in 0..<12 {
            try "\(i)\n".write(toFile: dir + "/f\(i)", atomically: true, encoding: .utf8)
            specs.append(ProbeSpec("f\(i)", source: nil, .file(dir + "/f\(i)"), platform: .any))
        }
        let outs = await ProbeRunner(deadline: 10, host: host).run(specs)
        XCTAssertEqual(outs.map(\.name), specs.map(\.name))
        XCTAssertEqual(outs.compactMap(\.text), (0..<12).map { "\($0)\n" })
    }
}
