import Parsers

/// What trace knows of one host: its own model, filled by `TraceInputs` (Inputs.swift) from
/// whatever the parsers produced, so the simulation never touches parser records.
public struct HostModel: Sendable {
    public var name: String
    public var addresses: [LocalAddress] = []
    public var links: [Link] = []
    public var routes: [Route] = []
    /// nil when the outputs hold no `ip rule show` (the kernel's default rules are assumed).
    public var rules4: [RouteRule]?
    public var rules6: [RouteRule]?
    public var sysctl: [String: (value: String, evidence: TraceEvidence)] = [:]
    public var iptables: [FilterTable] = []
    public var nftChains: [NftChain] = []
    public var xfrmPolicies: [XfrmPolicy] = []
    public var xfrmStates: [XfrmSA] = []
    public var charonChildren: [CharonChild] = []
    /// IKE SAs by connection name with their state (ESTABLISHED, CONNECTING, ...).
    public var ikeStates: [String: String] = [:]
    public var charonPolicies: [CharonPolicy] = []
    /// The configured children of any implementation (TunnelChild: swanctl `--list-conns`, else
    /// what the IKE daemon's config and status name): what could be negotiated, not what is installed.
    public var configuredChildren: [TunnelChild] = []
    /// The origins of `swanctl --list-conns` outputs: their children keep trace's swanctl wording.
    public var listConnsOrigins: Set<String> = []
    public var pfkeyPolicies: [PFKeyPolicy] = []
    public var pfkeySAs: [PFKeySA] = []
    /// Which outputs were present (source names), to say what could not be checked.
    public var sources: Set<String> = []

    public init(name: String) { self.name = name }

    public func has(_ source: String) -> Bool { sources.contains(source) }
}

public struct LocalAddress: Sendable {
    public var ifname: String
    public var index: Int
    /// The address itself (/32 or /128: CIDR masks to its prefix, so the prefix is kept apart).
    public var address: CIDR
    public var prefixLength: Int
    public var scope: String
    public var evidence: TraceEvidence
}

public struct Link: Sendable {
    public var ifname: String
    public var index: Int
    public var mtu: Int?
    public var kind: String?      // vti, xfrm, tun, ...
    public var ifId: UInt32?
    public var okey: String?
    public var evidence: TraceEvidence
}

public struct Route: Sendable {
    public var type: String       // unicast, local, broadcast, unreachable, blackhole, prohibit, throw
    public var dst: CIDR
    public var table: String      // "main" when not printed
    public var via: String?
    public var dev: String?
    public var src: String?
    public var metric: Int
    public var evidence: TraceEvidence
}

public struct RouteRule: Sendable {
    public var priority: Int
    public var not: Bool
    public var from: CIDR?        // nil: all
    public var to: CIDR?
    public var iif: String?
    public var oif: String?
    public var fwmark: (value: UInt32, mask: UInt32)?
    public var ipproto: String?
    public var sport: ClosedRange<Int>?
    public var dport: ClosedRange<Int>?
    public var action: String     // lookup, goto, nop, unreachable, blackhole, prohibit
    public var table: String?
    public var suppressPrefixLength: Int?
    /// Selectors trace does not model (uidrange, tos, ...): the rule may or may not apply.
    public var unmodelled: [String]
    public var evidence: TraceEvidence
}

/// One iptables table of one family, as iptables-save prints it.
public struct FilterTable: Sendable {
    public var family: Int        // 4 or 6
    public var name: String       // filter, nat, mangle, raw
    public var chains: [String: FilterChain] = [:]
}

public struct FilterChain: Sendable {
    public var name: String
    public var policy: String?    // ACCEPT/DROP for built-in chains
    public var evidence: TraceEvidence?
    public var rules: [FilterRule] = []
}

/// One packet-filter rule (iptables or nft) in one shape: its matches and what it does.
public struct FilterRule: Sendable {
    public var number: Int        // 1-based position in its chain (iptables -L --line-numbers)
    public var protocol_: String?
    public var protocolNegated = false
    public var protocols: [String] = []
    public var src: [String] = []
    public var srcNegated = false
    public var dst: [String] = []
    public var dstNegated = false
    public var inIface: String?
    public var inNegated = false
    public var outIface: String?
    public var outNegated = false
    public var sports: [String] = []
    public var sportsNegated = false
    public var dports: [String] = []
    public var dportsNegated = false
    /// multiport's `--ports`: the source or the destination port.
    public var eitherPorts: [String] = []
    public var eitherPortsNegated = false
    public var ctStates: [String] = []
    public var ctNegated = false
    /// `-m policy --dir in|out --pol ipsec|none` / nft `meta ipsec exists|missing`.
    public var policyDir: String?
    public var policyPol: String?
    public var policyNegated = false
    /// What this rule matches on that trace does not model; non-empty makes a match uncertain.
    public var unmodelled: [String] = []
    /// accept drop reject return jump goto masquerade snat dnat log mark ... (lower case)
    public var action: String?
    public var target: String?    // jump/goto target chain, or the iptables target as written
    public var toAddress: String? // SNAT/DNAT --to
    public var evidence: TraceEvidence
}

