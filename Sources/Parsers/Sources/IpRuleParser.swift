import Facts

/// `ip rule show` / `ip -6 rule show`: the routing policy database, one record per rule:
/// priority, `not` (inverted selector), from, to (`all` or a prefix), iif, oif, fwmark (`V/M` as
/// printed), ipproto, sport, dport, uidrange, action (lookup/goto/nop/unreachable/blackhole/
/// prohibit), table (for lookup: name or number), goto target, suppress_prefixlength,
/// suppress_ifgroup. Words this parser does not model are kept in `unknown`.
public struct IpRuleParser: OutputParser {
    public init() {}
    public var source: String { "ip-rule" }
    public var summary: String { "ip rule show / ip -6 rule show (routing policy rules)" }

    static let actions: Set<String> = ["unreachable", "blackhole", "prohibit", "nop"]
    static let valued: Set<String> = ["from", "to", "iif", "oif", "fwmark", "ipproto", "sport", "dport", "uidrange",
                                      "tos", "dsfield", "realms", "suppress_prefixlength", "suppress_ifgroup",
                                      "proto", "l3mdev", "pref", "priority", "protocol", "flowlabel"]

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [IpRuleRecord] = []
        for line in text.numberedLines where !line.isBlank {
            let w = line.trimmed.words
            guard let first = w.first, first.hasSuffix(":"), let prio = Int(first.dropLast()) else { acc.reject(line); continue }
            var r = IpRuleRecord(line: line.number)
            r.set(.priority, prio)
            var unknown: [String] = []
            var i = 1
            while i < w.count {
                let k = w[i]
                let v = i + 1 < w.count ? w[i + 1] : nil
                switch k {
                case "not": r.set(.not, true); i += 1; continue
                case "lookup", "table":
                    r.set(.action, "lookup"); r.set(.table, v); i += 2; continue
                case "goto":
                    r.set(.action, "goto"); r.set(.goto, v.flatMap { Int($0) }); i += 2; continue
                case "[detached]", "[unresolved]":
                    r.set(.detached, true); i += 1; continue
                case "l3mdev":
                    r.set(.l3mdev, true); i += 1; continue
                default: break
                }
                if IpRuleParser.actions.contains(k) { r.set(.action, k); i += 1; continue }
                if IpRuleParser.valued.contains(k), let v {
                    switch k {
                    case "suppress_prefixlength": r.set(.suppressPrefixlength, Int(v))
                    case "protocol", "proto": r.set(.ruleProto, v)
                    default: r.set(IpRuleRecord.Field(rawValue: k)!, v)
                    }
                    i += 2; continue
                }
                unknown.append(k); i += 1
            }
            if !unknown.isEmpty { r.set(.unknown, unknown) }
            records.append(r)
            acc.account(line.number)
        }
        return acc.result(source: source, typed: records)
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension IpRuleParser: EvidenceSource {
    /// `ip -6 rule` goes to the same parser; `trace` tells the families apart by the probe's name.
    public var probes: [ProbeSpec] {
        [
            ProbeSpec("ip-rule", source: "ip-rule", .command(["ip", "rule", "show"])),
            ProbeSpec("ip-6-rule", source: "ip-rule", .command(["ip", "-6", "rule", "show"])),
        ]
    }
    public var snapshotNames: [String] { ["ip-6-rule", "ip6-rule"] }
}
