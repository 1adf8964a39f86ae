/// The value of a condition in three-valued (Kleene) logic. An unknown fact makes a comparison
/// unknown; `and` is false as soon as one side is false, `or` true as soon as one side is true.
/// That is what lets the engine say which missing facts could still change a conclusion.
public enum Truth: Sendable, Equatable {
    /// True, with the certainty of the weakest premise and the facts it rests on.
    case yes(certainty: Double, facts: Set<String>)
    case no(facts: Set<String>)
    /// Not decidable yet: these missing facts could decide it.
    case unknown(missing: Set<String>)

    public var isTrue: Bool { if case .yes = self { return true }; return false }
    public var isFalse: Bool { if case .no = self { return true }; return false }
    public var isUnknown: Bool { if case .unknown = self { return true }; return false }
}
