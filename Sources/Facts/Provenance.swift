/// Where a fact came from, so that every finding can show its evidence and `how` it was reached.
public struct Provenance: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        case probe      // a command run on the host (or its saved output in a snapshot)
        case log        // a line of a daemon log
        case file       // a configuration file
        case answer     // the operator said so (--answer, --answers, the wizard)
        case rule       // concluded by a rule from other facts
        case capture    // a packet capture summary
    }

    public var kind: Kind
    /// Probe name, file path, question id or rule name.
    public var source: String
    /// 1-based line in the source, where it has lines.
    public var line: Int?
    /// The text seen, shortened: the log line or output line that shows the fact.
    public var excerpt: String?

    public init(_ kind: Kind, _ source: String, line: Int? = nil, excerpt: String? = nil) {
        self.kind = kind
        self.source = source
        self.line = line
        self.excerpt = excerpt.map { Provenance.shorten($0) }
    }

    public var description: String {
        var where_ = "\(kind.rawValue) \(source)"
        if let line { where_ += ":\(line)" }
        if let excerpt { return "\(where_): \(excerpt)" }
        return where_
    }

    static func shorten(_ s: String, max: Int = 220) -> String {
        // WHY the fast path: Foundation's trimming goes through NSString and back to String
        // (UTF-16 decoding) on Linux, ~7 % of a 10,000-tunnel diagnosis (perf), for excerpts
        // that have nothing to trim. A text whose first and last bytes are printable ASCII
        // other than a blank starts and ends with no scalar of `.whitespacesAndNewlines` (its
        // ASCII members are 0x09-0x0D and 0x20; a non-ASCII scalar never ends in an ASCII
        // byte), so the trimming would return it unchanged; and its Characters are at most its
        // bytes, so up to `max` bytes it is not cut either.
        let u = s.utf8
        if let f = u.first, let l = u.last, f > 0x20, f < 0x7F, l > 0x20, l < 0x7F, u.count <= max { return s }
        let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
        return t.count <= max ? t : String(t.prefix(max - 1)) + "…"
    }
}

import Foundation
