import Facts

/// One record of strongSwan's stroke `ipsec status` / `ipsec statusall` (StrokeStatusParser), by
/// `kind`: `child` and `ike` (an SA, with the fields of a swanctl-list-sas record, so the SA
/// extractors read them as `SwanctlSaRecord`s: `RecordStore.typed` converts by field name),
/// `routed` (a trap policy), `conn` (a loaded connection, with its `children`), `shunt`,
/// `daemon` (version, plugins, uptime), `listening` (addresses) and `summary` (up/connecting).
///
/// WHY `OrderedFields`: a CHILD SA's record takes its IKE SA's fields first and then its own as
/// the lines come, in the order the `parse` JSON has always shown.
public struct StrokeStatusRecord: OrderedFieldRecord {
    public var line: Int
    public var fields: OrderedFields<Field>

    public init(line: Int, fields: OrderedFields<Field> = OrderedFields()) {
        self.line = line; self.fields = fields
    }

    /// The fields, named as in the JSON (an SA's as swanctl-list-sas names them).
    public enum Field: String, OrderedFieldKey {
        case kind, name, version, plugins, uptime, addresses, up, connecting
        // a connection and its children (`conn:   child:  TS === TS TUNNEL`), a shunt
        case localAddrs = "local_addrs", remoteAddrs = "remote_addrs", ikeVersion = "ike_version", aggressive
        case dpdDelay = "dpd_delay", localId = "local_id", remoteId = "remote_id", localAuth = "local_auth"
        case remoteAuth = "remote_auth", children, mode, localTs = "local_ts", remoteTs = "remote_ts"
        // an IKE SA (`NAME[N]: ...`) and a CHILD SA (`NAME{N}: ...`)
        case ike, ikeId = "ike_id", ikeState = "ike_state", established, localHost = "local_host", remoteHost = "remote_host"
        case spiI = "spi_i", spiR = "spi_r", initiator, ikeProposal = "ike_proposal", remoteEapId = "remote_eap_id"
        case child, childId = "child_id", state, reqid, `protocol`, encap, spiIn = "spi_in", spiOut = "spi_out", proposal
        case bytesIn = "bytes_in", bytesOut = "bytes_out", packetsIn = "packets_in", packetsOut = "packets_out"
        public static let jsonNames = JSONKeyNames(Field.self)
    }

    /// The IKE fields a CHILD SA's record takes from its IKE SA, in this order.
    static let inherited: [Field] = [.ike, .ikeId, .ikeState, .ikeVersion, .localHost, .localId, .remoteHost, .remoteId, .initiator]

    /// One child of a loaded connection (`conn:   child:  10.1.0.0/24 === 10.2.0.0/24 TUNNEL`).
    public struct ConnChild: Sendable, Equatable {
        public var line: Int?
        public var name: String?
        public var localTs: [String]
        public var remoteTs: [String]
    }

    /// child, ike, routed, conn, shunt, daemon, listening or summary.
    public var kind: String? { fields.str(.kind) }
    /// A connection's or shunt's name.
    public var name: String? { fields.str(.name) }
    public var ikeVersion: Int? { fields.int(.ikeVersion) }
    public var localAddrs: [String] { fields.strings(.localAddrs) }
    public var remoteAddrs: [String] { fields.strings(.remoteAddrs) }
    /// One authentication method per round (`pre-shared key`, `public key`, `EAP_MSCHAPV2`...).
    public var localAuth: [String] { fields.strings(.localAuth) }
    public var remoteAuth: [String] { fields.strings(.remoteAuth) }
    /// A connection's children, in the order listed. They are nested JSON objects in the record
    /// (`parse` has always shown them so); this is the one place that reads that shape.
    public var children: [ConnChild] {
        guard case let .json(.array(items))? = fields[.children] else { return [] }
        return items.map { ConnChild(line: $0.recordLine, name: $0.str("name"), localTs: $0.strings("local_ts"), remoteTs: $0.strings("remote_ts")) }
    }
}
