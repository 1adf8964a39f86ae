import Facts
import Foundation

/// Parses several outputs at once, one task each, with the registered parsers. The outputs of a
/// snapshot or of live probes are independent, and the big ones (ip xfrm state and policy,
/// swanctl --list-sas, swanctl.conf) take similar time, so on a multi-core host the parse step
/// takes about as long as its largest output instead of their sum.
///
/// Used by the gathering step of a snapshot (`SnapshotReader.readConcurrently`): learn the
/// configs' secrets in file order, read each other output in its own task (`Input(load:)`), then
/// append the results in the original order. Live probes still parse inline through
/// `Gathered.add`, one output after another.
public enum ParallelParsing {
    /// One result per input, in input order; nil where no parser has that source name. The
    /// largest inputs are started first: the task group starts tasks roughly in the order they
    /// are added, and the longest parse should not be the one left alone on a core at the end.
    public static func parse(_ inputs: [(source: String, text: String)]) async -> [ParseResult?] {
        let bySize = inputs.indices.sorted { inputs[$0].text.utf8.count > inputs[$1].text.utf8.count }
        return await withTaskGroup(of: (Int, ParseResult?).self) { group in
            for i in bySize {
                let input = inputs[i]
                group.addTask { (i, parse(input)) }
            }
            var out = [ParseResult?](repeating: nil, count: inputs.count)
            for await (i, result) in group { out[i] = result }
            return out
        }
    }

    /// One input on the calling thread; nil where no parser has that source name.
    public static func parse(_ input: (source: String, text: String)) -> ParseResult? {
        ParserRegistry.parser(named: input.source)?.parse(input.text)
    }

    /// One text to parse, handed over: the task that parses it takes the text out, so it is
    /// freed as soon as its records exist instead of when the last output is parsed (peak
    /// memory: a 10,000-tunnel snapshot's 25 MB of text were held beside all the records).
    public final class Input: @unchecked Sendable {
        public let source: String
        private var text: String?
        /// Reads the text in the task, when it was not read before (the snapshot reader's
        /// outputs that teach the redactor nothing): then only the texts being parsed are held.
        private var load: (@Sendable () -> String)?
        private let lock = NSLock()
        /// The text's size in bytes (for `load`, the file's), known after it is taken.
        public let size: Int
        /// What the task does to the text before parsing it (the snapshot reader's redaction, so
        /// that it runs on every core as well).
        let prepare: (@Sendable (String) -> String)?
        /// The text as bytes, read and prepared in the task and handed to `parse(utf8:)`: no
        /// String of a large output is made on the way (the snapshot reader's outputs read in
        /// their task). `prepareBytes` must leave valid UTF-8 (the redaction decodes any other).
        private var loadBytes: (@Sendable () -> [UInt8])?
        let prepareBytes: (@Sendable ([UInt8]) -> [UInt8])?
        public init(source: String, text: String, prepare: (@Sendable (String) -> String)? = nil) {
            self.source = source; self.text = text; size = text.utf8.count; self.prepare = prepare; prepareBytes = nil
        }
        public init(source: String, size: Int, load: @escaping @Sendable () -> String, prepare: (@Sendable (String) -> String)? = nil) {
            self.source = source; self.size = size; self.load = load; self.prepare = prepare; prepareBytes = nil
        }
        public init(source: String, size: Int, loadBytes: @escaping @Sendable () -> [UInt8],
                    prepare: @escaping @Sendable ([UInt8]) -> [UInt8]) {
            self.source = source; self.size = size; self.loadBytes = loadBytes; self.prepare = nil; prepareBytes = prepare
        }
        /// Takes the text out and parses it, from its bytes when it was given as bytes.
        func parsed(by parser: any OutputParser) -> ParseResult {
            lock.lock()
            let bytes = loadBytes
            loadBytes = nil
            lock.unlock()
            guard let bytes else { return parser.parse(take()) }
            let body = bytes()
            return (prepareBytes.map { $0(body) } ?? body).withUnsafeBufferPointer { parser.parse(utf8: $0) }
        }
        func take() -> String {
            lock.lock()
            let t = text, l = load
            text = nil; load = nil
            lock.unlock()
            let body = t ?? l?() ?? ""
            return prepare.map { $0(body) } ?? body
        }
    }

    /// As `parse(_:)`, each text released once parsed. The caller should hold no other
    /// reference to the texts.
    /// Largest first, as `parse(_:)`.
    public static func parse(consuming inputs: [Input]) async -> [ParseResult?] {
        let bySize = inputs.indices.sorted { inputs[$0].size > inputs[$1].size }
        return await withTaskGroup(of: (Int, ParseResult?).self) { group in
            for i in bySize {
                let input = inputs[i]
                group.addTask {
                    guard let parser = ParserRegistry.parser(named: input.source) else { return (i, nil) }
                    return (i, input.parsed(by: parser))
                }
            }
            var out = [ParseResult?](repeating: nil, count: inputs.count)
            for await (i, result) in group { out[i] = result }
            // The texts are all freed now: their pages go back before the facts are extracted.
            FreedMemory.release()
            return out
        }
    }
}
