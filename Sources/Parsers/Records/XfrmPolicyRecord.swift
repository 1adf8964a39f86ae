import Facts

/// One policy of `ip xfrm policy` (XfrmPolicyParser), with its templates. Properties in the
/// order iproute2 prints them, which is the order of the `parse` JSON.
public struct XfrmPolicyRecord: SourceRecord, Equatable {
    // Stored: what nearly every policy has. A 10,000-tunnel concentrator holds 30,000 policies
    // through the whole diagnosis; with its 16 optionals inline a record took ~280 bytes
    // (8.5 MiB for the array alone), packed ~120 (PERFORMANCE.md, eighth pass). The public
    // properties below read and write these as before.
    public var line: Int
    public var src: String
    public var dst: String
    /// `in`/`out`/`fwd`, or `socket in`/`socket out`.
    public var dir: String?
    public var ptype: String?
    public var tmpl: [Template]
    /// The reqid of each template that has one.
    public var reqids: [Int]
    /// `priority` and `index` (set or not: `bits`), kept 0 when not set.
    private var priorityValue = 0
    private var indexValue = 0
    /// The fields most policies do not print (selector ports and protocol, ICMP type/code, dev,
    /// action, mark, if_id): no element while all are nil, else one. An array so that a copy
    /// of the record shares it until one of them is written (copy on write, as a value).
    private var rare: [Rare] = []
    /// `priority` set, `index` set, `socket` set, `socket` true.
    private var bits: UInt8 = 0

    private struct Rare: Sendable, Equatable {
        var proto: String?
        var sport: Int?
        var dport: Int?
        var icmpType: Int?
        var icmpCode: Int?
        var dev: String?
        var action: String?
        var mark: String?
        var ifId: String?
    }

    private static let hasPriority: UInt8 = 1, hasIndex: UInt8 = 2, hasSocket: UInt8 = 4, socketTrue: UInt8 = 8

    @inline(__always) private func rareField<T>(_ k: KeyPath<Rare, T?>) -> T? {
        rare.isEmpty ? nil : rare[0][keyPath: k]
    }
    @inline(__always) private mutating func setRare<T>(_ k: WritableKeyPath<Rare, T?>, _ v: T?) {
        if rare.isEmpty {
            guard v != nil else { return }
            rare = [Rare()]
        }
        rare[0][keyPath: k] = v
        if v == nil, rare[0] == Rare() { rare = [] }
    }

    public var proto: String? { get { rareField(\.proto) } set { setRare(\.proto, newValue) } }
    public var sport: Int? { get { rareField(\.sport) } set { setRare(\.sport, newValue) } }
    public var dport: Int? { get { rareField(\.dport) } set { setRare(\.dport, newValue) } }
    /// ICMP selectors print `type N code M` (the kernel keeps them in sport/dport).
    public var icmpType: Int? { get { rareField(\.icmpType) } set { setRare(\.icmpType, newValue) } }
    public var icmpCode: Int? { get { rareField(\.icmpCode) } set { setRare(\.icmpCode, newValue) } }
    public var dev: String? { get { rareField(\.dev) } set { setRare(\.dev, newValue) } }
    public var socket: Bool? {
        get { bits & Self.hasSocket == 0 ? nil : bits & Self.socketTrue != 0 }
        set {
            bits &= ~(Self.hasSocket | Self.socketTrue)
            if let newValue { bits |= Self.hasSocket | (newValue ? Self.socketTrue : 0) }
        }
    }
    public var action: String? { get { rareField(\.action) } set { setRare(\.action, newValue) } }
    public var priority: Int? {
        get { bits & Self.hasPriority == 0 ? nil : priorityValue }
        set {
            priorityValue = newValue ?? 0
            if newValue == nil { bits &= ~Self.hasPriority } else { bits |= Self.hasPriority }
        }
    }
    public var index: Int? {
        get { bits & Self.hasIndex == 0 ? nil : indexValue }
        set {
            indexValue = newValue ?? 0
            if newValue == nil { bits &= ~Self.hasIndex } else { bits |= Self.hasIndex }
        }
    }
    public var mark: String? { get { rareField(\.mark) } set { setRare(\.mark, newValue) } }
    public var ifId: String? { get { rareField(\.ifId) } set { setRare(\.ifId, newValue) } }

