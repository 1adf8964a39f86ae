import Facts

/// The other end's view when that end is an iPhone, iPad or Mac using Apple's built-in VPN client
/// (IKEv2, or the legacy L2TP/IPsec and Cisco IPsec types): what its users paste is the dialog's
/// sentence, or the NetworkExtension lines of Console / `log show --predicate 'subsystem ==
/// "com.apple.networkextension"'` (nesessionmanager's `NESMIKEv2VPNSession[name:UUID]`, neagent's
/// `IKEv2 Plugin:`), in the syslog, unified-log and Console-copy layouts. Read as published in
/// issues of trailofbits/algo and hwdsl2/setup-ipsec-vpn (Tests/ParsersTests/Sources/SOURCES.md):
///
/// - "Failed to receive IKE SA Init packet" (neagent): the gateway never answered the client's
///   IKE_SA_INIT — no_response;
/// - "The VPN server did not respond." / "The L2TP-VPN server did not respond." (the dialog) —
///   no_response;
/// - "User Authentication failed." (the dialog): the gateway refused the client's authentication,
///   whatever its method (shared secret, certificate or EAP user/password: the same sentence for
///   each) — client_auth_failed, a weak authentication failure;
/// - "empty ike proposals array" (NEIKEv2Provider, macOS Console): the client has no IKE proposal
///   it will offer — the profile's IKESecurityAssociationParameters are not ones it takes
///   (jawj/IKEv2-setup#133: editing them made it connect) — no_proposal_chosen;
/// - "Negotiation with the VPN server failed.", "... disconnected with reason Tunnel was terminated
///   by the server", the session's status lines: recognised, without an event — they name no cause.
///
/// Record: process (nesessionmanager, neagent) when the line names it, connection (the VPN
/// service's name inside `NESM...Session[...]`), event/phase for the messages above, text. A line
/// is this source's only when it carries a NetworkExtension marker or one of those sentences.
public struct AppleVPNClientLogParser: OutputParser {
    public init() {}
    public var source: String { "apple-vpn-client-log" }
    public var summary: String { "iOS/macOS built-in VPN client (NetworkExtension log, dialog errors)" }

    /// (words, event) in the order tried; nil: recognised, no cause named.
    static let messages: [(String, String?)] = [
        ("failed to receive ike sa init packet", "no_response"),
        ("vpn server did not respond", "no_response"),
        ("user authentication failed", "client_auth_failed"),
        ("empty ike proposals array", "no_proposal_chosen"),
        ("negotiation with the vpn server failed", nil),
        ("tunnel was terminated by the server", nil),
    ]

    /// Every event this source's records name (ClientLogExtractor).
    static let eventNames = Array(Set(messages.compactMap(\.1))).sorted()

    /// Words that make a line NetworkExtension's even when it names no failure (and the process
    /// neagent, see isNeagent).
    static let markers = ["nesessionmanager", "com.apple.networkextension", "com.apple.neplugin", "nesmikev2vpnsession",
                          "nesmvpnsession", "nesmipsecvpnsession", "nesml2tp", "ikev2provider", "neikev2", "ikev2 plugin:", "ikev2session"]

    /// As the daemon wrote it, not as a page or a paste shows it (PastedLog).
    public func parse(_ text: String) -> ParseResult { PastedLog.read(text, parseLines) }

    func parseLines(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        for line in text.numberedLines where !line.isBlank {
            let lower = line.text.lowercased()
            let message = AppleVPNClientLogParser.messages.first { lower.contains($0.0) }
            guard message != nil || AppleVPNClientLogParser.markers.contains(where: lower.contains) || AppleVPNClientLogParser.isNeagent(lower) else {
                acc.reject(line); continue
            }
            var r = LogEventRecord(line: line.number)
            r.set(.process, AppleVPNClientLogParser.process(in: lower))
            r.set(.connection, AppleVPNClientLogParser.connection(in: line.text))
            if let e = message?.1 { r.set(.event, e); r.set(.phase, "ike") }
            r.set(.text, line.text)
            acc.add(r, lines: [line.number])
        }
        return acc.logResult(source: source)
    }

    static func process(in lower: String) -> String? {
        if lower.contains("nesessionmanager") { return "nesessionmanager" }
        return isNeagent(lower) ? "neagent" : nil
    }

    /// "neagent" as a process name (`neagent[1016]:`, `neagent: (NetworkExtension)`, a Console
    /// copy's tab-separated column), not inside another word ("oneagent" is another product's).
    static func isNeagent(_ lower: String) -> Bool {
        var rest = lower[...]
        while let r = rest.range(of: "neagent") {
            let before = r.lowerBound == lower.startIndex ? nil : lower[lower.index(before: r.lowerBound)]
            let after = r.upperBound == lower.endIndex ? nil : lower[r.upperBound]
            if !(before?.isLetter ?? false), !(before?.isNumber ?? false), after.map({ "[:(\t ".contains($0) }) ?? true { return true }
            rest = lower[r.upperBound...]
        }
        return false
    }

    /// "NESMIKEv2VPNSession[Algo VPN 52.214.131.37 IKEv2:83F77385-...]" → "Algo VPN 52.214.131.37
    /// IKEv2"; macOS 13+ "[Primary Tunnel:AlgoVPN x IKEv2:F6CF...:(null)]" → "AlgoVPN x IKEv2".
    static func connection(in line: String) -> String? {
        guard let open = line.range(of: "Session["), let close = line[open.upperBound...].firstIndex(of: "]") else { return nil }
        var parts = line[open.upperBound..<close].split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if parts.first == "Primary Tunnel" { parts.removeFirst() }
        if parts.last == "(null)" { parts.removeLast() }
        if parts.count > 1 { parts.removeLast() }  // the configuration's UUID
        let name = parts.joined(separator: ":").trimmedSpaces
        return name.isEmpty ? nil : name
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension AppleVPNClientLogParser: EvidenceSource {
    public var yields: [String] { ClientLogExtractor.yields(source) }
    public var kind: ProbeSpec.Kind { .log }
    public var logWriter: LogWriter? { .client(.apple, "iOS/macOS VPN client (NetworkExtension)", rank: 1, events: AppleVPNClientLogParser.eventNames) }
    public var snapshotNames: [String] { ["apple-vpn-client", "networkextension", "ios-vpn-client", "macos-vpn-client"] }
}
