import Facts

/// The other end's view when that end is an Android phone using the platform's own IKEv2 stack
/// (Android 11+: the built-in "IKEv2/IPSec PSK / RSA / MSCHAPv2" VPN types through VpnManager,
/// and Wi-Fi calling's ePDG tunnel, both on the IPsec module's IkeSessionStateMachine): what its
/// users paste is logcat. The cause is the exception the IKE library closes the session with,
/// printed as Java prints a Throwable (`W System.err: android.net.ipsec.ike.exceptions.
/// AuthenticationFailedException: EAP Authentication Failed`, pixel-volte-patch #315); Android 11
/// named the protocol exceptions under `com.android.internal.net.ipsec.ike.exceptions`. The
/// class names and what each means are AOSP's (packages/modules/IPsec, the public
/// `android.net.ipsec.ike.exceptions` of API 31+):
///
/// - AuthenticationFailedException: authentication failed, the gateway's AUTHENTICATION_FAILED
///   or the phone's own check of the gateway — "EAP ..." in its message: the EAP exchange
///   (eap_failed), else client_auth_failed, a weak authentication failure;
/// - NoValidProposalChosenException: no proposal acceptable (NO_PROPOSAL_CHOSEN) — no_proposal_chosen;
/// - IkeTimeoutException: the retransmissions ran out with no answer — no_response;
/// - TsUnacceptableException: traffic selectors refused (TS_UNACCEPTABLE) — ts_unacceptable;
/// - InvalidKeException: the DH group was refused (INVALID_KE_PAYLOAD) — invalid_ke;
/// - InternalAddressFailureException: no virtual IP given (INTERNAL_ADDRESS_FAILURE) — vip_failed.
/// Other exceptions (InvalidSyntaxException, IkeInternalException, network loss ...) name no
/// cause of the catalogue: their lines are records without an event. The L2TP/IPsec types of
/// older Android run racoon, whose logcat lines racoon-log reads.
///
/// Record: exception (the class's simple name) and its message, event/phase for those above,
/// text. A line is this source's only when it names the IKE library (`ipsec.ike.`, its state
/// machines, or logcat's `IKE` tag); anything else (EpdgTunnelManager, other apps) is rejected.
public struct AndroidIkeLogParser: OutputParser {
    public init() {}
    public var source: String { "android-ike-log" }
    public var summary: String { "Android IKEv2 client logcat (IKE library exceptions, VpnManager / ePDG)" }

    /// exception class → event, events of the one table (DaemonLogFacts.table)
    static let events: [String: String] = [
        "AuthenticationFailedException": "client_auth_failed",
        "NoValidProposalChosenException": "no_proposal_chosen",
        "IkeTimeoutException": "no_response",
        "TsUnacceptableException": "ts_unacceptable",
        "InvalidKeException": "invalid_ke",
        "InternalAddressFailureException": "vip_failed",
    ]

    /// Every event this source's records name (ClientLogExtractor).
    static let eventNames = Array(Set(events.values).union(["eap_failed"])).sorted()

    /// As the daemon wrote it, not as a page or a paste shows it (PastedLog).
    public func parse(_ text: String) -> ParseResult { PastedLog.read(text, parseLines) }

    func parseLines(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        for line in text.numberedLines where !line.isBlank {
            guard AndroidIkeLogParser.isIkeLibraryLine(line.text) else { acc.reject(line); continue }
            var r = LogEventRecord(line: line.number)
            if let (name, message) = AndroidIkeLogParser.exception(in: line.text) {
                r.set(.exception, name)
                r.set(.message, message)
                if var e = AndroidIkeLogParser.events[name] {
                    if e == "client_auth_failed", message?.contains("EAP") == true { e = "eap_failed" }
                    r.set(.event, e)
                    r.set(.phase, "ike")
                }
            }
            r.set(.text, line.text)
            acc.add(r, lines: [line.number])
        }
        return acc.logResult(source: source)
    }

    /// `ipsec.ike.` (an exception or a stack frame of the library), its state machines, or the
    /// library's logcat tag: `D IKE     : ...` (threadtime), `D/IKE     ( 123): ...` (brief).
    static func isIkeLibraryLine(_ line: String) -> Bool {
        if line.contains("ipsec.ike.") || line.contains("IkeSessionStateMachine") || line.contains("ChildSessionStateMachine") { return true }
        for level in ["V", "D", "I", "W", "E"] {
            for open in [" \(level) IKE", "\(level)/IKE"] {
                guard let r = line.range(of: open) else { continue }
                let rest = line[r.upperBound...].drop { $0 == " " }
                if rest.hasPrefix(":") || rest.hasPrefix("(") { return true }
            }
        }
        return false
    }

    /// "android.net.ipsec.ike.exceptions.AuthenticationFailedException: EAP Authentication Failed"
    /// → ("AuthenticationFailedException", "EAP Authentication Failed").
    static func exception(in line: String) -> (String, String?)? {
        guard let r = line.range(of: "ipsec.ike.exceptions.") else { return nil }
        let name = String(line[r.upperBound...].prefix { $0.isLetter || $0.isNumber })
        guard !name.isEmpty else { return nil }
        let after = line[r.upperBound...].dropFirst(name.count)
        guard after.hasPrefix(": ") else { return (name, nil) }
        let message = after.dropFirst(2).trimmedSpaces
        return (name, message.isEmpty ? nil : message)
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension AndroidIkeLogParser: EvidenceSource {
    public var yields: [String] { ClientLogExtractor.yields(source) }
    public var kind: ProbeSpec.Kind { .log }
    public var logWriter: LogWriter? { .client(.android, "Android IKEv2 client (IKE library)", rank: 2, events: AndroidIkeLogParser.eventNames) }
    public var snapshotNames: [String] { ["android-ike", "android-vpn-client", "logcat-ike"] }
}
