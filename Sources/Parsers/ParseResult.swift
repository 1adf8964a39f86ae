import Facts

/// An input line no record accounts for. Parsing never fails on odd input: it keeps the line.
public struct UnparsedLine: Hashable, Sendable {
    public var line: Int
    public var text: String
    public init(line: Int, text: String) { self.line = line; self.text = text }
}

/// What a parser made of one command's output: records (JSON objects, each with a `line` field
/// giving the 1-based line it starts on, or a source's typed `SourceRecord`s) and every line it
/// could not account for.
public struct ParseResult: Sendable {
    public var source: String
    /// The records, typed or JSON; see `records` and `typed(_:)`.
    public var store: RecordStore
    public var unparsed: [UnparsedLine]
    /// Lines that records account for (not in the JSON): with `unparsed` and the blank lines they
    /// must cover the whole input, which the tests check on large bodies of real output.
    public var accounted: IndexSet

    public init(source: String, records: [JSONValue] = [], unparsed: [UnparsedLine] = [],
                accounted: IndexSet = IndexSet()) {
        self.source = source
        self.store = .fromJSON(records)
        self.unparsed = unparsed
        self.accounted = accounted
    }

    /// A result of typed records (a source with a `SourceRecord` struct).
    public init<R: SourceRecord>(source: String, typed: [R], unparsed: [UnparsedLine] = [], accounted: IndexSet = IndexSet()) {
        self.source = source
        self.store = .fromTyped(typed)
        self.unparsed = unparsed
        self.accounted = accounted
    }

    /// The records as JSON objects (for a typed source made when first asked for, then kept).
    public var records: [JSONValue] {
        get { store.json }
        set { store = .fromJSON(newValue) }
    }

    /// The records as the source's struct (see `SourceRecord`).
    public func typed<R: SourceRecord>(_ type: R.Type) -> [R] { store.typed(type) }

    /// For a text read in another order than given (LogOrder: a log shown newest first), the
    /// line of the given text each line read came from (`givenLines[n - 1]` for line `n`). The
    /// records' and unread lines' numbers count in the order read, so that what follows what in
    /// the log is what follows what in the lines, as the extractors take it; what a user sees
    /// (the JSON, the facts' provenance: `givenLine`) is told in the lines as given.
    public var givenLines: [Int]?

    /// Line `n` of the text read, as a line of the text given.
    public func givenLine(_ n: Int?) -> Int? {
        guard let n, let lines = givenLines, n >= 1, n <= lines.count else { return n }
        return lines[n - 1]
    }

    /// The result told in the lines of the text as given (see `givenLines`); itself for a text
    /// read as given. The records keep the order they were read in (the daemon's); the unread
    /// lines are listed as the text gives them.
    public var inGivenLines: ParseResult {
        guard givenLines != nil else { return self }
        func mapped(_ n: Int) -> Int { givenLine(n) ?? n }
        var result = ParseResult(source: source, unparsed: unparsed.map { UnparsedLine(line: mapped($0.line), text: $0.text) }.sorted { $0.line < $1.line })
        // typed records (the log parsers' `LogEventRecord`s) renumbered as they are; JSON ones key by key
        result.store = store.renumbered(mapped) ?? .fromJSON(records.map { record -> JSONValue in
            guard case let .object(pairs) = record else { return record }
            return .object(pairs.map { key, value in
                guard key == "line", let n = value.numberValue else { return (key, value) }
                return (key, .number(Double(mapped(Int(n)))))
            })
        })
        for n in accounted { result.accounted.insert(mapped(n)) }
        return result
    }

    /// How many records, without making their JSON.
    public var recordCount: Int { store.count }

    /// How many records name a failure or event of the daemon's catalogue (carry an `event`):
    /// what log recognition and PastedLog weigh readings by.
    public var classifiedCount: Int {
        if let log = store as? TypedRecordStore<LogEventRecord> { return log.records.reduce(0) { $0 + ($1.event == nil ? 0 : 1) } }
        return records.reduce(0) { $0 + ($1["event"] == nil ? 0 : 1) }
    }

    /// The contract's JSON form: `{"source", "records", "unparsed": [{"line", "text"}]}`.
    public var json: JSONValue {
        if givenLines != nil { return inGivenLines.json }
        return .object([
            ("source", .string(source)),
            ("records", .array(records)),
            ("unparsed", unparsedJSON),
        ])
    }