    /// One `tmpl` of a policy. A 10,000-tunnel concentrator holds 20,000 distinct ones (a
    /// tunnel's in and fwd policies share theirs) through the whole diagnosis: with its five
    /// optionals inline a template took 112 bytes (a one-element array 160), packed 56 (96):
    /// `proto`, `mode` and `level` are nearly always one of a few words iproute2 prints, kept as
    /// a byte; any other text and `spi` (rarely printed) in `texts` (PERFORMANCE.md, stop 25).
    /// The public properties read and write as the stored optionals did.
    public struct Template: Codable, Sendable, Equatable {
        public var src: String
        public var dst: String
        /// `reqid`, kept 0 when not set (`hasReqid`).
        private var reqidValue = 0
        /// proto, spi, mode, level (fields 0-3) when not one of `words`.
        private var texts = PackedOptionals<String>()
        /// proto, mode, level: 1 + their index in `words`, 0 when not one (nil, or in `texts`).
        private var protoWord: UInt8 = 0, modeWord: UInt8 = 0, levelWord: UInt8 = 0
        private var hasReqid = false

        /// iproute2's names of the XFRM protocols, modes and levels (ip/ipxfrm.c:
        /// strxf_xfrmproto, xfrm_modes, `level use`).
        private static let words = ["esp", "ah", "comp", "route2", "hao",
                                    "transport", "tunnel", "ro", "in_trigger", "beet", "required", "use"]

        private static func word(_ value: String?) -> UInt8 {
            guard let value, let i = words.firstIndex(of: value) else { return 0 }
            return UInt8(i + 1)
        }
        @inline(__always) private func text(_ field: Int, _ word: UInt8) -> String? {
            word == 0 ? texts[field] : Self.words[Int(word) - 1]
        }

        public var proto: String? {
            get { text(0, protoWord) }
            set { protoWord = Self.word(newValue); texts[0] = protoWord == 0 ? newValue : nil }
        }
        public var spi: String? { get { texts[1] } set { texts[1] = newValue } }
        public var reqid: Int? {
            get { hasReqid ? reqidValue : nil }
            set { reqidValue = newValue ?? 0; hasReqid = newValue != nil }
        }
        public var mode: String? {
            get { text(2, modeWord) }
            set { modeWord = Self.word(newValue); texts[2] = modeWord == 0 ? newValue : nil }
        }
        public var level: String? {
            get { text(3, levelWord) }
            set { levelWord = Self.word(newValue); texts[3] = levelWord == 0 ? newValue : nil }
        }

        public init(src: String, dst: String) { self.src = src; self.dst = dst }

        enum CodingKeys: String, CodingKey { case src, dst, proto, spi, reqid, mode, level }

        /// As the synthesized conformance of the stored optionals: this order, nil ones left out.
        public func encode(to encoder: Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(src, forKey: .src); try c.encode(dst, forKey: .dst)
            try c.encodeIfPresent(proto, forKey: .proto); try c.encodeIfPresent(spi, forKey: .spi)
            try c.encodeIfPresent(reqid, forKey: .reqid); try c.encodeIfPresent(mode, forKey: .mode)
            try c.encodeIfPresent(level, forKey: .level)
        }

        public init(from decoder: Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            self.init(src: try c.decode(String.self, forKey: .src), dst: try c.decode(String.self, forKey: .dst))
            proto = try c.decodeIfPresent(String.self, forKey: .proto); spi = try c.decodeIfPresent(String.self, forKey: .spi)
            reqid = try c.decodeIfPresent(Int.self, forKey: .reqid); mode = try c.decodeIfPresent(String.self, forKey: .mode)
            level = try c.decodeIfPresent(String.self, forKey: .level)
        }
    }

    public init(line: Int, src: String, dst: String) {
        self.line = line; self.src = src; self.dst = dst; tmpl = []; reqids = []
    }

    enum CodingKeys: String, CodingKey {
        case line, src, dst, proto, sport, dport, icmpType = "icmp_type", icmpCode = "icmp_code", dev
        case dir, socket, action, priority, ptype, index, mark, ifId = "if_id", tmpl, reqids
    }

