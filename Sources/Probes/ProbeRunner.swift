import Facts
import Foundation
import Parsers

/// Runs probes in parallel (one child task each, in one task group), without a shell, each
/// with its own timeout and all within one overall deadline. Never hangs, never throws:
/// whatever goes wrong becomes a probe status. The pieces: CommandRunner (commands),
/// FileReader (bounded, non-blocking file reads), LogTail (what a log probe keeps),
/// KernelEspProbe, and withTimeout.
public struct ProbeRunner: Sendable {
    public var deadline: Double
    public var host: HostInfo
    /// A log is read from its last this many bytes; another file up to this many.
    static let fileLimit = 16 << 20

    public init(deadline: Double, host: HostInfo = .current()) {
        self.deadline = deadline
        self.host = host
    }

    /// Runs `specs`; returns outputs in the order of `specs` (one probe may give several).
    public func run(_ specs: [ProbeSpec]) async -> [ProbeOutput] {
        let start = ContinuousClock.now
        let runner = self
        let results = ProbeResults()
        let lanes = Self.lanes(specs)
        let got = await withTaskGroup(of: Bool.self) { group -> [Int: [ProbeOutput]] in
            for lane in lanes {
                group.addTask {
                    for i in lane {
                        if Task.isCancelled { break }
                        await results.put(i, await runner.runExclusively(specs[i], start: start))
                    }
                    return true
                }
            }
            // The overall deadline: when it fires first, what still runs is cancelled (its
            // commands killed, its reads stopped) and awaited, so no probe outlives the run.
            group.addTask {
                try? await Task.sleep(for: .seconds(runner.deadline))
                return false
            }
            var finished = 0
            while finished < lanes.count, let next = await group.next() {
                guard next else { break }
                finished += 1
            }
            // What had finished when the deadline fired; a probe cancelled now is reported
            // below as not finished, whatever it returns on its way out.
            let got = await results.all
            group.cancelAll()
            return got
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

    /// The probes' lanes: each probe alone in its own, except those that share an `exclusive`
    /// key, which share one lane and so run one after another, in the order given.
    static func lanes(_ specs: [ProbeSpec]) -> [[Int]] {
        var lanes: [[Int]] = []
        var laneOf: [String: Int] = [:]
        for (i, spec) in specs.enumerated() {
            if let key = spec.exclusive {
                if let l = laneOf[key] { lanes[l].append(i); continue }
                laneOf[key] = lanes.count
            }
            lanes.append([i])
        }
        return lanes
    }

    /// runOne, holding the host-wide lock of the probe's `exclusive` key (if any) for as long
    /// as the probe runs, so that another ipsec-doctor on this host does not run it beside us.
    func runExclusively(_ spec: ProbeSpec, start: ContinuousClock.Instant) async -> [ProbeOutput] {
        guard let key = spec.exclusive else { return await runOne(spec, start: start) }
        let wait = timeout(of: spec, since: start)
        guard let lock = await HostWideLock.acquire(key, timeout: wait) else {
            return [ProbeOutput(name: spec.name, source: spec.source, kind: spec.kind, command: spec.commandLine,
                                state: .timeout, reason: "waited \(fmt(wait)) s for another ipsec-doctor's \(key) probe to end; not run beside it",
                                seconds: elapsed(since: start))]
        }
        defer { lock.release() }
        return await runOne(spec, start: start)
    }

    /// The probe's own timeout, a little under what is left of the overall deadline, so that
    /// the probe's timeout (not the deadline) reports it.
    func timeout(of spec: ProbeSpec, since start: ContinuousClock.Instant) -> Double {
        max(0.1, min(spec.timeout, remaining(since: start) - 0.3))
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
        if let vendor = spec.condition.ipsecVendor {
            // `ipsec` is Libreswan's tool or strongSwan's starter: ask it whose it is.
            let check = await CommandRunner.run(["ipsec", "--version"], timeout: min(3, remaining(since: start)))
            if check.missing {
                base.state = .skipped; base.reason = "ipsec not installed"; return [done(base)]
            }
            if !(check.stdout + check.stderr).contains(vendor) {
                base.state = .skipped; base.reason = "ipsec is not \(vendor)'s"; return [done(base)]
            }
        }
        let timeout = timeout(of: spec, since: start)
        switch spec.action {
        case let .command(argv):
            return [done(await command(argv, spec: spec, base: base, timeout: timeout))]
        case let .file(pattern):
            let paths = LogTail.expand(pattern)
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
                outs.append(done(await file(path, spec: spec, base: o, timeout: timeout)))
            }
            return outs
        case let .delayedFile(path, delay):
            let wait = min(delay, max(0, deadline / 4))
            try? await Task.sleep(for: .seconds(wait))
            var o = await file(path, spec: spec, base: base, timeout: max(0.1, remaining(since: start) - 0.3))
            if o.state == .ok { o.reason = "read \(fmt(wait)) s after xfrm-stat" }
            return [done(o)]
        case .kernelEsp:
            var o = base
            o.text = await KernelEspProbe.report(release: host.release, timeout: timeout)
            return [done(o)]
        case .installedIpsec:
            var o = base
            o.text = await installedReport(timeout: timeout)
            return [done(o)]
        }
    }

    func command(_ argv: [String], spec: ProbeSpec, base: ProbeOutput, timeout: Double) async -> ProbeOutput {
        let r = await CommandRunner.run(argv, timeout: timeout)
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
            let why = CommandRunner.summary(ofStderr: r.stderr)
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
        if spec.kind == .log, let t = o.text { o.text = LogTail.tail(t, lines: spec.tailLines, daemonOnly: spec.daemonLinesOnly) }
        return o
    }

    /// Reads one file within `timeout`: bounded in size, never blocking on a FIFO or device.
    func file(_ path: String, spec: ProbeSpec, base: ProbeOutput, timeout: Double) async -> ProbeOutput {
        var o = base
        o.path = path
        switch await withTimeout(timeout, { ProbeRunner.readFile(path, spec: spec) }) {
        case nil:
            o.state = .timeout; o.reason = "reading \(path) timed out after \(fmt(timeout)) s"
        case let .failure(e)?:
            o.state = e.missing ? .skipped : .unavailable
            o.reason = e.missing ? "no \(path)" : (e.denied && !host.isRoot ? "needs root" : e.message)
        case let .success(text)?:
            o.text = text
        }
        return o
    }

    /// A file's text; a log's tail (its last `tailLines` lines, from at most its last 16 MiB).
    static func readFile(_ path: String, spec: ProbeSpec) -> Result<String, FileReader.Failure> {
        let isLog = spec.kind == .log
        return FileReader.read(path, limit: fileLimit, tail: isLog).map { content in
            isLog ? LogTail.tail(content.text, lines: spec.tailLines, daemonOnly: spec.daemonLinesOnly) : content.text
        }
    }
}

/// What the probes gave so far, by index: written by each lane as its probes finish.
actor ProbeResults {
    private(set) var all: [Int: [ProbeOutput]] = [:]
    func put(_ i: Int, _ outs: [ProbeOutput]) { all[i] = outs }
}
