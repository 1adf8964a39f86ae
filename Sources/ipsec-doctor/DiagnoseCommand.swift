import ArgumentParser
import Engine
import Facts
import Foundation
import Parsers
import Probes
import Report
import RuleBase

/// `ipsec-doctor diagnose`: probes (or reads a snapshot), applies the rules, prints a verdict.
/// Never reads stdin. Exit 0 healthy, 1 problem, 2 inconclusive, 64 usage, 65 bad input.
struct DiagnoseCommand: AsyncParsableCommand, TakesAnswers {
    static let configuration = CommandConfiguration(
        commandName: "diagnose",
        abstract: "Probe this host (or read a snapshot) and print a diagnosis; exit code = verdict.")

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json, prometheus, nagios }

    @Option(help: "Report format: text (for people), json (for programs), prometheus (node_exporter textfile), nagios (plugin line; exit 0-3).")
    var format: Format = .text

    @OptionGroup var gather: GatherOptions

    @Flag(help: "Show every evidence line and the questions that would sharpen the diagnosis.")
    var verbose = false

    @OptionGroup var answers: AnswerOptions
    @OptionGroup var data: DataOptions

    func run() async throws {
        guard format == .nagios else { return try await diagnose() }
        // A monitoring check speaks the plugin codes only: whatever stops the diagnosis is UNKNOWN.
        do {
            try await diagnose()
        } catch let error as DoctorError {
            Output.print(NagiosReport.unknown(error.description))
            IPsecDoctor.report(error)
            throw ExitCode(NagiosReport.State.unknown.rawValue)
        } catch let exit as ExitCode where exit.rawValue > 3 {
            Output.print(NagiosReport.unknown("ipsec-doctor could not diagnose (exit \(exit.rawValue)); the error is on stderr"))
            throw ExitCode(NagiosReport.State.unknown.rawValue)
        }
    }

    func diagnose() async throws {
        let base = try data.loadRuleBase()
        let facts = try await FactAssembly.gather(snapshot: gather.snapshot, logs: gather.logs, deadline: gather.deadline,
                                                  answers: answers, base: base)
        let diagnosis = InferenceEngine(base: base).run(facts)
        switch format {
        case .json: Output.printDocument(JSONReport.render(diagnosis) + "\n")
        case .text: Output.print(TextReport.render(diagnosis, base: base, style: .forStandardOutput(), verbose: verbose))
        case .prometheus: Output.print(PrometheusReport.render(diagnosis))
        case .nagios:
            Output.print(NagiosReport.render(diagnosis))
            throw ExitCode(NagiosReport.state(diagnosis).rawValue)
        }
        throw ExitCode(diagnosis.verdict.exitCode)
    }
}

/// Puts together the facts of one diagnosis: the evidence pipeline (probes or snapshot, and
/// logs), then the operator's answers.
enum FactAssembly {
    static func gather(snapshot: String?, logs: [String], deadline: Double, answers: AnswerOptions,
                       base: RuleBase) async throws -> FactStore {
        let answered = try answers.read(base: base)
        let gathered = try await EvidencePipeline.gather(EvidenceRequest(snapshot: snapshot, logs: logs, deadline: deadline))
        for notice in gathered.notices { Output.error(notice) }
        var store = gathered.facts()
        for setAside in answered.apply(to: &store) { Output.warning(setAside.description) }
        return store
    }
}
