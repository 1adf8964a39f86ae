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
    var children: FlattenSequence<[[TunnelChild]]> { parts.joined() }
    /// The children source by source, each source's array of just its size.
    ///
    /// WHY not one joined array: joining copied every child (120 bytes, 40,000 on 10,000
    /// tunnels) while the sources' arrays, grown by doubling, were still held: 13.4 MiB at the
    /// moment of a diagnosis's heap peak (PERFORMANCE.md, eighth and ninth passes).
    private(set) var parts: [[TunnelChild]] = []
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
        t.parts = parts
        t.localTS = Array(localTS.prefix(1)); t.remoteTS = Array(remoteTS.prefix(1))
        t.localAddrs = Array(localAddrs.prefix(1)); t.remoteAddrs = Array(remoteAddrs.prefix(1))
        return t
    }

    private init() {}

    /// The children of the first tier that names selectors or addresses, source by source.
    /// The sources of a tier are read at once, each on its own core (they only read `parsed`):
    /// a concentrator's swanctl.conf connections and its list-sas SAs are two big ones.
    static func childParts(_ parsed: ParsedCollection) -> [[TunnelChild]] {
        let daemon = Concurrently.map(daemonSources.count) { daemonSources[$0].daemonChildren(parsed).tight() }
        if daemon.joined().allSatisfy({ $0.localTS.isEmpty && $0.remoteTS.isEmpty && $0.localAddrs.isEmpty && $0.remoteAddrs.isEmpty }) {
            return Concurrently.map(kernelSources.count) { kernelSources[$0].kernelChildren(parsed).tight() }
        }
        return daemon
    }

    /// The context of these children (`childParts`). `firstOnly`: each flattened list holds
    /// only its first prefix (all some extractors look at), which spares parsing and
    /// de-duplicating the selectors of every tunnel of a concentrator. `children` are always
    /// all of them.
    init(parts: [[TunnelChild]], firstOnly: Bool) {
        self.parts = parts
        // The first of `unique(x).compactMap(CIDR.init)` is the first of x that parses.
        // (The lists are read lazily: not an array of every child's strings first.)
        func prefixes<S: Sequence<String>>(_ x: S) -> [CIDR] {
            firstOnly ? x.lazy.compactMap { CIDR($0) }.first.map { [$0] } ?? [] : unique(x).compactMap { CIDR($0) }
        }
        guard !firstOnly else {
            localTS = prefixes(children.lazy.flatMap(\.localTS))
            remoteTS = prefixes(children.lazy.flatMap(\.remoteTS))
            localAddrs = prefixes(children.lazy.flatMap(\.localAddrs))
            remoteAddrs = prefixes(children.lazy.flatMap(\.remoteAddrs))
            return
        }
        // The four lists of every child (a concentrator's 40,000), each de-duplicated and parsed
        // on its own core: one after another they were a one-core stretch the extractors
        // waited on (PERFORMANCE.md, tenth pass).
        let fields: [@Sendable (TunnelChild) -> [String]] = [{ $0.localTS }, { $0.remoteTS }, { $0.localAddrs }, { $0.remoteAddrs }]
        let lists = Concurrently.map(fields.count) { [parts] i in
            unique(parts.joined().lazy.flatMap(fields[i])).compactMap { CIDR($0) }
        }
        localTS = lists[0]; remoteTS = lists[1]; localAddrs = lists[2]; remoteAddrs = lists[3]
    }

    /// At most this many distinct selector pairs are asked about: a concentrator's 10,000
    /// children behind the same rules would repeat the same answer 10,000 times.
    static let maxSelectorPairs = 1024

    /// The distinct selector pairs (local, remote) of the children, in order, each with the
    /// first child that has it, at most `maxSelectorPairs`: what the firewall checks
    /// (FirewallExtractor, PacketFilterExtractor) ask about. Read lazily: a check that has its
    /// answer stops reading. A selector is never paired with another child's: that traffic is
    /// not the tunnel's.
    var selectorPairs: SelectorPairs { SelectorPairs(children: selectorChildren.makeIterator()) }

    struct SelectorPairs: Sequence, IteratorProtocol {
        var children: LazyFilterSequence<FlattenSequence<[[TunnelChild]]>>.Iterator
        var child: TunnelChild?
        var pairs: [(CIDR, CIDR)] = []
        var index = 0
        var seen = Set<String>()
        var given = 0

        mutating func next() -> (local: CIDR, remote: CIDR, child: TunnelChild)? {
            while given < TunnelContext.maxSelectorPairs {
                if index < pairs.count, let child {
                    let (l, r) = pairs[index]
                    index += 1
                    guard seen.insert("\(l) \(r)").inserted else { continue }
                    given += 1
                    return (l, r, child)
                }
                guard let c = children.next() else { return nil }
                child = c; pairs = c.prefixPairs(); index = 0
            }
            return nil
        }
    }

    /// The children that have selectors on both sides: the traffic the tunnel carries.
    var selectorChildren: LazyFilterSequence<FlattenSequence<[[TunnelChild]]>> {
        children.lazy.filter { !$0.localTS.isEmpty && !$0.remoteTS.isEmpty }
    }
}

extension ParsedCollection {
    /// The tunnel's children as the IKE daemon configures or reports them (tier 1 of
    /// TunnelContext, any implementation), for readers outside the extractors (`trace`).
    public var configuredTunnelChildren: [TunnelChild] {
        TunnelContext.daemonSources.flatMap { $0.daemonChildren(self) }
    }
}
