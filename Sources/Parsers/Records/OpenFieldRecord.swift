import Facts

/// A record whose output names fields of its own (`Key.isOpen`), set by the name it gave.
protocol OpenFieldRecord: OrderedFieldRecord {
    var line: Int { get set }
    var fields: OrderedFields<Key> { get set }
}

extension OpenFieldRecord {
    /// The field the output called `name` set to `value`. A field called `line` is the record's
    /// line, as it was when records were JSON objects whose first key is `line`.
    mutating func set(named name: String, _ value: Int?) {
        guard let value else { return }
        if name == "line" { line = value } else { fields.put(named: name, .number(Double(value))) }
    }

    /// The same for text. A text `line` is left out: a record's line is a number (the JSON
    /// records of old showed such a value in place of the line; no real output names one).
    mutating func set(named name: String, _ value: String?) {
        guard let value, name != "line" else { return }
        fields.put(named: name, .string(value))
    }
}
