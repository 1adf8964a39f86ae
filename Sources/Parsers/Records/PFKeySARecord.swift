import Facts

/// One SA of the PF_KEY dump format (PFKeyDump): `setkey -D`, and the SAs of `racoonctl show-sa`
/// (whose records also say `kind: ipsec`). Fields: src, dst, src_port, dst_port, proto, mode,
/// spi (`0x…`), reqid, enc, auth, comp (algorithm names only), seq, replay, state, bytes,
/// allocated, sadb_seq.
///
/// WHY `OrderedFields`: after the address line, the fields come in the order the dump's lines and
/// words give them (`esp mode=tunnel spi=... reqid=...`), which the `parse` JSON has always
/// shown; the key set is closed.
public struct PFKeySARecord: OrderedFieldRecord {
    public var line: Int
    public var fields: OrderedFields<Field>

    public init(line: Int, fields: OrderedFields<Field> = OrderedFields()) {
        self.line = line; self.fields = fields
    }

    /// The fields, named as in the JSON.
    public enum Field: String, OrderedFieldKey {
        case src, dst, srcPort = "src_port", dstPort = "dst_port", proto, mode, spi, reqid
        case enc, auth, comp, seq, replay, state, bytes, allocated, sadbSeq = "sadb_seq"
        /// racoonctl's records only (`ipsec`).
        case kind
        public static let jsonNames = JSONKeyNames(Field.self)
    }

    public var src: String? { fields.str(.src) }
    public var dst: String? { fields.str(.dst) }
    /// esp, ah, ipcomp, esp-udp, tcp.
    public var proto: String? { fields.str(.proto) }
    public var spi: String? { fields.str(.spi) }
    /// The reqid as printed (a number: `JSONValue.str`).
    public var reqidText: String? { fields.str(.reqid) }
    /// mature, larval, dying, dead.
    public var state: String? { fields.str(.state) }
    /// racoonctl's `ipsec` (nil for setkey -D).
    public var kind: String? { fields.str(.kind) }
}
