import Engine
import Facts
import Operator
import Foundation
import Report
import RuleBase

/// The wizard's conversation: a summary of what the probes found, then question after question
/// (chosen by `QuestionPlanner`), re-running the engine after every answer, until a problem is
/// confirmed or nothing more can be learned; then the diagnosis. Commands at the prompt
/// (`WizardInput`) explain each step. After the diagnosis the prompt stays open for `how`,
/// `explain`, `back`, `save` ... until `quit` or the end of input.
public final class WizardSession {
    public let base: RuleBase
    public let planner: QuestionPlanner
    let explainer: Explainer
    let summaries: Summaries
    let reader: LineReader
    let write: (String) -> Void
    public private(set) var state: SessionState
    /// Answers changed since the last `save`.
    var unsaved = false
    /// Recognises pasted evidence (log lines, notify names, command output) with the parsers;
    /// nil: pastes are not understood (the benchmark's simulated operator never pastes).
    public typealias Recognizer = (String) -> (what: String, facts: [Fact])?
    let recognize: Recognizer?

    public init(base: RuleBase, gathered: FactStore, reader: LineReader, style: Style,
                planner: QuestionPlanner? = nil, recognize: Recognizer? = nil, write: @escaping (String) -> Void) {
        self.recognize = recognize
        self.base = base
        self.planner = planner ?? QuestionPlanner(base: base)
        self.explainer = Explainer(base: base, style: style)
        self.summaries = Summaries(base: base, style: style)
        self.reader = reader
        self.write = write
        self.state = SessionState(gathered: gathered)
    }

    /// Runs the session to its end; returns the last diagnosis.
    @discardableResult
    public func run() -> Diagnosis {
        var d = planner.engine.run(state.facts)
        write(summaries.gathering(state.facts, diagnosis: d))
        var endShown = false
        while true {
            let facts = state.facts
            d = planner.engine.run(facts)
            let plan = planner.next(facts, skipped: state.skipped, now: d)
            if let plan {
                endShown = false
                write(explainer.question(plan.question, number: state.questionsAsked + 1, facts: facts))
            } else if !endShown {
                write(summaries.end(d, asked: state.questionsAsked))
                write(explainer.style.dim("(type `how ID`, `explain TOPIC`, `facts`, `back`, `save FILE`, or `quit`)") + "\n")
                endShown = true
            }
            installCompletion(plan)
            let prompt = plan == nil ? "ipsec-doctor> " : "answer> "
            switch readUntilStateChanges(prompt: prompt, plan: plan, diagnosis: d) {
            case .changed: continue
            case .finished: return planner.engine.run(state.facts)
            }
        }
    }

    enum LoopResult { case changed, finished }

    /// Reads lines and runs commands until an answer, skip, back or resume changes what is known.
    func readUntilStateChanges(prompt: String, plan: QuestionPlanner.Plan?, diagnosis d: Diagnosis) -> LoopResult {
        while true {
            guard let line = reader.readLine(prompt: prompt) else {
                offerToSave()
                return .finished
            }
            switch WizardInput.parse(line) {
            case .empty:
                continue
            case let .answer(text):
                // Evidence first: a pasted log line is never "not an answer", and after the
                // last question it may still change the diagnosis.
                if take(pasted: text) { return .changed }
                guard let plan else {
                    write("The questions are over. Paste a log line or error message to add evidence (`paste` for several lines), `back` undoes your last answer, `quit` ends the session.\n")
                    continue
                }
                guard let (label, assignments) = interpret(text, for: plan.question) else {
                    write("'\(text)' is not an answer I understand. Please answer \(explainer.acceptedAnswers(plan.question).joined(separator: " / ")), or `unknown`.\n")
                    continue
                }
                state.answer(plan.question, label: label, assignments)
                unsaved = true
                return .changed
            case .skip:
                guard let plan else { write("No question is pending.\n"); continue }
                state.skip(plan.question)
                unsaved = true
                write("Noted: you do not know \(plan.question.subject); I will not ask again.\n")
                return .changed
            case .why:
                if let plan { write(explainer.plainWhy(plan, diagnosis: d)) } else { write("No question is pending: the diagnosis above is where the rules led.\n") }
            case .whyDetail:
                if let plan { write(explainer.why(plan, facts: d.facts)) } else { write("No question is pending: the diagnosis above is where the rules led.\n") }
            case let .paste(inline):
                let block = inline ?? readBlock()
                if block.isEmpty { write("Nothing pasted.\n"); continue }
                if take(pasted: block) { return .changed }
                write("I could not read that as a log, an error message or a command's output I know (`ipsec-doctor parse --list` names them).\n")
            case let .how(id):
                if let id { write(explainer.how(id, diagnosis: d)) } else if let plan { write(explainer.allWays(plan.question)) } else {
                    write("how ID: name a diagnosis, e.g. how \(d.findings.first?.id ?? "ike.auth-failed-psk")\n")
                }
            case let .explain(topic):
                write(explainer.explain(topic, facts: d.facts))
            case .facts:
                write(explainer.facts(d.facts))
            case .help:
                write(WizardInput.helpText + "\n")
            case .back:
                guard let step = state.back() else { write("There is no answer to undo.\n"); continue }
                unsaved = true
                switch step {
                case let .answered(question, answer, sets, _, _):
                    let what = sets.map { "\($0.fact) = \($0.value)" }.joined(separator: ", ")
                    write("Undone: your answer \(answer) to \(question)" + (what.isEmpty ? "" : " (\(what))") + ".\n")
                case let .skipped(question, _): write("Undone: skipping \(question).\n")
                case let .pasted(_, what, _, _): write("Undone: what you pasted (\(what)).\n")
                }
                return .changed
            case let .save(path):
                save(to: path ?? WizardSession.defaultFile)
            case let .resume(path):
                if resume(from: path ?? WizardSession.defaultFile) { return .changed }
            case .quit:
                offerToSave()
                return .finished
            }
        }
    }

