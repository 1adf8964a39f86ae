/// All facts known in one diagnosis. One value per name: an operator's answer outranks a probe,
/// which outranks an inference, because the operator sees what no probe can.
public struct FactStore: Sendable {
    public private(set) var facts: [String: Fact] = [:]
    public private(set) var probes: [ProbeStatus] = []

    public init(_ facts: [Fact] = []) {
        for fact in facts { set(fact) }
    }

    public subscript(name: String) -> Fact? { facts[name] }

    public func value(_ name: String) -> FactValue? { facts[name]?.value }

    public func isKnown(_ name: String) -> Bool { facts[name] != nil }

    /// Adds a fact. Where a fact of that name exists, the stronger source wins; equal sources
    /// merge: booleans OR together (one log line showing a failure is enough), numbers add up
    /// only when `accumulate` is set, otherwise the later value wins.
    public mutating func set(_ fact: Fact, accumulate: Bool = false) {
        guard let old = facts[fact.name] else { facts[fact.name] = fact; return }
        let oldRank = FactStore.rank(old), newRank = FactStore.rank(fact)
        if newRank > oldRank { facts[fact.name] = fact; return }
        if newRank < oldRank { return }
        var merged = fact
        switch (old.value, fact.value) {
        case let (.bool(a), .bool(b)):
            merged.value = .bool(a || b)
            // Keep the evidence that shows `true`: that is the interesting line.
            merged.provenance = a && !b ? old.provenance : (a == b ? old.provenance + fact.provenance : fact.provenance)
        case let (.number(a), .number(b)) where accumulate:
            merged.value = .number(a + b)
            merged.provenance = old.provenance + fact.provenance
        case let (.list(a), .list(b)):
            var seen = Set(a)
            merged.value = .list(a + b.filter { seen.insert($0).inserted })
            merged.provenance = old.provenance + fact.provenance
        default:
            break
        }
        merged.provenance = Array(merged.provenance.prefix(8))
        facts[fact.name] = merged
    }

    public mutating func remove(_ name: String) { facts[name] = nil }

    public mutating func record(_ status: ProbeStatus) { probes.append(status) }

    public var sortedFacts: [Fact] { facts.values.sorted { $0.name < $1.name } }

    static func rank(_ fact: Fact) -> Int {
        switch fact.provenance.first?.kind {
        case .answer?: return 3
        case .rule?: return 1
        default: return 2
        }
    }
}
