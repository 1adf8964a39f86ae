import Facts

/// Builds a record: an ordered JSON object whose first field is `line`. Nil fields are left out,
/// so a record shows only what the output said.
public struct Record {
    private var pairs: [(String, JSONValue)]

    public init(line: Int) { pairs = [("line", .number(Double(line)))] }

    public mutating func set(_ key: String, _ value: String?) {
        if let value { put(key, .string(value)) }
    }
    public mutating func set(_ key: String, _ value: Int?) {
        if let value { put(key, .number(Double(value))) }
    }
    public mutating func set(_ key: String, _ value: Double?) {
        if let value { put(key, .number(value)) }
    }
    public mutating func set(_ key: String, _ value: Bool?) {
        if let value { put(key, .bool(value)) }
    }
    public mutating func set(_ key: String, _ value: [String]?) {
        if let value { put(key, .array(value.map { .string($0) })) }
    }
    public mutating func set(_ key: String, json value: JSONValue?) {
        if let value { put(key, value) }
    }

    public subscript(key: String) -> JSONValue? { pairs.first { $0.0 == key }?.1 }

    public var json: JSONValue { .object(pairs) }

    private mutating func put(_ key: String, _ value: JSONValue) {
        if let i = pairs.firstIndex(where: { $0.0 == key }) { pairs[i].1 = value } else { pairs.append((key, value)) }
    }
}

extension JSONValue {
    /// The 1-based line a record starts on.
    public var recordLine: Int? { self["line"]?.numberValue.map { Int($0) } }
}
