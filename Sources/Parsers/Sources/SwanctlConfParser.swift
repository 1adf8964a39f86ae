import Facts
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

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
        result(ByteText.withASCII(text) { buf -> Scan in var s = SwanctlConfScan(buf: buf); return s.run() } ?? referenceScan(text))
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
                    r.ids = tree.values(id).filter { $0.key == "id" || $0.key.hasPrefix("id-") }.map { SwanctlConfParser.withoutSecret($0.value) }
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

    /// An id of the secrets section up to a secret set on the same line: strongSwan's grammar
    /// runs a value to the end of the line, so `ike-x { id = a.example secret = KEY }` gives the id
    /// `a.example secret = KEY` (and no secret: swanctl then loads no key for it). The record
    /// keeps `a.example`: a key is never output.
    static func withoutSecret(_ id: String) -> String {
        let words = id.split(separator: " ", omittingEmptySubsequences: false)
        for (n, w) in words.enumerated() {
            let lw = w.lowercased()
            guard ["secret", "psk", "passw", "pin"].contains(where: { lw.hasPrefix($0) }) else { continue }
            // `secret = KEY`, `secret=KEY`, `secret =KEY`
            let next = n + 1 < words.count ? words[n + 1] : ""
            if w.contains("=") || next.hasPrefix("=") {
                return words[..<n].joined(separator: " ").trimmedSpaces
            }
        }
        return id
    }

    static func list(_ v: String?) -> [String]? {
        guard let v else { return nil }
        return v.split(whereSeparator: { $0 == "," || $0 == " " || $0 == "\t" }).map(String.init)
    }

    /// A connection with the sections it references underneath (`name : connections.tpl`, or
    /// several: `name : a, b`, the first listed taking precedence over the next, as strongSwan's
    /// settings do; up to 8 layers, a loop ends where it closes).
    func resolved(_ id: Int, in section: Int, _ tree: Tree) -> Layered {
        var ids: [Int] = []
        func add(_ id: Int) {
            guard ids.count <= 8, !ids.contains(id) else { return }
            ids.insert(id, at: 0)
            guard let inh = tree[id].inherits else { return }
            for ref in inh.split(separator: ",") {
                let name = ref.trimmedSpaces
                let parentName = name.hasPrefix("connections.") ? String(name.dropFirst("connections.".count)) : name
                guard let parent = tree.children(section).first(where: { tree[$0].name == parentName }) else { continue }
                add(parent)
            }
        }
        add(id)
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

/// The byte-level scan of plain ASCII swanctl.conf (see `ByteText`): strongSwan's settings
/// grammar as `ReferenceScan` reads it (see there), giving the same blocks, values, includes,
/// accounted and unparsed lines, without a String per line or per character.
struct SwanctlConfScan {
    let buf: UnsafeBufferPointer<UInt8>
    var scan = SwanctlConfParser.Scan()
    var i = 0
    var line = 1
    /// Where the current line starts.
    var lineStart = 0
    var stack: [Int] = [0]
    /// The last line on which a token was read inside the secrets section.
    var secretsLine = 0
    var rejected = Set<Int>()
    /// The line the last reference after a `:` was read on.
    var refLine = 0
    /// Bytes of a value or pattern being put together (reused).
    var bytes: [UInt8] = []

    init(buf: UnsafeBufferPointer<UInt8>) { self.buf = buf }

    static let hash: UInt8 = 0x23, newline: UInt8 = 0x0a, space: UInt8 = 0x20, tab: UInt8 = 0x09
    static let openBrace: UInt8 = 0x7b, closeBrace: UInt8 = 0x7d, colon: UInt8 = 0x3a, dot: UInt8 = 0x2e
    static let comma: UInt8 = 0x2c, equals: UInt8 = 0x3d, quote: UInt8 = 0x22, backslash: UInt8 = 0x5c

    /// Bytes that end a name: `# { } : . , = "`, blanks and newline (ASCII input holds no CR).
    static let notName: [Bool] = {
        var t = [Bool](repeating: false, count: 256)
        for c in "#{}:.,=\" \t\n".utf8 { t[Int(c)] = true }
        return t
    }()

    /// Bytes that end an unquoted value word: `# } "`, blanks and newline.
    static let notValue: [Bool] = {
        var t = [Bool](repeating: false, count: 256)
        for c in "#}\" \t\n".utf8 { t[Int(c)] = true }
        return t
    }()

    @inline(__always) static func isBlank(_ b: UInt8) -> Bool { b == space || b == tab }

    func string(_ s: Int, _ e: Int) -> String { ByteWords.string(buf, s, e) }

    var inSecrets: Bool { stack.count > 1 && scan.tree[stack[1]].name == "secrets" }

    mutating func account(_ from: Int, _ to: Int) {
        scan.acc.account(from)
        if to > from { for l in from + 1...to { scan.acc.account(l) } }
        if inSecrets { secretsLine = max(secretsLine, to) }
    }

    @inline(__always) mutating func newLine() { i += 1; line += 1; lineStart = i }

    /// Blanks, newlines and comments (a line that holds only a comment is accounted).
    mutating func skipSpace() {
        while i < buf.count {
            let c = buf[i]
            if c == Self.newline { newLine() } else if Self.isBlank(c) { i += 1 } else if c == Self.hash {
                scan.acc.account(line)
                toLineEnd()
            } else { return }
        }
    }

    @inline(__always) mutating func toLineEnd() {
        let base = buf.baseAddress!
        i = memchr(base + i, 0x0a, buf.count - i).map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - base } ?? buf.count
    }

    mutating func skipBlanks() { while i < buf.count, Self.isBlank(buf[i]) { i += 1 } }

    /// The end of the name that starts at `i`.
    @inline(__always) func nameEnd() -> Int {
        var e = i
        while e < buf.count, !Self.notName[Int(buf[e])] { e += 1 }
        return e
    }

    /// A syntax error of the construct that starts on line `at` (at `start`): see
    /// `ReferenceScan.fail`.
    mutating func fail(_ at: Int, _ start: Int) {
        if line == at {
            reject(at, start, at)
            toLineEnd()
        } else {
            reject(at, start, line - 1)
        }
    }

    /// The end of the line that starts at `start`.
    func lineEnd(_ start: Int) -> Int {
        let base = buf.baseAddress!
        return memchr(base + start, 0x0a, buf.count - start).map { UnsafePointer<UInt8>($0.assumingMemoryBound(to: UInt8.self)) - base } ?? buf.count
    }

    /// See `ReferenceScan.reject`: line `from` starts at `start`.
    mutating func reject(_ from: Int, _ start: Int, _ to: Int) {
        var l = from, ls = start
        while true {
            let le = lineEnd(ls)
            var blank = true
            for k in ls..<le where !Self.isBlank(buf[k]) { blank = false; break }
            if l == from || !(scan.acc.accounted.contains(l) || blank) {
                scan.acc.accounted.remove(l)
                if rejected.insert(l).inserted {
                    if inSecrets || secretsLine >= l || containsSecret(ls, le) {
                        scan.acc.unparsed.append(UnparsedLine(line: l, text: "[line in secrets section not shown]"))
                    } else {
                        scan.acc.reject(buf, ByteLine(start: ls, end: le, number: l))
                    }
                }
            }
            guard l < to, le < buf.count else { break }
            l += 1; ls = le + 1
        }
    }

    /// `secret` in any case within `s..<e`.
    func containsSecret(_ s: Int, _ e: Int) -> Bool {
        var k = s
        while k + 6 <= e {
            if buf[k] | 0x20 == 0x73, buf[k + 1] | 0x20 == 0x65, buf[k + 2] | 0x20 == 0x63, buf[k + 3] | 0x20 == 0x72,
               buf[k + 4] | 0x20 == 0x65, buf[k + 5] | 0x20 == 0x74 { return true }
            k += 1
        }
        return false
    }

    /// A `"..."` string from its opening quote, appended to `bytes`; false if it does not end.
    mutating func quoted() -> Bool {
        i += 1
        while i < buf.count {
            let c = buf[i]
            if c == Self.quote { i += 1; return true }
            if c == Self.backslash {
                guard i + 1 < buf.count else { return false }
                let n = buf[i + 1]
                i += 2
                switch n {
                case 0x6e: bytes.append(0x0a)   // \n
                case 0x72: bytes.append(0x0d)   // \r
                case 0x74: bytes.append(0x09)   // \t
                case Self.newline: line += 1; lineStart = i   // an escaped end of line joins the lines
                default: bytes.append(n)
                }
                continue
            }
            if c == Self.newline { line += 1; lineStart = i + 1 }
            bytes.append(c)
            i += 1
        }
        return false
    }

    /// The value after `=`; nil on a string that does not end (`i`, `line` then stand on its
    /// opening quote). One unquoted word (most values) is read in place.
    mutating func value() -> String? {
        bytes.removeAll(keepingCapacity: true)
        var parts = 0
        var single: (Int, Int)?
        while true {
            skipBlanks()
            guard i < buf.count else { break }
            let c = buf[i]
            if c == Self.newline || c == Self.hash || c == Self.closeBrace { break }
            if parts > 0 {
                if let (s, e) = single { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[s..<e])); single = nil }
                bytes.append(Self.space)
            }
            if c == Self.quote {
                let (qi, ql, qs) = (i, line, lineStart)
                guard quoted() else { i = qi; line = ql; lineStart = qs; return nil }
            } else {
                let s = i
                while i < buf.count, !Self.notValue[Int(buf[i])] { i += 1 }
                if parts == 0 { single = (s, i) } else { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buf[s..<i])) }
            }
            parts += 1
        }
        if let (s, e) = single { return string(s, e) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// An include's pattern: see `ReferenceScan.pattern`.
    mutating func pattern() -> String? {
        bytes.removeAll(keepingCapacity: true)
        while i < buf.count {
            let c = buf[i]
            if c == Self.hash || c == Self.closeBrace || c == Self.newline || Self.isBlank(c) { break }
            if c == Self.quote {
                let (qi, ql, qs) = (i, line, lineStart)
                guard quoted() else { i = qi; line = ql; lineStart = qs; return nil }
                break
            }
            if c == Self.backslash, i + 1 < buf.count {
                let n = buf[i + 1]
                if n == Self.quote || n == Self.hash || n == Self.closeBrace || n == Self.space { bytes.append(n); i += 2; continue }
            }
            bytes.append(c)
            i += 1
        }
        return bytes.isEmpty ? nil : String(decoding: bytes, as: UTF8.self)
    }

    /// References after `:`: dotted names separated by commas, joined by ", ".
    mutating func references() -> String? {
        var refs: [String] = []
        while true {
            skipSpace()
            let s = i
            while i < buf.count, !Self.notName[Int(buf[i])] || buf[i] == Self.dot { i += 1 }
            guard s < i, buf[s] != Self.dot, buf[i - 1] != Self.dot else { return nil }
            var k = s
            while k + 1 < i { if buf[k] == Self.dot, buf[k + 1] == Self.dot { return nil }; k += 1 }
            refs.append(string(s, i))
            refLine = line
            skipSpace()
            guard i < buf.count, buf[i] == Self.comma else { return refs.joined(separator: ", ") }
            i += 1
        }
    }

    mutating func open(_ name: String, _ inherits: String?, _ at: Int) {
        var b = SwanctlConfParser.Block(name: name, line: at)
        b.inherits = inherits
        stack.append(scan.tree.add(b, under: stack.last!))
        i += 1   // the `{`
        account(at, line)
    }

    mutating func run() -> SwanctlConfParser.Scan {
        while true {
            skipSpace()
            guard i < buf.count else { break }
            let at = line, atStart = lineStart
            let c = buf[i]
            if c == Self.closeBrace {
                if stack.count > 1 {
                    i += 1
                    account(at, at)
                    stack.removeLast()
                } else { fail(at, atStart) }
                continue
            }
            guard !Self.notName[Int(c)] else { fail(at, atStart); continue }
            let ns = i, ne = nameEnd()
            i = ne
            if i < buf.count, Self.isBlank(buf[i]), ByteWords.equal(buf, ns, ne, "include") {
                let save = i
                skipBlanks()
                if i < buf.count, buf[i] != Self.equals {
                    guard let p = pattern() else { fail(at, atStart); continue }
                    scan.includes.append((p, at))
                    account(at, line)
                    continue
                }
                i = save
            }
            skipSpace()
            guard i < buf.count else { fail(at, atStart); break }
            switch buf[i] {
            case Self.openBrace:
                open(string(ns, ne), nil, at)
            case Self.colon:
                i += 1
                // a bad reference: its line and the name's (and any between) are rejected
                guard let refs = references() else { reject(at, atStart, line); toLineEnd(); continue }
                skipSpace()
                guard i < buf.count, buf[i] == Self.openBrace else {
                    // no `{` after the references: the lines read so far are rejected
                    if refLine == line { reject(at, atStart, line); toLineEnd() } else { fail(at, atStart) }
                    continue
                }
                open(string(ns, ne), refs, at)
            case Self.equals:
                i += 1
                guard let v = value() else { fail(at, atStart); continue }
                if stack.count > 1 {
                    scan.tree.add(key: string(ns, ne), value: v, to: stack.last!)
                    account(at, line)
                } else {
                    // a setting outside any section: valid syntax, ignored by swanctl
                    reject(at, atStart, line)
                    toLineEnd()
                }
            default:
                fail(at, atStart)
            }
        }
        return scan
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension SwanctlConfParser: EvidenceSource {
    public var yields: [String] {
        [
            "conn.auth", "conn.remote_auth", "conn.child_count", "conn.child_names", "conn.count", "conn.ike_lifetimes_identical", "conn.ike_version", "conn.local_addrs", "conn.local_ts", "conn.ts_restricted", "conn.names", "conn.not_loaded",
            "conn.remote_addrs", "conn.remote_ts", "conn.start_action", "ike.strongswan_frontend", "ike.tunnel_count",
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
