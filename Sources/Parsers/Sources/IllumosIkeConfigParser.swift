import Facts

/// illumos/Solaris in.iked's `/etc/inet/ike/config` (ike.config(5)): global parameters one a
/// line, global `p1_xform { ... }` defaults, and rules in braces. `#` and `//` start comments.
/// Records, by `kind`:
///   `global`    name, value (words as written: `p1_lifetime_secs 14400`, `cert_root "..."`)
///   `p1_xform`  a file-level default transform: auth_method, oakley_group, auth_alg,
///               encr_alg, p1_lifetime_secs (as written)
///   `rule`      label, local_addr / remote_addr (lists, as written), local_id_type, local_id,
///               remote_id, p1_xforms (list of transform objects), p2_pfs, p1_lifetime_secs,
///               p2_lifetime_secs, settings (every other parameter as written)
/// The pre-shared keys are in /etc/inet/secret/ike.preshared, never here. Records:
/// `IllumosIkeConfigRecord`.
public struct IllumosIkeConfigParser: OutputParser {
    public init() {}
    public var source: String { "illumos-ike-config" }
    public var summary: String { "/etc/inet/ike/config of illumos/Solaris in.iked (IKEv1 rules)" }

    static let listKeys: Set<String> = ["local_addr", "remote_addr"]
    static let ruleFields: Set<String> = ["label", "local_id_type", "local_id", "remote_id", "p2_pfs", "p1_lifetime_secs",
                                          "p2_lifetime_secs", "p2_softlife_secs", "p2_idletime_secs", "p2_lifetime_kb"]

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [IllumosIkeConfigRecord] = []
        let t = ConfigTokenizer.tokens(text, lineBreaks: true, slashComments: true)
        let lines = text.numberedLines
        func reject(_ ls: [Int]) { for n in Set(ls).sorted() where lines.indices.contains(n - 1) { acc.reject(lines[n - 1]) } }
        var i = 0
        while i < t.count {
            let tok = t[i]
            if tok.isBreak { i += 1; continue }
            if tok.is("{") {
                var used: [Int] = []
                if let r = IllumosIkeConfigParser.rule(t, &i, &used) { records.append(r); acc.account(used) } else { reject(used) }
            } else if tok.is("p1_xform") {
                var used = [tok.line]
                i += 1
                if let x = IllumosIkeConfigParser.xform(t, &i, &used) {
                    var r = IllumosIkeConfigRecord(line: tok.line); r.set(.kind, "p1_xform")
                    // every key is one of `xformKeys`, each a case of the record's fields
                    if case let .object(pairs) = x {
                        for (k, v) in pairs { if let key = IllumosIkeConfigRecord.Field(rawValue: k) { r.set(key, v.stringValue) } }
                    }
                    records.append(r); acc.account(used)
                } else { reject(used) }
            } else {
                // a global parameter: the rest of the line
                var words: [ConfigToken] = []
                while i < t.count, !t[i].isBreak { words.append(t[i]); i += 1 }
                if words.contains(where: { $0.is("{") || $0.is("}") }) || tok.quoted { reject(words.map(\.line)); continue }
                var r = IllumosIkeConfigRecord(line: tok.line); r.set(.kind, "global"); r.set(.name, tok.text)
                r.set(.value, words.dropFirst().map(\.text).joined(separator: " "))
                records.append(r); acc.account(words.map(\.line))
            }
        }
        return acc.result(source: source, typed: records)
    }

    /// `{ auth_method preshared oakley_group 5 auth_alg sha encr_alg 3des }`, line breaks allowed.
    static func xform(_ t: [ConfigToken], _ i: inout Int, _ used: inout [Int]) -> JSONValue? {
        while i < t.count, t[i].isBreak { i += 1 }
        guard i < t.count, t[i].is("{") else { return nil }
        used.append(t[i].line)
        i += 1
        var pairs: [(String, JSONValue)] = []
        var key: String?
        var value: [String] = []
        func flush() { if let k = key { pairs.append((k, .string(value.joined(separator: " ")))) }; key = nil; value = [] }
        while i < t.count {
            let tok = t[i]
            i += 1
            if tok.isBreak { continue }
            used.append(tok.line)
            if tok.is("}") { flush(); return .object(pairs) }
            if !tok.quoted, key == nil || !value.isEmpty, xformKeys.contains(tok.text) { flush(); key = tok.text; continue }
            guard key != nil else { return nil }
            value.append(tok.text)
        }
        return nil
    }
    static let xformKeys: Set<String> = ["auth_method", "oakley_group", "auth_alg", "encr_alg", "p1_lifetime_secs", "p1_nonce_len"]

    static func rule(_ t: [ConfigToken], _ i: inout Int, _ used: inout [Int]) -> IllumosIkeConfigRecord? {
        var r = IllumosIkeConfigRecord(line: t[i].line)
        r.set(.kind, "rule")
        used.append(t[i].line)
        i += 1
        var lists: [String: [String]] = [:]
        var settings: [(String, JSONValue)] = []
        var xforms: [JSONValue] = []
        var closed = false
        while i < t.count {
            let tok = t[i]
            if tok.isBreak { i += 1; continue }
            used.append(tok.line)
            if tok.is("}") { i += 1; closed = true; break }
            if tok.is("p1_xform") {
                i += 1
                guard let x = xform(t, &i, &used) else { return nil }
                xforms.append(x)
                continue
            }
            // keyword and the rest of its line (a `}` on the same line ends the rule)
            var words: [ConfigToken] = []
            i += 1
            while i < t.count, !t[i].isBreak, !t[i].is("}") { words.append(t[i]); used.append(t[i].line); i += 1 }
            let value = words.map(\.text).joined(separator: " ")
            if listKeys.contains(tok.text) { lists[tok.text, default: []].append(value) }
            else if ruleFields.contains(tok.text), let key = IllumosIkeConfigRecord.Field(rawValue: tok.text) { r.set(key, value) }
            else { settings.append((tok.text, .string(value))) }
        }
        guard closed else { return nil }
        r.set(.localAddr, lists["local_addr"])
        r.set(.remoteAddr, lists["remote_addr"])
        r.set(.p1Xforms, json: .array(xforms))
        if !settings.isEmpty { r.set(.settings, json: .object(settings)) }
        return r
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension IllumosIkeConfigParser: EvidenceSource {
    public var kind: ProbeSpec.Kind { .config }
    public var probes: [ProbeSpec] {
        [
            ProbeSpec("ike-config", source: "illumos-ike-config", .file("/etc/inet/ike/config"), platform: .only(.illumos), kind: .config),
        ]
    }
    public var snapshotNames: [String] { ["ike.config", "ike-config"] }
    /// The tunnel's selectors and gateways, from its TunnelChilds (ChildSelectorsExtractor).
    public var yields: [String] { ["conn.local_addrs", "conn.local_ts", "conn.remote_addrs", "conn.remote_ts"] }
}
