import Facts

/// One policy of `swanctl --list-pols` (SwanctlListPolsParser): a trap policy (a CHILD config
/// waiting for traffic: `kind: trap`, its reqid and mode TUNNEL/TRANSPORT) or a shunt (`pass`,
/// `drop`). Ordered fields: the `local:`, `remote:` and `label:` lines follow the header in the
/// order printed, and the `parse` JSON has always shown them so.
public struct SwanctlPolRecord: OrderedFieldRecord {
    public var line: Int
    public var fields: OrderedFields<Field>

    public init(line: Int, fields: OrderedFields<Field> = OrderedFields()) {
        self.line = line; self.fields = fields
    }

    /// The fields, named as in the JSON.
    public enum Field: String, OrderedFieldKey {
        case name, ike, child, reqid, mode, kind, localTs = "local_ts", remoteTs = "remote_ts", label
        public static let jsonNames = JSONKeyNames(Field.self)
    }

    /// `ike/child` as printed (or the child's name alone).
    public var name: String? { fields.str(.name) }
    /// trap, pass or drop.
    public var kind: String? { fields.str(.kind) }
    /// TUNNEL, TRANSPORT, PASS, DROP ... as printed.
    public var mode: String? { fields.str(.mode) }
    /// The reqid as printed in evidence (`str`: a number plainly).
    public var reqidText: String? { fields.str(.reqid) }
    public var localTs: [String] { fields.strings(.localTs) }
    public var remoteTs: [String] { fields.strings(.remoteTs) }
}
