/// One item on which two gateways disagree, with both sides' lines as evidence and the fix on
/// the side that is (most likely) wrong.
public struct Difference: Sendable {
    /// What is compared; the raw values are the `item` of the JSON report.
    public enum Item: String, Sendable, CaseIterable {
        case tunnelMissing = "tunnel-missing"
        case addresses = "addresses"
        case ikePorts = "ike-ports"
        case ikeVersion = "ike-version"
        case exchangeMode = "exchange-mode"
        case ikeProposal = "ike-proposal"
        case identity = "identity"
        case authMethod = "auth-method"
        case psk = "psk"
        case espProposal = "esp-proposal"
        case trafficSelectors = "traffic-selectors"
        case pfsGroup = "pfs-group"
        case staleSPI = "stale-spi"
        case reqid = "reqid"
        case policies = "policies"
        case counters = "counters"
        case lifetimes = "lifetimes"
        case dpd = "dpd"
        case encapsulation = "encapsulation"
        case mobike = "mobike"

        /// Order of negotiation: an earlier item fails first and hides the later ones, so it is
        /// the more likely single cause when several differ.
        var order: Int { Item.allCases.firstIndex(of: self)! }

        /// The diagnosis of the catalogue this difference is a cause of.
        public var diagnosis: String? {
            switch self {
            case .ikeVersion: return "ike.version-mismatch"
            case .exchangeMode: return "ike.exchange-mode-mismatch"
            case .ikeProposal: return "ike.proposal-mismatch"
            case .identity: return "ike.id-mismatch"
            case .authMethod: return "ike.auth-method-mismatch"
            case .psk: return "ike.auth-failed-psk"
            case .espProposal, .pfsGroup: return "child.proposal-mismatch"
            case .trafficSelectors: return "child.ts-mismatch"
            case .staleSPI: return "esp.unknown-spi"
            case .counters: return "esp.no-inbound"
            case .tunnelMissing, .addresses: return "ike.no-config-for-address"
            case .ikePorts: return "ike.no-response"
            case .lifetimes: return "ike.rekey-storm"
            case .reqid, .policies, .dpd, .encapsulation, .mobike: return nil
            }
        }
    }

    public enum Severity: String, Sendable { case problem, warning, info }

    public var item: Item
    public var severity: Severity
    /// 0..1: how sure compare is that this difference breaks (or will break) the tunnel.
    public var confidence: Double
    /// The tunnel as named on each side ("lab" / "lab").
    public var tunnelA: String
    public var tunnelB: String
    public var summary: String
    public var evidenceA: [SourceLine]
    public var evidenceB: [SourceLine]
    /// "a", "b", or nil when either side may be changed.
    public var faultySide: String?
    public var fix: String

    /// Most likely single cause first: problems, corroborated by a log, earlier in the negotiation.
    static func ranked(_ ds: [Difference]) -> [Difference] {
        func sev(_ s: Severity) -> Int { s == .problem ? 0 : s == .warning ? 1 : 2 }
        return ds.enumerated().sorted { l, r in
            let a = l.element, b = r.element
            if sev(a.severity) != sev(b.severity) { return sev(a.severity) < sev(b.severity) }
            if a.confidence != b.confidence, abs(a.confidence - b.confidence) >= 0.1 { return a.confidence > b.confidence }
            if a.item.order != b.item.order { return a.item.order < b.item.order }
            return l.offset < r.offset
        }.map(\.element)
    }
}
