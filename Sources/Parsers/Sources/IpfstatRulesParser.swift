import Facts

/// illumos/SmartOS IP Filter's `ipfstat -io` (also `-hio` with hit counts, `-nio` with `@G:N`
/// numbers): the loaded outbound and inbound rules, one a line, as printfr() of
/// usr/src/cmd/ipf/lib/common/printfr.c prints them (`pass in quick on e1000g0 proto udp from
/// any to any port = 500 keep state`); `empty list for ipfilter(in)` when a list has none.
/// Records: PacketFilterRuleRecord; evaluated by PacketFilter like pf's (ipf.conf(5): the last
/// matching rule wins unless `quick`). Rules in a `group` run only after their `head` rule
/// matched, from its verdict on (IpfGroups; fil.c fr_scanlist()); a group no rule heads is not
/// followed and leaves a verdict it could change undecided.
public struct IpfstatRulesParser: OutputParser {
    public init() {}
    public var source: String { "ipfstat-rules" }
    public var summary: String { "ipfstat -io (illumos IP Filter rules)" }

    public func parse(_ text: String) -> ParseResult {
        PacketFilterGrammar.parse(text, source: source, pf: false) { t, _ in
            t.hasPrefix("empty list for ipfilter(") ? true : nil
        }
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension IpfstatRulesParser: EvidenceSource {
    public var yields: [String] {
        ["fw.drops_esp_in", "fw.drops_esp_out", "fw.drops_ike_in", "fw.drops_ike_out", "host.os"]
    }
    public var probes: [ProbeSpec] {
        [
            // read-only: -i/-o list the loaded inbound and outbound rules, -h their hits
            ProbeSpec("ipfstat-rules", source: "ipfstat-rules", .command(["ipfstat", "-hio"]), needsRoot: true,
                      platform: .only(.illumos)),
        ]
    }
    public var snapshotNames: [String] { ["ipfstat-io", "ipfstat-hio", "ipfstat-nio", "ipfstat"] }
}
