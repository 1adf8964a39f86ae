import Facts
import Foundation

/// A source's typed record: one `Codable` struct per kind of record (a policy of `ip xfrm
/// policy`, a connection of swanctl.conf), read by its extractors field by field, so the compiler
/// checks every hop from parser to fact. Every source is typed (a test counts them:
/// SourceRegistryTests). With stored properties: xfrm-policy, swanctl-list-conns, swanctl-conf,
/// swanctl-list-certs (and stroke's listcerts), ipsec-secrets, pfctl/ipfstat rules, ip-route,
/// ip-addr, ss-uanp, processes, sysctl, svcs. As
/// `OrderedFieldRecord`s: xfrm-state, swanctl-list-sas, the firewall listings, the Libreswan and
/// stroke status outputs, swanctl-list-pols, the kernel SA dumps (ipsecctl-sa, setkey-D,
/// ipseckey-dump: one `KernelSARecord` reading), the other probe outputs (Records/ProbeRecords.swift),
/// the eight log sources (one `LogEventRecord` for all) and the config files (Records/ConfigRecords.swift;
/// the Libreswan status ones with the names their output gives its own fields,
/// `OrderedFieldKey.isOpen`), whose JSON shows
/// fields in the order the lines came (iproute2 versions print `dir`, `sel`, `output-mark`... in
/// different orders; list-sas IKE and CHILD records order shared fields differently; a firewall
/// rule's fields follow its options as written), which a struct's fixed property order would
/// change (Records/OrderedFields.swift).
///
/// The `parse` command and the JSON consumers (compare, trace, tests) see the same JSON as
/// before: the struct's stored properties, in declaration order, as `"json_name": value`, nil
/// optionals left out (`JSONValueCoding`). So declare the properties in the order the tool prints
/// them, `line` first, with `CodingKeys` giving the JSON names. The JSON is made only when
/// someone asks for `ParseResult.records` (`RecordStore`), never on the way to the facts.
///
/// Adding a typed source: a struct conforming to `SourceRecord` next to its parser; the parser
/// returns `ParseResult(source:typed:...)`; its extractors read `parsed.typed(XxxRecord.self,
/// from: "source")`. A source whose text is not plain ASCII may still be read by a reference
/// (JSON) parser: its records are decoded into the struct (`RecordStore.typed`).
public protocol SourceRecord: Codable, Sendable {
    /// The 1-based line the record starts on.
    var line: Int { get }
}

/// The records of one parse, typed or JSON, with the other form made on demand and kept.
/// A class (shared by copies of the `ParseResult`), guarded by a lock: parses run in parallel
/// and a result may be read from several tasks.
public class RecordStore: @unchecked Sendable {
    private let lock = NSLock()
    private var jsonCache: [JSONValue]?
    private var typedCache: Any?

    fileprivate init(json: [JSONValue]?) { jsonCache = json }

    /// How many records (without making their JSON).
    public var count: Int { fatalError("RecordStore.count is overridden") }

    /// The records as JSON objects (made once, when first asked for).
    public var json: [JSONValue] {
        lock.lock(); defer { lock.unlock() }
        if let j = jsonCache { return j }
        let j = makeJSON()
        jsonCache = j
        return j
    }

    func makeJSON() -> [JSONValue] { [] }

    /// Appends the records as the JSON array `ParseResult.json` holds, at nesting level `indent`.
    func writeJSON(into out: inout [UInt8], pretty: Bool, indent: Int) {
        writeJSON(into: &out, pretty: pretty, indent: indent, drain: { _ in })
    }

    /// The same, calling `drain` between two records (it may take the bytes written so far
    /// out of `out`: `ParseResult.writeJSON(pretty:chunk:to:)`).
    func writeJSON(into out: inout [UInt8], pretty: Bool, indent: Int, drain: (inout [UInt8]) -> Void) {
        JSONValue.array(json).writeUTF8(into: &out, pretty: pretty, indent: indent)
    }

    /// The records as `R`: the parser's own when it made `R`s, else decoded from the JSON
    /// (records that are not an `R`, e.g. of another kind, are left out).
    public func typed<R: SourceRecord>(_ type: R.Type) -> [R] {
        if let own = self as? TypedRecordStore<R> { return own.records }
        lock.lock()
        if let cached = typedCache as? [R] { lock.unlock(); return cached }
        if let converted = converted(to: R.self) { typedCache = converted; lock.unlock(); return converted }
        lock.unlock()
        let json = self.json
        lock.lock(); defer { lock.unlock() }
        if let cached = typedCache as? [R] { return cached }
        let decoded = (R.self as? any JSONMadeRecord.Type).map { t in json.map { t.init(json: $0) as! R } }
            ?? json.compactMap { try? JSONValueCoding.decode(R.self, from: $0) }
        typedCache = decoded
        return decoded
    }

    /// The records with each `line` told by `mapped` (`ParseResult.inGivenLines`), without making
    /// their JSON, when the store can (typed `OrderedFieldRecord`s: the log parsers'); nil else.
    /// What renumbering the JSON's `line` key gives: an ordered-field record's JSON is `line`
    /// and its fields.
    func renumbered(_ mapped: (Int) -> Int) -> RecordStore? { nil }

    /// The records as another source's `R`, made without their JSON when the store can
    /// (`TypedRecordStore`: ordered-field records of one shape into another's, by field name).
    func converted<R: SourceRecord>(to _: R.Type) -> [R]? { nil }

    static func fromJSON(_ records: [JSONValue]) -> RecordStore { JSONRecordStore(records) }
    static func fromTyped<R: SourceRecord>(_ records: [R]) -> RecordStore { TypedRecordStore(records) }
}

