import Facts

/// A rule's condition over facts, parsed from the small language of `when:` lines:
///
///     log.ike.auth_failed and not ike.sa.established
///     child.sa.bytes_out > 0 and child.sa.bytes_in == 0
///     ike.implementation in ["strongswan", "libreswan"] or known(xfrm.stat.XfrmInNoPols)
///
/// A bare fact name is true when the fact is true (or a non-zero number, non-empty text or list).
public indirect enum Condition: Sendable, Equatable {
    case and([Condition])
    case or([Condition])
    case not(Condition)
    case truthy(String)
    case compare(Operand, Comparison, Operand)
    case known(String)
    case unknown(String)
    case constant(Bool)

    public enum Operand: Sendable, Equatable {
        case fact(String)
        case literal(FactValue)
    }

    public enum Comparison: String, Sendable, Equatable, CaseIterable {
        case equal = "==", notEqual = "!=", less = "<", lessOrEqual = "<=", greater = ">"
        case greaterOrEqual = ">=", contains = "contains", isIn = "in"
    }

    /// Every fact name the condition mentions.
    public var factNames: Set<String> {
        switch self {
        case let .and(items), let .or(items): return items.reduce(into: Set()) { $0.formUnion($1.factNames) }
        case let .not(inner): return inner.factNames
        case let .truthy(name), let .known(name), let .unknown(name): return [name]
        case let .compare(lhs, _, rhs):
            var names = Set<String>()
            if case let .fact(n) = lhs { names.insert(n) }
            if case let .fact(n) = rhs { names.insert(n) }
            return names
        case .constant: return []
        }
    }
}
