import ArgumentParser

/// `ipsec-doctor` / `ipsec-doctor wizard`: the interactive guided troubleshooting.
struct WizardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "wizard",
        abstract: "Guided troubleshooting: probes what it can, asks you the rest, one question at a time.")

    @OptionGroup var data: DataOptions

    func run() async throws {
        Output.error("the wizard is not built yet")
        throw ExitCode(70)
    }
}