final class JSONRecordStore: RecordStore, @unchecked Sendable {
    let n: Int
    init(_ records: [JSONValue]) { n = records.count; super.init(json: records) }
    override var count: Int { n }
}

final class TypedRecordStore<R: SourceRecord>: RecordStore, @unchecked Sendable {
    let records: [R]
    init(_ records: [R]) { self.records = records; super.init(json: nil) }
    override var count: Int { records.count }

    override func renumbered(_ mapped: (Int) -> Int) -> RecordStore? {
        guard let ordered = R.self as? any OrderedFieldRecord.Type else { return nil }
        return renumbered(as: ordered, mapped)
    }

    private func renumbered<O: OrderedFieldRecord>(as _: O.Type, _ mapped: (Int) -> Int) -> RecordStore {
        let own = records as! [O]   // O is R
        return TypedRecordStore<O>(own.map { O(line: mapped($0.line), fields: $0.fields) })
    }
    /// The records one by one, as `JSONValue.array(json).writeUTF8` writes them: records that
    /// write themselves do so, the others are made into JSON one at a time and dropped, so no
    /// JSON tree of the whole output is built and kept (`parse xfrm-policy` of 30,000 policies).
    override func writeJSON(into out: inout [UInt8], pretty: Bool, indent: Int, drain: (inout [UInt8]) -> Void) {
        if records.isEmpty { out += [0x5b, 0x5d]; return }
        if let writing = R.self as? any JSONWritingRecord.Type {
            writeEach(as: writing, into: &out, pretty: pretty, indent: indent, drain: drain)
            return
        }
        writeEach(into: &out, pretty: pretty, indent: indent, drain: drain) { r, out, indent in
            JSONValueCoding.encode(r).writeUTF8(into: &out, pretty: pretty, indent: indent)
        }
    }

    /// The records as the `W` they are (`W` is `R`): each writes itself, without a cast to
    /// `any JSONWritingRecord` per record (a dynamic cast, and a boxed copy of a wide record:
    /// 20,000-60,000 of them in `parse` of a concentrator's output).
    private func writeEach<W: JSONWritingRecord>(as _: W.Type, into out: inout [UInt8], pretty: Bool, indent: Int,
                                                 drain: (inout [UInt8]) -> Void) {
        precondition(W.self == R.self)
        records.withUnsafeBufferPointer { p in
            let records = UnsafeBufferPointer(start: UnsafeRawPointer(p.baseAddress!).assumingMemoryBound(to: W.self), count: p.count)
            writeEach(records, into: &out, pretty: pretty, indent: indent, drain: drain) { r, out, indent in
                r.writeJSON(into: &out, pretty: pretty, indent: indent)
            }
        }
    }

    private func writeEach(into out: inout [UInt8], pretty: Bool, indent: Int, drain: (inout [UInt8]) -> Void,
                           _ write: (R, inout [UInt8], Int) -> Void) {
        records.withUnsafeBufferPointer { writeEach($0, into: &out, pretty: pretty, indent: indent, drain: drain, write) }
    }

    /// `[r, ...]` as `JSONValue.array(json).writeUTF8` writes it, each record by `write`,
    /// `drain` after each record.
    private func writeEach<E>(_ records: UnsafeBufferPointer<E>, into out: inout [UInt8], pretty: Bool, indent: Int,
                              drain: (inout [UInt8]) -> Void, _ write: (E, inout [UInt8], Int) -> Void) {
        out.append(0x5b)
        if pretty { out.append(0x0a) }
        for i in records.indices {
            if pretty { JSONValue.appendPad(indent + 1, to: &out) }
            write(records[i], &out, indent + 1)
            if i < records.count - 1 { out.append(0x2c) }
            if pretty { out.append(0x0a) }
            drain(&out)
        }
        if pretty { JSONValue.appendPad(indent, to: &out) }
        out.append(0x5d)
    }

    /// stroke's SA records read as `SwanctlSaRecord`s: each field `T` names, in order, as its
    /// JSON would give it (`OrderedFields(converting:)`), without making the JSON.
    override func converted<T: SourceRecord>(to _: T.Type) -> [T]? {
        guard let source = R.self as? any OrderedFieldRecord.Type, let target = T.self as? any OrderedFieldRecord.Type else { return nil }
        return convertRecords(records, from: source, to: target) as? [T]
    }

    override func makeJSON() -> [JSONValue] {
        if R.self is any JSONMadeRecord.Type { return records.map { ($0 as! any JSONMadeRecord).json } }
        return records.map { JSONValueCoding.encode($0) }
    }
}

/// A typed record that makes its JSON itself (`OrderedFieldRecord`), without `Codable`'s tree,
/// writes it straight into bytes (`parse`), and is read from any JSON record of its shape.
public protocol JSONMadeRecord: JSONWritingRecord {
    var json: JSONValue { get }
    init(json: JSONValue)
}

/// A typed record that writes its own JSON text (the text `JSONValueCoding.encode(self)` would
/// serialize to), so `parse` of a large output builds no JSON tree of it.
public protocol JSONWritingRecord {
    func writeJSON(into out: inout [UInt8], pretty: Bool, indent: Int)
}

/// `field = value` unless `value` is nil: what `Record.set` did for a field of a dictionary (a
/// number that does not parse leaves the field as it was).
@inline(__always) func setIfPresent<T>(_ field: inout T?, _ value: T?) {
    if let value { field = value }
}

/// `records` (an array of `S`) as `T`s, field by field (`RecordStore.converted`).
private func convertRecords<S: OrderedFieldRecord, T: OrderedFieldRecord>(_ records: Any, from _: S.Type, to _: T.Type) -> [T] {
    (records as! [S]).map { T(line: $0.line, fields: OrderedFields(converting: $0.fields)) }
}