    var unparsedJSON: JSONValue {
        .array(unparsed.map { .object([("line", .number(Double($0.line))), ("text", .string($0.text))]) })
    }

    /// `json.serializedUTF8(pretty:)`, byte for byte, with typed records written one by one
    /// instead of made into one JSON tree first (`parse` of a 20,000-SA output). `capacity`:
    /// what to reserve at once (`parse` passes a multiple of its input's size: growing a
    /// 20 MB buffer by doubling copies it and touches fresh pages each time).
    public func serializedUTF8(pretty: Bool, capacity: Int = 4096) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(capacity)
        write(into: &out, pretty: pretty, drain: { _ in })
        return out
    }

    /// `serializedUTF8(pretty:)` handed to `sink` in pieces of about `chunk` bytes (between
    /// two records), from one buffer that is emptied and reused: `parse` of a 20,000-SA output
    /// writes 14–40 MB of JSON, and a buffer of that size is that many fresh pages touched.
    public func writeJSON(pretty: Bool, chunk: Int, to sink: (UnsafeRawBufferPointer) -> Void) {
        var out: [UInt8] = []
        out.reserveCapacity(chunk + chunk / 4)
        write(into: &out, pretty: pretty) { o in
            guard o.count >= chunk else { return }
            o.withUnsafeBytes(sink)
            o.removeAll(keepingCapacity: true)
        }
        out.withUnsafeBytes(sink)
    }

    private func write(into out: inout [UInt8], pretty: Bool, drain: (inout [UInt8]) -> Void) {
        if givenLines != nil { return inGivenLines.write(into: &out, pretty: pretty, drain: drain) }
        func key(_ k: String) {
            if pretty { JSONValue.appendPad(1, to: &out) }
            JSONValue.appendQuoted(k, to: &out)
            out.append(0x3a)
            if pretty { out.append(0x20) }
        }
        func next() { out.append(0x2c); if pretty { out.append(0x0a) } }
        out.append(0x7b)
        if pretty { out.append(0x0a) }
        key("source"); JSONValue.appendQuoted(source, to: &out); next()
        key("records"); store.writeJSON(into: &out, pretty: pretty, indent: 1, drain: drain); next()
        key("unparsed"); unparsedJSON.writeUTF8(into: &out, pretty: pretty, indent: 1)
        if pretty { out.append(0x0a) }
        out.append(0x7d)
    }
}

/// Parses the output of one command or file into records.
public protocol OutputParser: Sendable {
    /// The name `parse SOURCE` takes and snapshots use, e.g. `xfrm-state`.
    var source: String { get }
    /// The command or file it reads, for `parse --list`.
    var summary: String { get }
    func parse(_ text: String) -> ParseResult
    /// `parse` of the text whose UTF-8 bytes (valid UTF-8) these are; the parsers of the big
    /// outputs read them as they are, the others decode them first.
    func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) -> ParseResult
}

extension OutputParser {
    public func parse(utf8 bytes: UnsafeBufferPointer<UInt8>) -> ParseResult {
        parse(String(decoding: bytes, as: UTF8.self))
    }
}

/// Lines of a text with 1-based numbers; blank lines are skipped by parsers but still counted.
public struct NumberedLine: Sendable {
    public var number: Int
    public var text: String
    public var trimmed: String { text.trimmedSpaces }
    public var isBlank: Bool { trimmed.isEmpty }
    /// Leading spaces or tabs: continuation lines in `ip xfrm` and swanctl output are indented.
    public var isIndented: Bool { text.first == " " || text.first == "\t" }
}

extension String {
    public var numberedLines: [NumberedLine] {
        var out: [NumberedLine] = []
        var n = 0
        // split keeps empty lines; a trailing newline makes no extra line.
        for raw in self.split(separator: "\n", omittingEmptySubsequences: false) {
            n += 1
            var line = String(raw)
            if line.hasSuffix("\r") { line.removeLast() }
            out.append(NumberedLine(number: n, text: line))
        }
        if self.hasSuffix("\n") { out.removeLast() }
        return out
    }
}

import Foundation
