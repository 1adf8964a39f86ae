import Facts

/// Facts that come from how a probe fared rather than from its output (a derivation across
/// sources, kept here so the pipeline stays free of source names):
///   ike.daemon.control_socket = false when swanctl (or stroke's `ipsec statusall`) could not
///   reach charon's control socket; ike.installed = [strongswan] when swanctl ran at all.
public enum ProbeStatusFacts {
    public static func facts(_ statuses: [ProbeStatus]) -> [Fact] {
        var out: [Fact] = []
        if let s = statuses.first(where: { ($0.name.hasPrefix("swanctl-") || $0.name == "stroke-status") && ($0.reason ?? "").contains("connecting to") && ($0.reason ?? "").contains("failed") }) {
            out.append(Fact("ike.daemon.control_socket", .bool(false), from: Provenance(.probe, s.name, excerpt: s.reason)))
        }
        // swanctl ran (even if it could not reach charon): strongSwan is installed, so a stopped
        // daemon's remedies are strongSwan's (snapshots made before the installed-ipsec probe).
        if let s = statuses.first(where: { $0.name.hasPrefix("swanctl-") && !($0.reason ?? "").contains("not installed") && $0.state != .skipped }) {
            out.append(Fact("ike.installed", .list(["strongswan"]), from: Provenance(.probe, s.name, excerpt: "swanctl is installed")))
        }
        return out
    }
}
