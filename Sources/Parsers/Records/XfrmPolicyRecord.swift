/// One policy of `ip xfrm policy` (XfrmPolicyParser), with its templates. Properties in the
/// order iproute2 prints them, which is the order of the `parse` JSON.
public struct XfrmPolicyRecord: SourceRecord, Equatable {
    public var line: Int
    public var src: String
    public var dst: String
    public var proto: String?
    public var sport: Int?
    public var dport: Int?
    /// ICMP selectors print `type N code M` (the kernel keeps them in sport/dport).
    public var icmpType: Int?
    public var icmpCode: Int?
    public var dev: String?
    /// `in`/`out`/`fwd`, or `socket in`/`socket out`.
    public var dir: String?
    public var socket: Bool?
    public var action: String?
    public var priority: Int?
    public var ptype: String?
    public var index: Int?
    public var mark: String?
    public var ifId: String?
    public var tmpl: [Template]
    /// The reqid of each template that has one.
    public var reqids: [Int]

    public struct Template: Codable, Sendable, Equatable {
        public var src: String
        public var dst: String
        public var proto: String?
        public var spi: String?
        public var reqid: Int?
        public var mode: String?
        public var level: String?
        public init(src: String, dst: String) { self.src = src; self.dst = dst }
    }

    public init(line: Int, src: String, dst: String) {
        self.line = line; self.src = src; self.dst = dst; tmpl = []; reqids = []
    }

    enum CodingKeys: String, CodingKey {
        case line, src, dst, proto, sport, dport, icmpType = "icmp_type", icmpCode = "icmp_code", dev
        case dir, socket, action, priority, ptype, index, mark, ifId = "if_id", tmpl, reqids
    }
}
