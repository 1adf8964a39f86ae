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

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var blocks = [Block(name: "", line: 0)]
        var stack: [Int] = [0]
        var includes: [(String, Int)] = []

        func inSecrets() -> Bool { stack.count > 1 && blocks[stack[1]].name == "secrets" }

        for line in text.numberedLines {
            if line.isBlank { continue }
            var t = line.trimmed
            if t.hasPrefix("#") { acc.account(line.number); continue }
            if let hash = t.range(of: " #") ?? t.range(of: "\t#") { t = String(t[..<hash.lowerBound]).trimmedSpaces }
            if t == "}" || t == "};" {
                if stack.count > 1 { stack.removeLast(); acc.account(line.number) } else { acc.reject(line) }
                continue
            }
            if let path = t.after("include ") {
                includes.append((path.trimmedSpaces, line.number)); acc.account(line.number); continue
            }
            if t.hasSuffix("{") {
                var head = String(t.dropLast()).trimmedSpaces
                var inherits: String?
                if let colon = head.range(of: " : ") ?? head.range(of: ":") {
                    inherits = String(head[colon.upperBound...]).trimmedSpaces
                    head = String(head[..<colon.lowerBound]).trimmedSpaces
                }
                if !head.isEmpty, !head.contains(" "), !head.contains("=") {
                    var n = Block(name: head, line: line.number)
                    n.inherits = inherits
                    blocks.append(n)
                    blocks[stack.last!].children.append(blocks.count - 1)
                    stack.append(blocks.count - 1)
                    acc.account(line.number)
                    continue
                }
            }
            if let eq = t.firstIndex(of: "="), stack.count > 1 {
                let key = String(t[..<eq]).trimmedSpaces
                var value = String(t[t.index(after: eq)...]).trimmedSpaces
                if value.count >= 2, value.hasPrefix("\""), value.hasSuffix("\"") { value = String(value.dropFirst().dropLast()) }
                if !key.isEmpty, !key.contains(" ") {
                    blocks[stack.last!].values.append((key, value, line.number))
                    acc.account(line.number)
                    continue
                }
            }
            if inSecrets() {
                // Never echo a line of the secrets section: it may hold a key.
                acc.unparsed.append(UnparsedLine(line: line.number, text: "[line in secrets section not shown]"))
            } else {
                acc.reject(line)
            }
        }

        var records: [(Int, Record)] = []
        for topID in blocks[0].children {
            let top = blocks[topID]
            switch top.name {
            case "connections":
                for conn in top.children {
                    records.append((blocks[conn].line, connectionRecord(conn, in: topID, blocks)))
                }
            case "secrets":
                for s in top.children.map({ blocks[$0] }) {
                    var r = Record(line: s.line)
                    r.set("kind", "secret")
                    r.set("name", s.name)
                    r.set("type", String(s.name.split(separator: "-").first ?? ""))
                    r.set("ids", s.values.filter { $0.0 == "id" || $0.0.hasPrefix("id-") }.map { $0.1 })
                    records.append((s.line, r))
                }
            default:
                var r = Record(line: top.line)
                r.set("kind", "section")
                r.set("name", top.name)
                r.set("entries", top.children.map { blocks[$0].name })
                records.append((top.line, r))
            }
        }
        for (path, line) in includes {
            var r = Record(line: line)
            r.set("kind", "include"); r.set("path", path)
            records.append((line, r))
        }
        acc.records = records.sorted { $0.0 < $1.0 }.map { $0.1.json }
        return acc.result(source: source)
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

    func connectionRecord(_ id: Int, in section: Int, _ blocks: [Block]) -> Record {
        let conn0 = blocks[id]
        let conn = resolved(id, in: section, blocks)
        var r = Record(line: conn0.line)
        r.set("kind", "connection")
        r.set("name", conn0.name)
        if let inh = conn0.inherits { r.set("inherits", inh) }
        let version = conn.value("version")
        r.set("version", version.flatMap { Int($0) } ?? (version == nil ? 0 : nil))
        r.set("proposals", SwanctlConfParser.list(conn.value("proposals")))
        r.set("local_addrs", SwanctlConfParser.list(conn.value("local_addrs")))
        r.set("remote_addrs", SwanctlConfParser.list(conn.value("remote_addrs")))
        r.set("local_port", conn.value("local_port").flatMap { Int($0) })
        r.set("remote_port", conn.value("remote_port").flatMap { Int($0) })
        r.set("encap", conn.value("encap"))
        r.set("aggressive", conn.value("aggressive"))
        r.set("dpd_delay", conn.value("dpd_delay"))
        r.set("rekey_time", conn.value("rekey_time"))
        r.set("reauth_time", conn.value("reauth_time"))
        r.set("rand_time", conn.value("rand_time"))
        for side in ["local", "remote"] {
            let rounds = conn.children.filter { $0.name == side || $0.name.hasPrefix(side + "-") }
                .sorted { $0.line < $1.line }
            r.set(side + "_auth", rounds.compactMap { $0.value("auth") })
            r.set(side + "_id", rounds.compactMap { $0.value("id") })
        }
        var children: [JSONValue] = []
        if let ch = conn.child("children") {
            for c in ch.children {
                var cr = Record(line: c.line)
                cr.set("name", c.name)
                cr.set("local_ts", SwanctlConfParser.list(c.value("local_ts")))
                cr.set("remote_ts", SwanctlConfParser.list(c.value("remote_ts")))
                cr.set("esp_proposals", SwanctlConfParser.list(c.value("esp_proposals")))
                cr.set("ah_proposals", SwanctlConfParser.list(c.value("ah_proposals")))
                cr.set("start_action", c.value("start_action"))
                cr.set("close_action", c.value("close_action"))
                cr.set("dpd_action", c.value("dpd_action"))
                cr.set("mode", c.value("mode"))
                cr.set("rekey_time", c.value("rekey_time"))
                cr.set("life_time", c.value("life_time"))
                cr.set("rand_time", c.value("rand_time"))
                children.append(cr.json)
            }
        }
        r.set("children", json: .array(children))
        return r
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension SwanctlConfParser: EvidenceSource {
    public var yields: [String] {
        [
            "conn.auth", "conn.count", "conn.ike_version", "conn.local_addrs", "conn.local_ts", "conn.names",
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
