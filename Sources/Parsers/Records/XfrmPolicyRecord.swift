import Facts

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

/// `parse` writes the records itself, member for member as the `Codable` tree above would print
/// them (same keys, order and nil members left out; `JSONWritingRecordTests` compares both).
extension XfrmPolicyRecord: JSONWritingRecord {
    public func writeJSON(into out: inout [UInt8], pretty: Bool, indent: Int) {
        var o = JSONObjectWriter(into: &out, pretty: pretty, indent: indent)
        o.put("line", line, &out)
        o.put("src", src, &out); o.put("dst", dst, &out); o.put("proto", proto, &out)
        o.put("sport", sport, &out); o.put("dport", dport, &out)
        o.put("icmp_type", icmpType, &out); o.put("icmp_code", icmpCode, &out)
        o.put("dev", dev, &out); o.put("dir", dir, &out); o.put("socket", socket, &out)
        o.put("action", action, &out); o.put("priority", priority, &out); o.put("ptype", ptype, &out)
        o.put("index", index, &out); o.put("mark", mark, &out); o.put("if_id", ifId, &out)
        o.put("tmpl", tmpl, &out) { t, out, level in t.writeJSON(into: &out, pretty: pretty, indent: level) }
        o.put("reqids", reqids, &out) { n, out, _ in JSONValue.appendNumber(Double(n), to: &out) }
        o.end(&out)
    }
}

extension XfrmPolicyRecord.Template {
    func writeJSON(into out: inout [UInt8], pretty: Bool, indent: Int) {
        var o = JSONObjectWriter(into: &out, pretty: pretty, indent: indent)
        o.put("src", src, &out); o.put("dst", dst, &out); o.put("proto", proto, &out)
        o.put("spi", spi, &out); o.put("reqid", reqid, &out); o.put("mode", mode, &out)
        o.put("level", level, &out)
        o.end(&out)
    }
}
