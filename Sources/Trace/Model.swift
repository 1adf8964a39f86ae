import Parsers

/// The packet a trace follows. Addresses are single hosts (/32 or /128).
public struct TracePacket: Sendable {
    public var src: CIDR
    public var dst: CIDR
    /// `tcp`, `udp`, `icmp`, `ipv6-icmp`, `esp`, ... or nil for "any protocol" (`ping` is icmp).
    public var proto: String
    public var sport: Int?
    public var dport: Int?
    /// The interface it arrives on (forwarded traffic); nil for traffic this host originates.
    public var inIface: String?
    /// The firewall mark (skb->mark) it carries, for marked policies (VTI); 0 unless told.
    public var mark: UInt32
    /// The xfrm interface id it is routed through (set from the route's xfrm interface).
    public var ifId: UInt32
    /// The size of the IP packet in bytes; nil means "as large as the route's MTU allows".
    public var size: Int?
    /// The conntrack state assumed for netfilter matches (a fresh packet is NEW).
    public var ctState: String

    public var isIPv6: Bool { src.isIPv6 }
    /// The ICMP type used when matching ICMP selectors: echo request unless set (a reply is 0/129).
    public var icmpTypeOverride: Int?
    public var icmpType: Int { icmpTypeOverride ?? (isIPv6 ? 128 : 8) }

    /// The answer to this packet: addresses and ports swapped, an echo reply for a ping.
    public var reply: TracePacket {
        var r = TracePacket(src: dst, dst: src, proto: proto, sport: dport, dport: sport, mark: mark, ifId: ifId, size: size, ctState: "ESTABLISHED")
        if proto == "icmp" || proto == "ipv6-icmp" { r.icmpTypeOverride = isIPv6 ? 129 : 0 }
        return r
    }

    public init(src: CIDR, dst: CIDR, proto: String = "icmp", sport: Int? = nil, dport: Int? = nil,
                inIface: String? = nil, mark: UInt32 = 0, ifId: UInt32 = 0, size: Int? = nil, ctState: String = "NEW") {
        self.src = src; self.dst = dst; self.proto = proto; self.sport = sport; self.dport = dport
        self.inIface = inIface; self.mark = mark; self.ifId = ifId; self.size = size; self.ctState = ctState
    }

    public var summary: String {
        var s = "\(proto) \(src.address)"
        if let sport { s += ":\(sport)" }
        s += " -> \(dst.address)"
        if let dport { s += ":\(dport)" }
        if let inIface { s += " in \(inIface)" }
        if mark != 0 { s += " mark 0x\(String(mark, radix: 16))" }
        return s
    }
}

/// Where a step's conclusion comes from: an output (snapshot file or probe) and its line.
public struct TraceEvidence: Sendable, Hashable {
    public var origin: String
    public var line: Int?
    /// The record as trace read it (not the raw line: records keep no raw text).
    public var text: String
    public init(_ origin: String, _ line: Int?, _ text: String) { self.origin = origin; self.line = line; self.text = text }
    public var location: String { line.map { "\(origin):\($0)" } ?? origin }
}

/// The stages in the order the kernel runs them.
public enum TraceStage: String, Sendable {
    case input, prerouting, routing, forward, output, postrouting, xfrm, sa, encapsulation, mtu, outer, peer, reply
}

/// One numbered step of a trace.
public struct TraceStep: Sendable {
    public var stage: TraceStage
    public var text: String
    public var evidence: [TraceEvidence]
    /// True when a rule or output this step relies on is not fully modelled (a match module
    /// trace does not know): the step says so and the verdict cannot be certain.
    public var uncertain: Bool
    public init(_ stage: TraceStage, _ text: String, evidence: [TraceEvidence] = [], uncertain: Bool = false) {
        self.stage = stage; self.text = text; self.evidence = evidence; self.uncertain = uncertain
    }
}

/// What happens to the packet in the end.
public enum TraceOutcome: String, Sendable {
    /// Encrypted by an SA (exit 0).
    case encrypted
    /// Leaves in clear, is dropped, rewritten so it misses the policy, or waits for an SA (exit 1).
    case clear, dropped, rewritten, acquire
    /// Delivered to this host itself (not a tunnel's business; exit 1: it is not encrypted).
    case local
    /// The outputs do not tell (exit 2).
    case unknown

    public var exitCode: Int32 {
        switch self {
        case .encrypted: return 0
        case .unknown: return 2
        default: return 1
        }
    }
}

/// The verdict: one sentence, the diagnosis it points to, and warnings (e.g. MTU).
public struct TraceVerdict: Sendable {
    public var outcome: TraceOutcome
    public var text: String
    /// A catalogue ID (`ipsec-doctor explain ID`); nil when nothing is wrong.
    public var diagnosis: String?
    /// What `ipsec-doctor explain` takes for more: the diagnosis, or a concept article.
    public var article: String?
    public init(_ outcome: TraceOutcome, _ text: String, diagnosis: String? = nil, article: String? = nil) {
        self.outcome = outcome; self.text = text; self.diagnosis = diagnosis; self.article = article ?? diagnosis
    }
}

public struct TraceWarning: Sendable {
    public var text: String
    public var diagnosis: String?
    public init(_ text: String, diagnosis: String? = nil) { self.text = text; self.diagnosis = diagnosis }
}

/// A whole trace on one host, and optionally its continuation at the peer.
public struct TraceResult: Sendable {
    public var host: String
    public var packet: TracePacket
    public var steps: [TraceStep] = []
    public var verdict: TraceVerdict
    public var warnings: [TraceWarning] = []
    /// The ESP packet that leaves, when it is encrypted (for the peer).
    public var outer: OuterPacket?
    public var peer: [TraceResult] = []
    /// The interface routing chose for the packet (for the live cross-check with `ip route get`).
    public var outDev: String?
    /// The SPD entry the outbound lookup chose (XFRM policy, charon CHILD_SA/trap, PF_KEY entry).
    public var policy: TraceEvidence?

    public init(host: String, packet: TracePacket, verdict: TraceVerdict) {
        self.host = host; self.packet = packet; self.verdict = verdict
    }

    /// The exit code: the local verdict, unless the peer's continuation says the packet is lost
    /// there (then 1) or cannot tell (2).
    /// With a peer, every leg (arrival, reply, reply's arrival) must succeed for 0.
    public var exitCode: Int32 {
        let own = verdict.outcome.exitCode
        guard own == 0 else { return own }
        for leg in peer where !(leg.verdict.outcome == .local || leg.verdict.outcome == .encrypted) {
            return leg.verdict.outcome.exitCode
        }
        return 0
    }
}

/// The encrypted packet on the wire.
public struct OuterPacket: Sendable {
    public var src: CIDR
    public var dst: CIDR
    /// ESP (IP protocol 50), or ESP in UDP with these ports.
    public var udpEncap: (sport: Int, dport: Int)?
    public var spi: String
    public var size: Int?
    public var protocolName: String { udpEncap == nil ? "esp" : "udp" }
}
