import Engine
import Facts
import Operator
import WizardBenchmark
import Foundation
import RuleBase
import Wizard
import XCTest

/// Runs `ipsec-doctor wizard` as an operator would, through a pipe (plain line reading) or
/// through a real pseudo-terminal made by util-linux `script` (readline active), and answers its
/// questions as they come.
final class WizardDriver: @unchecked Sendable {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    /// `swift test` builds the executable next to the test bundle; fall back to the usual places.
    static var executable: String {
        let bundleDir = Bundle(for: WizardDriver.self).bundleURL.deletingLastPathComponent()
        let candidates = [Bundle.main.bundleURL.appendingPathComponent("ipsec-doctor").path,
                          bundleDir.appendingPathComponent("ipsec-doctor").path,
                          repo + "/.build/debug/ipsec-doctor"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? candidates.last!
    }

    let process = Process()
    let input = Pipe()
    let output = Pipe()
    private let lock = NSLock()
    private var buffer = ""
    private var done = false
    /// Where the next `waitFor` starts looking.
    private(set) var mark: String.Index

    /// `terminal`: run under `script -qfc` so the wizard sees a tty and uses readline.
    init(_ args: [String], terminal: Bool = false, home: String = NSTemporaryDirectory()) throws {
        mark = buffer.startIndex
        let command = [WizardDriver.executable] + args
        if terminal {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/script")
            let quoted = command.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
            process.arguments = ["-qfec", "stty cols 200; exec " + quoted, "/dev/null"]
        } else {
            process.executableURL = URL(fileURLWithPath: command[0])
            process.arguments = Array(command.dropFirst())
        }
        var env = ProcessInfo.processInfo.environment
        env["NO_COLOR"] = "1"
        env["TERM"] = "dumb"
        env["INPUTRC"] = "/dev/null"
        env["HOME"] = home
        process.environment = env
        process.standardInput = input
        process.standardOutput = output
        process.standardError = output
        output.fileHandleForReading.readabilityHandler = { [weak self] h in
            let data = h.availableData
            guard let self else { return }
            self.lock.lock()
            if data.isEmpty { self.done = true } else { self.buffer += String(decoding: data, as: UTF8.self) }
            self.lock.unlock()
        }
        try process.run()
    }

    var text: String { lock.lock(); defer { lock.unlock() }; return buffer }

    func send(_ line: String) {
        input.fileHandleForWriting.write(Data((line + "\n").utf8))
    }

    func sendRaw(_ s: String) {
        input.fileHandleForWriting.write(Data(s.utf8))
    }

    func closeInput() { try? input.fileHandleForWriting.close() }

    /// Waits until `needle` appears after the mark; moves the mark past it and returns the text
    /// between the old mark and the end of the needle.
    @discardableResult
    func waitFor(_ needle: String, timeout: TimeInterval = 60, file: StaticString = #filePath, line: UInt = #line) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            lock.lock()
            let start = mark <= buffer.endIndex ? mark : buffer.endIndex
            if let r = buffer.range(of: needle, range: start..<buffer.endIndex) {
                let seen = String(buffer[start..<r.upperBound])
                mark = r.upperBound
                lock.unlock()
                return seen
            }
            let finished = done
            lock.unlock()
            if finished { break }
            Thread.sleep(forTimeInterval: 0.02)
        }
        XCTFail("timed out waiting for '\(needle)'; output so far:\n\(text.suffix(3000))", file: file, line: line)
        return nil
    }

    /// Waits for the next prompt: a question (`answer> `) or the end (`ipsec-doctor> `).
    func nextPrompt(timeout: TimeInterval = 60) -> (text: String, atQuestion: Bool)? {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            lock.lock()
            let start = mark <= buffer.endIndex ? mark : buffer.endIndex
            let q = buffer.range(of: "answer> ", range: start..<buffer.endIndex)
            let e = buffer.range(of: "ipsec-doctor> ", range: start..<buffer.endIndex)
            if let r = [q, e].compactMap({ $0 }).min(by: { $0.lowerBound < $1.lowerBound }) {
                let seen = String(buffer[start..<r.upperBound])
                mark = r.upperBound
                lock.unlock()
                return (seen, r == q)
            }
            let finished = done
            lock.unlock()
            if finished { return nil }
            Thread.sleep(forTimeInterval: 0.02)
        }
        return nil
    }

    /// What a question block is about: the `[fact.name]` (or, for an observation question, the
    /// `[question-id]`) after "Question N:".
    static func fact(in block: String) -> String? {
        guard let q = block.range(of: "Question ", options: .backwards) else { return nil }
        let tail = block[q.upperBound...]
        guard let open = tail.firstIndex(of: "["), let close = tail[open...].firstIndex(of: "]") else { return nil }
        return String(tail[tail.index(after: open)..<close])
    }

    /// The shipped rule base, to answer observation questions the way the benchmark's operator does.
    static let rules = RuleBase.load(rules: repo + "/Rules", knowledge: repo + "/Knowledge")

    /// The answer a truthful operator types for the question about `subject`: the fact's value,
    /// or for an observation question the first listed line that fits the truth; "unknown" when
    /// the truth does not say.
    static func answer(_ subject: String, from truth: [String: String]) -> String {
        if let value = truth[subject] { return value }
        guard let q = rules.question(id: subject), q.isObservation else { return "unknown" }
        var typed: [String: FactValue] = [:]
        for (name, text) in truth {
            if let v = AnswerCoercion.value(text, kind: rules.definition(of: name)?.kind) { typed[name] = v }
        }
        return SimulatedOperator.choose(q, truth: typed)?.answer ?? "unknown"
    }

    /// The facts an answer to the question about `subject` sets.
    static func facts(of subject: String) -> [String] {
        rules.question(id: subject).map(\.facts) ?? [subject]
    }

    /// Answers every question from `truth` ("unknown" for facts it lacks) until the questions
    /// end; returns what was asked (fact, or observation question id), in order, and the text of
    /// the end (the diagnosis).
    func answerAll(_ truth: [String: String], limit: Int = 80) -> (asked: [String], end: String) {
        var asked: [String] = []
        while asked.count < limit, let prompt = nextPrompt() {
            guard prompt.atQuestion else { return (asked, prompt.text) }
            guard let subject = WizardDriver.fact(in: prompt.text) else { XCTFail("no fact in:\n\(prompt.text)"); return (asked, "") }
            asked.append(subject)
            send(WizardDriver.answer(subject, from: truth))
        }
        return (asked, "")
    }

    func finish(timeout: TimeInterval = 30) -> Int32 {
        closeInput()
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
        if process.isRunning { process.terminate() }
        process.waitUntilExit()
        Thread.sleep(forTimeInterval: 0.1)
        return process.terminationStatus
    }
}

