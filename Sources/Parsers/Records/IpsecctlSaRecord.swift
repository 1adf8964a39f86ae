import Facts

/// One entry of OpenBSD's `ipsecctl -sa` (IpsecctlSaParser), by `kind`: `flow` (proto, dir,
/// from, to, peer, local, srcid, dstid, type ...) or `sa` (proto, mode, from, to, spi, auth,
/// enc, comp, udpencap, and from `-v`'s detail lines state and the `counter:` block).
///
/// WHY `OrderedFields`: the `key value` words of a line are set in the order the line gives them
/// (`from A to B peer C` or `peer C from A ...`), which the `parse` JSON has always shown; the
/// key set is closed (the words the parser knows; `authkey`/`enckey` never reach a record).
public struct IpsecctlSaRecord: OrderedFieldRecord {
    public var line: Int
    public var fields: OrderedFields<Field>

    public init(line: Int, fields: OrderedFields<Field> = OrderedFields()) {
        self.line = line; self.fields = fields
    }

    /// The fields, named as in the JSON.
    public enum Field: String, OrderedFieldKey {
        case kind, proto, dir, mode
        // the `key value` words of a flow or an SA line (IpsecctlSaParser.flowKeys, saKeys)
        case from, to, peer, local, srcid, dstid, type, port, rdomain, tag, spi, auth, enc, comp, tap, iface, bundle
        case udpencap, udpencapPort = "udpencap_port"
        // `-v` details
        case state, bytesIn = "bytes_in", bytesOut = "bytes_out", packetsIn = "packets_in", packetsOut = "packets_out"
        case droppedIn = "dropped_in", droppedOut = "dropped_out"
        public static let jsonNames = JSONKeyNames(Field.self)
    }

    /// `flow` or `sa`.
    public var kind: String? { fields.str(.kind) }
    /// esp, ah, ipcomp, ipip, tcpmd5.
    public var proto: String? { fields.str(.proto) }
    /// A flow's `in`/`out`.
    public var dir: String? { fields.str(.dir) }
    /// An SA's `tunnel`/`transport`.
    public var mode: String? { fields.str(.mode) }
    public var from: String? { fields.str(.from) }
    public var to: String? { fields.str(.to) }
    public var peer: String? { fields.str(.peer) }
    public var local: String? { fields.str(.local) }
    public var spi: String? { fields.str(.spi) }
    /// An SA's `counter:` bytes (`-v`), and as printed for evidence.
    public var bytesIn: Int? { fields.int(.bytesIn) }
    public var bytesOut: Int? { fields.int(.bytesOut) }
    public var bytesInText: String? { fields.str(.bytesIn) }
    public var bytesOutText: String? { fields.str(.bytesOut) }
}
