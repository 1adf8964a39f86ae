import Foundation
import Subprocess
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
#if canImport(System)
import System
#else
import SystemPackage
#endif

/// Runs one command without a shell (swift-subprocess), in its own session so a timeout kills
/// it and everything it started, with bounded output.
enum CommandRunner {
    /// Extra directories searched after PATH for commands (admin tools live in sbin).
    static let sbin = ["/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/local/bin", "/usr/bin", "/bin"]
    static let outputLimit = 64 << 20

    struct Result: Sendable {
        var stdout = ""
        var stderr = ""
        var status: Int32 = 0
        var missing = false
        var timedOut = false
        var error: String?
    }

    /// Where `name` is: PATH first, then the sbin directories. nil when not installed.
    static func resolve(_ name: String) -> String? {
        if name.contains("/") { return access(name, X_OK) == 0 ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for dir in path.split(separator: ":").map(String.init) + sbin where !dir.isEmpty {
            let full = dir + "/" + name
            var isDir: ObjCBool = false
            if FileManager.default.fileExists(atPath: full, isDirectory: &isDir), !isDir.boolValue, access(full, X_OK) == 0 {
                return full
            }
        }
        return nil
    }

    /// Runs `argv` for at most `timeout` seconds; cancelling the caller kills it too.
    static func run(_ argv: [String], timeout: Double) async -> Result {
        guard let exe = resolve(argv[0]) else { return Result(missing: true) }
        let args = Array(argv.dropFirst())
        let r = await withTimeout(timeout) { () async -> Result in
            var opts = PlatformOptions()
            // Own session and process group: a timeout kills the command and whatever it
            // started (a shell script's `sleep` would otherwise keep the pipe open).
            opts.createSession = true
            opts.teardownSequence = [
                .send(signal: .kill, toProcessGroup: true, allowedDurationToNextStep: .milliseconds(200)),
            ]
            do {
                let res = try await Subprocess.run(
                    .path(FilePath(exe)), arguments: Arguments(args),
                    environment: .inherit.updating(["LC_ALL": "C", "LANG": "C", "SYSTEMD_PAGER": "", "PAGER": "cat"]),
                    platformOptions: opts, input: .none,
                    output: .bytes(limit: outputLimit), error: .bytes(limit: 1 << 20))
                var c = Result()
                c.stdout = String(decoding: res.standardOutput, as: UTF8.self)
                c.stderr = String(decoding: res.standardError, as: UTF8.self)
                switch res.terminationStatus {
                case let .exited(code): c.status = code
                case let .signaled(sig): c.status = 128 + sig
                }
                return c
            } catch let e as SubprocessError {
                var c = Result()
                if e.code == .executableNotFound { c.missing = true } else { c.error = "\(argv[0]): \(e.description)" }
                return c
            } catch {
                return Result(error: "\(argv[0]): \(error)")
            }
        }
        return r ?? Result(timedOut: true)
    }

    /// The lines of stderr that say what went wrong (strongSwan prints plugin-loading noise).
    static func summary(ofStderr text: String) -> String {
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("plugin '") }
        return lines.prefix(1).joined(separator: "; ")
    }
}
