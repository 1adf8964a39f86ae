import Facts

/// One line of `iptables-save` / `ip6tables-save` (IptablesSaveParser) or of an `iptables -L`
/// listing (IptablesListParser, which prints no table): a chain (`kind: chain`, its policy and
/// counters) or a rule (`kind: rule`, its matches, target and counters).
///
/// WHY `OrderedFields` and not stored properties: a rule's fields come in the order its options
/// were written (`-A INPUT -s X -p udp` and `-A INPUT -p udp -s X` are both real), and the
/// `parse` JSON has always shown them in that order; a struct's fixed property order would change
/// it. The keys are an enum, so every read and write is checked by the compiler; the extractors
/// (Firewall.swift) and trace (Trace/Inputs.swift) read the properties below.
public struct IptablesRecord: OrderedFieldRecord {
    public var line: Int
    public var fields: OrderedFields<Field>

    public init(line: Int, fields: OrderedFields<Field> = OrderedFields()) {
        self.line = line; self.fields = fields
    }

    /// The fields, named as in the JSON. `*Negated`: the option had a `!` before it.
    public enum Field: String, OrderedFieldKey {
        case kind, table, chain, policy, packets, bytes
        case proto = "protocol", protoNegated = "protocol_negated"
        case src, srcNegated = "src_negated", dst, dstNegated = "dst_negated"
        case inInterface = "in_interface", inInterfaceNegated = "in_interface_negated"
        case outInterface = "out_interface", outInterfaceNegated = "out_interface_negated"
        case dports, dportsNegated = "dports_negated", sports, sportsNegated = "sports_negated"
        case ports, portsNegated = "ports_negated", ctstate, ctstateNegated = "ctstate_negated"
        case policyDir = "policy_dir", policyPol = "policy_pol", policyPolNegated = "policy_pol_negated"
        case policyProto = "policy_proto", policyReqid = "policy_reqid"
        case comment, u32, u32Negated = "u32_negated", espspi, icmpType = "icmp_type"
        case target, goto, matches, unknown, targetArgs = "target_args"
        public static let jsonNames = JSONKeyNames(Field.self)
    }

    /// `chain` (a chain's header line: `:INPUT ACCEPT [0:0]`, `Chain INPUT (policy ACCEPT)`) or `rule`.
    public var kind: String? { fields.str(.kind) }
    public var isChain: Bool { kind == "chain" }
    /// iptables-save's `*filter`, `*nat`...; nil in a listing.
    public var table: String? { fields.str(.table) }
    public var chain: String? { fields.str(.chain) }
    /// A chain's policy as printed (`ACCEPT`, `DROP`); nil for `-` (a user chain).
    public var policy: String? { fields.str(.policy) }
    public var proto: String? { fields.str(.proto) }
    public var protoNegated: Bool { fields.bool(.protoNegated) == true }
    /// `-s` / `-d` as written (one address or prefix, or a comma-separated list).
    public var src: String? { fields.str(.src) }
    public var srcNegated: Bool { fields.bool(.srcNegated) == true }
    public var dst: String? { fields.str(.dst) }
    public var dstNegated: Bool { fields.bool(.dstNegated) == true }
    /// `-s` / `-d` as their items (empty when not given).
    public var srcItems: [String] { src.map { $0.split(separator: ",").map(String.init) } ?? [] }
    public var dstItems: [String] { dst.map { $0.split(separator: ",").map(String.init) } ?? [] }
    public var inInterface: String? { fields.str(.inInterface) }
    public var inInterfaceNegated: Bool { fields.bool(.inInterfaceNegated) == true }
    public var outInterface: String? { fields.str(.outInterface) }
    public var outInterfaceNegated: Bool { fields.bool(.outInterfaceNegated) == true }
    /// `--dport(s)` / `--sport(s)` items as written (`500`, `4500`, `1000:2000`, `isakmp`).
    public var dports: [String] { fields.strings(.dports) }
    public var dportsNegated: Bool { fields.bool(.dportsNegated) == true }
    public var sports: [String] { fields.strings(.sports) }
    public var sportsNegated: Bool { fields.bool(.sportsNegated) == true }
    /// multiport's `--ports` (either direction).
    public var ports: [String] { fields.strings(.ports) }
    public var portsNegated: Bool { fields.bool(.portsNegated) == true }
    /// `--ctstate` / `--state` items (`NEW`, `RELATED`, `ESTABLISHED`).
    public var ctstate: [String] { fields.strings(.ctstate) }
    public var ctstateNegated: Bool { fields.bool(.ctstateNegated) == true }
    /// `-m policy --dir in|out --pol ipsec|none`.
    public var policyDir: String? { fields.str(.policyDir) }
    public var policyPol: String? { fields.str(.policyPol) }
    public var policyPolNegated: Bool { fields.bool(.policyPolNegated) == true }
    public var policyReqid: Int? { fields.int(.policyReqid) }
    /// `--u32` tests as written (U32Match).
    public var u32: String? { fields.str(.u32) }
    public var u32Negated: Bool { fields.bool(.u32Negated) == true }
    public var icmpType: String? { fields.str(.icmpType) }
    /// `-j` / `-g` target as written (`ACCEPT`, `DROP`, a user chain).
    public var target: String? { fields.str(.target) }
    /// The target was given by `-g` (goto: no return to this chain).
    public var isGoto: Bool { fields.bool(.goto) == true }
    /// The `-m` match modules, in order.
    public var matches: [String] { fields.strings(.matches) }
    /// Options of matches this reader does not model (they narrow the rule); nil when none.
    public var unknown: [String]? { fields[.unknown] == nil ? nil : fields.strings(.unknown) }
    /// The target's own options (`--to-source X`, `--reject-with Y`).
    public var targetArgs: [String] { fields.strings(.targetArgs) }
}

