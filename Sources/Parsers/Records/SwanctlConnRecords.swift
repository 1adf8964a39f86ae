/// One connection of `swanctl --list-conns` (SwanctlListConnsParser), in the order swanctl
/// prints it (src/swanctl/commands/list_conns.c), which is the order of the `parse` JSON.
public struct SwanctlLoadedConnRecord: SourceRecord, Equatable {
    public var line: Int
    public var name: String
    /// As printed: `IKEv1`, `IKEv2`, `IKEv1/2`.
    public var version: String
    /// 1, 2, or 0 for any.
    public var ikeVersion: Int
    public var reauthTime: Int?
    public var rekeyTime: Int?
    public var dpdDelay: Int?
    public var localAddrs: [String]
    public var remoteAddrs: [String]
    /// One auth class per round (`pre-shared key`, `public key`, `EAP`...).
    public var localAuth: [String]
    public var remoteAuth: [String]
    public var localId: [String]?
    public var remoteId: [String]?
    public var children: [Child]

    public struct Child: Codable, Sendable, Equatable {
        public var line: Int
        public var name: String
        public var mode: String
        public var rekeyTime: Int?
        public var dpdAction: String?
        public var localTs: [String]?
        public var remoteTs: [String]?
        public var interface: String?
        public var priority: Int?
        public var label: String?

        public init(line: Int, name: String, mode: String) { self.line = line; self.name = name; self.mode = mode }

        enum CodingKeys: String, CodingKey {
            case line, name, mode, rekeyTime = "rekey_time", dpdAction = "dpd_action"
            case localTs = "local_ts", remoteTs = "remote_ts", interface, priority, label
        }
    }

    public init(line: Int, name: String, version: String, ikeVersion: Int) {
        self.line = line; self.name = name; self.version = version; self.ikeVersion = ikeVersion
        localAddrs = []; remoteAddrs = []; localAuth = []; remoteAuth = []; children = []
    }

    enum CodingKeys: String, CodingKey {
        case line, name, version, ikeVersion = "ike_version", reauthTime = "reauth_time", rekeyTime = "rekey_time"
        case dpdDelay = "dpd_delay", localAddrs = "local_addrs", remoteAddrs = "remote_addrs"
        case localAuth = "local_auth", remoteAuth = "remote_auth", localId = "local_id", remoteId = "remote_id", children
    }
}

/// A record of swanctl.conf (SwanctlConfParser): `kind` says which of the optional groups it
/// fills. `connection`: the connection resolved through its templates; `secret`: the section
/// name and ids, never the secret; `section`: another top-level section's name and entries;
/// `include`: the path.
public struct SwanctlConfRecord: SourceRecord, Equatable {
    public enum Kind: String, Codable, Sendable { case connection, secret, section, include }

    public var line: Int
    public var kind: Kind
    public var name: String?
    // connection
    public var inherits: String?
    /// `version` (0 when not set, nil when not a number).
    public var version: Int?
    public var proposals: [String]?
    public var localAddrs: [String]?
    public var remoteAddrs: [String]?
    public var localPort: Int?
    public var remotePort: Int?
    public var encap: String?
    public var aggressive: String?
    public var dpdDelay: String?
    public var rekeyTime: String?
    public var reauthTime: String?
    public var randTime: String?
    public var localAuth: [String]?
    public var localId: [String]?
    public var remoteAuth: [String]?
    public var remoteId: [String]?
    public var children: [Child]?
    // secret
    public var type: String?
    public var ids: [String]?
    // section
    public var entries: [String]?
    // include
    public var path: String?

    public struct Child: Codable, Sendable, Equatable {
        public var line: Int
        public var name: String
        public var localTs: [String]?
        public var remoteTs: [String]?
        public var espProposals: [String]?
        public var ahProposals: [String]?
        public var startAction: String?
        public var closeAction: String?
        public var dpdAction: String?
        public var mode: String?
        public var rekeyTime: String?
        public var lifeTime: String?
        public var randTime: String?

        public init(line: Int, name: String) { self.line = line; self.name = name }

        enum CodingKeys: String, CodingKey {
            case line, name, localTs = "local_ts", remoteTs = "remote_ts", espProposals = "esp_proposals"
            case ahProposals = "ah_proposals", startAction = "start_action", closeAction = "close_action"
            case dpdAction = "dpd_action", mode, rekeyTime = "rekey_time", lifeTime = "life_time", randTime = "rand_time"
        }
    }

    public init(line: Int, kind: Kind) { self.line = line; self.kind = kind }

    enum CodingKeys: String, CodingKey {
        case line, kind, name, inherits, version, proposals, localAddrs = "local_addrs", remoteAddrs = "remote_addrs"
        case localPort = "local_port", remotePort = "remote_port", encap, aggressive, dpdDelay = "dpd_delay"
        case rekeyTime = "rekey_time", reauthTime = "reauth_time", randTime = "rand_time"
        case localAuth = "local_auth", localId = "local_id", remoteAuth = "remote_auth", remoteId = "remote_id"
        case children, type, ids, entries, path
    }
}