public struct NftChain: Sendable {
    public var family: String     // ip, ip6, inet
    public var table: String
    public var name: String
    public var hook: String?
    public var type: String?
    public var priority: Int
    public var policy: String?
    public var evidence: TraceEvidence
    public var rules: [FilterRule] = []
}

public struct XfrmTemplate: Sendable {
    public var src: CIDR?
    public var dst: CIDR?
    public var proto: String      // esp, ah, comp
    public var reqid: Int?
    public var mode: String       // tunnel, transport, beet
    public var level: String?     // required (default), use
}

public struct XfrmPolicy: Sendable {
    public var order: Int
    public var src: CIDR
    public var dst: CIDR
    public var proto: String?
    public var sport: Int?
    public var dport: Int?
    public var icmpType: Int?
    public var dev: String?
    public var dir: String        // in, out, fwd
    public var socket: Bool
    public var action: String     // allow, block
    /// nil when the output hides it (sanitised `PRIORITY`); treated as 0.
    public var priority: Int?
    public var mark: (value: UInt32, mask: UInt32)?
    public var ifId: UInt32
    public var templates: [XfrmTemplate]
    public var evidence: TraceEvidence
}

public struct XfrmSA: Sendable {
    public var src: CIDR
    public var dst: CIDR
    public var proto: String
    public var spi: String
    public var reqid: Int?
    public var mode: String?
    public var encap: (type: String, sport: Int, dport: Int)?
    public var enc: String?
    public var auth: String?
    public var authTruncBits: Int?
    public var aead: String?
    public var aeadIcvBits: Int?
    public var mark: (value: UInt32, mask: UInt32)?
    public var ifId: UInt32
    public var selSrc: CIDR?
    public var selDst: CIDR?
    public var addTime: String?
    public var evidence: TraceEvidence
}

/// A strongSwan CHILD_SA from `swanctl --list-sas`.
public struct CharonChild: Sendable {
    public var ike: String
    public var child: String
    public var state: String
    public var reqid: Int?
    public var mode: String?
    public var encap: Bool
    public var proposal: String?
    public var spiIn: String?
    public var spiOut: String?
    public var localTS: [String]
    public var remoteTS: [String]
    public var localHost: String?
    public var remoteHost: String?
    public var localPort: Int?
    public var remotePort: Int?
    public var packetsOut: Int?
    public var packetsIn: Int?
    public var evidence: TraceEvidence
}

/// A strongSwan trap or shunt policy from `swanctl --list-pols`.
public struct CharonPolicy: Sendable {
    public var name: String
    public var kind: String       // trap, pass, drop
    public var localTS: [String]
    public var remoteTS: [String]
    public var evidence: TraceEvidence
}

/// A PF_KEY SPD entry: racoon/ipsec-tools `setkey -DP`, or an OpenBSD `ipsecctl -sa` flow.
public struct PFKeyPolicy: Sendable {
    public var src: CIDR
    public var dst: CIDR
    public var srcPort: Int?
    public var dstPort: Int?
    public var upper: String?     // any, tcp, udp, icmp, ...
    public var dir: String        // in, out, fwd
    public var action: String     // ipsec, none, discard, bypass, require, use, deny, acquire, dontacq
    public var priority: Int?
    public var peer: String?      // tunnel endpoint
    public var templates: [String]
    public var evidence: TraceEvidence
}

/// A PF_KEY SA: `setkey -D` (ipsec-tools) or an OpenBSD `ipsecctl -sa` SA line.
public struct PFKeySA: Sendable {
    public var src: CIDR
    public var dst: CIDR
    public var proto: String
    public var mode: String?
    public var spi: String
    public var state: String?
    public var udpEncap: Bool
    public var algorithms: String?
    public var evidence: TraceEvidence
}

extension HostModel {
    /// The line trace prints for a configured child: swanctl's "lab/net: local A remote B" for
    /// a `--list-conns` child, else the child's summary ("lab/1x0: A === B").
    public func evidence(of c: TunnelChild) -> TraceEvidence {
        guard listConnsOrigins.contains(c.origin.source) else { return TraceEvidence(c.origin.source, c.origin.line, c.summary) }
        return TraceEvidence(c.origin.source, c.origin.line, "\(c.conn)/\(c.child): local \(c.localTS.joined(separator: " ")) remote \(c.remoteTS.joined(separator: " "))")
    }
}
