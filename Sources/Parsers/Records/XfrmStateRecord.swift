import Facts

/// One SA of `ip xfrm state` / `ip -s xfrm state` (XfrmStateParser). Its fields keep the order
/// the SA's lines came in (`OrderedFields`): iproute2 versions print them in different orders,
/// and the `parse` JSON shows them as they came. Key material is never held: only algorithm
/// names and key lengths.
public struct XfrmStateRecord: OrderedFieldRecord {
    public var line: Int
    public var fields: OrderedFields<Field>

    public init(line: Int, fields: OrderedFields<Field> = OrderedFields()) {
        self.line = line; self.fields = fields
    }

    /// The fields, named as in the JSON.
    public enum Field: String, OrderedFieldKey {
        case src, dst, proto, spi, spiNumber = "spi_number", reqid, reqidText = "reqid_text", mode
        case statsReplayWindow = "stats_replay_window", statsReplay = "stats_replay"
        case statsIntegrityFailed = "stats_integrity_failed", replayWindow = "replay_window", flags
        case auth, authKeyBits = "auth_key_bits", authTruncBits = "auth_trunc_bits", authTruncated = "auth_truncated"
        case enc, encKeyBits = "enc_key_bits", encTruncBits = "enc_trunc_bits"
        case aead, aeadKeyBits = "aead_key_bits", aeadIcvBits = "aead_icv_bits"
        case comp, compKeyBits = "comp_key_bits", compTruncBits = "comp_trunc_bits"
        case encapType = "encap_type", encapSport = "encap_sport", encapDport = "encap_dport", encapOa = "encap_oa"
        case mark, outputMark = "output_mark", ifId = "if_id"
        case selSrc = "sel_src", selDst = "sel_dst", selProto = "sel_proto", selSport = "sel_sport", selDport = "sel_dport"
        case dir, oseq, seq, addTime = "add_time", useTime = "use_time", bytes, packets
        public static let jsonNames = JSONKeyNames(Field.self)
    }

    // The fields the extractors read.
    public var src: String? { fields.str(.src) }
    public var dst: String? { fields.str(.dst) }
    public var proto: String? { fields.str(.proto) }
    public var spi: String? { fields.str(.spi) }
    /// The reqid as a number (saturating, as a record's number always read).
    public var reqid: Int? { fields.int(.reqid) }
    /// The reqid as the extractors print it (`str`: a number plainly).
    public var reqidText: String? { fields.str(.reqid) }
    public var encapType: String? { fields.str(.encapType) }
    /// A keyed SA: it has an `enc`, `auth` or `aead` line.
    public var isKeyed: Bool { fields.str(.enc) != nil || fields.str(.auth) != nil || fields.str(.aead) != nil }
}
