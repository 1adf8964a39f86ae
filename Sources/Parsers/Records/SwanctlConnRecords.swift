/// One connection of `swanctl --list-conns` (SwanctlListConnsParser), in the order swanctl
/// prints it (src/swanctl/commands/list_conns.c), which is the order of the `parse` JSON.
public struct SwanctlLoadedConnRecord: SourceRecord, Equatable {
    // Stored: what swanctl prints for every connection inline; `reauthentication every` and
    // `dpd delay` (printed only when set) packed, room only when set (`PackedOptionals`,
    // PERFORMANCE.md, tenth pass). The public properties below read and write them as before.
    public var line: Int
    public var name: String
    /// As printed: `IKEv1`, `IKEv2`, `IKEv1/2`.
    public var version: String
    /// 1, 2, or 0 for any.
    public var ikeVersion: Int
    public var rekeyTime: Int?
    public var localAddrs: [String]
    public var remoteAddrs: [String]
    /// One auth class per round (`pre-shared key`, `public key`, `EAP`...).
    public var localAuth: [String]
    public var remoteAuth: [String]
    public var localId: [String]?
    public var remoteId: [String]?
    public var children: [Child]
    /// reauth_time, dpd_delay.
    private var numbers = PackedOptionals<Int>()

    public var reauthTime: Int? { get { numbers[0] } set { numbers[0] = newValue } }
    public var dpdDelay: Int? { get { numbers[1] } set { numbers[1] = newValue } }

    public struct Child: Codable, Sendable, Equatable {
        public var line: Int
        public var name: String
        public var mode: String
        public var rekeyTime: Int?
        public var dpdAction: String?
        public var localTs: [String]?
        public var remoteTs: [String]?
        /// interface, label (printed only when set).
        private var texts = PackedOptionals<String>()
        /// priority (printed only when set).
        private var numbers = PackedOptionals<Int>()

        public var interface: String? { get { texts[0] } set { texts[0] = newValue } }
        public var priority: Int? { get { numbers[0] } set { numbers[0] = newValue } }
        public var label: String? { get { texts[1] } set { texts[1] = newValue } }

        public init(line: Int, name: String, mode: String) { self.line = line; self.name = name; self.mode = mode }

        enum CodingKeys: String, CodingKey {
            case line, name, mode, rekeyTime = "rekey_time", dpdAction = "dpd_action"
            case localTs = "local_ts", remoteTs = "remote_ts", interface, priority, label
        }

        /// What the synthesized conformance did for the old stored properties: members in this
        /// order, nil ones left out; decoding requires line, name and mode.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(line, forKey: .line); try c.encode(name, forKey: .name); try c.encode(mode, forKey: .mode)
            try c.encodeIfPresent(rekeyTime, forKey: .rekeyTime); try c.encodeIfPresent(dpdAction, forKey: .dpdAction)
            try c.encodeIfPresent(localTs, forKey: .localTs); try c.encodeIfPresent(remoteTs, forKey: .remoteTs)
            try c.encodeIfPresent(interface, forKey: .interface); try c.encodeIfPresent(priority, forKey: .priority)
            try c.encodeIfPresent(label, forKey: .label)
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(line: try c.decode(Int.self, forKey: .line), name: try c.decode(String.self, forKey: .name),
                      mode: try c.decode(String.self, forKey: .mode))
            rekeyTime = try c.decodeIfPresent(Int.self, forKey: .rekeyTime)
            dpdAction = try c.decodeIfPresent(String.self, forKey: .dpdAction)
            localTs = try c.decodeIfPresent([String].self, forKey: .localTs)
            remoteTs = try c.decodeIfPresent([String].self, forKey: .remoteTs)
            interface = try c.decodeIfPresent(String.self, forKey: .interface)
            priority = try c.decodeIfPresent(Int.self, forKey: .priority)
            label = try c.decodeIfPresent(String.self, forKey: .label)
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

    /// What the synthesized conformance did for the old stored properties: members in this
    /// order, nil ones left out; decoding requires all but the optionals.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(line, forKey: .line); try c.encode(name, forKey: .name); try c.encode(version, forKey: .version)
        try c.encode(ikeVersion, forKey: .ikeVersion)
        try c.encodeIfPresent(reauthTime, forKey: .reauthTime); try c.encodeIfPresent(rekeyTime, forKey: .rekeyTime)
        try c.encodeIfPresent(dpdDelay, forKey: .dpdDelay)
        try c.encode(localAddrs, forKey: .localAddrs); try c.encode(remoteAddrs, forKey: .remoteAddrs)
        try c.encode(localAuth, forKey: .localAuth); try c.encode(remoteAuth, forKey: .remoteAuth)
        try c.encodeIfPresent(localId, forKey: .localId); try c.encodeIfPresent(remoteId, forKey: .remoteId)
        try c.encode(children, forKey: .children)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(line: try c.decode(Int.self, forKey: .line), name: try c.decode(String.self, forKey: .name),
                  version: try c.decode(String.self, forKey: .version), ikeVersion: try c.decode(Int.self, forKey: .ikeVersion))
        reauthTime = try c.decodeIfPresent(Int.self, forKey: .reauthTime)
        rekeyTime = try c.decodeIfPresent(Int.self, forKey: .rekeyTime)
        dpdDelay = try c.decodeIfPresent(Int.self, forKey: .dpdDelay)
        localAddrs = try c.decode([String].self, forKey: .localAddrs)
        remoteAddrs = try c.decode([String].self, forKey: .remoteAddrs)
        localAuth = try c.decode([String].self, forKey: .localAuth)
        remoteAuth = try c.decode([String].self, forKey: .remoteAuth)
        localId = try c.decodeIfPresent([String].self, forKey: .localId)
        remoteId = try c.decodeIfPresent([String].self, forKey: .remoteId)
        children = try c.decode([Child].self, forKey: .children)
    }
}

