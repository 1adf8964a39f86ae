import Facts

/// The other end's view when that end is a Windows VPN client (IKEv2 or L2TP/IPsec road
/// warrior): what its users paste is the RasClient event (Application log, event 20227), the
/// `rasdial` error or the dialog's words, each with a Windows error code. Only the code says what
/// failed; the meanings are Microsoft's (System Error Codes 12000-15999 and RAS 600-899, as
/// troubleshooting guides for Always On VPN describe them):
///
/// - 809 the server did not answer: UDP 500/4500 blocked or not forwarded, fragments lost;
/// - 13868 ERROR_IPSEC_IKE_POLICY_MATCH "Policy match error": no common IKE proposal (Windows'
///   built-in IKEv2 offer is 3DES/AES-CBC, SHA1/SHA256, DH group 2 unless changed by
///   Set-VpnConnectionIPsecConfiguration);
/// - 13801 ERROR_IPSEC_IKE_AUTH_FAIL "IKE authentication credentials are unacceptable": the
///   client refused the server's certificate: chain not trusted, or the name the client dialed
///   not in its subject/SAN (or no serverAuth EKU) — read as both, each uncertain;
/// - 13806 ERROR_IPSEC_IKE_NO_CERT "IKE failed to find valid machine certificate": no usable
///   certificate with its private key in the client's machine store;
/// - 13887 ERROR_IPSEC_IKE_CERT_CHAIN_POLICY_MISMATCH: the certificate does not chain to a root
///   the policy trusts;
/// - 691 the user name or password was refused (EAP-MSCHAPv2, or PPP over L2TP);
/// - 812 refused by a policy on the server (authenticated, not authorised).
/// Other codes (789 "the security layer encountered a processing error", 13843 ...) say too
/// little to name a cause: their lines are records without an event, so the log is still
/// recognised as this client's and the report says nothing was classified.
///
/// Record: time (when the line carries one), code, connection (the profile named in the event),
/// event/phase for the codes above, text. A line is this source's only when it carries one of
/// the forms below; anything else is rejected.
public struct WindowsRasClientLogParser: OutputParser {
    public init() {}
    public var source: String { "windows-rasclient-log" }
    public var summary: String { "Windows VPN client errors (RasClient event 20227, rasdial)" }

    /// code -> its events (of the one table, DaemonLogFacts.table), all of phase 1: the first is
    /// the record's event, the others what else the code may mean (`also_events`). 13801 is as
    /// often a server certificate that does not name what the client dialed (the address typed
    /// where the certificate holds a DNS name, or the reverse) as one whose CA the client does
    /// not trust: both meanings, neither certain.
    static let events: [Int: [String]] = [
        809: ["no_response"],
        13868: ["no_proposal_chosen"],
        13801: ["cert_rejected", "client_name_check_failed"],
        13806: ["client_cert_missing"],
        13887: ["cert_untrusted"],
        691: ["credentials_refused"],
        812: ["not_authorized"],
    ]

    /// Every event this source's records name (ClientLogExtractor).
    static let eventNames = Array(Set(events.values.joined())).sorted()

    /// The words of Windows' own messages for the codes, as its dialog and `rasdial` print them
    /// (English), for pastes that carry the words without the code.
    static let words: [(String, Int)] = [
        ("policy match error", 13868),
        ("ike authentication credentials are unacceptable", 13801),
        ("ike failed to find valid machine certificate", 13806),
        ("the remote server is not responding", 809),
    ]

    /// As the daemon wrote it, not as a page or a paste shows it (PastedLog).
    public func parse(_ text: String) -> ParseResult { PastedLog.read(text, parseLines) }

    func parseLines(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        for line in text.numberedLines where !line.isBlank {
            guard let code = WindowsRasClientLogParser.code(in: line.text) else { acc.reject(line); continue }
            var r = LogEventRecord(line: line.number)
            r.set(.code, code)
            r.set(.connection, WindowsRasClientLogParser.connection(in: line.text))
            if let events = WindowsRasClientLogParser.events[code], let first = events.first {
                r.set(.event, first)
                r.set(.phase, "ike")
                if events.count > 1 { r.set(.alsoEvents, Array(events.dropFirst())) }
            }
            r.set(.text, line.text)
            acc.add(r, lines: [line.number])
        }
        return acc.logResult(source: source)
    }

    /// The error code of a RasClient line: "The error code returned on failure is 13868."
    /// (Windows 10/11), "... returned after failure is 13868." (older and translated builds),
    /// "Remote Access error 809 - ..." (rasdial), "Error 13801: ..." / "error code 13801"; else
    /// the code whose message the line quotes.
    static func code(in line: String) -> Int? {
        let lower = line.lowercased()
        for marker in ["returned on failure is ", "returned after failure is ", "remote access error ", "error code: ", "error code "] {
            if let r = lower.range(of: marker), let n = Int(lower[r.upperBound...].prefix { $0.isNumber }), n > 0 { return n }
        }
        // "Error 13801: IKE authentication credentials are unacceptable." — a bare "Error N" only
        // with a code of the IKE range, so that no other program's "error 2" is claimed.
        if let r = lower.range(of: "error "), let n = Int(lower[r.upperBound...].prefix { $0.isNumber }), (13800...13899).contains(n) {
            return n
        }
        return words.first { lower.contains($0.0) }?.1
    }

    /// "dialed a connection named NAME which has failed" / "a dial up connection called NAME, which".
    static func connection(in line: String) -> String? {
        for (open, close) in [("connection named ", " which "), ("connection named ", " with has "), ("connection called ", ", which")] {
            if let a = line.range(of: open), let b = line[a.upperBound...].range(of: close) {
                let name = line[a.upperBound..<b.lowerBound].trimmedSpaces
                if !name.isEmpty { return name }
            }
        }
        return nil
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension WindowsRasClientLogParser: EvidenceSource {
    public var yields: [String] { ClientLogExtractor.yields(source) }
    public var kind: ProbeSpec.Kind { .log }
    public var logWriter: LogWriter? { .client(.windows, "Windows VPN client (RasClient)", rank: 0, events: WindowsRasClientLogParser.eventNames) }
    public var snapshotNames: [String] { ["rasclient", "windows-client", "windows-vpn-client"] }
}
