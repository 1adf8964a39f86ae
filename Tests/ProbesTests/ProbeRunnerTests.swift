import Facts
import Foundation
import Parsers
@testable import Probes
import XCTest

/// The runner turns every way a probe can go wrong into a status, within its deadline.
final class ProbeRunnerTests: XCTestCase {
    let host = HostInfo(os: "linux", release: "test", hostname: "test", uid: 0, user: "root")

    func script(_ body: String) throws -> String {
        let dir = NSTemporaryDirectory() + "probe-runner-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let path = dir + "/tool"
        XCTAssertTrue(FileManager.default.createFile(atPath: path, contents: Data(("#!/bin/sh\n" + body + "\n").utf8), attributes: [.posixPermissions: 0o755]))
        return path
    }

    func testStatuses() async throws {
        let ok = try script("echo hello")
        let fails = try script("echo \"plugin 'x': failed to load\" >&2; echo 'connecting to vici failed' >&2; exit 2")
        let partial = try script("echo some-output; echo warning >&2; exit 1")
        let hangs = try script("sleep 30.777")
        let specs = [
            ProbeSpec("ok", source: nil, .command([ok]), platform: .any),
            ProbeSpec("missing", source: nil, .command(["no-such-tool-ipsec-doctor"]), platform: .any),
            ProbeSpec("fails", source: nil, .command([fails]), platform: .any),
            ProbeSpec("partial", source: nil, .command([partial]), platform: .any),
            ProbeSpec("hangs", source: nil, .command([hangs]), timeout: 1, platform: .any),
            ProbeSpec("nofile", source: nil, .file("/nonexistent/ipsec-doctor.conf"), platform: .any),
            ProbeSpec("glob", source: nil, .file("/nonexistent/*.conf"), platform: .any),
        ]
        let start = Date()
        let outs = await ProbeRunner(deadline: 10, host: host).run(specs)
        XCTAssertLessThan(Date().timeIntervalSince(start), 8, "the 1 s timeout bounds the run")
        let by = Dictionary(outs.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        XCTAssertEqual(by["ok"]?.state, .ok)
        XCTAssertEqual(by["ok"]?.text, "hello\n")
        XCTAssertEqual(by["missing"]?.state, .unavailable)
        XCTAssertEqual(by["missing"]?.reason, "no-such-tool-ipsec-doctor not installed")
        XCTAssertEqual(by["fails"]?.state, .failed)
        XCTAssertEqual(by["fails"]?.reason, "exit 2: connecting to vici failed", "plugin noise skipped")
        XCTAssertEqual(by["partial"]?.state, .ok, "output with a non-zero exit is still parsed")
        XCTAssertEqual(by["partial"]?.text, "some-output\n")
        XCTAssertTrue(by["partial"]?.reason?.hasPrefix("exit 1") == true)
        XCTAssertEqual(by["hangs"]?.state, .timeout)
        XCTAssertEqual(by["nofile"]?.state, .skipped)
        XCTAssertEqual(by["glob"]?.state, .skipped)
    }

    /// Probes that share an `exclusive` key never overlap, neither within one run nor across
    /// two runs at once (as `diagnose` and `collect` started together): charon's stroke plugin
    /// crashes on two `ipsec list*` requests side by side. Each probe prints its start and end
    /// time (ns); the intervals must not intersect. Probes without the key still run at once.
    func testExclusiveProbesNeverOverlapInARunOrAcrossRuns() async throws {
        let timed = try script("date +%s%N; sleep 0.3; date +%s%N")
        let key = "test-exclusive-\(UUID().uuidString.prefix(8))"
        func specs(_ tag: String, exclusive: String?) -> [ProbeSpec] {
            (0..<3).map { ProbeSpec("\(tag)\($0)", source: nil, .command([timed]), timeout: 5, platform: .any, exclusive: exclusive) }
        }
        let runner = ProbeRunner(deadline: 20, host: host)
        async let first = runner.run(specs("a", exclusive: key))
        async let second = runner.run(specs("b", exclusive: key))
        async let free = runner.run(specs("f", exclusive: nil))
        let (a, b, f) = await (first, second, free)
        func intervals(_ outs: [ProbeOutput]) -> [(Int, Int)] {
            outs.compactMap { o in
                let n = (o.text ?? "").split(separator: "\n").compactMap { Int($0) }
                return n.count == 2 ? (n[0], n[1]) : nil
            }
        }
        let locked = intervals(a + b).sorted { $0.0 < $1.0 }
        XCTAssertEqual(locked.count, 6, "every exclusive probe ran: \((a + b).map { "\($0.name) \($0.state) \($0.reason ?? "")" })")
        for (x, y) in zip(locked, locked.dropFirst()) {
            XCTAssertLessThanOrEqual(x.1, y.0, "two exclusive probes ran at once")
        }
        let unlocked = intervals(f).sorted { $0.0 < $1.0 }
        XCTAssertEqual(unlocked.count, 3)
        XCTAssertTrue(zip(unlocked, unlocked.dropFirst()).contains { $0.1 > $1.0 }, "probes without a key still run side by side")
        XCTAssertEqual(a.map(\.name), ["a0", "a1", "a2"], "outputs stay in the order of the specs")
    }

    /// A probe that cannot get its host-wide lock in time says so, and is not run.
    func testExclusiveProbeWaitsNoLongerThanItsTimeout() async throws {
        let key = "test-held-\(UUID().uuidString.prefix(8))"
        let taken = await HostWideLock.acquire(key, timeout: 1)
        let held = try XCTUnwrap(taken)
        defer { held.release() }
        let ok = try script("echo ran")
        let outs = await ProbeRunner(deadline: 10, host: host).run([ProbeSpec("locked", source: nil, .command([ok]), timeout: 0.5, platform: .any, exclusive: key)])
        XCTAssertEqual(outs.first?.state, .timeout)
        XCTAssertNil(outs.first?.text, "not run beside the holder")
        XCTAssertTrue(outs.first?.reason?.contains("another ipsec-doctor") == true, outs.first?.reason ?? "")
        held.release()
        let again = await ProbeRunner(deadline: 10, host: host).run([ProbeSpec("free", source: nil, .command([ok]), timeout: 2, platform: .any, exclusive: key)])
        XCTAssertEqual(again.first?.text, "ran\n", "released: the next run gets it")
    }

    /// Every stroke `list*` probe is exclusive under one key (what the lock above protects).
    func testStrokeListProbesAreExclusive() {
        let stroke = ProbeCatalog.all.filter { $0.commandLine.first == "ipsec" && ($0.commandLine.dropFirst().first ?? "").hasPrefix("list") }
        XCTAssertEqual(Set(stroke.map(\.name)), ["ipsec-listcerts", "ipsec-listcacerts", "ipsec-listcrls"])
        XCTAssertEqual(Set(stroke.compactMap(\.exclusive)), [StrokeListCertsParser.strokeList])
        XCTAssertTrue(stroke.allSatisfy { $0.exclusive != nil })
    }

    func testOverallDeadlineWins() async throws {
        let hangs = try script("sleep 30.778")
        let start = Date()
        let outs = await ProbeRunner(deadline: 1.5, host: host).run([ProbeSpec("hangs", source: nil, .command([hangs]), timeout: 60, platform: .any)])
        XCTAssertLessThan(Date().timeIntervalSince(start), 5)
        XCTAssertEqual(outs.first?.state, .timeout)
    }

    func testNotRootMeansNeedsRoot() async {
        var user = host
        user.uid = 1000
        let outs = await ProbeRunner(deadline: 5, host: user).run([ProbeSpec("xfrm-state", source: "xfrm-state", .command(["ip", "-s", "xfrm", "state"]), needsRoot: true, platform: .any)])
        XCTAssertEqual(outs.first?.state, .unavailable)
        XCTAssertEqual(outs.first?.reason, "needs root")
    }

    func testSnapshotReadsBackToTheSameFacts() throws {
        let xfrm = """
        src 192.0.2.1 dst 192.0.2.2
        \tproto esp spi 0x6e45ab4b reqid 1 mode tunnel
        \treplay-window 32 flag af-unspec
        \tauth-trunc hmac(sha256) 0x5292bb9d25099ecec68c54457ccd06099b4930ac5292bb9d25099ecec68c5445 128
        \tenc cbc(aes) 0xd7a05a7fd43ca2110b90e151ec55883c
        """
        let conf = "connections {\n  lab {\n    version = 2\n    remote_addrs = 192.0.2.2\n  }\n}\nsecrets {\n  ike-1 {\n    secret = \"lab-psk-a1b2c3\"\n  }\n}\n"
        let outputs = [
            ProbeOutput(name: "xfrm-state", source: "xfrm-state", kind: .probe, command: ["ip", "-s", "xfrm", "state"], text: xfrm + "\n", state: .ok, seconds: 0.01),
            ProbeOutput(name: "swanctl-conf", source: "swanctl-conf", kind: .config, command: ["read", "/etc/swanctl/swanctl.conf"], text: conf, state: .ok, seconds: 0.01, path: "/etc/swanctl/swanctl.conf"),
            ProbeOutput(name: "swanctl-list-sas", source: "swanctl-list-sas", kind: .probe, command: ["swanctl", "--list-sas"], stderr: "connecting to 'unix:///var/run/charon.vici' failed", state: .failed, reason: "exit 2: connecting to 'unix:///var/run/charon.vici' failed: No such file or directory", seconds: 0.01),
            ProbeOutput(name: "log:/var/log/charon.log", source: "charon-log", kind: .log, command: ["read", "/var/log/charon.log"], text: "Nov 23 19:40:01 09[IKE] <lab|1> received AUTHENTICATION_FAILED notify error\n", state: .ok, seconds: 0.01, path: "/var/log/charon.log"),
        ]
        let dir = NSTemporaryDirectory() + "snapshot-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let c = Collector(out: dir, includeSecrets: false, version: "test")
        try c.prepare()
        _ = try c.write(outputs, host: host)
        let all = FileManager.default.enumerator(atPath: dir)?.allObjects as? [String] ?? []
        for rel in all {
            let t = String(decoding: FileManager.default.contents(atPath: dir + "/" + rel) ?? Data(), as: UTF8.self)
            XCTAssertFalse(t.contains("lab-psk-a1b2c3"), rel)
            XCTAssertFalse(t.contains("d7a05a7fd43ca2110b90e151ec55883c"), rel)
        }
        let live = Gathered(outputs: outputs, host: host).facts()
        let snap = try SnapshotReader.read(dir).facts()
        XCTAssertEqual(live.facts.mapValues(\.value), snap.facts.mapValues(\.value))
        XCTAssertEqual(snap.value("ike.daemon.control_socket"), .bool(false))
        XCTAssertEqual(snap.value("host.is_root"), .bool(true))
        XCTAssertEqual(live.probes.map(\.name), snap.probes.map(\.name))
        // Never overwrites: a second collect into the same directory refuses.
        XCTAssertThrowsError(try Collector(out: dir, includeSecrets: false, version: "test").prepare()) { e in
            XCTAssertEqual((e as? DoctorError)?.exitCode, 73)
        }
    }

    func testKernelEspReportGivesTheFact() {
        let parser = ParserRegistry.parser(named: "kernel-esp")!
        func fact(_ text: String) -> FactValue? {
            FactStore(FactExtraction.facts(from: ParsedCollection([ParsedSource(result: parser.parse(text), origin: "kernel-esp")]))).value("kernel.esp_supported")
        }
        XCTAssertEqual(fact("proc-modules: unreadable (no /proc/modules)\nsys-module-esp4: absent\nkernel-config: n (CONFIG_INET_ESP is not set in /proc/config.gz)\n"), .bool(false))
        XCTAssertEqual(fact("proc-modules: not-loaded\nsys-module-esp4: absent\nmodules-builtin: not-builtin\nmodules-dep: loadable\n"), .bool(true))
        XCTAssertEqual(fact("proc-modules: not-loaded\nsys-module-esp4: absent\nmodules-builtin: not-builtin\nmodules-dep: not-loadable\n"), .bool(false))
        XCTAssertNil(fact("proc-modules: unreadable (x)\nsys-module-esp4: absent\nmodules-builtin: unreadable (x)\nkernel-config: unreadable (x)\n"))
    }
}
