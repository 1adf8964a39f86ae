import Facts

/// One process of `ps -eo pid,comm,args` / `pgrep -a NAME` (ProcessesParser). Fields in the order
/// the JSON has always shown them.
public struct ProcessRecord: SourceRecord, Equatable {
    public var line: Int
    public var pid: Int
    /// The short name (`charon`, `pluto`): ps's `comm`, else argv[0]'s last path component.
    public var comm: String
    /// The command line as printed.
    public var args: String

    public init(line: Int, pid: Int, comm: String, args: String) {
        self.line = line; self.pid = pid; self.comm = comm; self.args = args
    }

    /// The pid as a record's number always printed (`JSONValue.str`).
    public var pidText: String { formatNumber(Double(pid)) }
    /// argv[0]'s last path component (`/usr/lib/ipsec/charon` → `charon`), "" when there are no args.
    public var program: String { args.words.first.map { String($0.split(separator: "/").last ?? "") } ?? "" }
    /// Whether this is the process of a program called `name`, by its short name or argv[0].
    public func runs(_ name: String) -> Bool { comm == name || program == name }
}

/// One socket of `ss -uanp` / `ss -lunp` / `ss -tuanp` (SsParser). Fields in the order the JSON
/// has always shown them; nil ones are left out.
public struct SocketRecord: SourceRecord, Equatable {
    public var line: Int
    /// udp, tcp, ... when the output has a Netid column.
    public var netid: String?
    /// UNCONN, LISTEN, ESTAB ...
    public var state: String
    /// The local address (brackets of an IPv6 address removed, `*`, `0.0.0.0%eth0` as printed).
    public var localAddress: String
    public var localPort: Int?
    /// The port when ss printed a service name instead of a number.
    public var localPortName: String?
    public var peerAddress: String
    public var peerPort: Int?
    /// The names of the processes holding the socket (`users:(("charon",pid=1,fd=12))`).
    public var processes: [String]
    /// Their pids, when printed.
    public var pids: [String]?

    enum CodingKeys: String, CodingKey {
        case line, netid, state, localAddress = "local_address", localPort = "local_port", localPortName = "local_port_name"
        case peerAddress = "peer_address", peerPort = "peer_port", processes, pids
    }

    public init(line: Int, netid: String?, state: String, localAddress: String, localPort: Int?, localPortName: String?,
                peerAddress: String, peerPort: Int?, processes: [String], pids: [String]?) {
        self.line = line; self.netid = netid; self.state = state; self.localAddress = localAddress; self.localPort = localPort
        self.localPortName = localPortName; self.peerAddress = peerAddress; self.peerPort = peerPort
        self.processes = processes; self.pids = pids
    }
}

/// One setting of `sysctl -a` / `sysctl KEY` (`key = value`), or the bare value of a /proc/sys
/// file, which has no key: its key is the file's path (`SysctlParser.key(fromPath:)`).
public struct SysctlRecord: SourceRecord, Equatable {
    public var line: Int
    /// Dotted (`net.ipv4.ip_forward`; slashes as sysctl accepts them made dots); nil for a bare value.
    public var key: String?
    public var value: String

    public init(line: Int, key: String?, value: String) { self.line = line; self.key = key; self.value = value }
}

/// One service of illumos/Solaris `svcs` (SvcsParser). Fields in the order the JSON has always
/// shown them; nil ones are left out.
public struct SvcsRecord: SourceRecord, Equatable {
    public var line: Int
    /// online, offline, disabled, maintenance ... (a trailing `*` taken off: `transitioning`).
    public var state: String
    /// true when svcs marked the state with `*` (the service is changing state); else absent.
    public var transitioning: Bool?
    public var stime: String
    /// `svc:/network/ipsec/ike:default`.
    public var fmri: String
    /// The FMRI's last path element without instance (`ike`, `policy`, `ipsecalgs`).
    public var service: String?
    public var instance: String?

    public init(line: Int, state: String, transitioning: Bool?, stime: String, fmri: String, service: String?, instance: String?) {
        self.line = line; self.state = state; self.transitioning = transitioning; self.stime = stime
        self.fmri = fmri; self.service = service; self.instance = instance
    }

    /// Whether svcs marked it as changing state.
    public var isTransitioning: Bool { transitioning == true }
}
