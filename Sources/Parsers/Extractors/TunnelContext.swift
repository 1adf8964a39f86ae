import Facts

/// What the tunnel is — its traffic selectors and gateway addresses — read from whichever
/// implementation's evidence is present, so the firewall, NAT and forwarding checks run alike on
/// every host (issue 11: "the same checks must run from their own configs and status").
///
/// Each implementation's extractor reads its own evidence into `TunnelChild`s (one per CHILD SA,
/// subnet pair or flow, selectors kept together; `TunnelChildSource`); this gathers them.
/// Sources are tried in tiers, and the first tier that names selectors or addresses wins:
/// 1. the IKE daemon's configuration and status (strongSwan swanctl or stroke, Libreswan/Openswan
///    or strongSwan `ipsec.conf`, Libreswan `ipsec status`, OpenBSD iked.conf/ipsec.conf,
///    racoon.conf, illumos ike/config): what the admin asked for;
/// 2. the kernel's security policy database (`ip xfrm policy`, KAME `setkey -DP` for racoon,
///    OpenBSD `ipsecctl -sa` flows): what some daemon installed, whatever its config format.
/// Tier 2 is a fallback rather than a union because a concentrator's SPD repeats every selector
/// of its config (30,000 policies for 10,000 tunnels) and would only cost time.
struct TunnelContext {
    /// The tunnel's children, in the order of the sources below; the lists after it are their
    /// selectors and gateways flattened (unique, parsed).
    var children: [TunnelChild] = []
    var localTS: [CIDR] = []
    var remoteTS: [CIDR] = []
    var localAddrs: [CIDR] = []
    var remoteAddrs: [CIDR] = []

    /// Tier 1, in order of preference: strongSwan's configured connections (swanctl, or stroke's
    /// `ipsec statusall` conn blocks), its SAs (swanctl or stroke), Libreswan's status and
    /// ipsec.conf (either daemon's), OpenBSD, racoon, illumos.
    static let daemonSources: [any TunnelChildSource.Type] = [
        SwanctlConnsExtractor.self, StrokeConfExtractor.self, SwanctlSasExtractor.self, LibreswanExtractor.self,
        OpenBSDExtractor.self, RacoonExtractor.self, IllumosExtractor.self,
    ]
    /// Tier 2: the kernel's SPD (Linux XFRM, KAME `setkey -DP`, OpenBSD `ipsecctl -sa` flows).
    static let kernelSources: [any TunnelChildSource.Type] = [XfrmExtractor.self, RacoonExtractor.self, OpenBSDExtractor.self]

    /// The collection's context, made once per collection and shared by the extractors.
    static func of(_ parsed: ParsedCollection, firstOnly: Bool = false) -> TunnelContext {
        parsed.derived.tunnel(parsed, firstOnly: firstOnly)
    }

    /// Each list cut to its first prefix: what `init(parsed, firstOnly: true)` gives.
    var firstOnly: TunnelContext {
        var t = TunnelContext()
        t.children = children
        t.localTS = Array(localTS.prefix(1)); t.remoteTS = Array(remoteTS.prefix(1))
        t.localAddrs = Array(localAddrs.prefix(1)); t.remoteAddrs = Array(remoteAddrs.prefix(1))
        return t
    }

    private init() {}

    /// The sources' children, in order, in one array of just their size. `flatMap` grew it by
    /// doubling: on 10,000 tunnels 40,000 children in room for 65,536, held through the whole
    /// extraction (the context is shared), ~4 MiB of its heap peak (PERFORMANCE.md, eighth pass).
    static func joined(_ parts: [[TunnelChild]]) -> [TunnelChild] {
        var out: [TunnelChild] = []
        out.reserveCapacity(parts.reduce(0) { $0 + $1.count })
        for p in parts { out.append(contentsOf: p) }
        return out
    }

    /// `firstOnly`: each flattened list holds only its first prefix (all some extractors look
    /// at), which spares parsing and de-duplicating the selectors of every tunnel of a
    /// concentrator. `children` are always all of them.
    init(_ parsed: ParsedCollection, firstOnly: Bool = false) {
        children = TunnelContext.joined(TunnelContext.daemonSources.map { $0.daemonChildren(parsed) })
        if children.allSatisfy({ $0.localTS.isEmpty && $0.remoteTS.isEmpty && $0.localAddrs.isEmpty && $0.remoteAddrs.isEmpty }) {
            children = TunnelContext.joined(TunnelContext.kernelSources.map { $0.kernelChildren(parsed) })
        }
        // The first of `unique(x).compactMap(CIDR.init)` is the first of x that parses.
        func prefixes(_ x: [String]) -> [CIDR] {
            firstOnly ? x.lazy.compactMap { CIDR($0) }.first.map { [$0] } ?? [] : unique(x).compactMap { CIDR($0) }
        }
        localTS = prefixes(children.flatMap(\.localTS))
        remoteTS = prefixes(children.flatMap(\.remoteTS))
        localAddrs = prefixes(children.flatMap(\.localAddrs))
        remoteAddrs = prefixes(children.flatMap(\.remoteAddrs))
    }

    /// The children that have selectors on both sides: the traffic the tunnel carries.
    var selectorChildren: [TunnelChild] { children.filter { !$0.localTS.isEmpty && !$0.remoteTS.isEmpty } }
}

extension ParsedCollection {
    /// The tunnel's children as the IKE daemon configures or reports them (tier 1 of
    /// TunnelContext, any implementation), for readers outside the extractors (`trace`).
    public var configuredTunnelChildren: [TunnelChild] {
        TunnelContext.daemonSources.flatMap { $0.daemonChildren(self) }
    }
}
