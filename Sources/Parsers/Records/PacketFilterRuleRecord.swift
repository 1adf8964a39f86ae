/// One rule of a BSD-style packet filter as its tool prints the loaded rule set: OpenBSD pf
/// (`pfctl -sr`, PfctlRulesParser) and illumos IP Filter (`ipfstat -io`, IpfstatRulesParser).
/// Both print one rule a line, lists already expanded, and both decide by the LAST matching rule
/// unless a rule says `quick` (pf.conf(5) "PACKET FILTERING", ipf(4)/ipf.conf(5)); the evaluator
/// is PacketFilter (Support/PacketFilter.swift).
public struct PacketFilterRuleRecord: SourceRecord, Equatable {
    /// `from`/`to`: the address as printed (`any`, `10.0.0.0/8`, `<table>`, `(self)`, `(em0:network)`,
    /// `no-route`, `a - b`), `!` in `negated`, and its port test.
    public struct Endpoint: Codable, Sendable, Equatable {
        public var address: String
        public var negated: Bool?
        public var port: PortTest?
        public init(address: String, negated: Bool? = nil, port: PortTest? = nil) {
            self.address = address; self.negated = negated; self.port = port
        }
    }

    /// `port = 500`, `port != 53`, `port 6000:6010` (`:`, inclusive), `port 1 >< 5` (exclusive),
    /// `port 1 <> 5` (outside), `<`, `<=`, `>`, `>=`; a service name where the tool printed one.
    public struct PortTest: Codable, Sendable, Equatable {
        public var op: String
        public var port: String
        public var to: String?
        public init(op: String, port: String, to: String? = nil) { self.op = op; self.port = port; self.to = to }
    }

    public var line: Int
    /// `@N` (pfctl -vv), `@G:N` (ipfstat -n), or the hit count ipfstat -h prints first.
    public var number: String?
    /// pass, block, match, anchor (pf's `anchor "name"`, whose rules are not in the output),
    /// scrub, nat, rdr, binat (pf before 4.7 printed these in the same list), count, log, skip.
    public var action: String
    /// The anchor's name, for `anchor`.
    public var anchor: String?
    /// How a block blocks: drop, return, return-rst, return-icmp(...).
    public var blockHow: String?
    /// in, out; nil: both.
    public var direction: String?
    public var log: Bool?
    public var quick: Bool?
    public var interface: String?
    public var interfaceNegated: Bool?
    /// inet, inet6.
    public var family: String?
    /// The protocols (pf: one; ipf: `tcp/udp` is two).
    public var protocols: [String]?
    /// Both ends; nil for `all`.
    public var from: Endpoint?
    public var to: Endpoint?
    /// Words after the addresses that narrow the match in ways no packet asked about can be
    /// told by (`user = 55`, `tagged X`, `icmp-type echoreq`, `with ipopts`, `group 100`): the
    /// rule then matches "maybe".
    public var narrowing: [String]?
    /// The rest as printed (state, flags, label, nat-to ...), which do not change what it matches.
    public var options: [String]?
    /// `-v` counters: evaluations, packets, bytes, states (pf); hits (ipf -h).
    public var evaluations: Int?
    public var packets: Int?
    public var bytes: Int?
    public var states: Int?

    enum CodingKeys: String, CodingKey {
        case line, number, action, anchor, blockHow = "block", direction, log, quick, interface
        case interfaceNegated = "interface_negated", family, protocols, from, to, narrowing, options
        case evaluations, packets, bytes, states
    }

    public init(line: Int, action: String) { self.line = line; self.action = action }
}
