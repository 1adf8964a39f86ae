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
    struct Block {
        let name: String
        let line: Int
        var inherits: String?
        var values: [(String, String, Int)] = []
        var children: [Int] = []
        init(name: String, line: Int) { self.name = name; self.line = line }
    }

    /// A block seen through its templates (`name : tpl`): the layers, lowest precedence first;
    /// a value comes from the last layer that sets it, children of the same name merge likewise.
    struct Layered {
        let blocks: [Block]
        let ids: [Int]
        var name: String { blocks[ids.last!].name }
        var line: Int { blocks[ids.last!].line }
        func value(_ k: String) -> String? {
            for id in ids.reversed() { if let v = blocks[id].values.last(where: { $0.0 == k }) { return v.1 } }
            return nil
        }
        func child(_ n: String) -> Layered? {
            let found = ids.compactMap { id in blocks[id].children.first { blocks[$0].name == n } }
            return found.isEmpty ? nil : Layered(blocks: blocks, ids: found)
        }
        /// Children by name, in the order they first appear (the template's first).
        var children: [Layered] {
            var names: [String] = []
            for id in ids { for c in blocks[id].children where !names.contains(blocks[c].name) { names.append(blocks[c].name) } }
            return names.compactMap { child($0) }
        }
    }

    /// What the line scan makes of the text: the blocks (index 0 is the top level), the
    /// `include` lines, and the accounted and unparsed lines.
    struct Scan {
        var acc = ParseAccumulator()
        var blocks = [Block(name: "", line: 0)]
        var includes: [(String, Int)] = []
    }

    public func parse(_ text: String) -> ParseResult {
        result(ByteText.withASCII(text) { SwanctlConfScan(buf: $0).run() } ?? referenceScan(text))
    }

    /// The records of a scan: connections (templates resolved), secrets (names and ids only),
    /// other sections, includes; in line order.
    func result(_ scan: Scan) -> ParseResult {
        let blocks = scan.blocks
        var records: [SwanctlConfRecord] = []
        var lists = ListInterner()
        for topID in blocks[0].children {
            let top = blocks[topID]
            switch top.name {
            case "connections":
                for conn in top.children { records.append(connectionRecord(conn, in: topID, blocks, &lists)) }
            case "secrets":
                for s in top.children.map({ blocks[$0] }) {
                    var r = SwanctlConfRecord(line: s.line, kind: .secret)
                    r.name = s.name
                    r.type = String(s.name.split(separator: "-").first ?? "")
                    r.ids = s.values.filter { $0.0 == "id" || $0.0.hasPrefix("id-") }.map { $0.1 }
                    records.append(r)
                }
            default:
                var r = SwanctlConfRecord(line: top.line, kind: .section)
                r.name = top.name
                r.entries = top.children.map { blocks[$0].name }
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
    func resolved(_ id: Int, in section: Int, _ blocks: [Block]) -> Layered {
        var ids = [id]
        var current = id
        while ids.count <= 8, let inh = blocks[current].inherits {
            let parentName = inh.hasPrefix("connections.") ? String(inh.dropFirst("connections.".count)) : inh
            guard let parent = blocks[section].children.first(where: { blocks[$0].name == parentName }),
                  !ids.contains(parent) else { break }
            ids.insert(parent, at: 0)
            current = parent
        }
        return Layered(blocks: blocks, ids: ids)
    }

    /// `lists` shares equal lists between the connections (most repeat their local side).
    func connectionRecord(_ id: Int, in section: Int, _ blocks: [Block], _ lists: inout ListInterner) -> SwanctlConfRecord {
        let conn0 = blocks[id]
        let conn = resolved(id, in: section, blocks)
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
                    scan.blocks.append(n)
                    scan.blocks[stack.last!].children.append(scan.blocks.count - 1)
                    stack.append(scan.blocks.count - 1)
                    scan.acc.account(line.number)
                    continue
                }
            }
            if stack.count > 1, let eq = find(equals, s, e) {
                let (ks, ke) = trim(s, eq)
                var (vs, ve) = trim(eq + 1, e)
                if ve - vs >= 2, buf[vs] == quote, buf[ve - 1] == quote { vs += 1; ve -= 1 }
                if ks < ke, find(space, ks, ke) == nil {
                    scan.blocks[stack.last!].values.append((string(ks, ke), string(vs, ve), line.number))
                    scan.acc.account(line.number)
                    continue
                }
            }
            if stack.count > 1, scan.blocks[stack[1]].name == "secrets" {
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
