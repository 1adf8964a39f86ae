import Facts

/// One record of Libreswan's `ipsec status` (LibreswanStatusParser) or `ipsec showstates`
/// (LibreswanShowstatesParser, the state lines alone), by `kind`: `interface`, `connection`,
/// `totals`, `ike_sas`/`ipsec_sas`, `state`, `sa`, `pending` (the parser's comment lists each
/// kind's fields).
///
/// WHY `OrderedFields` with an open key set: the state and SA fields come in the order the
/// line shows them, and two lines name their fields themselves — `Total IPsec connections:
/// loaded N, active M` and `IKE SAs: total(N), half-open(N), ...` (the words vary between
/// releases) — so the `parse` JSON keeps every name the output gave, in its order. The fields
/// the extractors read are cases of `Field`; any other name the output gives is a named field.
public struct LibreswanStatusRecord: OrderedFieldRecord {
    public var line: Int
    public var fields: OrderedFields<Field>

    public init(line: Int, fields: OrderedFields<Field> = OrderedFields()) {
        self.line = line; self.fields = fields
    }

    /// The fields, named as in the JSON.
    public enum Field: String, OrderedFieldKey {
        case kind, serial, connection, instance, stateText = "description", phase, status, peer, port, state
        case event, eventIn = "event_in", newest, erouteOwner = "eroute_owner", ikeSerial = "ike_serial", lastdpd
        // an SA line (`kind: sa`)
        case proto, spiA = "spi_a", dstA = "dst_a", spiB = "spi_b", dstB = "dst_b", spis, tunnel, username
        case bytesIn = "bytes_in", bytesOut = "bytes_out", maxBytes = "max_bytes"
        case ipcompBytesIn = "ipcomp_bytes_in", ipcompBytesOut = "ipcomp_bytes_out"
        case bytesInText = "bytes_in_text", bytesOutText = "bytes_out_text", maxBytesText = "max_bytes_text"
        case ipcompBytesInText = "ipcomp_bytes_in_text", ipcompBytesOutText = "ipcomp_bytes_out_text"
        // a connection (`kind: connection`) and an interface (`kind: interface`)
        case name, localTs = "local_ts", local, localId = "local_id", nexthop, remote, remoteId = "remote_id"
        case remoteTs = "remote_ts", modecfgClient = "modecfg_client", routing, policy, ikeVersion = "ike_version", auth
        case ikeLife = "ike_life", ipsecLife = "ipsec_life", rekeyMargin = "rekey_margin", rekeyFuzz = "rekey_fuzz"
        case ikeAlgorithm = "ike_algorithm", espAlgorithm = "esp_algorithm"
        case newestIkeSa = "newest_ike_sa", newestIpsecSa = "newest_ipsec_sa", transport, address
        // `Total IPsec connections: loaded N, ...` (its other counters are named fields)
        case loaded
        public static let jsonNames = JSONKeyNames(Field.self)
        public static var isOpen: Bool { true }
    }

    /// interface, connection, totals, ike_sas, ipsec_sas, state, sa or pending.
    public var kind: String? { fields.str(.kind) }
    /// A state's or SA's `#N`, as printed (`JSONValue.str` of the number).
    public var serial: String? { fields.str(.serial) }
    /// The connection a state or SA belongs to (`"conn"`).
    public var connection: String? { fields.str(.connection) }
    /// A state's STATE_ name (absent in Libreswan ≥ 5) and its text.
    public var state: String? { fields.str(.state) }
    public var stateText: String? { fields.str(.stateText) }
    /// `ike` or `child`; `established`, `connecting` or `other` (`Libreswan.classify`).
    public var phase: String? { fields.str(.phase) }
    public var status: String? { fields.str(.status) }
    /// The peer's port the state talks to (`:4500`).
    public var port: Int? { fields.int(.port) }
    /// The pending event (`RETRANSMIT`, `EVENT_SA_REPLACE`).
    public var event: String? { fields.str(.event) }
    /// An SA's `ESPin=` / `ESPout=` bytes (also AH's).
    public var bytesIn: Int? { fields.int(.bytesIn) }
    public var bytesOut: Int? { fields.int(.bytesOut) }
    /// The same as printed (`?` style: `JSONValue.str`), for evidence.
    public var bytesInText: String? { fields.str(.bytesIn) }
    public var bytesOutText: String? { fields.str(.bytesOut) }
    /// A connection's or interface's name.
    public var name: String? { fields.str(.name) }
    public var localTs: String? { fields.str(.localTs) }
    public var remoteTs: String? { fields.str(.remoteTs) }
    /// This end asks the peer for an address (`+MC` after its ID: a Mode Config / CP client).
    public var modecfgClient: Bool { fields[.modecfgClient] == .bool(true) }
    /// A connection's gateway addresses.
    public var local: String? { fields.str(.local) }
    public var remote: String? { fields.str(.remote) }
    public var ikeVersion: Int? { fields.int(.ikeVersion) }
    /// `psk`, `pubkey`, `xauth` ... (from the policy or `our auth:`).
    public var auth: String? { fields.str(.auth) }
    public var ikeLife: String? { fields.str(.ikeLife) }
    public var ipsecLife: String? { fields.str(.ipsecLife) }
    public var rekeyFuzz: String? { fields.str(.rekeyFuzz) }
    /// An interface's address.
    public var address: String? { fields.str(.address) }
    /// `Total IPsec connections: loaded N`.
    public var loaded: Int? { fields.int(.loaded) }
}

/// One line of `ipsec trafficstatus` (LibreswanTrafficStatusParser): an established IPsec SA.
/// Open keys as `LibreswanStatusRecord`'s: after serial, connection, instance and peer the line
/// is `key=value`s (`type=ESP, add_time=..., inBytes=..., outBytes=..., maxBytes=..., id='...'`,
/// `username=`, `lease=`), each release printing its own; every one is kept in its order.
public struct LibreswanTrafficRecord: OrderedFieldRecord {
    public var line: Int
    public var fields: OrderedFields<Field>

    public init(line: Int, fields: OrderedFields<Field> = OrderedFields()) {
        self.line = line; self.fields = fields
    }

    /// The fields, named as in the JSON (trafficstatus's own names).
    public enum Field: String, OrderedFieldKey {
        case serial, connection, instance, peer, type, addTime = "add_time", inBytes, outBytes, maxBytes, id, username, lease
        public static let jsonNames = JSONKeyNames(Field.self)
        public static var isOpen: Bool { true }
    }

    /// `#N`, as printed (`JSONValue.str` of the number).
    public var serial: String? { fields.str(.serial) }
    public var connection: String? { fields.str(.connection) }
    /// The SA's byte counters (nil when not a number).
    public var inBytes: Int? { fields.int(.inBytes) }
    public var outBytes: Int? { fields.int(.outBytes) }
    /// The same as printed, for evidence.
    public var inBytesText: String? { fields.str(.inBytes) }
    public var outBytesText: String? { fields.str(.outBytes) }
}

extension LibreswanStatusRecord: OpenFieldRecord {}
extension LibreswanTrafficRecord: OpenFieldRecord {}
