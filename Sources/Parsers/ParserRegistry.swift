/// Every parser the tool knows, by source name. A new parser is added here and nowhere else.
public enum ParserRegistry {
    public static let all: [any OutputParser] = [
        // Registered parsers are listed in Sources/Parsers/Sources/*.swift; keep this list sorted.
    ] + registered

    public static func parser(named source: String) -> (any OutputParser)? {
        all.first { $0.source == source }
    }

    public static var sourceNames: [String] { all.map(\.source) }
}
