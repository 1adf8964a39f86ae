import Facts

/// A question the wizard may ask, declared in `Rules/questions/*.yaml`.
///
/// Most questions set one fact (`fact:`): "Is UDP 500 dropped by the packet filter?". An
/// *observation* question instead offers several outcomes, each of which sets several facts
/// (`choices:` with `sets:`): "What does tcpdump show?" — nothing / IKE out only / ESP out only
/// ... One such answer tells apart many causes at once, which is what keeps the wizard short.
public struct Question: Sendable {
    public enum Kind: String, Sendable { case yesno, choice, number, text }

    /// One allowed answer of a `choice` question.
    public struct Choice: Sendable {
        /// What the operator types (and tab completion offers).
        public var answer: String
        /// What the answer means, shown next to it; empty for a plain value.
        public var meaning: String
        /// The facts this answer sets, in order; empty for a plain value of the question's `fact`.
        public var sets: [Assignment]
        public var location: SourceLocation

        public init(answer: String, meaning: String = "", sets: [Assignment] = [], location: SourceLocation) {
            self.answer = answer
            self.meaning = meaning
            self.sets = sets
            self.location = location
        }
    }

    /// One fact and the value an answer gives it.
    public struct Assignment: Sendable {
        public let fact: String
        public var value: FactValue
        public init(_ fact: String, _ value: FactValue) {
            self.fact = fact
            self.value = value
        }
    }

    public var id: String
    /// The fact a single-fact question sets; empty for an observation question.
    public let fact: String
    public var prompt: String
    public var kind: Kind
    /// For `choice`: the allowed answers.
    public let choices: [Choice]
    /// For an observation question: what every fact it covers is, unless the chosen answer says
    /// otherwise ("none of the other lines is in the log").
    public let otherwise: [Assignment]
    /// Every fact an answer to this question can set, in the order declared (worked out once:
    /// the planner asks for it on every step).
    public let facts: [String]
    /// Why it is asked, in the operator's words.
    public var help: String
    /// How to find out, per platform (`linux`, `openbsd`, `illumos`) or implementation, and `any`.
    public var how: [String: String]
    /// Effort for the operator: 1 knows it, 2 runs a command, 3 captures packets or asks the peer.
    public var cost: Double
    public var location: SourceLocation

    public init(id: String, fact: String, prompt: String, kind: Kind, choices: [Choice] = [], otherwise: [Assignment] = [],
                help: String = "", how: [String: String] = [:], cost: Double = 1, location: SourceLocation) {
        self.id = id
        self.fact = fact
        self.prompt = prompt
        self.kind = kind
        self.choices = choices
        self.otherwise = otherwise
        if fact.isEmpty {
            var seen = Set<String>(), out: [String] = []
            for a in choices.flatMap(\.sets) + otherwise where seen.insert(a.fact).inserted { out.append(a.fact) }
            self.facts = out
        } else {
            self.facts = [fact]
        }
        self.help = help
        self.how = how
        self.cost = cost
        self.location = location
    }

    /// True for a question whose answers set several facts.
    public var isObservation: Bool { fact.isEmpty }

    /// The answers the operator may type, in order.
    public var answers: [String] { choices.map(\.answer) }

    /// What choosing `choice` sets: its own facts, then `otherwise` for the facts it leaves out.
    public func assignments(for choice: Choice) -> [Assignment] {
        let own = Set(choice.sets.map(\.fact))
        return choice.sets + otherwise.filter { !own.contains($0.fact) }
    }

    /// A short name for what the question is about, for `why` and `skip`: its fact, or its id.
    public var subject: String { isObservation ? id : fact }
}
