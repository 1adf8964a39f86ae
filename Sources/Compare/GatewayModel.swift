import Facts
import Probes

/// Where a setting or a state line was read: the snapshot file and line, and the text there,
/// so a report can quote both sides' lines (`b/swanctl.conf:7: proposals = ...`).
public struct SourceLine: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    public var line: Int?
    public var text: String?
    public init(file: String, line: Int?, text: String? = nil) { self.file = file; self.line = line; self.text = text }
    public var description: String {
        file + (line.map { ":\($0)" } ?? "") + (text.map { ": \($0)" } ?? "")
    }
}

/// One CHILD SA / IPsec SA as configured: selectors, ESP/AH proposals (nil = the daemon's default).
public struct ChildConfig: Sendable {
    public var name: String
    public var localTS: [String]
    public var remoteTS: [String]
    public var espProposals: [String]?
    public var ahProposals: [String]?
    public var mode: String?
    public var startAction: String?
    public var rekeyTime: String?
    public var lifeTime: String?
    public var lines: [String: SourceLine] = [:]
    /// False where the selectors are not in this configuration (racoon's anonymous sainfo takes
    /// the SPD's, illumos takes ipsecinit.conf's): they are then not compared.
    public var selectorsKnown = true
    /// False where the ESP algorithms are not in this configuration (illumos: ipsecinit.conf).
    public var espKnown = true
    /// Margin before the end of the life time at which this end rekeys (ipsec.conf
    /// `rekeymargin`/`margintime`), as written.
    public var rekeyMargin: String?
    /// The random part added to it (ipsec.conf `rekeyfuzz`, swanctl `rand_time`), as written.
    public var rekeyJitter: String?
}

/// The configuration families ipsec-doctor reads; each has its own defaults and syntax.
public enum Dialect: String, Sendable {
    case swanctl            // strongSwan swanctl.conf (vici)
    case strongswanStroke   // strongSwan ipsec.conf (starter/stroke)
    case libreswan          // Libreswan/Openswan ipsec.conf (pluto)
    case racoon             // racoon.conf (ipsec-tools), IKEv1
    case isakmpd            // OpenBSD ipsec.conf (ipsecctl feeding isakmpd), IKEv1
    case iked               // OpenBSD iked.conf, IKEv2
    case illumos            // illumos/Solaris /etc/inet/ike/config (in.iked), IKEv1

    /// Daemons that speak IKEv1 only: a version mismatch is fixed at the other end.
    public var ikev1Only: Bool { self == .racoon || self == .isakmpd || self == .illumos }
    /// ipsec.conf has no "local": the end that is this host is found from its addresses.
    var orientedByAddress: Bool { self == .libreswan || self == .strongswanStroke }
}

/// One tunnel (IKE connection) as one gateway configured it, normalised across dialects.
public struct TunnelConfig: Sendable {
    public var name: String
    public var dialect: Dialect
    /// 1, 2, or 0 for "either" (swanctl version = 0, Libreswan ikev2=permit).
    public var ikeVersion: Int?
    public var aggressive: Bool?
    /// Both Main and Aggressive Mode accepted (racoon's `exchange_mode main,aggressive`).
    public var acceptsEitherMode = false
    public var localAddrs: [String]
    public var remoteAddrs: [String]
    public var localID: String?
    public var remoteID: String?
    public var localAuth: String?
    public var remoteAuth: String?
    /// nil: not set, the daemon's default proposals apply.
    public var ikeProposals: [String]?
    public var dpdDelay: String?
    public var encap: String?
    public var mobike: String?
    public var rekeyTime: String?
    public var children: [ChildConfig]
    /// The settings' lines, by normalised key (`version`, `proposals`, `local.id`, ...).
    public var lines: [String: SourceLine] = [:]
    public var origin: SourceLine
    /// The UDP port this end sends IKE to (swanctl.conf `remote_port`, ipsec.conf `rightikeport`
    /// of strongSwan's starter and of Libreswan); nil: the default, 500 (and 4500 once NAT-T or
    /// MOBIKE switch).
    public var remotePort: Int? = nil
    /// This end's own IKE port for the connection (ipsec.conf `leftikeport`): Libreswan's pluto
    /// listens on it besides 500 and 4500; strongSwan's starter sends from it (charon must
    /// listen there: strongswan.conf). nil: not set.
    public var localPort: Int? = nil
    /// False for a tunnel read from the daemon's listing of its loaded connections (`swanctl
    /// --list-conns`), which prints no proposals, exchange mode, encapsulation, MOBIKE, ports
    /// or life times: those are not compared (nil would read as the daemon's default).
    public var settingsKnown = true

