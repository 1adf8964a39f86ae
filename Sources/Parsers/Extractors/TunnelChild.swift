import Facts

/// One phase 2 of a tunnel (a CHILD SA, an IPsec SA, a Quick Mode, a flow) as its implementation
/// configures or reports it: the selectors that belong together, the gateways, and the line that
/// says so. The one typed home of selector evidence (issue 11, "every implementation alike"): each
/// implementation's extractor fills it from its own config and status (`TunnelChildSource`), and
/// the firewall, NAT, forwarding and route checks and `trace` read only this.
///
/// Keeping the selectors of one child together matters: the FORWARD and POSTROUTING checks ask
/// about traffic from a child's local selector to the same child's remote one, never to another
/// connection's.
public struct TunnelChild: Sendable, Equatable {
    /// The connection (IKE SA config, Libreswan conn, racoon `remote`/`sainfo`, iked policy).
    public var conn: String
    /// The child's own name where the implementation has one (swanctl child, Libreswan
    /// `conn/1x0` instance); else the connection's.
    public var child: String
    public var localTS: [String]
    public var remoteTS: [String]
    public var localAddrs: [String]
    public var remoteAddrs: [String]
    // `origin` in its parts: a `Provenance` inline took 56 of the child's 120 bytes (its
    // optional line and excerpt padded), and a 10,000-tunnel diagnosis holds 40,000 children
    // through fact extraction (PERFORMANCE.md, tenth pass); parted, a child takes 104.
    private var originSource: String
    private var originLine: Int
    /// The excerpt, where one was given (the sources give none: see `evidence`).
    private var originExcerpt = PackedOptionals<String>()
    private var originKind: Provenance.Kind
    private var originHasLine: Bool

    /// Where it was read (kind, source, line), without excerpt: see `evidence`.
    public var origin: Provenance {
        get {
            var p = Provenance(originKind, originSource, line: originHasLine ? originLine : nil)
            p.excerpt = originExcerpt[0]
            return p
        }
        set {
            originKind = newValue.kind; originSource = newValue.source
            originLine = newValue.line ?? 0; originHasLine = newValue.line != nil
            originExcerpt[0] = newValue.excerpt
        }
    }

    public init(conn: String, child: String? = nil, localTS: [String] = [], remoteTS: [String] = [],
                localAddrs: [String] = [], remoteAddrs: [String] = [], origin: Provenance) {
        self.conn = conn
        self.child = child ?? conn
        self.localTS = localTS
        self.remoteTS = remoteTS
        self.localAddrs = localAddrs
        self.remoteAddrs = remoteAddrs
        originKind = origin.kind; originSource = origin.source
        originLine = origin.line ?? 0; originHasLine = origin.line != nil
        originExcerpt[0] = origin.excerpt
    }

    /// "lab/net" (swanctl), "lab/1x0" (Libreswan), "lab" where the child has no name of its own.
    public var label: String { child == conn || child.isEmpty ? conn : (child.hasPrefix(conn + "/") ? child : "\(conn)/\(child)") }

    /// "lab/net: 10.1.0.0/24 === 10.2.0.0/24": the selectors as one pair, as the daemons print them.
    public var summary: String {
        "\(label): \(localTS.isEmpty ? "?" : localTS.joined(separator: ",")) === \(remoteTS.isEmpty ? "?" : remoteTS.joined(separator: ","))"
    }

    /// The line that shows this child, with its selectors.
    public var evidence: Provenance {
        Provenance(origin.kind, origin.source, line: origin.line, excerpt: summary)
    }

    /// Every (local, remote) prefix pair of this child that parses, the pairs the kernel's
    /// policies are made of (one policy per pair).
    func prefixPairs() -> [(CIDR, CIDR)] {
        let l = localTS.compactMap { CIDR($0) }, r = remoteTS.compactMap { CIDR($0) }
        return l.flatMap { a in r.map { (a, $0) } }
    }
}

/// An implementation's extractor that knows where its config and status name the tunnel's
/// children. `daemonChildren` is what the admin configured or the daemon reports;
/// `kernelChildren` the kernel's security policies (what some daemon installed).
protocol TunnelChildSource: Sendable {
    static func daemonChildren(_ parsed: ParsedCollection) -> [TunnelChild]
    static func kernelChildren(_ parsed: ParsedCollection) -> [TunnelChild]
}

extension TunnelChildSource {
    static func kernelChildren(_ parsed: ParsedCollection) -> [TunnelChild] { [] }
}
