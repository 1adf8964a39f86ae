import Facts

/// One record of `swanctl --list-sas` (SwanctlListSasParser): a CHILD SA (`kind: child`) with its
/// IKE SA's fields, or an IKE SA without a CHILD SA (`kind: ike`). The fields keep the order
/// they were set in (`OrderedFields`): IKE and CHILD records set the shared fields in different
/// orders, and the `parse` JSON shows them so. stroke's `ipsec statusall` (StrokeStatusParser)
/// makes JSON records of the same shape; `ParsedCollection.typed` reads those into this struct
/// as well (fields it does not name, such as a conn's `children`, are left out), so the
/// extractors read either source alike.
public struct SwanctlSaRecord: OrderedFieldRecord {
    public var line: Int
    public var fields: OrderedFields<Field>

    public init(line: Int, fields: OrderedFields<Field> = OrderedFields()) {
        self.line = line; self.fields = fields
    }

    /// The fields, named as in the JSON.
    public enum Field: String, OrderedFieldKey {
        case kind, ike, ikeId = "ike_id", ikeState = "ike_state", ikeVersion = "ike_version"
        case spiI = "spi_i", spiR = "spi_r", initiator
        case localId = "local_id", localHost = "local_host", localPort = "local_port", localVips = "local_vips"
        case remoteId = "remote_id", remoteHost = "remote_host", remotePort = "remote_port", remoteVips = "remote_vips"
        case remoteEapId = "remote_eap_id", establishedAgo = "established_ago", rekeyIn = "rekey_in"
        case tasksQueued = "tasks_queued", tasksActive = "tasks_active", tasksPassive = "tasks_passive", proposal
        case child, childId = "child_id", reqid, cpu, state, mode, encap, `protocol`
        case installedAgo = "installed_ago", expiresIn = "expires_in"
        case spiIn = "spi_in", cpiIn = "cpi_in", markIn = "mark_in", bytesIn = "bytes_in", packetsIn = "packets_in", lastUsedIn = "last_used_in"
        case spiOut = "spi_out", cpiOut = "cpi_out", markOut = "mark_out", bytesOut = "bytes_out", packetsOut = "packets_out", lastUsedOut = "last_used_out"
        case localTs = "local_ts", remoteTs = "remote_ts"
        public static let jsonNames = JSONKeyNames(Field.self)
    }

    /// The IKE fields a CHILD SA's record carries from its IKE SA, in this order.
    static let inherited: [Field] = [.ike, .ikeId, .ikeState, .ikeVersion, .localHost, .localPort, .localId,
                                     .remoteHost, .remotePort, .remoteId, .initiator]

    // The fields the extractors read (as `JSONValue.str`/`int`/`bool`/`strings` read them).
    public var kind: String? { fields.str(.kind) }
    public var ike: String? { fields.str(.ike) }
    public var ikeId: String? { fields.str(.ikeId) }
    public var ikeState: String? { fields.str(.ikeState) }
    public var initiator: Bool? { fields.bool(.initiator) }
    public var child: String? { fields.str(.child) }
    public var reqid: String? { fields.str(.reqid) }
    public var state: String? { fields.str(.state) }
    public var mode: String? { fields.str(.mode) }
    public var encap: Bool? { fields.bool(.encap) }
    public var spiIn: String? { fields.str(.spiIn) }
    public var spiOut: String? { fields.str(.spiOut) }
    public var localHost: String? { fields.str(.localHost) }
    public var remoteHost: String? { fields.str(.remoteHost) }
    public var localTs: [String] { fields.strings(.localTs) }
    public var remoteTs: [String] { fields.strings(.remoteTs) }
}
