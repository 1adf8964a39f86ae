import ArgumentParser
import Facts
import Foundation
import Probes

/// `ipsec-doctor collect --out DIR`: saves a snapshot of this host, secrets redacted.
struct CollectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Save a snapshot of this host (command outputs, logs, configs), with secrets redacted.",
        discussion: """
        Runs the same read-only probes as `diagnose` and writes DIR/manifest.json, DIR/probes/, \
        DIR/logs/ and DIR/configs/; `ipsec-doctor diagnose --snapshot DIR` reads it back to the \
        same diagnosis. Keys in `ip xfrm state`, PSKs, EAP/XAuth secrets, passphrases and private \
        keys are replaced by [redacted] unless --include-secrets is given. \
        DIR must not exist or be empty: existing files are never overwritten (exit 73 if DIR \
        holds anything). Exit 0 when the snapshot is written, whatever the probes found.
        """)

    @Option(help: ArgumentHelp("Directory to write the snapshot to (created; must be new or empty: existing files are never overwritten).", valueName: "DIR"))
    var out: String

    @Flag(help: "Keep key material and pre-shared keys in the snapshot (they are redacted by default).")
    var includeSecrets = false

    @Option(name: .customLong("psk-fingerprint"), help: ArgumentHelp(
        "Also save, for each pre-shared key, HMAC-SHA256 keyed with the secret in KEYFILE, so `compare` can tell whether two gateways hold the same PSK. Opt-in: give both gateways the same KEYFILE (16+ random bytes) and keep it out of the snapshots; anyone holding KEYFILE and a snapshot can test guessed PSKs offline, so a weak PSK is then at risk.",
        valueName: "KEYFILE"))
    var pskFingerprint: String?

    @Option(name: .customLong("log"), help: ArgumentHelp("A daemon log file to include besides the ones found automatically (repeatable).", valueName: "FILE"))
    var logs: [String] = []

    @Option(help: ArgumentHelp("Overall deadline for the probes, in seconds.", valueName: "SECONDS"))
    var deadline: Double = 20

    func validate() throws {
        try DeadlineOption.validate(deadline)
        if out.isEmpty { throw ValidationError("--out needs a directory") }
    }

    func run() async throws {
        let key = try pskFingerprint.map(PSKFingerprinter.loadKey)   // a DoctorError (64) before anything is written
        let collector = Collector(out: out, includeSecrets: includeSecrets, version: IPsecDoctor.version, pskFingerprintKey: key)
        do {
            try collector.prepare()
            let host = HostInfo.current()
            let outputs = try await EvidencePipeline.acquire(EvidenceRequest(logs: logs, deadline: deadline), host: host)
            let summary = try collector.write(outputs, host: host)
            var counts: [String: Int] = [:]
            for s in summary.statuses { counts[s.state.rawValue, default: 0] += 1 }
            let states = ["ok", "unavailable", "timeout", "failed", "skipped"].compactMap { k in counts[k].map { "\($0) \(k)" } }
            Output.error("snapshot written to \(out): \(summary.files) files; probes: \(states.joined(separator: ", "))"
                         + (includeSecrets ? "; SECRETS INCLUDED" : "; secrets redacted"))
            for s in summary.statuses where s.state == .unavailable || s.state == .timeout || s.state == .failed {
                Output.error("  \(s.name): \(s.state.rawValue)\(s.reason.map { " (\($0))" } ?? "")")
            }
        }   // input and Collector failures are DoctorErrors (65, 73, 74): IPsecDoctor.main reports it
    }
}
