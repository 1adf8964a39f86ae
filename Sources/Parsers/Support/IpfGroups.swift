/// IP Filter's rule groups (ipf.conf(5)): a rule with `head N` runs, when it matches, the rules
/// printed with `group N`, which run at no other time. A group no loaded rule heads is left as
/// it was read (its rules match `maybe`); pf has no such groups (its `group = gid` has a `=`).
struct IpfGroups {
    /// The rules outside every headed group, in order.
    let main: [Sourced<PacketFilterRuleRecord>]
    private let byGroup: [String: [Sourced<PacketFilterRuleRecord>]]

    init(_ rules: [Sourced<PacketFilterRuleRecord>]) {
        let heads = Set(rules.compactMap { Self.head(of: $0.record) })
        guard !heads.isEmpty else { main = rules; byGroup = [:]; return }
        var main: [Sourced<PacketFilterRuleRecord>] = [], byGroup: [String: [Sourced<PacketFilterRuleRecord>]] = [:]
        for r in rules {
            if let g = r.record.narrowing?.lazy.compactMap(Self.group(of:)).first, heads.contains(g) { byGroup[g, default: []].append(r) }
            else { main.append(r) }
        }
        self.main = main; self.byGroup = byGroup
    }

    /// The rules of the group `r` heads, if it heads one.
    func members(headedBy r: PacketFilterRuleRecord) -> [Sourced<PacketFilterRuleRecord>]? {
        Self.head(of: r).map { byGroup[$0] ?? [] }
    }

    /// `head 100` among a rule's options.
    static func head(of r: PacketFilterRuleRecord) -> String? {
        guard let o = r.options, let i = o.firstIndex(of: "head"), i + 1 < o.count else { return nil }
        return o[i + 1]
    }

    /// `group 100` (a narrowing as read): the group's name.
    static func group(of narrowing: String) -> String? {
        let w = narrowing.split(separator: " ")
        return w.count == 2 && w[0] == "group" ? String(w[1]) : nil
    }
}
