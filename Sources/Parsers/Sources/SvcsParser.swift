import Facts

/// illumos/Solaris `svcs` (e.g. `svcs ipsecalgs ike policy`, `svcs -a`): the
/// `STATE STIME FMRI` header, then one service a line. One record per service: state (as
/// printed; a trailing `*` marks a transition and is kept in `transitioning`), stime, fmri,
/// service (the FMRI's last path element without instance: `ike`, `policy`, `ipsecalgs`),
/// instance.
public struct SvcsParser: OutputParser {
    public init() {}
    public var source: String { "svcs" }
    public var summary: String { "svcs (illumos/Solaris SMF service states)" }

    static let states: Set<String> = ["online", "offline", "disabled", "maintenance", "degraded", "legacy_run",
                                      "uninitialized", "incomplete"]

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [SvcsRecord] = []
        for line in text.numberedLines where !line.isBlank {
            let w = line.trimmed.words
            if w.count >= 3, w[0] == "STATE", w[1] == "STIME", w[2] == "FMRI" { acc.account(line.number); continue }
            guard w.count >= 3 else { acc.reject(line); continue }
            var state = w[0]
            let transitioning = state.hasSuffix("*")
            if transitioning { state.removeLast() }
            guard SvcsParser.states.contains(state), let fmri = w.last, fmri.contains(":/") else { acc.reject(line); continue }
            var r = SvcsRecord(line: line.number, state: state, transitioning: transitioning ? true : nil,
                               stime: w[1..<(w.count - 1)].joined(separator: " "), fmri: fmri, service: nil, instance: nil)
            if let colon = fmri.range(of: ":/") {
                let path = fmri[colon.upperBound...]
                let parts = path.split(separator: ":", maxSplits: 1)
                r.service = parts.first.map { String($0.split(separator: "/").last ?? $0) }
                if parts.count > 1 { r.instance = String(parts[1]) }
            }
            records.append(r)
            acc.account(line.number)
        }
        return acc.result(source: source, typed: records)
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension SvcsParser: EvidenceSource {
    public var yields: [String] {
        // svc:/network/ipfilter disabled: IP Filter filters nothing (FilterStatus)
        ["fw.drops_esp_in", "fw.drops_esp_out", "fw.drops_ike_in", "fw.drops_ike_out", "fw.filter_enabled",
         "fw.forward_blocks_tunnel", "host.os", "ike.daemon.running", "ike.implementation", "illumos.services_offline",
         "nat.masquerade_hits_tunnel", "system.ip_forward"]
    }
    public var probes: [ProbeSpec] {
        [
            ProbeSpec("svcs", source: "svcs", .command(["svcs", "-a", "ipsecalgs", "ike", "policy", "ipfilter", "ipv4-forwarding"]), platform: .only(.illumos)),
        ]
    }
}
