import ArgumentParser

/// The `ipsec-doctor` command. With no subcommand it starts the interactive wizard.
@main
struct IPsecDoctor: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "ipsec-doctor",
        abstract: "Finds out why an IPsec tunnel does not work, and says what to do about it.",
        discussion: """
        Run it on the gateway whose tunnel is broken. `diagnose` probes the host and prints a
        verdict (exit 0 healthy, 1 problem, 2 inconclusive); `wizard` (the default) also asks you
        what no probe can see, one question at a time.
        """,
        version: version,
        subcommands: [WizardCommand.self, DiagnoseCommand.self, CollectCommand.self, ExplainCommand.self,
                      RulesCommand.self, ParseCommand.self],
        defaultSubcommand: WizardCommand.self
    )
}
