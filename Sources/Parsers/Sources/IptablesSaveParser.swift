import Facts

/// `iptables-save` / `ip6tables-save` (also with `-c` counters). Records (`kind`): `chain`
/// (table, chain, policy, counters) and `rule` (table, chain, the matches as fields: protocol,
/// src, dst, in/out interface, dports/sports (multiport too), ctstate, policy dir/pol, u32 (the
/// `--u32` tests as written: U32Match), with
/// `*_negated` flags; target and its arguments, `matches` (modules), `unknown` options), typed as
/// `IptablesRecord`.
public struct IptablesSaveParser: OutputParser {
    public init() {}
    public var source: String { "iptables-save" }
    public var summary: String { "iptables-save / ip6tables-save (packet filter rules)" }

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [IptablesRecord] = []
        var table = ""
        for line in text.numberedLines where !line.isBlank {
            var t = line.trimmed
            if t.hasPrefix("#") || t == "COMMIT" { acc.account(line.number); continue }
            if t.hasPrefix("*") { table = String(t.dropFirst()); acc.account(line.number); continue }
            if t.hasPrefix(":") {
                let w = String(t.dropFirst()).words
                guard w.count >= 2 else { acc.reject(line); continue }
                var r = IptablesRecord(line: line.number)
                r.fields.set(.kind, "chain"); r.fields.set(.table, table); r.fields.set(.chain, w[0])
                r.fields.set(.policy, w[1] == "-" ? nil : w[1])
                if w.count >= 3 { IptablesSaveParser.counters(w[2], into: &r) }
                records.append(r); acc.account(line.number)
                continue
            }
            var r = IptablesRecord(line: line.number)
            if t.hasPrefix("["), let close = t.firstIndex(of: "]") {
                IptablesSaveParser.counters(String(t[...close]), into: &r)
                t = String(t[t.index(after: close)...]).trimmedSpaces
            }
            let tokens = IptablesSaveParser.tokenize(t)
            guard tokens.count >= 2, tokens[0] == "-A" || tokens[0] == "-I" else { acc.reject(line); continue }
            r.fields.set(.kind, "rule"); r.fields.set(.table, table); r.fields.set(.chain, tokens[1])
            IptablesSaveParser.rule(Array(tokens.dropFirst(2)), into: &r)
            records.append(r); acc.account(line.number)
        }
        return acc.result(source: source, typed: records)
    }

    static func counters(_ s: String, into r: inout IptablesRecord) {
        let inner = s.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        let p = inner.split(separator: ":")
        if p.count == 2 { r.fields.set(.packets, Int(p[0])); r.fields.set(.bytes, Int(p[1])) }
    }

    /// Splits on spaces, keeping "quoted strings" together.
    static func tokenize(_ s: String) -> [String] {
        var out: [String] = []
        var cur = ""
        var quoted = false
        var escape = false
        for ch in s {
            if escape { cur.append(ch); escape = false; continue }
            if ch == "\\" && quoted { escape = true; continue }
            if ch == "\"" { quoted.toggle(); continue }
            if (ch == " " || ch == "\t") && !quoted {
                if !cur.isEmpty { out.append(cur); cur = "" }
            } else { cur.append(ch) }
        }
        if !cur.isEmpty { out.append(cur) }
        return out
    }

    static func rule(_ tokens: [String], into r: inout IptablesRecord) {
        var i = 0
        var negate = false
        var matches: [String] = []
        var unknown: [String] = []
        var targetArgs: [String] = []
        var inTarget = false
        func next() -> String? { i += 1; return i < tokens.count ? tokens[i] : nil }
        func setNeg(_ key: IptablesRecord.Field) { if negate { r.fields.set(key, true) }; negate = false }
        /// The value of an option that may be negated after its name (`-p ! udp`, old iptables).
        func negatable() -> String? {
            guard var v = next() else { return nil }
            if v == "!" { negate = true; v = next() ?? "" }
            return v
        }
        while i < tokens.count {
            let tok = tokens[i]
            if tok == "!" { negate = true; i += 1; continue }
            if inTarget { targetArgs.append(tok); i += 1; continue }
            switch tok {
            case "-p", "--protocol":
                if let v = negatable() { r.fields.set(.proto, v.lowercased()); setNeg(.protoNegated) }
            case "-s", "--source", "--src":
                if let v = negatable() { r.fields.set(.src, v); setNeg(.srcNegated) }
            case "-d", "--destination", "--dst":
                if let v = negatable() { r.fields.set(.dst, v); setNeg(.dstNegated) }
            case "-i", "--in-interface":
                if let v = negatable() { r.fields.set(.inInterface, v); setNeg(.inInterfaceNegated) }
            case "-o", "--out-interface":
                if let v = negatable() { r.fields.set(.outInterface, v); setNeg(.outInterfaceNegated) }
            case "-m", "--match":
                if let v = next() { matches.append(v) }
            case "--dport", "--dports", "--destination-port", "--destination-ports":
                if let v = next() { r.fields.set(.dports, v.split(separator: ",").map(String.init)); setNeg(.dportsNegated) }
            case "--sport", "--sports", "--source-port", "--source-ports":
                if let v = next() { r.fields.set(.sports, v.split(separator: ",").map(String.init)); setNeg(.sportsNegated) }
            case "--ports":
                if let v = next() { r.fields.set(.ports, v.split(separator: ",").map(String.init)); setNeg(.portsNegated) }
            case "--ctstate", "--state":
                if let v = next() { r.fields.set(.ctstate, v.split(separator: ",").map(String.init)); setNeg(.ctstateNegated) }
            case "--dir":
                if let v = next() { r.fields.set(.policyDir, v) }
            case "--pol":
                if let v = next() { r.fields.set(.policyPol, v); setNeg(.policyPolNegated) }
            case "--proto" where matches.last == "policy":
                if let v = next() { r.fields.set(.policyProto, v) }
            case "--reqid":
                if let v = next() { r.fields.set(.policyReqid, Int(v)) }
            case "--comment":
                if let v = next() { r.fields.set(.comment, v) }
            case "--u32":
                if let v = next() { r.fields.set(.u32, v); setNeg(.u32Negated) }
            case "--espspi":
                if let v = next() { r.fields.set(.espspi, v) }
            case "--icmp-type":
                if let v = next() { r.fields.set(.icmpType, v) }
            case "-j", "--jump":
                if let v = next() { r.fields.set(.target, v); inTarget = true }
            case "-g", "--goto":
                if let v = next() { r.fields.set(.target, v); r.fields.set(.goto, true); inTarget = true }
            default:
                if tok.hasPrefix("-") {
                    // An option of a match we do not model: keep it, it narrows the rule.
                    var u = (negate ? "! " : "") + tok
                    if i + 1 < tokens.count, !tokens[i + 1].hasPrefix("-") { u += " " + tokens[i + 1]; i += 1 }
                    unknown.append(u)
                    negate = false
                } else {
                    unknown.append(tok)
                }
            }
            i += 1
        }
        r.fields.set(.matches, matches)
        if !unknown.isEmpty { r.fields.set(.unknown, unknown) }
        if !targetArgs.isEmpty { r.fields.set(.targetArgs, targetArgs) }
    }
}

import Foundation

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension IptablesSaveParser: EvidenceSource {
    public var yields: [String] {
        ["fw.drops_esp_in", "fw.drops_esp_out", "fw.drops_ike_in", "fw.drops_ike_out"]
    }
    public var probes: [ProbeSpec] {
        [
            ProbeSpec("iptables-save", source: "iptables-save", .command(["iptables-save", "-c"]), needsRoot: true),
        ]
    }
    /// ip6tables-save prints the same format (`trace` reads its origin's name for the family).
    public var snapshotNames: [String] { ["ip6tables-save", "ip6tables-save-c"] }
}