    static let defaultFile = "ipsec-doctor-session.yaml"

    // MARK: pasted evidence

    /// Recognises `text` as evidence; when it is, records its facts and says what it settled.
    func take(pasted text: String) -> Bool {
        guard let recognize, let (what, facts) = recognize(text) else { return false }
        let before = state.facts
        let new = facts.filter { before.value($0.name) != $0.value }
        let answered = state.paste(text, what: what, facts: facts, observations: base.questions)
        unsaved = true
        let shown = (new.isEmpty ? facts : new).prefix(6).map { "\($0.name) = \($0.value)" }.joined(separator: ", ")
        write("Read what you pasted as \(what): " + (new.isEmpty ? "nothing new (\(shown) was known)" : shown) + ". Questions it settles are skipped"
              + (answered.isEmpty ? "" : " (it answers \(answered.joined(separator: "; ")))") + ".\n")
        return true
    }

    /// The lines after `paste`, up to an empty line (or `end`, or the end of input).
    func readBlock() -> String {
        write("Paste the text, then an empty line:\n")
        var lines: [String] = []
        while lines.count < 20_000, let line = reader.readLine(prompt: "") {
            if line.trimmingCharacters(in: .whitespaces).isEmpty || line.trimmingCharacters(in: .whitespaces) == "end" { break }
            lines.append(line)
        }
        return lines.joined(separator: "\n")
    }

    /// Reads an answer: the label to record and the facts it sets; nil when it does not fit.
    func interpret(_ text: String, for q: Question) -> (String, [Question.Assignment])? {
        if q.kind == .choice {
            guard let choice = WizardSession.choice(text, of: q) else { return nil }
            if q.isObservation { return (choice.answer, q.assignments(for: choice)) }
            return AnswerCoercion.value(choice.answer, kind: base.definition(of: q.fact)?.kind)
                .map { (choice.answer, [Question.Assignment(q.fact, $0)]) }
        }
        return value(of: text, for: q).map { (text, [Question.Assignment(q.fact, $0)]) }
    }

    /// A choice by its number in the list, its name, or a prefix only it has.
    static func choice(_ text: String, of q: Question) -> Question.Choice? {
        let t = text.lowercased()
        if let n = Int(t), q.choices.indices.contains(n - 1), q.isObservation { return q.choices[n - 1] }
        if let exact = q.choices.first(where: { $0.answer.lowercased() == t }) { return exact }
        let prefixed = q.choices.filter { $0.answer.lowercased().hasPrefix(t) }
        return prefixed.count == 1 ? prefixed[0] : nil
    }

    /// Validates a single-fact answer against the question's kind; nil when it does not fit.
    func value(of text: String, for q: Question) -> FactValue? {
        let kind = base.definition(of: q.fact)?.kind
        switch q.kind {
        case .yesno:
            let t = text.lowercased()
            return AnswerCoercion.bool(t).flatMap { AnswerCoercion.value($0 ? "yes" : "no", kind: kind ?? .bool) }
        case .choice:
            return WizardSession.choice(text, of: q).flatMap { AnswerCoercion.value($0.answer, kind: kind) }
        case .number:
            guard Double(text) != nil else { return nil }
            return checked(text, for: q, kind: kind ?? .number)
        case .text:
            return checked(text, for: q, kind: kind ?? .string)
        }
    }

