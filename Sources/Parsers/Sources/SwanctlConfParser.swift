import Facts

/// swanctl.conf: the `connections`, `secrets`, `pools` and `authorities` sections, in strongSwan's
/// settings syntax (`name { key = value }`, `#` comments, `include`, `name : template { }`).
/// Records (`kind`): `connection` (version, proposals, addresses, auth and ids per side,
/// children with local_ts/remote_ts/esp_proposals/start_action, resolved through `: template`
/// inheritance), `secret` (section name and ids only: never the `secret` value),
/// `include` (path), `section` (other top-level sections: name only).
public struct SwanctlConfParser: OutputParser {
    public init() {}
    public var source: String { "swanctl-conf" }
    public var summary: String { "swanctl.conf (strongSwan configuration; secrets are never output)" }

    /// One `name { ... }` block. Blocks live in one flat array and name their children by
    /// index: a tree of objects 40,000 levels deep overflows the stack when it is freed
    /// (recursive deinit), an array of values does not. Nothing here recurses on the depth.
    /// A block's children and values are chains through `Tree`'s two arrays, not an array each:
    /// a 10,000-connection swanctl.conf has 60,000 blocks, and their 100,000 small arrays (with
    /// room to grow) were ~8 MiB of the scan, held beside the other outputs' records while the
    /// connections are made (the parse's heap peak; PERFORMANCE.md, eighth pass). Indices are
    /// Int32: 2^31 blocks or values need a text of more than 6 GB.
    struct Block {
        let name: String
        let line: Int
        var inherits: String?
        /// The block's last value in `Tree.values` (each names the one before it), -1 if none.
        var lastValue: Int32 = -1
        var firstChild: Int32 = -1, lastChild: Int32 = -1
        /// The next child of the same parent, -1 after the last.
        var nextSibling: Int32 = -1
        init(name: String, line: Int) { self.name = name; self.line = line }
    }

    /// A `key = value` of a block.
    struct Value {
        let key: String
        let value: String
        /// The block's value before this one, -1 for its first.
        let previous: Int32
    }

    /// The blocks (index 0 is the top level) and their values.
    struct Tree {
        private(set) var blocks = [Block(name: "", line: 0)]
        private(set) var values: [Value] = []

        subscript(id: Int) -> Block { blocks[id] }

        /// Appends `block` as the last child of `parent`; its index.
        mutating func add(_ block: Block, under parent: Int) -> Int {
            let id = blocks.count
            blocks.append(block)
            let last = blocks[parent].lastChild
            if last < 0 { blocks[parent].firstChild = Int32(id) } else { blocks[Int(last)].nextSibling = Int32(id) }
            blocks[parent].lastChild = Int32(id)
            return id
        }

        mutating func add(key: String, value: String, to id: Int) {
            values.append(Value(key: key, value: value, previous: blocks[id].lastValue))
            blocks[id].lastValue = Int32(values.count - 1)
        }

        /// A block's children in the order they came.
        func children(_ id: Int) -> Children { Children(blocks: blocks, cursor: blocks[id].firstChild) }

        struct Children: Sequence, IteratorProtocol {
            let blocks: [Block]
            var cursor: Int32
            mutating func next() -> Int? {
                guard cursor >= 0 else { return nil }
                defer { cursor = blocks[Int(cursor)].nextSibling }
                return Int(cursor)
            }
        }

        /// The last value of `key` in the block (a key set twice keeps the later one).
        func value(_ id: Int, _ key: String) -> String? {
            var i = blocks[id].lastValue
            while i >= 0 {
                let v = values[Int(i)]
                if v.key == key { return v.value }
                i = v.previous
            }
            return nil
        }

        /// The block's values in the order they came.
        func values(_ id: Int) -> [Value] {
            var out: [Value] = []
            var i = blocks[id].lastValue
            while i >= 0 { out.append(values[Int(i)]); i = values[Int(i)].previous }
            return out.reversed()
        }
    }

