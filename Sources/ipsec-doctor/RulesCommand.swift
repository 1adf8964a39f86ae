import ArgumentParser
import Engine
import Facts
import RuleBase

/// `ipsec-doctor rules check|list|facts`: the rule base as data.
struct RulesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rules",
        abstract: "Check, list or describe the rule base.",
        subcommands: [Check.self, List.self, Facts.self])

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Load and validate the rule and knowledge bases and run every rule's examples; errors as file:line: message, exit 65.")

        @OptionGroup var data: DataOptions

        func run() throws {
            let base = try data.loadRuleBase(allowIssues: true)
            // The cross-checks, the text checks and the examples only read the base: all three at
            // once, as three pieces of similar size (the checks as one piece were the longest),
            // the issues in `RuleLinter.lint`'s order.
            let ((crossChecks, textChecks), examples) = Concurrently.both(
                { Concurrently.both({ RuleLinter.crossChecks(base) }, { TextLinter.lint(base) }) },
                { ExampleRunner.run(base) })
            let lints = crossChecks + textChecks
            let issues = base.issues + lints
            for issue in issues { Output.error(issue.description) }
            for failure in examples.failures { Output.error(failure.description) }
            let errors = issues.filter { $0.severity == .error }.count + examples.failures.count
            let warnings = issues.count - issues.filter { $0.severity == .error }.count
            Output.print("\(base.rules.count) rules, \(base.questions.count) questions, \(base.vocabulary.count) facts, \(base.articles.count) articles; \(examples.passed) examples pass; \(errors) errors, \(warnings) warnings\n")
            if errors > 0 {
                throw DoctorError.badInput("the rule base has \(errors) error\(errors == 1 ? "" : "s")", subject: base.rulesDirectory,
                                           hint: "fix each file:line above, then run `ipsec-doctor rules check` again")
            }
        }
    }

    struct List: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the rules: name, conclusion, condition.")
        @OptionGroup var data: DataOptions

        func run() throws {
            let base = try data.loadRuleBase(allowIssues: true)
            for rule in base.rules.sorted(by: { $0.name < $1.name }) {
                Output.print("\(rule.name)\n    -> \(rule.conclusion.label) (\(rule.severity.rawValue), cf \(rule.confidence))\n    when \(rule.conditionText)\n    \(rule.location)\n")
            }
        }
    }

    struct Facts: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the fact vocabulary (names usable in --answer and in rules).")
        @OptionGroup var data: DataOptions

        func run() throws {
            let base = try data.loadRuleBase(allowIssues: true)
            for def in base.vocabulary {
                let values = def.values.isEmpty ? "" : " (values: \(def.values.joined(separator: ", ")))"
                Output.print("\(def.name.padding(toLength: 36, withPad: " ", startingAt: 0)) \(def.kind.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0)) \(def.doc)\(values)\n")
            }
        }
    }
}

import Foundation
