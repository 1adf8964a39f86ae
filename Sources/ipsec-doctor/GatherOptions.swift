import ArgumentParser

/// Where the facts come from, shared by `diagnose` and `wizard`: live probes or a snapshot, plus
/// extra daemon logs, within a deadline.
struct GatherOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Read a snapshot made by `collect` (or a folder of saved outputs) instead of probing.", valueName: "DIR"))
    var snapshot: String?

    @Option(name: .customLong("log"), help: ArgumentHelp("A daemon log file to read besides the ones found automatically (repeatable).", valueName: "FILE"))
    var logs: [String] = []

    @Option(help: ArgumentHelp("Overall deadline for live probes, in seconds.", valueName: "SECONDS"))
    var deadline: Double = 20

    func validate() throws {
        if deadline <= 0 { throw ValidationError("--deadline must be positive") }
    }
}
