import ArgumentParser
import Facts
import Foundation

/// The `ipsec-doctor` command. With no subcommand it starts the interactive wizard.
@main
struct IPsecDoctor: AsyncParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "ipsec-doctor",
        abstract: "Finds out why an IPsec tunnel does not work, and says what to do about it.",
        discussion: """
        Run it on the gateway whose tunnel is broken. `diagnose` probes the host and prints a \
        verdict (exit 0 healthy, 1 problem, 2 inconclusive); `wizard` (the default) also asks you \
        what no probe can see, one question at a time. Errors exit 64 (usage), 65 (bad input), \
        73 and 74 (collect cannot write), with what to do on the line after.
        """,
        version: version,
        subcommands: [WizardCommand.self, DiagnoseCommand.self, CollectCommand.self, ExplainCommand.self,
                      RulesCommand.self, ParseCommand.self, TraceCommand.self, CompareCommand.self, FleetCommand.self],
        defaultSubcommand: WizardCommand.self
    )

    /// Parses, runs, and turns every failure into a message on stderr and an exit code: the one
    /// place where a `DoctorError` meets the user. Verdicts leave through `ExitCode`.
    static func main() async {
        var arguments = Array(CommandLine.arguments.dropFirst())
        let answers = RepeatedAnswers.extract(from: &arguments)
        do {
            var command = try parseAsRoot(arguments)
            if !answers.isEmpty {
                guard var takes = command as? TakesAnswers else {
                    throw DoctorError.usage("this command takes no --answer", subject: "--answer",
                                            hint: "--answer is an option of `diagnose` and `wizard`")
                }
                takes.answers.answer = answers
                command = takes as! ParsableCommand
            }
            if var asyncCommand = command as? AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let error as DoctorError {
            report(error)
            Foundation.exit(error.exitCode)
        } catch {
            exit(withError: error)
        }
    }

    static func report(_ error: DoctorError) {
        for line in error.details { Output.error(line) }
        Output.error(error.description)
        if let hint = error.hint { Output.hint(hint) }
        else if error.code == .usage { Output.hint("`ipsec-doctor help` lists the commands and their options") }
    }
}