    /// A block seen through its templates (`name : tpl`): the layers, lowest precedence first;
    /// a value comes from the last layer that sets it, children of the same name merge likewise.
    struct Layered {
        let tree: Tree
        let ids: [Int]
        var name: String { tree[ids.last!].name }
        var line: Int { tree[ids.last!].line }
        func value(_ k: String) -> String? {
            for id in ids.reversed() { if let v = tree.value(id, k) { return v } }
            return nil
        }
        func child(_ n: String) -> Layered? {
            let found = ids.compactMap { id in tree.children(id).first { tree[$0].name == n } }
            return found.isEmpty ? nil : Layered(tree: tree, ids: found)
        }
        /// Children by name, in the order they first appear (the template's first).
        var children: [Layered] {
            var names: [String] = []
            for id in ids { for c in tree.children(id) where !names.contains(tree[c].name) { names.append(tree[c].name) } }
            return names.compactMap { child($0) }
        }
    }

    /// What the line scan makes of the text: the blocks and values, the `include` lines, and
    /// the accounted and unparsed lines.
    struct Scan {
        var acc = ParseAccumulator()
        var tree = Tree()
        var includes: [(String, Int)] = []
    }

    public func parse(_ text: String) -> ParseResult {
        result(ByteText.withASCII(text) { SwanctlConfScan(buf: $0).run() } ?? referenceScan(text))
    }

    /// The records of a scan: connections (templates resolved), secrets (names and ids only),
    /// other sections, includes; in line order.
    func result(_ scan: Scan) -> ParseResult {
        let tree = scan.tree
        var records: [SwanctlConfRecord] = []
        // One array of the records' size: grown by doubling it kept up to half of it unused
        // (and both the old and the new one while growing), at the parse's heap peak.
        var count = scan.includes.count
        for topID in tree.children(0) {
            count += tree[topID].name == "connections" || tree[topID].name == "secrets" ? tree.children(topID).reduce(0) { n, _ in n + 1 } : 1
        }
        records.reserveCapacity(count)
        var lists = ListInterner()
        for topID in tree.children(0) {
            let top = tree[topID]
            switch top.name {
            case "connections":
                for conn in tree.children(topID) { records.append(connectionRecord(conn, in: topID, tree, &lists)) }
            case "secrets":
                for id in tree.children(topID) {
                    let s = tree[id]
                    var r = SwanctlConfRecord(line: s.line, kind: .secret)
                    r.name = s.name
                    r.type = String(s.name.split(separator: "-").first ?? "")
                    r.ids = tree.values(id).filter { $0.key == "id" || $0.key.hasPrefix("id-") }.map(\.value)
                    records.append(r)
                }
            default:
                var r = SwanctlConfRecord(line: top.line, kind: .section)
                r.name = top.name
                r.entries = tree.children(topID).map { tree[$0].name }
                records.append(r)
            }
        }
        for (path, line) in scan.includes {
            var r = SwanctlConfRecord(line: line, kind: .include)
            r.path = path
            records.append(r)
        }
        records.sort { $0.line < $1.line }
        return scan.acc.result(source: source, typed: records)
    }

