import Engine
import Facts
import Operator
import RuleBase
import Wizard

/// An operator who answers truthfully from a ground-truth fact table and says "unknown" to
/// anything the table does not hold: the benchmark of how many questions the wizard needs.
/// No probes: everything comes from answers, as on a host with no IPsec stack at hand.
public struct SimulatedOperator: Sendable {
    public struct Run: Sendable {
        public var asked: [(question: String, answer: String)]
        public var diagnosis: Diagnosis
        /// The top problem finding, if any.
        public var concluded: String?
        public var questions: Int { asked.count }
    }

    public let planner: QuestionPlanner

    public init(planner: QuestionPlanner) { self.planner = planner }

    /// Plays one session; `limit` guards against a planner that never stops.
    /// `observe` sees each plan before it is answered (the benchmark's `--steps`).
    public func run(truth: [String: FactValue], given: FactStore = FactStore(), limit: Int = 60,
                    observe: ((QuestionPlanner.Plan, FactStore) -> Void)? = nil) -> Run {
        var state = SessionState(gathered: given)
        var asked: [(String, String)] = []
        while asked.count < limit {
            guard let plan = planner.next(state.facts, skipped: state.skipped) else { break }
            observe?(plan, state.facts)
            let q = plan.question
            if q.isObservation {
                if let choice = SimulatedOperator.choose(q, truth: truth) {
                    state.answer(q, label: choice.answer, q.assignments(for: choice))
                    asked.append((q.id, choice.answer))
                } else {
                    state.skip(q)
                    asked.append((q.id, "unknown"))
                }
            } else if let value = truth[q.fact] {
                let kind = planner.base.definition(of: q.fact)?.kind
                state.answer(q, AnswerCoercion.coerce(value, to: kind))
                asked.append((q.id, value.description))
            } else {
                state.skip(q)
                asked.append((q.id, "unknown"))
            }
        }
        let d = planner.engine.run(state.facts)
        let top = d.findings.first(where: { $0.severity == .problem })?.id
        return Run(asked: asked, diagnosis: d, concluded: top)
    }

    /// The first choice whose own facts all agree with the truth, as an operator reading the
    /// list top-down picks the first line that fits what they see. A count a choice sets to 1
    /// means "it rose": it agrees with any count above zero. A choice that sets nothing of its
    /// own ("none of these") fits when everything in `otherwise` does.
    public static func choose(_ q: Question, truth: [String: FactValue]) -> Question.Choice? {
        q.choices.first { c in
            (c.sets.isEmpty ? q.otherwise : c.sets).allSatisfy { a in
                guard let t = truth[a.fact] else { return false }
                if case let .number(x) = a.value, case let .number(y) = t { return (x > 0) == (y > 0) }
                return t == a.value
            }
        }
    }
}
