import ArgumentParser

/// Where the facts come from, shared by `diagnose` and `wizard`: live probes or a snapshot, plus
/// extra daemon logs, within a deadline.
struct GatherOptions: ParsableArguments {
    @Option(help: ArgumentHelp("Read a snapshot made by `collect` (or a folder of saved outputs, or one saved output or log file, or such a folder packed by tar: gw1.tar.gz) instead of probing.", valueName: "DIR"))
    var snapshot: String?

    @Option(name: .customLong("log"), help: ArgumentHelp("A daemon log file to read besides the ones found automatically (repeatable).", valueName: "FILE"))
    var logs: [String] = []

    @Option(help: ArgumentHelp("Overall deadline, in seconds, for the live probes or for reading the snapshot, and the logs.", valueName: "SECONDS"))
    var deadline: Double = 20

    func validate() throws {
        try DeadlineOption.validate(deadline)
    }
}

/// `--deadline SECONDS`, the same rule for every command: a finite number of seconds, above
/// zero and at most an hour (a larger one is a typo, and Duration cannot hold infinity).
enum DeadlineOption {
    static let maximum = 3600.0

    static func validate(_ seconds: Double) throws {
        guard seconds.isFinite, seconds > 0 else {
            throw ValidationError("--deadline must be a positive number of seconds, not \(seconds)")
        }
        guard seconds <= maximum else {
            throw ValidationError("--deadline must be at most \(Int(maximum)) seconds, not \(seconds)")
        }
    }
}
