import Facts
import Parsers

/// What one probe produced: its output (or why there is none) and how it fared. A glob probe
/// (`/etc/swanctl/conf.d/*.conf`) produces one output per file.
public struct ProbeOutput: Sendable {
    public var name: String
    public var source: String?
    public var kind: ProbeSpec.Kind
    public var command: [String]
    /// stdout, or the file's content (for logs: the tail, daemon lines only where asked).
    public var text: String?
    public var stderr: String?
    public var state: ProbeStatus.State
    public var reason: String?
    public var seconds: Double
    /// The file read, for file probes.
    public var path: String?
    /// For a log: the road-warrior clients whose own errors it holds beside `source`'s lines
    /// (LogRecognition.sources), found when `source` was (LiveProbes.withParseSource).
    public var clientSources: [String] = []

    public init(name: String, source: String?, kind: ProbeSpec.Kind, command: [String], text: String? = nil,
                stderr: String? = nil, state: ProbeStatus.State, reason: String? = nil, seconds: Double, path: String? = nil) {
        self.name = name; self.source = source; self.kind = kind; self.command = command; self.text = text
        self.stderr = stderr; self.state = state; self.reason = reason; self.seconds = seconds; self.path = path
    }

    public var status: ProbeStatus { ProbeStatus(name: name, state: state, reason: reason, seconds: (seconds * 1000).rounded() / 1000) }

    /// How Gathered files this output's facts.
    public var provenanceKind: Provenance.Kind {
        switch kind { case .log: return .log; case .config: return .file; case .probe: return .probe }
    }
}
