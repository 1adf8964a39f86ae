import Engine
import Facts
import RuleBase

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
    public func run(truth: [String: FactValue], given: FactStore = FactStore(), limit: Int = 60) -> Run {
        var state = SessionState(gathered: given)
        var asked: [(String, String)] = []
        while asked.count < limit {
            guard let plan = planner.next(state.facts, skipped: state.skipped) else { break }
            let q = plan.question
            if let value = truth[q.fact] {
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
}