    /// A typed answer the vocabulary accepts (one of the fact's `values`, where it lists them),
    /// as `--answer` checks it; nil otherwise.
    func checked(_ text: String, for q: Question, kind: FactDefinition.Kind) -> FactValue? {
        guard let def = base.definition(of: q.fact) else { return AnswerCoercion.value(text, kind: kind) }
        return try? AnswerChecker(base: base).value(text: text, for: def, fact: q.fact, subject: q.id)
    }

    // MARK: save and resume

    func save(to path: String) {
        let answers = state.answersToSave
        do {
            let comment = "ipsec-doctor wizard session: `resume FILE` in the wizard, or `ipsec-doctor diagnose --answers FILE`"
            if answers.isEmpty {
                try "# \(comment)\nanswers: {}\n".write(toFile: path, atomically: true, encoding: .utf8)
            } else {
                try AnswerFile.write(answers, to: path, comment: comment)
            }
            unsaved = false
            // One answer to an observation question sets several facts: count both.
            let given = state.answersGiven
            let facts = answers.count == given ? "" : " (\(answers.count) fact\(answers.count == 1 ? "" : "s"))"
            write("Saved \(given) answer\(given == 1 ? "" : "s")\(facts) to \(path).\n")
        } catch {
            write("Cannot save to \(path): \(error.localizedDescription)\n")
        }
    }

    @discardableResult
    func resume(from path: String) -> Bool {
        let loaded: [AnswerFile.Answer]
        guard FileManager.default.fileExists(atPath: path) else {
            write("Cannot resume: there is no file \(path).\n"); return false
        }
        do {
            loaded = try AnswerFile.load(path)
        } catch {
            write("Cannot resume: \(error)\n"); return false
        }
        var taken = 0
        let checker = AnswerChecker(base: base)
        for a in loaded {
            do {
                let def = try checker.definition(of: a.fact, subject: a.location.description, code: .badInput)
                let value = try checker.value(a.value, for: def, fact: a.fact, subject: a.location.description)
                // As with --answers: what the host shows is replaced only under `overrides:`.
                if !a.overrides, let seen = state.facts[a.fact], OperatorAnswers.isObserved(seen), seen.value != value {
                    write("  \(a.location): \(a.fact) = \(value) not used, the host shows \(seen.value) (put it under `overrides:` to replace that)\n")
                    continue
                }
                state.answer(fact: a.fact, value, source: path)
                taken += 1
            } catch {
                write("  \(error), ignored\n")
            }
        }
        unsaved = true
        write("Resumed \(taken) answer\(taken == 1 ? "" : "s") from \(path).\n")
        return taken > 0
    }

    /// On quit or end of input: offers to save answers not saved yet.
    func offerToSave() {
        guard unsaved, state.steps.contains(where: { if case .answered = $0 { return true }; return false }) else { return }
        guard let reply = reader.readLine(prompt: "Save your answers to resume later? [y/N] "),
              AnswerCoercion.bool(reply) == true else { return }
        let file = reader.readLine(prompt: "File [\(WizardSession.defaultFile)]: ")?.trimmingCharacters(in: .whitespaces) ?? ""
        save(to: file.isEmpty ? WizardSession.defaultFile : file)
    }

    // MARK: completion

    func installCompletion(_ plan: QuestionPlanner.Plan?) {
        var answers: [String] = []
        if let q = plan?.question {
            switch q.kind {
            case .yesno: answers = ["yes", "no"]
            case .choice: answers = q.answers
            default: break
            }
            answers += ["unknown", "skip"]
        }
        let topics = (base.articles.map(\.id) + base.articles.flatMap(\.aliases)).sorted()
        let ids = (Set(base.diagnosisRules.compactMap(\.diagnosisID)).union(base.factRules.map(\.conclusion.label))).sorted()
        let commands = WizardInput.commands
        let offered = answers
        reader.completer = { line, _ in
            let head = line.trimmingCharacters(in: .whitespaces).lowercased()
            if head.isEmpty { return offered + commands }
            if head == "explain" || head == "help" { return topics }
            if head == "how" { return ids }
            if head == "save" || head == "resume" { return nil }
            return []
        }
    }
}
