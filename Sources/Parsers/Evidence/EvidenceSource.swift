import Facts

/// How `collect` redacts a source's saved output. Redactor switches on this kind, never on
/// source names, so a new source chooses its redaction where it is declared.
public enum RedactionKind: String, Sendable, CaseIterable {
    /// `ip xfrm state`: the keys of `enc`, `auth`, `auth-trunc`, `aead`.
    case xfrmKeys
    /// `setkey -D`: the `E:`/`A:` key hex and its continuation lines.
    case setkeyKeys
    /// illumos `ipseckey dump`: `AuthKey`/`EncrKey`, `AKY:`/`EKY:` lines.
    case ipseckeyKeys
    /// Process listings: the program stays, arguments that look like credentials go.
    case commandLines
    /// Any other command output: the xfrm and ipseckey key patterns, in case a key is echoed.
    case commandOutput
    /// Configuration files: secret assignments, ipsec.secrets entries, key blocks.
    case config
    /// ipsec.secrets: as `config`, and then whatever follows an entry's `:` when its type is
    /// no type the daemons know (a typo, a missing type), and lines that are neither ids, nor
    /// comments, nor `include` (SecretsFileGrammar).
    case secretsFile
    /// Daemon logs: every hex dump (whatever its header), PEM keys, URI passwords.
    case log
}

/// One source of evidence, declared in ONE place: the file of its parser. It says how the
/// evidence is obtained (live probes), where a snapshot may hold it, how it is redacted, and how
/// it is read (the parser itself), and which facts it yields. The facts are made by the
/// extractors in Extractors/ (by family of sources: several read more than one), and pinned by
/// the source's cases (Tests/ParsersTests/Sources/<source>/<case>/expected-facts.json).
///
/// Adding a source: one file in Sources/Parsers/Sources/ with the parser and this conformance,
/// one line in Registered.swift (a test fails if it is missing), one fixture case folder.
/// Its records: a `Codable` struct conforming to `SourceRecord` (Sources/Parsers/Records/,
/// properties in the order the tool prints them: that is the `parse` JSON), returned with
/// `ParseResult(source:typed:...)` and read by its extractors with `parsed.typed(R.self, from:)`.
/// Consumers that read JSON (`ParseResult.records`: compare, trace) get it made from the struct
/// on demand. Sources not converted yet still build JSON dictionaries with `Record`.
public protocol EvidenceSource: OutputParser {
    /// What the output is: command output, a daemon log, or a configuration file.
    var kind: ProbeSpec.Kind { get }
    /// The live probes that obtain it (one per platform, file or glob); empty when it is only
    /// read from snapshots or `parse` (e.g. a capture a person made).
    var probes: [ProbeSpec] { get }
    /// Other names (without extension) a loose snapshot file may carry for it, e.g.
    /// `ip-xfrm-state` for `xfrm-state`. The source name itself is always accepted.
    var snapshotNames: [String] { get }
    /// How `collect` removes secrets from it.
    var redaction: RedactionKind { get }
    /// The facts (Rules/facts.yaml names; a family as `xfrm.stat.*`) its records yield on their
    /// own. SourceCaseTests checks every case against it; facts derived from several sources
    /// together (the firewall against the tunnel's selectors) belong to the derivations.
    var yields: [String] { get }
    /// Who writes it, for a log (kind `.log`; SourceRegistryTests requires one there): how the
    /// user is told whose log a pasted file is, and where the source stands when logs are
    /// recognised by content. Nil for command output and configuration.
    var logWriter: LogWriter? { get }
}

/// Who writes a log source. Declared on the source so that recognising logs by content
/// (LogRecognition), naming the writer to the user and reading a road-warrior client's log
/// (ClientLogExtractor) all follow from the one declaration, with no list of log names to extend.
public struct LogWriter: Sendable {
    /// For messages to the user: "strongSwan charon", "Windows VPN client (RasClient)".
    public let name: String
    /// The order in which LogRecognition tries the log parsers; a tie in score goes to the
    /// lower rank (racoon before pluto: a bare `ERROR: ...` line is racoon's own format).
    public let recognitionRank: Int
    /// Set when the writer is a road-warrior client (the other end of the tunnel, not this
    /// host's daemon): its log sets `peer.client_os` and no `ike.implementation`.
    public let client: ClientOS?
    /// A client's events (the names its parser gives), mapped to log.* facts by DaemonLogFacts.
    public let clientEvents: [String]

    /// An IKE daemon's log.
    public static func daemon(_ name: String, rank: Int) -> LogWriter {
        LogWriter(name: name, recognitionRank: rank, client: nil, clientEvents: [])
    }

    /// A road-warrior client's log; clients are tried after every daemon (their lines are
    /// error codes, dialog sentences and exceptions no daemon prints).
    public static func client(_ os: ClientOS, _ name: String, rank: Int, events: [String]) -> LogWriter {
        LogWriter(name: name, recognitionRank: 100 + rank, client: os, clientEvents: events)
    }
}

extension EvidenceSource {
    public var kind: ProbeSpec.Kind { .probe }
    public var probes: [ProbeSpec] { [] }
    public var snapshotNames: [String] { [] }
    public var yields: [String] { [] }
    public var logWriter: LogWriter? { nil }
    public var redaction: RedactionKind {
        switch kind {
        case .probe: return .commandOutput
        case .log: return .log
        case .config: return .config
        }
    }
}
