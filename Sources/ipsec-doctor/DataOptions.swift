import ArgumentParser
import Facts
import Foundation
import Report
import RuleBase

/// Where the rule base and knowledge base live; found automatically in a checkout or install.
struct DataOptions: ParsableArguments {
    @Option(name: .customLong("home"), help: ArgumentHelp("Directory holding Rules/ and Knowledge/ (default: found next to the executable, or $IPSEC_DOCTOR_HOME).", valueName: "DIR"))
    var home: String?

    /// Loads the rule base; on any loading error prints `file:line: message` lines and exits 65.
    func loadRuleBase(allowIssues: Bool = false) throws -> RuleBase {
        let root = try ruleBaseRoot()
        return try checked(RuleBase.load(rules: root + "/Rules", knowledge: root + "/Knowledge"), root: root, allowIssues: allowIssues)
    }

    /// The folder holding Rules/ and Knowledge/.
    func ruleBaseRoot() throws -> String {
        guard let root = DataLocator.locate(explicit: home) else {
            throw DoctorError.badInput("cannot find the rule base (Rules/facts.yaml)",
                                       hint: "pass --home DIR or set IPSEC_DOCTOR_HOME to the folder holding Rules/ and Knowledge/")
        }
        return root
    }

    /// The loaded rule base, or the error its issues make (unless `allowIssues`).
    func checked(_ base: RuleBase, root: String, allowIssues: Bool = false) throws -> RuleBase {
        if !allowIssues, base.issues.contains(where: { $0.severity == .error }) {
            throw DoctorError.badInput("the rule base has errors", subject: root + "/Rules",
                                       hint: "`ipsec-doctor rules check` lists them", details: base.issues.map(\.description))
        }
        return base
    }

    /// Starts loading the rule base on another thread, for a command that has other work to do
    /// meanwhile (`diagnose --snapshot`); `checked` of the result says whether it can be used.
    func startLoadingRuleBase() throws -> (root: String, loading: Task<RuleBase, Never>) {
        let root = try ruleBaseRoot()
        return (root, Task.detached { RuleBase.load(rules: root + "/Rules", knowledge: root + "/Knowledge") })
    }
}

/// Writing to stdout and stderr; stdout stays clean for JSON.
enum Output {
    // Everything written passes TerminalText.safe: messages and reports quote what was read
    // (log lines, peer identities, file names), and a terminal would obey control sequences
    // in them. JSON escapes its own; the colour sequences of Style are kept.
    static func error(_ message: String) {
        FileHandle.standardError.write(Data(TerminalText.safe("ipsec-doctor: " + message + "\n").utf8))
    }

    /// What to do about the error just printed, indented under it.
    static func hint(_ text: String) {
        FileHandle.standardError.write(Data(TerminalText.safe("  hint: " + text + "\n").utf8))
    }

    /// Something the user should know that does not stop the command.
    static func warning(_ message: String) {
        error("warning: " + message)
    }

    static func print(_ text: String) {
        FileHandle.standardOutput.write(Data(TerminalText.safe(text).utf8))
    }

    /// JSON as written: its writer escapes control characters its own way, and
    /// a `\x1b` inside a JSON string would make it invalid.
    static func printDocument(_ text: String) {
        FileHandle.standardOutput.write(Data(text.utf8))
    }
    /// Bytes as they are (a piece of `parse`'s JSON, written a MiB at a time):
    /// `Data(bytesNoCopy:)` lends them to FileHandle instead of copying.
    static func printDocument(_ raw: UnsafeRawBufferPointer) {
        guard let base = raw.baseAddress else { return FileHandle.standardOutput.write(Data()) }
        let data = Data(bytesNoCopy: UnsafeMutableRawPointer(mutating: base), count: raw.count, deallocator: .none)
        FileHandle.standardOutput.write(data)
    }
}