/// A record of swanctl.conf (SwanctlConfParser): `kind` says which of the optional groups it
/// fills. `connection`: the connection resolved through its templates; `secret`: the section
/// name and ids, never the secret; `section`: another top-level section's name and entries;
/// `include`: the path.
public struct SwanctlConfRecord: SourceRecord, Equatable {
    public enum Kind: String, Codable, Sendable { case connection, secret, section, include }

    // Stored: the lists inline (8 bytes each, nil or not), the optional strings and numbers
    // packed (`PackedOptionals`: room only for the ones set). A concentrator's 10,000
    // connections took ~300 bytes each with every optional inline, ~150 packed (PERFORMANCE.md,
    // tenth pass). The public properties below read and write them as before.
    public var line: Int
    public var name: String?
    public var proposals: [String]?
    public var localAddrs: [String]?
    public var remoteAddrs: [String]?
    public var localAuth: [String]?
    public var localId: [String]?
    public var remoteAuth: [String]?
    public var remoteId: [String]?
    public var children: [Child]?
    // secret
    public var ids: [String]?
    // section
    public var entries: [String]?
    /// `version` (0 when not set, nil when not a number): set on every connection, so inline.
    public var version: Int?
    /// inherits, encap, aggressive, dpd_delay, rekey_time, reauth_time, rand_time, type, path.
    private var texts = PackedOptionals<String>()
    /// local_port, remote_port.
    private var numbers = PackedOptionals<Int>()
    public var kind: Kind

    // connection
    public var inherits: String? { get { texts[0] } set { texts[0] = newValue } }
    public var localPort: Int? { get { numbers[0] } set { numbers[0] = newValue } }
    public var remotePort: Int? { get { numbers[1] } set { numbers[1] = newValue } }
    public var encap: String? { get { texts[1] } set { texts[1] = newValue } }
    public var aggressive: String? { get { texts[2] } set { texts[2] = newValue } }
    public var dpdDelay: String? { get { texts[3] } set { texts[3] = newValue } }
    public var rekeyTime: String? { get { texts[4] } set { texts[4] = newValue } }
    public var reauthTime: String? { get { texts[5] } set { texts[5] = newValue } }
    public var randTime: String? { get { texts[6] } set { texts[6] = newValue } }
    // secret
    public var type: String? { get { texts[7] } set { texts[7] = newValue } }
    // include
    public var path: String? { get { texts[8] } set { texts[8] = newValue } }

    public struct Child: Codable, Sendable, Equatable {
        public var line: Int
        public var name: String
        public var localTs: [String]?
        public var remoteTs: [String]?
        public var espProposals: [String]?
        public var ahProposals: [String]?
        /// start_action, close_action, dpd_action, mode, rekey_time, life_time, rand_time.
        private var texts = PackedOptionals<String>()

        public var startAction: String? { get { texts[0] } set { texts[0] = newValue } }
        public var closeAction: String? { get { texts[1] } set { texts[1] = newValue } }
        public var dpdAction: String? { get { texts[2] } set { texts[2] = newValue } }
        public var mode: String? { get { texts[3] } set { texts[3] = newValue } }
        public var rekeyTime: String? { get { texts[4] } set { texts[4] = newValue } }
        public var lifeTime: String? { get { texts[5] } set { texts[5] = newValue } }
        public var randTime: String? { get { texts[6] } set { texts[6] = newValue } }

        public init(line: Int, name: String) { self.line = line; self.name = name }

        enum CodingKeys: String, CodingKey {
            case line, name, localTs = "local_ts", remoteTs = "remote_ts", espProposals = "esp_proposals"
            case ahProposals = "ah_proposals", startAction = "start_action", closeAction = "close_action"
            case dpdAction = "dpd_action", mode, rekeyTime = "rekey_time", lifeTime = "life_time", randTime = "rand_time"
        }

