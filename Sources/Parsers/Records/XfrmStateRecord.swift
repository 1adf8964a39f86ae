/// One SA of `ip xfrm state` (XfrmStateParser). Properties in the order iproute2 prints them
/// (ip/ipxfrm.c), which is the order of the `parse` JSON; nil ones are not printed.
public struct XfrmStateRecord: SourceRecord, Equatable {
    public var line: Int
    public var src: String
    public var dst: String
    public var proto: String?
    /// As printed, before any `(decimal)`: `0xc1a2b3c4`.
    public var spi: String?
    public var spiNumber: Int?
    public var reqid: Int?
    /// A reqid that is not a number, as printed.
    public var reqidText: String?
    public var mode: String?
    public var replayWindow: Int?
    public var auth: String?
    public var authTruncated: Bool?
    public var authKeyBits: Int?
    public var authTruncBits: Int?
    public var enc: String?
    public var encKeyBits: Int?
    public var encTruncBits: Int?
    public var aead: String?
    public var aeadKeyBits: Int?
    public var aeadIcvBits: Int?
    public var comp: String?
    public var compKeyBits: Int?
    public var compTruncBits: Int?
    public var encapType: String?
    public var encapSport: Int?
    public var encapDport: Int?
    public var encapOa: String?
    public var mark: String?
    public var outputMark: String?
    public var ifId: String?
    public var selSrc: String?
    public var selDst: String?
    public var selProto: String?
    public var selSport: Int?
    public var selDport: Int?
    public var dir: String?
    /// `ip -s`: lifetime current.
    public var bytes: UInt64?
    public var packets: UInt64?
    public var addTime: String?
    public var useTime: String?
    /// `ip -s`: stats.
    public var statsReplayWindow: Int?
    public var statsReplay: Int?
    public var statsIntegrityFailed: Int?
    public var oseq: Int?
    public var seq: Int?
    public var flags: [String]?

    public init(line: Int, src: String, dst: String) { self.line = line; self.src = src; self.dst = dst }

    enum CodingKeys: String, CodingKey {
        case line, src, dst, proto, spi, spiNumber = "spi_number", reqid, reqidText = "reqid_text", mode
        case replayWindow = "replay_window"
        case auth, authTruncated = "auth_truncated", authKeyBits = "auth_key_bits", authTruncBits = "auth_trunc_bits"
        case enc, encKeyBits = "enc_key_bits", encTruncBits = "enc_trunc_bits"
        case aead, aeadKeyBits = "aead_key_bits", aeadIcvBits = "aead_icv_bits"
        case comp, compKeyBits = "comp_key_bits", compTruncBits = "comp_trunc_bits"
        case encapType = "encap_type", encapSport = "encap_sport", encapDport = "encap_dport", encapOa = "encap_oa"
        case mark, outputMark = "output_mark", ifId = "if_id"
        case selSrc = "sel_src", selDst = "sel_dst", selProto = "sel_proto", selSport = "sel_sport", selDport = "sel_dport"
        case dir, bytes, packets, addTime = "add_time", useTime = "use_time"
        case statsReplayWindow = "stats_replay_window", statsReplay = "stats_replay", statsIntegrityFailed = "stats_integrity_failed"
        case oseq, seq, flags
    }
}
