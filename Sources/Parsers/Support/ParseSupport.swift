import Facts

/// Collects what a parser makes of its input: records, the lines they account for, and the
/// lines it could not read. Every parser ends with `result(source:)`.
struct ParseAccumulator {
    var records: [JSONValue] = []
    var unparsed: [UnparsedLine] = []
    var accounted = IndexSet()

    mutating func account(_ line: Int) { accounted.insert(line) }
    mutating func account(_ lines: [Int]) { for l in lines { accounted.insert(l) } }
    mutating func reject(_ line: NumberedLine) {
        if !line.isBlank { unparsed.append(UnparsedLine(line: line.number, text: line.text)) }
    }
    mutating func add(_ record: Record, lines: [Int]) {
        records.append(record.json)
        account(lines)
    }
    func result(source: String) -> ParseResult {
        ParseResult(source: source, records: records, unparsed: unparsed.sorted { $0.line < $1.line }, accounted: accounted)
    }
}

extension StringProtocol {
    /// Whitespace-separated words (spaces and tabs).
    var words: [String] {
        self.split(whereSeparator: { (c: Character) in c == " " || c == "\t" }).map { String($0) }
    }
}

extension String {
    /// The text after `prefix` if the string starts with it.
    func after(_ prefix: String) -> String? {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : nil
    }
}

extension StringProtocol {
    var trimmedSpaces: String { trimmingCharacters(in: .whitespaces) }
}

/// Reads `key value key value` word sequences (`proto esp spi 0x1 reqid 2 mode tunnel`).
struct WordPairs {
    let words: [String]
    init(_ words: [String]) { self.words = words }
    init(_ text: String) { self.words = text.words }

    /// The word after `key`, first occurrence.
    func value(_ key: String) -> String? {
        guard let i = words.firstIndex(of: key), i + 1 < words.count else { return nil }
        return words[i + 1]
    }
    func int(_ key: String) -> Int? { value(key).flatMap { parseInt($0) } }
}

/// Integers as the tools print them: decimal, or `0x` hexadecimal.
func parseInt(_ s: String) -> Int? {
    if s.hasPrefix("0x") || s.hasPrefix("0X") { return Int(s.dropFirst(2), radix: 16) }
    return Int(s)
}

/// Numbers with thousands separators or unit suffixes removed where harmless (`12345`).
func parseCount(_ s: String) -> Int? {
    Int(s.trimmingCharacters(in: CharacterSet(charactersIn: " ,")))
}

extension JSONValue {
    /// A record field as a string (numbers printed plainly).
    func str(_ key: String) -> String? {
        switch self[key] {
        case let .string(s)?: return s
        case let .number(n)?: return formatNumber(n)
        case let .bool(b)?: return b ? "true" : "false"
        default: return nil
        }
    }
    func num(_ key: String) -> Double? { self[key]?.numberValue }
    func int(_ key: String) -> Int? { self[key]?.numberValue.map { Int($0) } }
    func strings(_ key: String) -> [String] {
        self[key]?.arrayValue?.compactMap { $0.stringValue ?? $0.numberValue.map { formatNumber($0) } } ?? []
    }
    func bool(_ key: String) -> Bool? { self[key]?.boolValue }
}

import Foundation

/// Integers without a fraction, like the JSON output.
func formatNumber(_ n: Double) -> String { FactValue.number(n).description }
