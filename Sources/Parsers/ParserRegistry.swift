/// Every source of evidence the tool knows, by name. Sources are listed in
/// Sources/Parsers/Sources/Registered.swift; a test (SourceRegistryTests) fails when a source file
/// in that folder is not listed, so none can be forgotten.
public enum ParserRegistry {
    /// Every source, in the order of Registered.swift.
    public static let sources: [any EvidenceSource] = registered

    /// Every parser (each source is its own parser).
    public static var all: [any OutputParser] { sources }

    public static func parser(named source: String) -> (any OutputParser)? {
        self.source(named: source)
    }

    public static func source(named name: String) -> (any EvidenceSource)? {
        byName[name]
    }

    public static var sourceNames: [String] { sources.map(\.source) }

    /// The source a loose snapshot file stem names: the source itself or one of its snapshot names.
    public static func source(forFileStem stem: String) -> (any EvidenceSource)? {
        byName[stem] ?? byFileStem[stem]
    }

    static let byName: [String: any EvidenceSource] = Dictionary(sources.map { ($0.source, $0) }, uniquingKeysWith: { a, _ in a })
    static let byFileStem: [String: any EvidenceSource] = Dictionary(
        sources.flatMap { s in s.snapshotNames.map { ($0, s) } }, uniquingKeysWith: { a, _ in a })
}
