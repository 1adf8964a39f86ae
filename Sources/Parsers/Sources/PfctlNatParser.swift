import Facts

/// pf's `pfctl -sn` (`-s nat`): the translation rules, which pf before OpenBSD 4.7 (and
/// FreeBSD's, macOS's pf) keeps in lists of their own, printed by print_rule() of
/// sbin/pfctl/pfctl_parser.c as `nat|rdr|binat [pass] [on IF] [inet] [proto P] from A to B ->
/// POOL [options]` and `no nat ...` for an exemption, one a line (`nat-anchor`, `rdr-anchor`
/// for rules in anchors). Read with the grammar of pfctl-rules (PacketFilterGrammar) into
/// PacketFilterRuleRecord; the translation target (`-> (en0) round-robin`) stays in options.
/// A newer pf prints nothing here (nat-to and rdr-to are options of `pfctl -sr`'s rules).
public struct PfctlNatParser: OutputParser {
    public init() {}
    public var source: String { "pfctl-nat" }
    public var summary: String { "pfctl -sn (pf translation rules: nat, rdr, binat)" }

    public func parse(_ text: String) -> ParseResult { PfctlRulesParser.rules(text, source: source) }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension PfctlNatParser: EvidenceSource {
    /// With a tunnel known: whether an inbound rdr rewrites its traffic (PacketFilterNAT).
    public var yields: [String] { ["host.os", "nat.masquerade_hits_tunnel"] }
    /// No live probe: OpenBSD since 4.7 (the only platform pf is probed on) keeps no translation
    /// lists (nat-to/rdr-to are options of the rules `pfctl -sr` prints, read there); a pasted
    /// `pfctl -sn` of an older pf, FreeBSD's or macOS's is read from snapshots and `parse`.
    public var snapshotNames: [String] { ["pfctl-sn", "pfctl-vsn", "pfctl-s-nat", "pf-nat"] }
}
