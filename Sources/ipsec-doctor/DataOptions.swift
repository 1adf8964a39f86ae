import ArgumentParser
import Foundation
import RuleBase

/// Where the rule base and knowledge base live; found automatically in a checkout or install.
struct DataOptions: ParsableArguments {
    @Option(name: .customLong("home"), help: ArgumentHelp("Directory holding Rules/ and Knowledge/ (default: found next to the executable, or $IPSEC_DOCTOR_HOME).", valueName: "DIR"))
    var home: String?

    /// Loads the rule base; on any loading error prints `file:line: message` lines and exits 65.
    func loadRuleBase(allowIssues: Bool = false) throws -> RuleBase {
        guard let root = DataLocator.locate(explicit: home) else {
            Output.error("cannot find the rule base (Rules/facts.yaml); pass --home DIR or set IPSEC_DOCTOR_HOME")
            throw ExitCode(65)
        }
        let base = RuleBase.load(rules: root + "/Rules", knowledge: root + "/Knowledge")
        if !allowIssues, base.issues.contains(where: { $0.severity == .error }) {
            for issue in base.issues { Output.error(issue.description) }
            Output.error("the rule base has errors; `ipsec-doctor rules check` lists them")
            throw ExitCode(65)
        }
        return base
    }
}

/// Writing to stdout and stderr; stdout stays clean for JSON.
enum Output {
    static func error(_ message: String) {
        FileHandle.standardError.write(Data(("ipsec-doctor: " + message + "\n").utf8))
    }

    static func print(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
}
