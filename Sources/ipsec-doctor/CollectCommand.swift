import ArgumentParser
import Probes

/// `ipsec-doctor collect --out DIR`: saves a snapshot of this host, secrets redacted.
struct CollectCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "collect",
        abstract: "Save a snapshot of this host (command outputs, logs, configs), with secrets redacted.")

    @Option(help: ArgumentHelp("Directory to write the snapshot to (created; existing files are never overwritten).", valueName: "DIR"))
    var out: String

    @Flag(help: "Keep key material and pre-shared keys in the snapshot (they are redacted by default).")
    var includeSecrets = false

    @Option(name: .customLong("log"), help: ArgumentHelp("A daemon log file to include besides the ones found automatically (repeatable).", valueName: "FILE"))
    var logs: [String] = []

    @Option(help: ArgumentHelp("Overall deadline for the probes, in seconds.", valueName: "SECONDS"))
    var deadline: Double = 20

    func run() async throws {
        Output.error("collect is not built yet")
        throw ExitCode(70)
    }
}
