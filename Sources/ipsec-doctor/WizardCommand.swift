import ArgumentParser
import Engine
import Facts
import Foundation
import Probes
import Report
import Wizard

/// `ipsec-doctor` / `ipsec-doctor wizard`: the interactive guided troubleshooting. It gathers
/// facts exactly as `diagnose` does (probes or `--snapshot`, `--log`, `--answer`, `--answers`),
/// then asks the operator the rest, one question at a time (Sources/Wizard). On a terminal it
/// uses GNU readline (history in ~/.ipsec_doctor_history); otherwise it reads answers line by
/// line from stdin. Exit code as `diagnose`: 0 healthy, 1 problem, 2 inconclusive.
struct WizardCommand: AsyncParsableCommand, TakesAnswers {
    static let configuration = CommandConfiguration(
        commandName: "wizard",
        abstract: "Guided troubleshooting: probes what it can, asks you the rest, one question at a time.")

    @OptionGroup var gather: GatherOptions

    @Flag(name: .customLong("no-probes"), help: "Probe nothing: questions only (practice, or a host other than the gateway).")
    var noProbes = false

    @Flag(name: .customLong("no-history"), help: "Do not read or write the readline history file.")
    var noHistory = false

    @OptionGroup var answers: AnswerOptions
    @OptionGroup var data: DataOptions

    func validate() throws {
        if noProbes, gather.snapshot != nil { throw ValidationError("--no-probes and --snapshot exclude each other") }
    }

    func run() async throws {
        let base = try data.loadRuleBase()
        var facts = FactStore()
        if noProbes {
            try answers.read(base: base).apply(to: &facts)
        } else {
            facts = try await FactAssembly.gather(snapshot: gather.snapshot, logs: gather.logs, deadline: gather.deadline,
                                                  answers: answers, base: base)
        }
        let history = noHistory ? nil : ProcessInfo.processInfo.environment["HOME"].map { $0 + "/.ipsec_doctor_history" }
        let reader = LineReaders.forStandardInput(historyFile: history)
        defer { reader.close() }
        let session = WizardSession(base: base, gathered: facts, reader: reader, style: .forStandardOutput(),
                                    recognize: { PastedText.recognise($0).map { ($0.what, $0.facts) } },
                                    write: { Output.print($0) })
        let diagnosis = session.run()
        throw ExitCode(diagnosis.verdict.exitCode)
    }
}