/// A working gateway and healthy peer (see Tests/Benchmarks/wizard-scenarios.yaml), as answers.
enum Truth {
    static let healthy: [String: String] = [
        "host.os": "linux", "ike.implementation": "strongswan", "ike.daemon.running": "yes", "conn.ike_version": "2",
        "conn.start_action": "start", "conn.auth": "psk", "ike.sa.established": "yes", "child.sa.installed": "yes",
        "system.ip_forward": "yes", "host.forwards_for_subnet": "yes", "route.peer_reachable": "yes",
        "test.traffic_sent": "yes", "test.uses_inside_addresses": "yes", "test.tunnel_traffic_works": "yes",
        "test.tcp_fails_ping_works": "no", "capture.any_ipsec": "yes", "capture.ike_out": "yes", "capture.ike_in": "yes",
        "capture.esp_out": "yes", "capture.esp_in": "yes", "capture.esp_fragmented": "no", "peer.ike_version": "2",
        "peer.daemon_running": "yes", "peer.psk_confirmed_equal": "yes", "peer.proposals_match": "yes",
        "peer.id_matches": "yes", "peer.auth_method_matches": "yes",
        "peer.ts_mirror": "yes", "peer.restarted_recently": "no", "peer.sha2_truncation_mismatch": "no",
        "ike.sa.connecting": "no", "child.trap_installed": "no", "kernel.esp_supported": "yes",
        "fw.drops_ike_in": "no", "fw.drops_ike_out": "no", "fw.drops_esp_in": "no", "fw.drops_esp_out": "no",
        "fw.forward_blocks_tunnel": "no", "nat.masquerade_hits_tunnel": "no", "conn.multiple_subnets": "no",
        "conn.ike_lifetimes_identical": "no", "ike.tunnel_count": "1", "peer.ike_version_differs": "no",
        "test.periodic_outages": "no", "log.ike.unreachable": "no", "log.ike.version_mismatch": "no",
        "log.ike.no_proposal_chosen": "no", "log.ike.no_peer_config": "no", "log.ike.auth_failed": "no",
        "log.child.no_proposal_chosen": "no", "log.child.ts_unacceptable": "no", "log.child.split_refused_by_peer": "no", "log.kernel.esp_unsupported": "no",
        "log.child.install_failed": "no", "log.ike.dpd_dead": "no", "log.ike.peer_not_responding": "no",
        "log.esp.unknown_spi": "no", "log.ike.send_not_permitted": "no", "log.ike.no_ike_config": "no", "log.ike.exchange_mode_mismatch": "no", "log.ike.auth_method_mismatch": "no", "log.ike.psk_not_found": "no", "log.cert.untrusted": "no", "log.cert.expired": "no", "log.cert.id_not_in_cert": "no", "log.cert.no_private_key": "no", "log.cert.revocation_failed": "no", "log.ike.eap_failed": "no", "log.ike.xauth_failed": "no", "log.ike.not_authorized": "no", "log.system.plugin_missing": "no",
        "xfrm.delta.XfrmInNoPols": "0", "xfrm.delta.XfrmInTmplMismatch": "0",
        "xfrm.delta.XfrmInStateProtoError": "0", "xfrm.delta.XfrmInNoStates": "0", "xfrm.delta.XfrmOutNoStates": "0",
        "xfrm.delta.XfrmInStateSeqError": "0",
    ]

    /// The PSKs differ: phase 1 fails with AUTHENTICATION_FAILED.
    static var pskMismatch: [String: String] {
        var t = healthy
        for (k, v) in ["peer.psk_confirmed_equal": "no", "ike.sa.established": "no", "child.sa.installed": "no",
                       "test.tunnel_traffic_works": "no", "capture.esp_out": "no", "capture.esp_in": "no",
                       "log.ike.auth_failed": "yes", "log.ike.no_peer_config": "no"] { t[k] = v }
        return t
    }
}