    /// Where this end sends IKE: its `remotePort`, else Libreswan's rule (programs/pluto/
    /// connections.c end_host_port: an end with an ikeport of its own talks to a peer without
    /// one on the NAT-T port, 4500), else 500.
    public var sendsTo: Int { remotePort ?? (dialect == .libreswan && localPort != nil ? 4500 : 500) }

    public func line(_ key: String) -> SourceLine { lines[key] ?? origin }
}

/// One installed CHILD SA as the daemon or kernel reports it.
public struct ChildSAState: Sendable {
    public var ike: String
    public var child: String
    public var localHost: String?
    public var remoteHost: String?
    public var localID: String?
    public var remoteID: String?
    public var state: String?
    public var reqid: Int?
    public var spiIn: String?
    public var spiOut: String?
    public var bytesIn: Double?
    public var bytesOut: Double?
    public var packetsIn: Double?
    public var packetsOut: Double?
    public var localTS: [String]
    public var remoteTS: [String]
    public var proposal: String?
    public var origin: SourceLine
}

/// A kernel SA (XFRM/PF_KEY): which addresses and SPI it is for.
public struct KernelSA: Sendable {
    public var src: String
    public var dst: String
    public var spi: String
    public var reqid: Int?
    public var origin: SourceLine
}

/// A kernel IPsec policy (Linux XFRM): traffic from `src` to `dst` in direction `dir` is
/// protected by the SA its template names (tunnel end points and reqid).
public struct KernelPolicy: Sendable {
    public var src: String
    public var dst: String
    public var dir: String
    public var tmplSrc: String?
    public var tmplDst: String?
    public var reqids: [Int]
    public var origin: SourceLine
}

/// Everything compare knows about one gateway.
public struct Gateway: Sendable {
    /// Host name from the manifest, else the snapshot folder's name.
    public var name: String
    public var location: String
    public var tunnels: [TunnelConfig]
    public var sas: [ChildSAState]
    public var kernelSAs: [KernelSA]
    /// The kernel's IPsec policies with a template (empty when not read).
    public var policies: [KernelPolicy] = []
    public var pskFingerprints: [PSKFingerprint]
    /// The facts `diagnose` would use on this gateway alone.
    public var facts: FactStore
    /// Addresses the gateway owns (ip addr) and uses as local_addrs.
    public var addresses: Set<String>
    /// Addresses its interfaces carry (ip addr alone); empty for a snapshot of configs only.
    public var interfaceAddresses: Set<String> = []
    /// Daemon log lines that say the IKE exchange failed, by kind (auth, proposal, ts, version, id).
    public var logFailures: [String: SourceLine]
    /// The same, per tunnel, where the log names the connection (charon's `<name|1>`).
    public var tunnelLogFailures: [String: [String: SourceLine]] = [:]

    /// Log evidence of a failure of `kind` for tunnel `name`: the tunnel's own lines, else the
    /// gateway's when it has no other tunnel the line could be about.
    public func logFailure(_ kind: String, tunnel name: String) -> SourceLine? {
        if let l = tunnelLogFailures[name]?[kind] { return l }
        return tunnels.count == 1 && tunnelLogFailures.isEmpty ? logFailures[kind] : nil
    }
}
