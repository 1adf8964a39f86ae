import Facts
import Foundation
import Parsers
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

/// What one probe produced: its output (or why there is none) and how it fared. A glob probe
/// (`/etc/swanctl/conf.d/*.conf`) produces one output per file.
public struct ProbeOutput: Sendable {
    public var name: String
    public var source: String?
    public var kind: ProbeSpec.Kind
    public var command: [String]
    /// stdout, or the file's content (for logs: the tail, daemon lines only where asked).
    public var text: String?
    public var stderr: String?
    public var state: ProbeStatus.State
    public var reason: String?
    public var seconds: Double
    /// The file read, for file probes.
    public var path: String?

    public var status: ProbeStatus { ProbeStatus(name: name, state: state, reason: reason, seconds: (seconds * 1000).rounded() / 1000) }

    /// How Gathered files this output's facts.
    public var provenanceKind: Provenance.Kind {
        switch kind { case .log: return .log; case .config: return .file; case .probe: return .probe }
    }
}

/// The host the probes run on.
public struct HostInfo: Sendable {
    public var os: String
    public var release: String
    public var hostname: String
    public var uid: Int
    public var user: String?
    public var isRoot: Bool { uid == 0 }

    public static func current() -> HostInfo {
        var u = utsname()
        uname(&u)
        func field<T>(_ t: T) -> String {
            withUnsafeBytes(of: t) { raw in String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self) }
        }
        let sys = field(u.sysname)
        let os: String
        switch sys {
        case "Linux": os = "linux"
        case "OpenBSD": os = "openbsd"
        case "SunOS": os = "illumos"
        default: os = sys.lowercased()
        }
        let uid = Int(geteuid())
        var user: String?
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name { user = String(cString: name) }
        return HostInfo(os: os, release: field(u.release), hostname: field(u.nodename), uid: uid, user: user)
    }
}

/// Runs probes in parallel, without a shell, each with its own timeout and all within one
/// overall deadline. Never hangs, never throws: whatever goes wrong becomes a probe status.
public struct ProbeRunner: Sendable {
    public var deadline: Double
    public var host: HostInfo
    /// Extra directories searched after PATH for commands (admin tools live in sbin).
    public static let sbin = ["/usr/local/sbin", "/usr/sbin", "/sbin", "/usr/local/bin", "/usr/bin", "/bin"]
    static let outputLimit = 64 << 20

    public init(deadline: Double, host: HostInfo = .current()) {
        self.deadline = deadline
        self.host = host
    }

    /// Runs `specs`; returns outputs in the order of `specs` (one probe may give several).
    public func run(_ specs: [ProbeSpec]) async -> [ProbeOutput] {
        let start = ContinuousClock.now
        let box = ResultsBox(count: specs.count)
        let runner = self
        var tasks: [Task<Void, Never>] = []
        for (i, spec) in specs.enumerated() {
            tasks.append(Task.detached {
                let outs = await runner.runOne(spec, start: start)
                await box.put(i, outs)
            })
        }
        let timer = Task.detached {
            try? await Task.sleep(for: .seconds(runner.deadline))
            await box.finishNow()
        }
        let got = await box.wait()
        timer.cancel()
        if got.count < specs.count {
            // Past the deadline: stop what still runs (its commands are killed) and give the
            // kills a moment, so no probe outlives the diagnosis.
            for t in tasks { t.cancel() }
            try? await Task.sleep(for: .milliseconds(300))
        }
        var out: [ProbeOutput] = []
        for (i, spec) in specs.enumerated() {
            if let outs = got[i] {
                out += outs
            } else {
                out.append(ProbeOutput(name: spec.name, source: spec.source, kind: spec.kind, command: spec.commandLine,
                                       state: .timeout, reason: "not finished by the overall deadline of \(fmt(deadline)) s",
                                       seconds: elapsed(since: start)))
            }
        }
        return out
    }

    func remaining(since start: ContinuousClock.Instant) -> Double {
        max(0, deadline - elapsed(since: start))
    }