    static func list(_ v: String?) -> [String]? {
        guard let v else { return nil }
        return v.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }).map(String.init)
    }

    /// A connection with its templates underneath (`name : connections.tpl`, up to 8 deep,
    /// a loop ends where it closes).
    func resolved(_ id: Int, in section: Int, _ tree: Tree) -> Layered {
        var ids = [id]
        var current = id
        while ids.count <= 8, let inh = tree[current].inherits {
            let parentName = inh.hasPrefix("connections.") ? String(inh.dropFirst("connections.".count)) : inh
            guard let parent = tree.children(section).first(where: { tree[$0].name == parentName }),
                  !ids.contains(parent) else { break }
            ids.insert(parent, at: 0)
            current = parent
        }
        return Layered(tree: tree, ids: ids)
    }

    /// `lists` shares equal lists between the connections (most repeat their local side).
    func connectionRecord(_ id: Int, in section: Int, _ tree: Tree, _ lists: inout ListInterner) -> SwanctlConfRecord {
        let conn0 = tree[id]
        let conn = resolved(id, in: section, tree)
        var r = SwanctlConfRecord(line: conn0.line, kind: .connection)
        r.name = conn0.name
        r.inherits = conn0.inherits
        let version = conn.value("version")
        r.version = version.flatMap { Int($0) } ?? (version == nil ? 0 : nil)
        r.proposals = lists(SwanctlConfParser.list(conn.value("proposals")))
        r.localAddrs = lists(SwanctlConfParser.list(conn.value("local_addrs")))
        r.remoteAddrs = lists(SwanctlConfParser.list(conn.value("remote_addrs")))
        r.localPort = conn.value("local_port").flatMap { Int($0) }
        r.remotePort = conn.value("remote_port").flatMap { Int($0) }
        r.encap = conn.value("encap")
        r.aggressive = conn.value("aggressive")
        r.dpdDelay = conn.value("dpd_delay")
        r.rekeyTime = conn.value("rekey_time")
        r.reauthTime = conn.value("reauth_time")
        r.randTime = conn.value("rand_time")
        for local in [true, false] {
            let side = local ? "local" : "remote"
            let rounds = conn.children.filter { $0.name == side || $0.name.hasPrefix(side + "-") }
                .sorted { $0.line < $1.line }
            let auth = lists(rounds.compactMap { $0.value("auth") }), ids = lists(rounds.compactMap { $0.value("id") })
            if local { r.localAuth = auth; r.localId = ids } else { r.remoteAuth = auth; r.remoteId = ids }
        }
        var children: [SwanctlConfRecord.Child] = []
        if let ch = conn.child("children") {
            for c in ch.children {
                var cr = SwanctlConfRecord.Child(line: c.line, name: c.name)
                cr.localTs = lists(SwanctlConfParser.list(c.value("local_ts")))
                cr.remoteTs = lists(SwanctlConfParser.list(c.value("remote_ts")))
                cr.espProposals = lists(SwanctlConfParser.list(c.value("esp_proposals")))
                cr.ahProposals = lists(SwanctlConfParser.list(c.value("ah_proposals")))
                cr.startAction = c.value("start_action")
                cr.closeAction = c.value("close_action")
                cr.dpdAction = c.value("dpd_action")
                cr.mode = c.value("mode")
                cr.rekeyTime = c.value("rekey_time")
                cr.lifeTime = c.value("life_time")
                cr.randTime = c.value("rand_time")
                children.append(cr)
            }
        }
        r.children = children
        return r
    }
}

/// The byte-level line scan of plain ASCII swanctl.conf (see `ByteText`): the same blocks,
/// values, includes, accounted and unparsed lines as `referenceScan`, without a String per line
/// or Foundation's `range(of:)` (which goes through NSString on Linux and took half the time).
struct SwanctlConfScan {
    let buf: UnsafeBufferPointer<UInt8>

    /// `s..<e` without leading and trailing spaces and tabs (all `trimmedSpaces` trims in ASCII).
    @inline(__always) func trim(_ s: Int, _ e: Int) -> (Int, Int) {
        var s = s, e = e
        while s < e, ByteWords.isBlank(buf[s]) { s += 1 }
        while e > s, ByteWords.isBlank(buf[e - 1]) { e -= 1 }
        return (s, e)
    }

    /// The first `a b` (two bytes) in `s..<e`.
    @inline(__always) func find(_ a: UInt8, _ b: UInt8, _ s: Int, _ e: Int) -> Int? {
        var i = s
        while i + 1 < e {
            if buf[i] == a, buf[i + 1] == b { return i }
            i += 1
        }
        return nil
    }

    @inline(__always) func find(_ a: UInt8, _ s: Int, _ e: Int) -> Int? {
        var i = s
        while i < e { if buf[i] == a { return i }; i += 1 }
        return nil
    }

    func string(_ s: Int, _ e: Int) -> String { ByteWords.string(buf, s, e) }

