import Facts

/// Shared pieces of the extractors: reading records with their provenance.
struct SourcedRecord {
    let record: JSONValue
    let ref: SourceRef
    var source: ParsedSource { ref.source }
    init(record: JSONValue, source: ParsedSource) { self.init(record: record, ref: SourceRef(source)) }
    init(record: JSONValue, ref: SourceRef) { self.record = record; self.ref = ref }
    var line: Int? { record.recordLine }
    func provenance(_ excerpt: String? = nil) -> Provenance { ref.source.provenance(line: line, excerpt: excerpt) }
}

/// The parsed source records came from, shared by all of them: a record with its source is then
/// copied with one reference, not the source's several (its result's store, unparsed lines,
/// accounted lines, origin): those copies were ~7 % of a 10,000-tunnel diagnosis (perf).
final class SourceRef: Sendable {
    let source: ParsedSource
    init(_ source: ParsedSource) { self.source = source }
}

extension ParsedCollection {
    /// Every record of a source with the parsed source it came from.
    func sourced(_ name: String) -> [SourcedRecord] {
        sources(name).flatMap { s in
            let ref = SourceRef(s)
            return s.result.records.map { SourcedRecord(record: $0, ref: ref) }
        }
    }
    /// This host's own addresses from `ip addr` (`192.0.2.1/24` → `192.0.2.1`). Not
    /// `CIDR(a).address`: a CIDR keeps only the network (`192.0.2.0`).
    var interfaceAddresses: Set<String> {
        Set(sources("ip-addr").flatMap { $0.result.typed(IpAddrRecord.self) }.compactMap { hostAddress($0.address) })
    }
    /// Provenance for a fact summarizing a whole source (no particular line).
    func wholeSource(_ name: String) -> [Provenance] {
        sources(name).map { $0.provenance() }
    }
}

/// Collects facts with de-duplicated names (first wins unless replaced).
struct FactList {
    /// How many provenances a fact keeps (`add` drops the rest): an extractor over 10,000
    /// records makes only these (`firstKept`), not one per record with its excerpt.
    static let keptProvenances = 8
    var facts: [Fact] = []
    mutating func add(_ name: String, _ value: FactValue, certainty: Double = 1, _ provenance: [Provenance]) {
        let prov = Array(provenance.prefix(FactList.keptProvenances))
        facts.removeAll { $0.name == name }
        facts.append(Fact(name, value, certainty: certainty, provenance: prov))
    }
    mutating func bool(_ name: String, _ v: Bool, _ p: [Provenance]) { add(name, .bool(v), p) }
    mutating func number(_ name: String, _ v: Int, _ p: [Provenance]) { add(name, .number(Double(v)), p) }
    mutating func list(_ name: String, _ v: [String], _ p: [Provenance]) { add(name, .list(v), p) }
}

extension Collection {
    /// The provenances `FactList.add` keeps of `map(make)`, made only for those.
    func firstKept(_ make: (Element) -> Provenance) -> [Provenance] {
        prefix(FactList.keptProvenances).map(make)
    }
}

func unique<S: Sequence<String>>(_ items: S) -> [String] {
    var seen = Set<String>()
    return items.filter { seen.insert($0).inserted }
}

/// The address part of `a.b.c.d/n` (or of a bare address), normalised: `2001:DB8::1/64` →
/// `2001:db8::1`; nil when it is no address.
func hostAddress(_ text: String) -> String? {
    let bare = text.split(separator: "/", maxSplits: 1).first.map(String.init) ?? text
    guard let c = CIDR(bare), c.prefix == c.bitCount else { return nil }
    return c.address
}

/// A typed record (`SourceRecord`) with the parsed source it came from.
///
/// WHY a place in the source's array rather than a copy of the record: a record is a wide struct
/// (swanctl.conf's ~300 bytes, an xfrm policy's ~290), and `typed(_:from:)` and the extractors'
/// `filter`s made an array of copies of all 10,000-30,000 of them each time (heaptrack, 10,000
/// tunnels: 17 MiB at the peak, in the conns and lifetimes extractors and `typed`). Here every
/// `Sourced` shares the parse's one array (copy-on-write: it is never written, so never copied)
/// and is 3 words.
struct Sourced<R: SourceRecord> {
    private let all: [R]
    private let index: Int
    let ref: SourceRef
    var record: R { all[index] }
    var source: ParsedSource { ref.source }
    init(record: R, source: ParsedSource) { self.init(all: [record], index: 0, ref: SourceRef(source)) }
    init(all: [R], index: Int, ref: SourceRef) { self.all = all; self.index = index; self.ref = ref }
    func provenance(_ excerpt: String? = nil) -> Provenance { ref.source.provenance(line: all[index].line, excerpt: excerpt) }
}

extension ParsedCollection {
    /// Every record of a typed source, as its struct, with the parsed source it came from.
    func typed<R: SourceRecord>(_ type: R.Type, from name: String) -> [Sourced<R>] {
        sources(name).flatMap { s in
            let ref = SourceRef(s)
            let all = s.result.typed(type)
            return all.indices.map { Sourced(all: all, index: $0, ref: ref) }
        }
    }
}