    func runOne(_ spec: ProbeSpec, start: ContinuousClock.Instant) async -> [ProbeOutput] {
        let t0 = ContinuousClock.now
        var base = ProbeOutput(name: spec.name, source: spec.source, kind: spec.kind, command: spec.commandLine,
                               state: .ok, seconds: 0)
        func done(_ o: ProbeOutput) -> ProbeOutput { var o = o; o.seconds = elapsed(since: t0); return o }
        if spec.needsRoot, !host.isRoot {
            base.state = .unavailable
            base.reason = "needs root"
            return [done(base)]
        }
        if case .libreswanIpsec = spec.condition {
            let check = await command(["ipsec", "--version"], timeout: min(3, remaining(since: start)))
            if check.missing {
                base.state = .skipped; base.reason = "ipsec not installed"; return [done(base)]
            }
            if !(check.stdout + check.stderr).contains("Libreswan") {
                base.state = .skipped; base.reason = "ipsec is not Libreswan's"; return [done(base)]
            }
        }
        // A little under the overall deadline, so the probe's own timeout reports it.
        let timeout = max(0.1, min(spec.timeout, remaining(since: start) - 0.3))
        switch spec.action {
        case let .command(argv):
            let r = await command(argv, timeout: timeout)
            var o = base
            o.stderr = r.stderr.isEmpty ? nil : r.stderr
            if r.missing {
                o.state = .unavailable
                o.reason = "\(argv[0]) not installed"
            } else if r.timedOut {
                o.state = .timeout
                o.reason = "timed out after \(fmt(timeout)) s"
                o.text = r.stdout.isEmpty ? nil : r.stdout
            } else if let err = r.error {
                o.state = .failed
                o.reason = err
            } else if r.status == 0 {
                o.text = r.stdout
            } else {
                let why = ProbeRunner.summary(ofStderr: r.stderr)
                if !host.isRoot, why.lowercased().contains("permission denied") || why.lowercased().contains("not permitted") {
                    o.state = .unavailable
                    o.reason = "needs root"
                } else if r.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
                    o.state = .failed
                    o.reason = "exit \(r.status)" + (why.isEmpty ? "" : ": " + why)
                } else {
                    // Output with a non-zero exit is still parsed; the status says so.
                    o.text = r.stdout
                    o.reason = "exit \(r.status), output parsed anyway" + (why.isEmpty ? "" : ": " + why)
                }
            }
            if spec.kind == .log, let t = o.text { o.text = ProbeRunner.tail(t, lines: spec.tailLines, daemonOnly: spec.daemonLinesOnly) }
            return [done(o)]
        case let .file(pattern):
            let paths = ProbeRunner.expand(pattern)
            if paths.isEmpty {
                base.state = .skipped
                base.reason = pattern.contains("*") ? "no file matches \(pattern)" : "no \(pattern)"
                return [done(base)]
            }
            var outs: [ProbeOutput] = []
            for path in paths {
                var o = base
                if paths.count > 1 || pattern.contains("*") { o.name = spec.name + ":" + path }
                o.command = ["read", path]
                o.path = path
                let r = await withTimeout(timeout) { ProbeRunner.readFile(path, spec: spec) }
                let t1 = ContinuousClock.now
                switch r {
                case nil:
                    o.state = .timeout; o.reason = "reading \(path) timed out after \(fmt(timeout)) s"
                case let .failure(e)?:
                    o.state = e.missing ? .skipped : .unavailable
                    o.reason = e.missing ? "no \(path)" : (e.denied && !host.isRoot ? "needs root" : e.message)
                case let .success(text)?:
                    o.text = text
                }
                o.seconds = elapsed(since: t0)
                _ = t1
                outs.append(o)
            }
            return outs
        case let .delayedFile(path, delay):
            let wait = min(delay, max(0, deadline / 4))
            try? await Task.sleep(for: .seconds(wait))
            var o = base
            o.path = path
            switch ProbeRunner.readFile(path, spec: spec) {
            case let .failure(e):
                o.state = e.missing ? .skipped : .unavailable
                o.reason = e.missing ? "no \(path)" : (e.denied && !host.isRoot ? "needs root" : e.message)
            case let .success(text):
                o.text = text
                o.reason = "read \(fmt(wait)) s after xfrm-stat"
            }
            return [done(o)]
        case .kernelEsp:
            var o = base
            o.text = await kernelEspReport(timeout: timeout)
            return [done(o)]
        }
    }

    // MARK: commands

    struct CommandResult: Sendable {
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

    func command(_ argv: [String], timeout: Double) async -> CommandResult {
        guard let exe = ProbeRunner.resolve(argv[0]) else { return CommandResult(missing: true) }
        let args = Array(argv.dropFirst())
        let r = await withTimeout(timeout) { () async -> CommandResult in
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
                    output: .bytes(limit: ProbeRunner.outputLimit), error: .bytes(limit: 1 << 20))
                var c = CommandResult()
                c.stdout = String(decoding: res.standardOutput, as: UTF8.self)
                c.stderr = String(decoding: res.standardError, as: UTF8.self)
                switch res.terminationStatus {
                case let .exited(code): c.status = code
                case let .signaled(sig): c.status = 128 + sig
                }
                return c
            } catch let e as SubprocessError {
                var c = CommandResult()
                if e.code == .executableNotFound { c.missing = true } else { c.error = "\(argv[0]): \(e.description)" }
                return c
            } catch {
                return CommandResult(error: "\(argv[0]): \(error)")
            }
        }
        return r ?? CommandResult(timedOut: true)
    }

    /// The lines of stderr that say what went wrong (strongSwan prints plugin-loading noise).
    static func summary(ofStderr text: String) -> String {
        let lines = text.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty && !$0.hasPrefix("plugin '") }
        return lines.prefix(1).joined(separator: "; ")
    }

    // MARK: files

    struct FileError: Error, Sendable {
        var message: String
        var missing = false
        var denied = false
    }

    /// Reads a file; logs are tailed (last `tailLines` lines, from at most the last 16 MiB).
    static func readFile(_ path: String, spec: ProbeSpec) -> Result<String, FileError> {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        if fd < 0 {
            let e = errno
            let msg = "\(path): \(String(cString: strerror(e)))"
            return .failure(FileError(message: msg, missing: e == ENOENT || e == ENOTDIR, denied: e == EACCES || e == EPERM))
        }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: true)
        var st = stat()
        var size: UInt64 = 0
        if fstat(fd, &st) == 0 {
            if (st.st_mode & S_IFMT) == S_IFDIR { return .failure(FileError(message: "\(path) is a directory")) }
            size = UInt64(st.st_size)
        }
        let window: UInt64 = 16 << 20
        var skipped = false
        do {
            if spec.tailLines != nil, size > window {
                try handle.seek(toOffset: size - window)
                skipped = true
            }
            var data = try handle.readToEnd() ?? Data()
            if data.count > Int(window) * 2 { data = data.suffix(Int(window)); skipped = true }
            var text = String(decoding: data, as: UTF8.self)
            if skipped, let nl = text.firstIndex(of: "\n") { text = String(text[text.index(after: nl)...]) }
            if spec.kind == .log { text = tail(text, lines: spec.tailLines, daemonOnly: spec.daemonLinesOnly) }
            return .success(text)
        } catch {
            return .failure(FileError(message: "\(path): \(error.localizedDescription)"))
        }
    }

    /// The last `lines` lines, optionally only those of IPsec daemons (shared syslog files).
    static func tail(_ text: String, lines: Int?, daemonOnly: Bool) -> String {
        var all = text.split(separator: "\n", omittingEmptySubsequences: false)
        if all.last?.isEmpty == true { all.removeLast() }
        // journalctl's markers (`-- No entries --`, `-- Boot 1a2b... --`) are not log lines.
        all.removeAll { $0.hasPrefix("-- ") && $0.hasSuffix(" --") }
        if daemonOnly { all = all.filter { isDaemonLine($0) } }
        if let n = lines, all.count > n { all = Array(all.suffix(n)) }
        return all.isEmpty ? "" : all.joined(separator: "\n") + "\n"
    }

    static let daemonTags = ["charon", "pluto", "racoon", "isakmpd", "iked", "ipsec", "swanctl", "strongswan", "starter"]

    static func isDaemonLine(_ line: Substring) -> Bool {
        // syslog: "Nov 23 19:37:51 host charon: 05[IKE] ..." / "host charon[123]: ..."
        let head = line.prefix(120).lowercased()
        return daemonTags.contains { head.contains(" \($0):") || head.contains(" \($0)[") || head.contains(" \($0)-") }
    }

    /// Expands `*` and `?` in the last path component; a plain path is returned if it exists or
    /// cannot be checked (the read then says why).
    static func expand(_ pattern: String) -> [String] {
        guard pattern.contains("*") || pattern.contains("?") else {
            var st = stat()
            if stat(pattern, &st) != 0, errno == ENOENT { return [] }
            return [pattern]
        }
        let dir = (pattern as NSString).deletingLastPathComponent
        let glob = (pattern as NSString).lastPathComponent
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir) else { return [] }
        return names.filter { fnmatch(glob, $0, 0) == 0 && !$0.hasPrefix(".") }.sorted().map { dir + "/" + $0 }
    }

    // MARK: kernel ESP

    /// The `kernel-esp` report: one line per check (see KernelEspParser).
    func kernelEspReport(timeout: Double) async -> String {
        var lines: [String] = []
        let spec = ProbeSpec("kernel-esp", source: nil, .file(""))
        func read(_ p: String) -> Result<String, FileError> { ProbeRunner.readFile(p, spec: spec) }
        switch read("/proc/modules") {
        case let .success(t):
            let loaded = t.split(separator: "\n").contains { $0.hasPrefix("esp4 ") }
            lines.append("proc-modules: \(loaded ? "loaded" : "not-loaded")")
        case let .failure(e):
            lines.append("proc-modules: unreadable (\(e.missing ? "no /proc/modules: kernel without module support" : e.message))")
        }
        var st = stat()
        lines.append("sys-module-esp4: \(stat("/sys/module/esp4", &st) == 0 ? "present" : "absent")")
        let modDir = "/lib/modules/\(host.release)"
        switch read(modDir + "/modules.builtin") {
        case let .success(t): lines.append("modules-builtin: \(t.contains("/esp4.ko") ? "builtin" : "not-builtin")")
        case let .failure(e): lines.append("modules-builtin: unreadable (\(e.message))")
        }
        switch read(modDir + "/modules.dep") {
        case let .success(t):
            let hit = t.split(separator: "\n").contains { line in
                let module = line.split(separator: ":").first ?? ""
                return module.hasSuffix("/esp4.ko") || module.contains("/esp4.ko.")
            }
            lines.append("modules-dep: \(hit ? "loadable" : "not-loadable")")
        case let .failure(e): lines.append("modules-dep: unreadable (\(e.message))")
        }
        // CONFIG_INET_ESP: /boot/config-RELEASE, else /proc/config.gz (through gzip, no shell).
        var config: (String, String)?
        if case let .success(t) = read("/boot/config-\(host.release)") { config = (t, "/boot/config-\(host.release)") }
        if config == nil, FileManager.default.fileExists(atPath: "/proc/config.gz") {
            let r = await command(["gzip", "-dc", "/proc/config.gz"], timeout: min(timeout, 5))
            if r.status == 0, !r.stdout.isEmpty { config = (r.stdout, "/proc/config.gz") }
        }
        if let (t, from) = config {
            if t.contains("\nCONFIG_INET_ESP=y") { lines.append("kernel-config: y (CONFIG_INET_ESP=y in \(from))") }
            else if t.contains("\nCONFIG_INET_ESP=m") { lines.append("kernel-config: m (CONFIG_INET_ESP=m in \(from))") }
            else { lines.append("kernel-config: n (CONFIG_INET_ESP is not set in \(from))") }
        } else {
            lines.append("kernel-config: unreadable (no /boot/config-\(host.release), no /proc/config.gz)")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

// MARK: - concurrency helpers

/// Results of all probes; `wait` returns when all are in or when `finishNow` is called.
actor ResultsBox {
    var results: [Int: [ProbeOutput]] = [:]
    let count: Int
    var waiter: CheckedContinuation<[Int: [ProbeOutput]], Never>?
    var finished = false

    init(count: Int) { self.count = count }

    func put(_ i: Int, _ outs: [ProbeOutput]) {
        guard !finished else { return }
        results[i] = outs
        if results.count == count { finish() }
    }

    func finishNow() { finish() }

    private func finish() {
        guard !finished else { return }
        finished = true
        waiter?.resume(returning: results)
        waiter = nil
    }

    func wait() async -> [Int: [ProbeOutput]] {
        if finished || results.count == count { finished = true; return results }
        return await withCheckedContinuation { c in
            if finished { c.resume(returning: results) } else { waiter = c }
        }
    }
}

/// A value set once; `wait` returns it.
actor OneShot<T: Sendable> {
    var value: T??
    var waiters: [CheckedContinuation<T?, Never>] = []
    func set(_ v: T?) {
        guard value == nil else { return }
        value = .some(v)
        for w in waiters { w.resume(returning: v) }
        waiters = []
    }
    func wait() async -> T? {
        if let v = value { return v }
        return await withCheckedContinuation { c in
            if let v = value { c.resume(returning: v) } else { waiters.append(c) }
        }
    }
}

/// Runs `op`, giving up after `seconds`: returns nil then and cancels `op` (which, for a
/// subprocess, kills it) without waiting for it to finish.
func withTimeout<T: Sendable>(_ seconds: Double, _ op: @escaping @Sendable () async -> T) async -> T? {
    let box = OneShot<T>()
    let work = Task.detached { await box.set(op()) }
    let timer = Task.detached {
        try? await Task.sleep(for: .seconds(max(0.01, seconds)))
        work.cancel()
        await box.set(nil)
    }
    // Cancelling the caller (the overall deadline) cancels the work too.
    let v = await withTaskCancellationHandler {
        await box.wait()
    } onCancel: {
        work.cancel()
        Task { await box.set(nil) }
    }
    timer.cancel()
    return v
}

func elapsed(since t: ContinuousClock.Instant) -> Double {
    let d = ContinuousClock.now - t
    return Double(d.components.seconds) + Double(d.components.attoseconds) / 1e18
}

func fmt(_ s: Double) -> String {
    s == s.rounded() ? String(Int(s)) : String(format: "%.1f", s)
}
