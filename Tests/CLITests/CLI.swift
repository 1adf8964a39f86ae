import Foundation
import XCTest

/// Runs the built `ipsec-doctor` executable, as a user or a script would.
enum CLI {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// `swift test` builds the executable next to the test bundle.
    static var executable: String {
        let candidates = [Bundle.main.bundleURL.appendingPathComponent("ipsec-doctor").path,
                          Bundle(for: Marker.self).bundleURL.deletingLastPathComponent().appendingPathComponent("ipsec-doctor").path,
                          repo + "/.build/debug/ipsec-doctor"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates.last!
    }

    final class Marker {}

    /// stderr's bytes, filled by the thread that reads them.
    final class ErrBox: @unchecked Sendable {
        var value = Data()
        let done = DispatchSemaphore(value: 0)
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var json: [String: Any]? {
            (try? JSONSerialization.jsonObject(with: Data(stdout.utf8))) as? [String: Any]
        }
    }

    static func run(_ args: [String], stdin: String? = nil, environment: [String: String] = [:]) throws -> Result {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: executable)
        p.arguments = args
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        for (k, v) in environment { env[k] = v }
        p.environment = env
        let out = Pipe(), err = Pipe(), input = Pipe()
        p.standardOutput = out
        p.standardError = err
        p.standardInput = input
        try p.run()
        if let stdin { input.fileHandleForWriting.write(Data(stdin.utf8)) }
        try input.fileHandleForWriting.close()
        // Both pipes are drained at once, before waiting: read one after the other, a child
        // writing more than a pipe holds (64 KiB) to stderr while we wait on stdout's end would
        // block forever, and so would we.
        let errData = ErrBox()
        let errRead = Thread { errData.value = err.fileHandleForReading.readDataToEndOfFile(); errData.done.signal() }
        errRead.start()
        let o = out.fileHandleForReading.readDataToEndOfFile()
        errData.done.wait()
        let e = errData.value
        p.waitUntilExit()
        let result = Result(status: p.terminationStatus, stdout: String(decoding: o, as: UTF8.self),
                            stderr: String(decoding: e, as: UTF8.self))
        if args.first == "diagnose", args.contains("json"), !result.stdout.isEmpty { ReportSchema.check(result.stdout, args) }
        return result
    }
}
