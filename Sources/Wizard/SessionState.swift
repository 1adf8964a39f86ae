import Facts
import RuleBase

/// What the session knows: the facts gathered before it started (probes, snapshot, --answer),
/// then the operator's answers and skips in the order given, so `back` can undo the last one.
public struct SessionState: Sendable {
    public enum Step: Sendable {
        case answered(question: String, fact: String, value: FactValue, source: String)
        case skipped(question: String, fact: String)
    }

    public let gathered: FactStore
    public private(set) var steps: [Step] = []

    public init(gathered: FactStore) { self.gathered = gathered }

    /// All facts: gathered ones, with each answer on top (an answer outranks a probe).
    public var facts: FactStore {
        var store = gathered
        for case let .answered(question, fact, value, source) in steps {
            store.set(Fact(fact, value, from: Provenance(.answer, source, excerpt: question)))
        }
        return store
    }

    public var skipped: Set<String> {
        var out = Set<String>()
        for step in steps {
            switch step {
            case let .skipped(_, fact): out.insert(fact)
            case let .answered(_, fact, _, _): out.remove(fact)
            }
        }
        return out
    }

    public var questionsAnswered: Int { steps.count }

    public mutating func answer(_ q: Question, _ value: FactValue) {
        steps.append(.answered(question: q.id, fact: q.fact, value: value, source: "wizard"))
    }

    public mutating func answer(fact: String, _ value: FactValue, source: String) {
        steps.append(.answered(question: fact, fact: fact, value: value, source: source))
    }

    public mutating func skip(_ q: Question) {
        steps.append(.skipped(question: q.id, fact: q.fact))
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
        for case let .answered(_, fact, value, _) in steps { put(fact, value) }
        return out
    }
}