        /// What the synthesized conformance did for the old stored properties: members in this
        /// order, nil ones left out; decoding requires line and name.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(line, forKey: .line); try c.encode(name, forKey: .name)
            try c.encodeIfPresent(localTs, forKey: .localTs); try c.encodeIfPresent(remoteTs, forKey: .remoteTs)
            try c.encodeIfPresent(espProposals, forKey: .espProposals); try c.encodeIfPresent(ahProposals, forKey: .ahProposals)
            try c.encodeIfPresent(startAction, forKey: .startAction); try c.encodeIfPresent(closeAction, forKey: .closeAction)
            try c.encodeIfPresent(dpdAction, forKey: .dpdAction); try c.encodeIfPresent(mode, forKey: .mode)
            try c.encodeIfPresent(rekeyTime, forKey: .rekeyTime); try c.encodeIfPresent(lifeTime, forKey: .lifeTime)
            try c.encodeIfPresent(randTime, forKey: .randTime)
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(line: try c.decode(Int.self, forKey: .line), name: try c.decode(String.self, forKey: .name))
            localTs = try c.decodeIfPresent([String].self, forKey: .localTs)
            remoteTs = try c.decodeIfPresent([String].self, forKey: .remoteTs)
            espProposals = try c.decodeIfPresent([String].self, forKey: .espProposals)
            ahProposals = try c.decodeIfPresent([String].self, forKey: .ahProposals)
            startAction = try c.decodeIfPresent(String.self, forKey: .startAction)
            closeAction = try c.decodeIfPresent(String.self, forKey: .closeAction)
            dpdAction = try c.decodeIfPresent(String.self, forKey: .dpdAction)
            mode = try c.decodeIfPresent(String.self, forKey: .mode)
            rekeyTime = try c.decodeIfPresent(String.self, forKey: .rekeyTime)
            lifeTime = try c.decodeIfPresent(String.self, forKey: .lifeTime)
            randTime = try c.decodeIfPresent(String.self, forKey: .randTime)
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

    /// What the synthesized conformance did for the old stored properties: members in this
    /// order, nil ones left out; decoding requires line and kind.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(line, forKey: .line); try c.encode(kind, forKey: .kind)
        try c.encodeIfPresent(name, forKey: .name); try c.encodeIfPresent(inherits, forKey: .inherits)
        try c.encodeIfPresent(version, forKey: .version); try c.encodeIfPresent(proposals, forKey: .proposals)
        try c.encodeIfPresent(localAddrs, forKey: .localAddrs); try c.encodeIfPresent(remoteAddrs, forKey: .remoteAddrs)
        try c.encodeIfPresent(localPort, forKey: .localPort); try c.encodeIfPresent(remotePort, forKey: .remotePort)
        try c.encodeIfPresent(encap, forKey: .encap); try c.encodeIfPresent(aggressive, forKey: .aggressive)
        try c.encodeIfPresent(dpdDelay, forKey: .dpdDelay); try c.encodeIfPresent(rekeyTime, forKey: .rekeyTime)
        try c.encodeIfPresent(reauthTime, forKey: .reauthTime); try c.encodeIfPresent(randTime, forKey: .randTime)
        try c.encodeIfPresent(localAuth, forKey: .localAuth); try c.encodeIfPresent(localId, forKey: .localId)
        try c.encodeIfPresent(remoteAuth, forKey: .remoteAuth); try c.encodeIfPresent(remoteId, forKey: .remoteId)
        try c.encodeIfPresent(children, forKey: .children); try c.encodeIfPresent(type, forKey: .type)
        try c.encodeIfPresent(ids, forKey: .ids); try c.encodeIfPresent(entries, forKey: .entries)
        try c.encodeIfPresent(path, forKey: .path)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(line: try c.decode(Int.self, forKey: .line), kind: try c.decode(Kind.self, forKey: .kind))
        name = try c.decodeIfPresent(String.self, forKey: .name)
        inherits = try c.decodeIfPresent(String.self, forKey: .inherits)
        version = try c.decodeIfPresent(Int.self, forKey: .version)
        proposals = try c.decodeIfPresent([String].self, forKey: .proposals)
        localAddrs = try c.decodeIfPresent([String].self, forKey: .localAddrs)
        remoteAddrs = try c.decodeIfPresent([String].self, forKey: .remoteAddrs)
        localPort = try c.decodeIfPresent(Int.self, forKey: .localPort)
        remotePort = try c.decodeIfPresent(Int.self, forKey: .remotePort)
        encap = try c.decodeIfPresent(String.self, forKey: .encap)
        aggressive = try c.decodeIfPresent(String.self, forKey: .aggressive)
        dpdDelay = try c.decodeIfPresent(String.self, forKey: .dpdDelay)
        rekeyTime = try c.decodeIfPresent(String.self, forKey: .rekeyTime)
        reauthTime = try c.decodeIfPresent(String.self, forKey: .reauthTime)
        randTime = try c.decodeIfPresent(String.self, forKey: .randTime)
        localAuth = try c.decodeIfPresent([String].self, forKey: .localAuth)
        localId = try c.decodeIfPresent([String].self, forKey: .localId)
        remoteAuth = try c.decodeIfPresent([String].self, forKey: .remoteAuth)
        remoteId = try c.decodeIfPresent([String].self, forKey: .remoteId)
        children = try c.decodeIfPresent([Child].self, forKey: .children)
        type = try c.decodeIfPresent(String.self, forKey: .type)
        ids = try c.decodeIfPresent([String].self, forKey: .ids)
        entries = try c.decodeIfPresent([String].self, forKey: .entries)
        path = try c.decodeIfPresent(String.self, forKey: .path)
    }
}
