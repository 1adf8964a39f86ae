import ArgumentParser
import Facts
import Operator
import RuleBase

/// `--answer KEY=VALUE` and `--answers FILE`: facts the operator already knows. Reading and
/// checking them is the Operator module's (`OperatorAnswers`); this only declares the options.
struct AnswerOptions: ParsableArguments {
    @Option(name: .customLong("answer"), help: ArgumentHelp(
        "A fact you know, e.g. --answer peer.ike_version=2 (repeatable). It fills what the probes cannot see; to replace what a probe saw, write FACT:=VALUE (--answer ike.daemon.running:=yes).",
        valueName: "FACT=VALUE"))
    var answer: [String] = []

    @Option(name: .customLong("answers"), help: ArgumentHelp(
        "A YAML/JSON file of answers (fact: value), e.g. a saved wizard session; facts under `overrides:` replace what a probe saw.",
        valueName: "FILE"))
    var answersFile: String?

    /// The answers, checked against the vocabulary. Called before any probe runs, so a typo is
    /// reported at once.
    func read(base: RuleBase) throws(DoctorError) -> OperatorAnswers {
        try OperatorAnswers.read(options: answer, file: answersFile, base: base)
    }
}

/// A command that takes `--answer`: `IPsecDoctor.main` hands it the `--answer` values it took
/// out of the command line before parsing (see `RepeatedAnswers`).
protocol TakesAnswers: SendableMetatype {
    var answers: AnswerOptions { get set }
}

/// `--answer` may be given thousands of times (a script that knows a fleet). swift-argument-parser
/// copies the whole array on every repeated option, which makes 10,000 options take seconds;
/// taking them out of the arguments first, in one pass, keeps the cost linear.
enum RepeatedAnswers {
    static let option = "--answer"

    /// Removes every `--answer VALUE` and `--answer=VALUE` before a `--` and returns the values
    /// in order. A trailing `--answer` without a value is left for the parser to report.
    static func extract(from arguments: inout [String]) -> [String] {
        var values: [String] = [], rest: [String] = []
        rest.reserveCapacity(arguments.count)
        var i = 0
        while i < arguments.count {
            let arg = arguments[i]
            if arg == "--" { rest += arguments[i...]; break }
            if arg == option, i + 1 < arguments.count {
                values.append(arguments[i + 1]); i += 2; continue
            }
            if arg.hasPrefix(option + "=") {
                values.append(String(arg.dropFirst(option.count + 1))); i += 1; continue
            }
            rest.append(arg); i += 1
        }
        arguments = rest
        return values
    }
}