    /// What the synthesized conformance did for the old stored properties: members in this
    /// order, nil ones left out; decoding requires line, src, dst, tmpl and reqids.
    public func encode(to encoder: Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(line, forKey: .line); try c.encode(src, forKey: .src); try c.encode(dst, forKey: .dst)
        try c.encodeIfPresent(proto, forKey: .proto)
        try c.encodeIfPresent(sport, forKey: .sport); try c.encodeIfPresent(dport, forKey: .dport)
        try c.encodeIfPresent(icmpType, forKey: .icmpType); try c.encodeIfPresent(icmpCode, forKey: .icmpCode)
        try c.encodeIfPresent(dev, forKey: .dev); try c.encodeIfPresent(dir, forKey: .dir)
        try c.encodeIfPresent(socket, forKey: .socket); try c.encodeIfPresent(action, forKey: .action)
        try c.encodeIfPresent(priority, forKey: .priority); try c.encodeIfPresent(ptype, forKey: .ptype)
        try c.encodeIfPresent(index, forKey: .index); try c.encodeIfPresent(mark, forKey: .mark)
        try c.encodeIfPresent(ifId, forKey: .ifId)
        try c.encode(tmpl, forKey: .tmpl); try c.encode(reqids, forKey: .reqids)
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(line: try c.decode(Int.self, forKey: .line), src: try c.decode(String.self, forKey: .src),
                  dst: try c.decode(String.self, forKey: .dst))
        proto = try c.decodeIfPresent(String.self, forKey: .proto)
        sport = try c.decodeIfPresent(Int.self, forKey: .sport); dport = try c.decodeIfPresent(Int.self, forKey: .dport)
        icmpType = try c.decodeIfPresent(Int.self, forKey: .icmpType); icmpCode = try c.decodeIfPresent(Int.self, forKey: .icmpCode)
        dev = try c.decodeIfPresent(String.self, forKey: .dev); dir = try c.decodeIfPresent(String.self, forKey: .dir)
        socket = try c.decodeIfPresent(Bool.self, forKey: .socket); action = try c.decodeIfPresent(String.self, forKey: .action)
        priority = try c.decodeIfPresent(Int.self, forKey: .priority); ptype = try c.decodeIfPresent(String.self, forKey: .ptype)
        index = try c.decodeIfPresent(Int.self, forKey: .index); mark = try c.decodeIfPresent(String.self, forKey: .mark)
        ifId = try c.decodeIfPresent(String.self, forKey: .ifId)
        tmpl = try c.decode([Template].self, forKey: .tmpl); reqids = try c.decode([Int].self, forKey: .reqids)
    }
}

/// `parse` writes the records itself, member for member as the `Codable` tree above would print
/// them (same keys, order and nil members left out; TypedRecordTests compares both). The text is
/// written through a pointer (`JSONObjectCursor`) into room taken once for the record's longest
/// possible text, and appended at once: `JSONObjectWriter`'s appends, each with its capacity and
/// uniqueness checks, were a quarter of `parse xfrm-policy` (perf, 20,000 tunnels, stop 26).
extension XfrmPolicyRecord: JSONWritingRecord {
    public func writeJSON(into out: inout [UInt8], pretty: Bool, indent: Int) {
        // Strings: 6 bytes out at most per byte in (a control byte's `\u00XX`) and 2 quotes.
        // Members and items: at most a comma, a line end, their padding, the longest key
        // (`"icmp_type": `, 13) and a number (20): 40 + 2 * (indent + 3), inside a template too.
        var text = 0, members = 19 + reqids.count
        func count(_ s: String?) { if let s { text += s.utf8.count } }
        count(src); count(dst); count(proto); count(dev); count(dir); count(action); count(ptype); count(mark); count(ifId)
        for t in tmpl {
            members += 8
            count(t.src); count(t.dst); count(t.proto); count(t.spi); count(t.mode); count(t.level)
        }
        let bound = 6 * text + members * (40 + 2 * (indent + 3)) + 64
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: bound) { room in
            var w = ByteCursor(room.baseAddress!)
            writeJSON(&w, pretty: pretty, indent: indent)
            precondition(w.count <= bound, "JSON bound")
            out.append(contentsOf: UnsafeBufferPointer(start: room.baseAddress, count: w.count))
        }
    }

    func writeJSON(_ w: inout ByteCursor, pretty: Bool, indent: Int) {
        var o = JSONObjectCursor(&w, pretty: pretty, indent: indent)
        o.put("line", line, &w)
        o.put("src", src, &w); o.put("dst", dst, &w); o.put("proto", proto, &w)
        o.put("sport", sport, &w); o.put("dport", dport, &w)
        o.put("icmp_type", icmpType, &w); o.put("icmp_code", icmpCode, &w)
        o.put("dev", dev, &w); o.put("dir", dir, &w); o.put("socket", socket, &w)
        o.put("action", action, &w); o.put("priority", priority, &w); o.put("ptype", ptype, &w)
        o.put("index", index, &w); o.put("mark", mark, &w); o.put("if_id", ifId, &w)
        o.put("tmpl", tmpl, &w) { t, w, level in t.writeJSON(&w, pretty: pretty, indent: level) }
        o.put("reqids", reqids, &w) { n, w, _ in JSONObjectCursor.number(n, &w) }
        o.end(&w)
    }
}

extension XfrmPolicyRecord.Template {
    func writeJSON(_ w: inout ByteCursor, pretty: Bool, indent: Int) {
        var o = JSONObjectCursor(&w, pretty: pretty, indent: indent)
        o.put("src", src, &w); o.put("dst", dst, &w); o.put("proto", proto, &w)
        o.put("spi", spi, &w); o.put("reqid", reqid, &w); o.put("mode", mode, &w)
        o.put("level", level, &w)
        o.end(&w)
    }
}
