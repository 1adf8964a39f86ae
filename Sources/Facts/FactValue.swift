/// The value of a fact. Facts are deliberately simple: a rule compares them, a report prints them.
public enum FactValue: Hashable, Sendable, CustomStringConvertible {
    case bool(Bool)
    case number(Double)
    case string(String)
    case list([String])

    public var description: String {
        switch self {
        case let .bool(b): return b ? "true" : "false"
        case let .number(n): return JSONValue.format(number: n)
        case let .string(s): return s
        case let .list(items): return "[" + items.joined(separator: ", ") + "]"
        }
    }

    public var json: JSONValue {
        switch self {
        case let .bool(b): return .bool(b)
        case let .number(n): return .number(n)
        case let .string(s): return .string(s)
        case let .list(items): return .array(items.map { .string($0) })
        }
    }

    public init?(json: JSONValue) {
        switch json {
        case let .bool(b): self = .bool(b)
        case let .number(n): self = .number(n)
        case let .string(s): self = .string(s)
        case let .array(items):
            self = .list(items.map { $0.stringValue ?? $0.serialized() })
        default: return nil
        }
    }
}

import Foundation
