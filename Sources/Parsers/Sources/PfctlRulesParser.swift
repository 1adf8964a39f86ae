import Facts

/// OpenBSD's `pfctl -sr` (`-s rules`): the loaded filter rules after macro and list expansion,
/// one a line, in the order pf evaluates them, as print_rule() of sbin/pfctl/pfctl_parser.c
/// prints them: `[@N ]ACTION [drop|return|return-rst|return-icmp(...)] [in|out] [log[ (...)]]
/// [quick] [on [!] IF] [inet|inet6] [proto P] all|from [!] A [port OP] to [!] B [port OP]
/// [options...]`. `-v` adds a `  [ Evaluations: ... Packets: ... Bytes: ... States: ... ]` line
/// (and `[ Inserted: ... ]`) after a rule, `-vv` the `@N` rule numbers (pfSense: `@N(id)`).
/// Records: PacketFilterRuleRecord.
public struct PfctlRulesParser: OutputParser {
    public init() {}
    public var source: String { "pfctl-rules" }
    public var summary: String { "pfctl -sr (OpenBSD pf filter rules)" }

    public func parse(_ text: String) -> ParseResult { Self.rules(text, source: source) }

    /// A list of pf rules as print_rule() prints them (`-sr`, and `-sn`'s translation rules),
    /// `-v` counter lines included.
    static func rules(_ text: String, source: String) -> ParseResult {
        PacketFilterGrammar.parse(text, source: source, pf: true) { t, records in
            // a counter line belongs to the rule before it
            guard t.hasPrefix("[") else { return nil }
            return !records.isEmpty && counters(t, into: &records[records.count - 1])
        }
    }

    /// `[ Evaluations: 7112201   Packets: 0  Bytes: 0  States: 0  ]`; `[ Inserted: ... ]` is
    /// accepted and not kept. False for a bracketed line of neither kind.
    static func counters(_ t: String, into r: inout PacketFilterRuleRecord) -> Bool {
        let w = t.words
        if w.contains("Inserted:") { return true }
        guard w.contains("Evaluations:") else { return false }
        func value(_ key: String) -> Int? { w.firstIndex(of: key).flatMap { $0 + 1 < w.count ? Int(w[$0 + 1]) : nil } }
        r.evaluations = value("Evaluations:"); r.packets = value("Packets:"); r.bytes = value("Bytes:"); r.states = value("States:")
        return true
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension PfctlRulesParser: EvidenceSource {
    public var yields: [String] {
        ["fw.drops_esp_in", "fw.drops_esp_out", "fw.drops_ike_in", "fw.drops_ike_out", "host.os", "nat.masquerade_hits_tunnel"]
    }
    public var probes: [ProbeSpec] {
        [
            // read-only: -s prints the loaded rules, -v their counters
            ProbeSpec("pfctl-rules", source: "pfctl-rules", .command(["pfctl", "-v", "-s", "rules"]), needsRoot: true,
                      platform: .only(.openbsd)),
        ]
    }
    /// What an admin names the saved output: `pfctl -sr > pfctl-sr.txt`, `-vsr`, `-vvsr`.
    public var snapshotNames: [String] { ["pfctl-sr", "pfctl-vsr", "pfctl-vvsr", "pfctl-s-rules", "pf-rules"] }
}
