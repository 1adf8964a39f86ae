import Parsers

/// Which daemon wrote a log, from its content (LogRecognition), for `--log FILE` and loose
/// snapshots.
public enum LogSniffer {
    public typealias Verdict = LogRecognition.Verdict

    public static func source(of text: String) -> String? { sniff(text)?.source }
    /// The source first, then the road-warrior clients whose errors the same text also holds.
    public static func sources(of text: String) -> [String] { LogRecognition.sources(text) }
    public static func sniff(_ text: String) -> Verdict? { LogRecognition.sniff(text) }
    public static func daemon(of source: String) -> String { LogRecognition.daemon(of: source) }
}

