import Facts

/// Parses several outputs at once, one task each, with the registered parsers. The outputs of a
/// snapshot or of live probes are independent, and the big ones (ip xfrm state and policy,
/// swanctl --list-sas, swanctl.conf) take similar time, so on a multi-core host the parse step
/// takes about as long as its largest output instead of their sum.
///
/// Used by the gathering step of a snapshot (`SnapshotReader.readConcurrently`): read the texts
/// first, then `await ParallelParsing.parse(...)`, then append the results in the original
/// order. Live probes still parse inline through `Gathered.add`, one output after another.
public enum ParallelParsing {
    /// One result per input, in input order; nil where no parser has that source name.
    public static func parse(_ inputs: [(source: String, text: String)]) async -> [ParseResult?] {
        await withTaskGroup(of: (Int, ParseResult?).self) { group in
            for (i, input) in inputs.enumerated() {
                group.addTask { (i, ParserRegistry.parser(named: input.source)?.parse(input.text)) }
            }
            var out = [ParseResult?](repeating: nil, count: inputs.count)
            for await (i, result) in group { out[i] = result }
            return out
        }
    }
}
