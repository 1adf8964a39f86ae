import Engine
import Facts
import Operator
import RuleBase

/// What the session knows: the facts gathered before it started (probes, snapshot, --answer),
/// then the operator's answers and skips in the order given, so `back` can undo the last one.
public struct SessionState: Sendable {
    public enum Step: Sendable {
        /// `answer` as typed (or the file it came from); `sets` the facts it gave values to;
        /// `covers` every fact the question could set (an observation's answer settles them all:
        /// the lines it did not pick are not asked about again).
        case answered(question: String, answer: String, sets: [Question.Assignment], covers: [String], source: String)
        case skipped(question: String, facts: [String])
        /// Evidence the operator pasted (a log line, a notify name, a command's output), as
        /// recognised by the parsers: `what` it was taken for, the facts it shows (with those of
        /// the observation answers it amounts to), and `covers`, the facts of those observation
        /// questions, which are not asked about again.
        case pasted(text: String, what: String, facts: [Fact], covers: [String])
    }

    public let gathered: FactStore
    public private(set) var steps: [Step] = []

    public init(gathered: FactStore) { self.gathered = gathered }

    /// All facts: gathered ones, with each answer on top (an answer outranks a probe).
    public var facts: FactStore {
        var store = gathered
        for step in steps {
            switch step {
            case let .answered(question, _, sets, _, source):
                for a in sets { store.set(Fact(a.fact, a.value, from: Provenance(.answer, source, excerpt: question))) }
            case let .pasted(_, _, facts, _):
                for f in facts { store.set(f) }
            case .skipped:
                break
            }
        }
        return store
    }

    /// Facts not to ask about again: the operator could not find them out, or an answer to an
    /// observation question already covered them (and has not been answered since).
    public var skipped: Set<String> {
        var out = Set<String>()
        for step in steps {
            switch step {
            case let .skipped(_, facts): out.formUnion(facts)
            case let .answered(_, _, sets, covers, _):
                let set = Set(sets.map(\.fact))
                out.subtract(set)
                out.formUnion(covers.filter { !set.contains($0) })
            case let .pasted(_, _, facts, covers):
                let set = Set(facts.map(\.name))
                out.subtract(set)
                out.formUnion(covers.filter { !set.contains($0) })
            }
        }
        return out
    }

    public var questionsAnswered: Int { steps.count }

    /// Questions the operator answered or skipped in this session: not the answers a `resume`
    /// loaded, nor pastes. "Question N" and "Diagnosis after N questions" count these.
    public var questionsAsked: Int {
        steps.filter { step in
            switch step {
            case let .answered(_, _, _, _, source): return source == "wizard"
            case .skipped: return true
            case .pasted: return false
            }
        }.count
    }

    /// What the operator gave: answers on the command line, in this session (or resumed), pastes.
    public var answersGiven: Int {
        gathered.facts.values.filter { $0.provenance.first?.kind == .answer }.count
            + steps.filter { if case .skipped = $0 { return false }; return true }.count
    }

    /// Evidence pasted at a prompt. A paste that picks exactly one answer of an observation
    /// question (a pasted NO_PROPOSAL_CHOSEN line is the "ike-no-proposal" line of "which error
    /// does the log show") answers it: that answer's facts fill the gaps, as a typed answer
    /// would, and the question is not asked. Returns the questions it answered.
    @discardableResult
    public mutating func paste(_ text: String, what: String, facts: [Fact], observations: [Question] = []) -> [String] {
        var all = facts, covers: [String] = [], answered: [String] = []
        let known = self.facts
        for q in observations where q.isObservation {
            let shown = facts.filter { q.facts.contains($0.name) }
            guard !shown.isEmpty else { continue }
            let fitting = q.choices.filter { c in
                shown.allSatisfy { f in c.sets.contains { $0.fact == f.name && $0.value == f.value } }
            }
            guard fitting.count == 1, let choice = fitting.first else { continue }
            var store = known
            for f in all { store.set(f) }
            for a in QuestionPlanner.effective(q.assignments(for: choice), of: q, given: store) {
                all.append(Fact(a.fact, a.value, from: Provenance(.log, "you pasted", excerpt: "\(q.id): \(choice.answer)")))
            }
            covers.append(contentsOf: q.facts)
            answered.append("\(q.id): \(choice.answer)")
        }
        steps.append(.pasted(text: text, what: what, facts: all, covers: covers))
        return answered
    }

    /// A single-fact answer.
    public mutating func answer(_ q: Question, _ value: FactValue) {
        steps.append(.answered(question: q.id, answer: value.description, sets: [Question.Assignment(q.fact, value)], covers: [q.fact],
                               source: "wizard"))
    }

    /// The answer `label` to `q`, setting `assignments`; an observation fills only the facts not
    /// known yet (it never overrules a probe).
    public mutating func answer(_ q: Question, label: String, _ assignments: [Question.Assignment]) {
        let sets = QuestionPlanner.effective(assignments, of: q, given: facts)
        steps.append(.answered(question: q.id, answer: label, sets: sets, covers: q.facts, source: "wizard"))
    }

    /// An answer from a session file or `resume`.
    public mutating func answer(fact: String, _ value: FactValue, source: String) {
        steps.append(.answered(question: fact, answer: value.description, sets: [Question.Assignment(fact, value)], covers: [fact], source: source))
    }

    public mutating func skip(_ q: Question) {
        let open = q.facts.filter { !facts.isKnown($0) }
        steps.append(.skipped(question: q.id, facts: open.isEmpty ? q.facts : open))
    }

    /// Undoes the last answer or skip; returns it.
    public mutating func back() -> Step? { steps.popLast() }

    /// The operator's answers to save: those given on the command line, then the wizard's.
    public var answersToSave: [(String, FactValue)] {
        var out: [(String, FactValue)] = []
        var index: [String: Int] = [:]
        func put(_ name: String, _ value: FactValue) {
            if let i = index[name] { out[i].1 = value } else { index[name] = out.count; out.append((name, value)) }
        }
        for fact in gathered.sortedFacts where fact.provenance.first?.kind == .answer { put(fact.name, fact.value) }
        for step in steps {
            switch step {
            case let .answered(_, _, sets, _, _): for a in sets { put(a.fact, a.value) }
            case let .pasted(_, _, facts, _): for f in facts { put(f.name, f.value) }
            case .skipped: break
            }
        }
        return out
    }
}