/// One block or rule of `nft list ruleset` (NftRulesetParser): a table (`kind: table`), a chain
/// (`kind: chain`: a base chain's type, hook, priority and policy) or a rule (`kind: rule`: its
/// expression as printed and the matches read from it). Ordered fields, as `IptablesRecord`'s:
/// a rule's matches come in the order it was written.
public struct NftRecord: OrderedFieldRecord {
    public var line: Int
    public var fields: OrderedFields<Field>

    public init(line: Int, fields: OrderedFields<Field> = OrderedFields()) {
        self.line = line; self.fields = fields
    }

    /// The fields, named as in the JSON. `*Negated`: the match was `!=`.
    public enum Field: String, OrderedFieldKey {
        case kind, family, table, chain, type, hook, priority, policy, comment, expr
        case proto = "protocol", protocols, protoNegated = "protocol_negated"
        case dports, dportsNegated = "dports_negated", sports, sportsNegated = "sports_negated"
        case ipsec, ipsecDir = "ipsec_dir"
        case iif, iifNegated = "iif_negated", oif, oifNegated = "oif_negated"
        case saddr, saddrNegated = "saddr_negated", daddr, daddrNegated = "daddr_negated"
        case ctState = "ct_state", ctStateNegated = "ct_state_negated"
        case verdict, target, to, unknown
        public static let jsonNames = JSONKeyNames(Field.self)
    }

    /// `table`, `chain` or `rule`.
    public var kind: String? { fields.str(.kind) }
    public var isChain: Bool { kind == "chain" }
    public var isRule: Bool { kind == "rule" }
    /// ip, ip6, inet, arp, bridge, netdev.
    public var family: String? { fields.str(.family) }
    public var table: String? { fields.str(.table) }
    public var chain: String? { fields.str(.chain) }
    /// A base chain's `type` (filter, nat, route), `hook` (input, output, forward, prerouting,
    /// postrouting), `priority` as written (`0`, `filter`, `srcnat + 10`) and `policy`.
    public var type: String? { fields.str(.type) }
    public var hook: String? { fields.str(.hook) }
    public var priority: String? { fields.str(.priority) }
    public var policy: String? { fields.str(.policy) }
    /// The rule as printed, handle and counters included.
    public var expr: String? { fields.str(.expr) }
    public var proto: String? { fields.str(.proto) }
    /// `meta l4proto { udp, esp }`: more than one protocol.
    public var protocols: [String] { fields.strings(.protocols) }
    public var protoNegated: Bool { fields.bool(.protoNegated) == true }
    public var dports: [String] { fields.strings(.dports) }
    public var dportsNegated: Bool { fields.bool(.dportsNegated) == true }
    public var sports: [String] { fields.strings(.sports) }
    public var sportsNegated: Bool { fields.bool(.sportsNegated) == true }
    /// `meta ipsec exists|missing`, `rt ipsec ...`, `ipsec in|out ...`: `exists` or `missing`.
    public var ipsec: String? { fields.str(.ipsec) }
    /// `in`/`out` of `ipsec in|out`.
    public var ipsecDir: String? { fields.str(.ipsecDir) }
    /// Interface names as printed (quoted: `"lo"`).
    public var iif: String? { fields.str(.iif) }
    public var iifNegated: Bool { fields.bool(.iifNegated) == true }
    public var oif: String? { fields.str(.oif) }
    public var oifNegated: Bool { fields.bool(.oifNegated) == true }
    /// `ip saddr` / `ip daddr` items (one, or a `{ set }`).
    public var saddr: [String] { fields.strings(.saddr) }
    public var saddrNegated: Bool { fields.bool(.saddrNegated) == true }
    public var daddr: [String] { fields.strings(.daddr) }
    public var daddrNegated: Bool { fields.bool(.daddrNegated) == true }
    public var ctState: [String] { fields.strings(.ctState) }
    public var ctStateNegated: Bool { fields.bool(.ctStateNegated) == true }
    /// accept, drop, reject, return, jump, goto, masquerade, snat, dnat...
    public var verdict: String? { fields.str(.verdict) }
    /// The chain of `jump`/`goto`.
    public var target: String? { fields.str(.target) }
    /// The address of `snat to` / `dnat to`.
    public var to: String? { fields.str(.to) }
    /// Matches this reader does not model (they narrow the rule); nil when none.
    public var unknown: [String]? { fields[.unknown] == nil ? nil : fields.strings(.unknown) }
}
