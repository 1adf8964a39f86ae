import Facts

extension Condition {
    /// Evaluates the condition over the facts in three-valued logic.
    public func evaluate(_ facts: FactStore) -> Truth {
        switch self {
        case let .constant(b): return b ? .yes(certainty: 1, facts: []) : .no(facts: [])
        case let .known(name):
            return facts.isKnown(name) ? .yes(certainty: 1, facts: [name]) : .no(facts: [])
        case let .unknown(name):
            return facts.isKnown(name) ? .no(facts: [name]) : .yes(certainty: 1, facts: [])
        case let .truthy(name):
            guard let fact = facts[name] else { return .unknown(missing: [name]) }
            return Condition.isTruthy(fact.value) ? .yes(certainty: fact.certainty, facts: [name]) : .no(facts: [name])
        case let .compare(lhs, op, rhs):
            var missing = Set<String>(), used = Set<String>(), certainty = 1.0
            func resolve(_ o: Operand) -> FactValue? {
                switch o {
                case let .literal(v): return v
                case let .fact(name):
                    guard let f = facts[name] else { missing.insert(name); return nil }
                    used.insert(name)
                    certainty = min(certainty, f.certainty)
                    return f.value
                }
            }
            let l = resolve(lhs), r = resolve(rhs)
            guard let l, let r else { return .unknown(missing: missing) }
            return Condition.compare(l, op, r) ? .yes(certainty: certainty, facts: used) : .no(facts: used)
        case let .not(inner):
            switch inner.evaluate(facts) {
            case let .yes(_, used): return .no(facts: used)
            case let .no(used): return .yes(certainty: 1, facts: used)
            case let .unknown(missing): return .unknown(missing: missing)
            }
        case let .and(items):
            var missing = Set<String>(), used = Set<String>(), certainty = 1.0
            for item in items {
                switch item.evaluate(facts) {
                case let .no(f): return .no(facts: f)
                case let .unknown(m): missing.formUnion(m)
                case let .yes(c, f): certainty = min(certainty, c); used.formUnion(f)
                }
            }
            return missing.isEmpty ? .yes(certainty: certainty, facts: used) : .unknown(missing: missing)
        case let .or(items):
            var missing = Set<String>(), used = Set<String>()
            var best: (Double, Set<String>)?
            for item in items {
                switch item.evaluate(facts) {
                case let .yes(c, f): if best == nil || c > best!.0 { best = (c, f) }
                case let .unknown(m): missing.formUnion(m)
                case let .no(f): used.formUnion(f)
                }
            }
            if let best { return .yes(certainty: best.0, facts: best.1) }
            return missing.isEmpty ? .no(facts: used) : .unknown(missing: missing)
        }
    }

    static func isTruthy(_ v: FactValue) -> Bool {
        switch v {
        case let .bool(b): return b
        case let .number(n): return n != 0
        case let .string(s): return !s.isEmpty && s != "false" && s != "no"
        case let .list(l): return !l.isEmpty
        }
    }

    static func compare(_ l: FactValue, _ op: Comparison, _ r: FactValue) -> Bool {
        switch op {
        case .contains:
            if case let .list(items) = l { return items.contains(r.description) }
            return l.description.lowercased().contains(r.description.lowercased())
        case .isIn:
            if case let .list(items) = r { return items.contains(l.description) }
            return false
        default: break
        }
        if let a = number(l), let b = number(r) {
            switch op {
            case .equal: return a == b
            case .notEqual: return a != b
            case .less: return a < b
            case .lessOrEqual: return a <= b
            case .greater: return a > b
            case .greaterOrEqual: return a >= b
            default: return false
            }
        }
        let a = l.description, b = r.description
        switch op {
        case .equal: return a == b
        case .notEqual: return a != b
        case .less: return a < b
        case .lessOrEqual: return a <= b
        case .greater: return a > b
        case .greaterOrEqual: return a >= b
        default: return false
        }
    }

    /// Numbers compare as numbers; booleans as 1/0 so `x == true` works for either.
    static func number(_ v: FactValue) -> Double? {
        switch v {
        case let .number(n): return n
        case let .bool(b): return b ? 1 : 0
        default: return nil
        }
    }
}