    func run() -> SwanctlConfParser.Scan {
        var scan = SwanctlConfParser.Scan()
        var stack: [Int] = [0]
        let space: UInt8 = 0x20, tab: UInt8 = 0x09, hash: UInt8 = 0x23, colon: UInt8 = 0x3a
        let openBrace: UInt8 = 0x7b, closeBrace: UInt8 = 0x7d, equals: UInt8 = 0x3d, quote: UInt8 = 0x22

        var it = ByteLineIterator(buf)
        while let line = it.next() {
            var (s, e) = trim(line.start, line.end)
            if s == e { continue }
            if buf[s] == hash { scan.acc.account(line.number); continue }
            // a comment after the text: the first " #", else the first "\t#"
            if let h = find(space, hash, s, e) ?? find(tab, hash, s, e) { (s, e) = trim(s, h) }
            if (e - s == 1 && buf[s] == closeBrace) || (e - s == 2 && buf[s] == closeBrace && buf[s + 1] == 0x3b) {
                if stack.count > 1 { stack.removeLast(); scan.acc.account(line.number) } else { scan.acc.reject(buf, line) }
                continue
            }
            if e - s >= 8, ByteWords.equal(buf, s, s + 8, "include ") {
                let (ps, pe) = trim(s + 8, e)
                scan.includes.append((string(ps, pe), line.number)); scan.acc.account(line.number); continue
            }
            if e > s, buf[e - 1] == openBrace {
                var (hs, he) = trim(s, e - 1)
                var inherits: String?
                let sep = firstSpaceColonSpace(hs, he) ?? find(colon, hs, he).map { ($0, $0 + 1) }
                if let (cs, ce) = sep {
                    let (is_, ie) = trim(ce, he)
                    inherits = string(is_, ie)
                    (hs, he) = trim(hs, cs)
                }
                if hs < he, find(space, hs, he) == nil, find(equals, hs, he) == nil {
                    var n = SwanctlConfParser.Block(name: string(hs, he), line: line.number)
                    n.inherits = inherits
                    stack.append(scan.tree.add(n, under: stack.last!))
                    scan.acc.account(line.number)
                    continue
                }
            }
            if stack.count > 1, let eq = find(equals, s, e) {
                let (ks, ke) = trim(s, eq)
                var (vs, ve) = trim(eq + 1, e)
                if ve - vs >= 2, buf[vs] == quote, buf[ve - 1] == quote { vs += 1; ve -= 1 }
                if ks < ke, find(space, ks, ke) == nil {
                    scan.tree.add(key: string(ks, ke), value: string(vs, ve), to: stack.last!)
                    scan.acc.account(line.number)
                    continue
                }
            }
            if stack.count > 1, scan.tree[stack[1]].name == "secrets" {
                // Never echo a line of the secrets section: it may hold a key.
                scan.acc.unparsed.append(UnparsedLine(line: line.number, text: "[line in secrets section not shown]"))
            } else {
                scan.acc.reject(buf, line)
            }
        }
        return scan
    }

    /// The first " : " in `s..<e` (the reference's `range(of: " : ")`).
    func firstSpaceColonSpace(_ s: Int, _ e: Int) -> (Int, Int)? {
        var i = s
        while i + 2 < e {
            if buf[i] == 0x20, buf[i + 1] == 0x3a, buf[i + 2] == 0x20 { return (i, i + 3) }
            i += 1
        }
        return nil
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension SwanctlConfParser: EvidenceSource {
    public var yields: [String] {
        [
            "conn.auth", "conn.child_count", "conn.child_names", "conn.count", "conn.ike_lifetimes_identical", "conn.ike_version", "conn.local_addrs", "conn.local_ts", "conn.names", "conn.not_loaded",
            "conn.remote_addrs", "conn.remote_ts", "conn.start_action", "ike.tunnel_count",
        ]
    }
    public var kind: ProbeSpec.Kind { .config }
    public var probes: [ProbeSpec] {
        [
            ProbeSpec("swanctl-conf", source: "swanctl-conf", .file("/etc/swanctl/swanctl.conf"), needsRoot: true, kind: .config),
            ProbeSpec("swanctl-conf.d", source: "swanctl-conf", .file("/etc/swanctl/conf.d/*.conf"), needsRoot: true, kind: .config),
        ]
    }
    public var snapshotNames: [String] { ["swanctl.conf"] }
}
