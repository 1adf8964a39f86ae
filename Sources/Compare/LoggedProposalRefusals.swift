/// Where one end's proposals are not in its snapshot (it was read from `swanctl --list-conns`,
/// which does not print them), the item-by-item comparison cannot show a proposal mismatch:
/// a daemon's log that refused the other's proposals still can. Such a difference names the
/// refusal and what could not be compared, and leaves the faulty side open.
extension ConfigChecks {
    func loggedProposalRefusals() -> [Difference] {
        guard !bothSettingsKnown else { return [] }
        let unlisted = [t.settingsKnown ? nil : a.name, u.settingsKnown ? nil : b.name].compactMap { $0 }
        let why = "\(unlisted.joined(separator: " and "))'s proposals are not in \(unlisted.count == 1 ? "its snapshot" : "their snapshots") (read from `swanctl --list-conns`, which does not print them)"
        var out: [Difference] = []
        // (kind in Gateway.logFailures, difference, phase said in the summary, the settings)
        for (kind, item, phase, settings) in [("proposal", Difference.Item.ikeProposal, "IKE", "proposals"),
                                             ("child-proposal", .espProposal, "ESP (CHILD SA)", "esp_proposals")] {
            let la = refusal(a, kind, tunnel: t.name), lb = refusal(b, kind, tunnel: u.name)
            guard la != nil || lb != nil else { continue }
            let who = [la == nil ? nil : a.name, lb == nil ? nil : b.name].compactMap { $0 }.joined(separator: " and ")
            out.append(diff(item, .problem, 0.8,
                            "\(who) logged that no \(phase) proposal was acceptable; \(why)",
                            [la ?? t.line(settings)], [lb ?? u.line(settings)], faulty: nil,
                            fix: "compare both ends' \(settings) (swanctl.conf; ipsec.conf \(item == .ikeProposal ? "ike=" : "esp=")) and give them one proposal in common, then reload; `collect` as root keeps the configuration so compare can name the side"))
        }
        return out
    }

    /// The gateway's log line refusing proposals of this kind, when it is about this tunnel: one
    /// the log names the tunnel in, or any when the gateway has this tunnel only (IKE_SA_INIT is
    /// refused before charon knows the connection: `<1>`, no name).
    private func refusal(_ g: Gateway, _ kind: String, tunnel: String) -> SourceLine? {
        guard let line = g.logFailures[kind] else { return nil }
        return g.tunnels.count == 1 || g.tunnelLogFailures[tunnel]?["proposal"] != nil ? line : nil
    }
}
