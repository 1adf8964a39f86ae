import Facts
import Foundation

/// One command's parsed output, with where it came from (probe name, snapshot file, log path).
public struct ParsedSource: Sendable {
    public var result: ParseResult
    public var origin: String
    public var kind: Provenance.Kind
    public init(result: ParseResult, origin: String, kind: Provenance.Kind = .probe) {
        self.result = result
        self.origin = origin
        self.kind = kind
    }

    /// Provenance for a record of this source: origin, the record's line, and an excerpt.
    public func provenance(line: Int? = nil, excerpt: String? = nil) -> Provenance {
        Provenance(kind, origin, line: line, excerpt: excerpt)
    }
}

/// Everything parsed for one diagnosis. Extractors look up the sources they need here, so that
/// facts which need two sources (NAT rules against the tunnel's selectors) can be derived.
public struct ParsedCollection: Sendable {
    public var items: [ParsedSource] { didSet { derived = Derived() } }
    /// What extractors derive from the whole collection and share (TunnelContext); made anew
    /// whenever `items` changes.
    private(set) var derived = Derived()
    public init(_ items: [ParsedSource] = []) { self.items = items }
    public func sources(_ name: String) -> [ParsedSource] { items.filter { $0.result.source == name } }
    public func records(_ name: String) -> [JSONValue] { sources(name).flatMap(\.result.records) }
    public func has(_ name: String) -> Bool { items.contains { $0.result.source == name } }
}

/// Turns parsed records into facts of the vocabulary (Rules/facts.yaml).
public protocol FactExtractor: Sendable {
    func facts(from parsed: ParsedCollection) -> [Fact]
}

/// All extractors, applied in order; each lives in its own file in Extractors/.
public enum FactExtraction {
    public static var extractors: [any FactExtractor] { registeredExtractors }

    /// The extractors only read the collection (its lazily made JSON is behind a lock,
    /// RecordStore), so they run on every core; the facts come back in extractor order, as
    /// one after another would give them. On a concentrator's snapshot they take a fifth of
    /// `diagnose`, most of it in three extractors (xfrm, swanctl SAs and connections).
    ///
    /// The TunnelContext (HostExtractor always asks for it) is made first, on every core
    /// itself: made inside one extractor's iteration, it ran on one core while the extractors
    /// that need it waited (PERFORMANCE.md, tenth pass).
    public static func facts(from parsed: ParsedCollection) -> [Fact] {
        _ = TunnelContext.of(parsed)
        let list = extractors
        let facts = Concurrently.map(list.count) { list[$0].facts(from: parsed) }.flatMap { $0 }
        return inGivenLines(facts + RestrictedSelectorsExtractor.derived(from: facts), parsed)
    }

    /// The facts with each line of a log read in another order than pasted (a newest-first view,
    /// `ParseResult.givenLines`) told as the line the user gave: the extractors take the lines
    /// in the order read, for what follows what.
    static func inGivenLines(_ facts: [Fact], _ parsed: ParsedCollection) -> [Fact] {
        let reordered = parsed.items.filter { $0.result.givenLines != nil }
        guard !reordered.isEmpty else { return facts }
        return facts.map { fact in
            var fact = fact
            fact.provenance = fact.provenance.map { p in
                guard p.line != nil, let src = reordered.first(where: { $0.origin == p.source && $0.kind == p.kind }) else { return p }
                var p = p
                p.line = src.result.givenLine(p.line)
                return p
            }
            return fact
        }
    }
}

/// Values derived from a ParsedCollection once and shared by the extractors, which may ask
/// for them at the same time (FactExtraction runs them concurrently).
final class Derived: @unchecked Sendable {
    private let lock = NSLock()
    private var tunnel: TunnelContext?
    private var firstTunnel: TunnelContext?
    private var conns: (conns: [SwanctlConnsExtractor.Conn], confRecords: [Sourced<SwanctlConfRecord>])?
    /// Its own lock: making one value never waits for the other.
    private let connsLock = NSLock()

    /// The collection's configured strongSwan connections (SwanctlConnsExtractor.connections), made once.
    func connections(_ parsed: ParsedCollection) -> (conns: [SwanctlConnsExtractor.Conn], confRecords: [Sourced<SwanctlConfRecord>]) {
        connsLock.lock(); defer { connsLock.unlock() }
        if let conns { return conns }
        let made = SwanctlConnsExtractor.makeConnections(parsed)
        conns = made
        return made
    }

    /// The collection's TunnelContext, made once. A `firstOnly` one is the first prefix of each
    /// list of the whole one (TunnelContext.init), so it is taken from the whole one when that
    /// exists, and made on its own (cheaper) otherwise.
    ///
    /// Both share one set of children (`TunnelContext.childParts`): a `firstOnly` context made
    /// first and the whole one made later each made all 40,000 children of a 10,000-tunnel
    /// snapshot before, and both were held (9.5 MiB at the heap peak, PERFORMANCE.md ninth pass).
    func tunnel(_ parsed: ParsedCollection, firstOnly: Bool) -> TunnelContext {
        lock.lock(); defer { lock.unlock() }
        if let t = tunnel { return firstOnly ? t.firstOnly : t }
        if firstOnly, let t = firstTunnel { return t }
        let parts = firstTunnel?.parts ?? TunnelContext.childParts(parsed)
        let t = TunnelContext(parts: parts, firstOnly: firstOnly)
        if firstOnly { firstTunnel = t } else { tunnel = t; firstTunnel = nil }
        return t
    }
}
