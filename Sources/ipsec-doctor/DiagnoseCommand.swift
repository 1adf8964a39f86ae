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
        let base: RuleBase, facts: FactStore
        if gather.snapshot != nil {
            // A snapshot is only read, so the rule base loads on another core while it is read
            // and parsed (a 10,000-tunnel snapshot keeps both cores busy for most of its time; the
            // load was ~4 % of its CPU, before the parse). Live probes still wait for a usable rule
            // base and checked answers: they are not run when either is wrong.
            let (root, loading) = try data.startLoadingRuleBase()
            let gathered = try await FactAssembly.gather(snapshot: gather.snapshot, logs: gather.logs, deadline: gather.deadline,
                                                         answers: answers) {
                let loaded = await loading.value
                return try data.checked(loaded, root: root)
            }
            facts = gathered.facts
            base = gathered.base
        } else {
            base = try data.loadRuleBase()
            facts = try await FactAssembly.gather(snapshot: gather.snapshot, logs: gather.logs, deadline: gather.deadline,
                                                  answers: answers, base: base)
        }
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

    /// As `gather(...base:)` with the rule base still loading (`loaded` waits for it and checks
    /// it). Its errors and then the answers' are thrown before the evidence's, and the evidence's
    /// notices printed after both, as when the rule base was loaded first.
    static func gather(snapshot: String?, logs: [String], deadline: Double, answers: AnswerOptions,
                       loaded: () async throws -> RuleBase) async throws -> (facts: FactStore, base: RuleBase) {
        let gathered: Gathered
        do {
            gathered = try await EvidencePipeline.gather(EvidenceRequest(snapshot: snapshot, logs: logs, deadline: deadline))
        } catch {
            _ = try answers.read(base: try await loaded())
            throw error
        }
        let base = try await loaded()
        let answered = try answers.read(base: base)
        for notice in gathered.notices { Output.error(notice) }
        var store = gathered.facts()
        for setAside in answered.apply(to: &store) { Output.warning(setAside.description) }
        return (store, base)
    }
}
