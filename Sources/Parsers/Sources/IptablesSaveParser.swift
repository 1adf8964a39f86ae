import Facts

/// `iptables-save` / `ip6tables-save` (also with `-c` counters). Records (`kind`): `chain`
/// (table, chain, policy, counters) and `rule` (table, chain, the matches as fields: protocol,
/// src, dst, in/out interface, dports/sports (multiport too), ctstate, policy dir/pol, u32 (the
/// `--u32` tests as written: U32Match), with
/// `*_negated` flags; target and its arguments, `matches` (modules), `unknown` options).
public struct IptablesSaveParser: OutputParser {
    public init() {}
    public var source: String { "iptables-save" }
    public var summary: String { "iptables-save / ip6tables-save (packet filter rules)" }

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var table = ""
        for line in text.numberedLines where !line.isBlank {
            var t = line.trimmed
            if t.hasPrefix("#") || t == "COMMIT" { acc.account(line.number); continue }
            if t.hasPrefix("*") { table = String(t.dropFirst()); acc.account(line.number); continue }
            if t.hasPrefix(":") {
                let w = String(t.dropFirst()).words
                guard w.count >= 2 else { acc.reject(line); continue }
                var r = Record(line: line.number)
                r.set("kind", "chain"); r.set("table", table); r.set("chain", w[0])
                r.set("policy", w[1] == "-" ? nil : w[1])
                if w.count >= 3 { IptablesSaveParser.counters(w[2], into: &r) }
                acc.add(r, lines: [line.number])
                continue
            }
            var r = Record(line: line.number)
            if t.hasPrefix("["), let close = t.firstIndex(of: "]") {
                IptablesSaveParser.counters(String(t[...close]), into: &r)
                t = String(t[t.index(after: close)...]).trimmedSpaces
            }
            let tokens = IptablesSaveParser.tokenize(t)
            guard tokens.count >= 2, tokens[0] == "-A" || tokens[0] == "-I" else { acc.reject(line); continue }
            r.set("kind", "rule"); r.set("table", table); r.set("chain", tokens[1])
            IptablesSaveParser.rule(Array(tokens.dropFirst(2)), into: &r)
            acc.add(r, lines: [line.number])
        }
        return acc.result(source: source)
    }

    static func counters(_ s: String, into r: inout Record) {
        let inner = s.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        let p = inner.split(separator: ":")
        if p.count == 2 { r.set("packets", Int(p[0])); r.set("bytes", Int(p[1])) }
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

    static func rule(_ tokens: [String], into r: inout Record) {
        var i = 0
        var negate = false
        var matches: [String] = []
        var unknown: [String] = []
        var targetArgs: [String] = []
        var inTarget = false
        func next() -> String? { i += 1; return i < tokens.count ? tokens[i] : nil }
        func setNeg(_ key: String) { if negate { r.set(key + "_negated", true) }; negate = false }
        while i < tokens.count {
            let tok = tokens[i]
            if tok == "!" { negate = true; i += 1; continue }
            if inTarget { targetArgs.append(tok); i += 1; continue }
            switch tok {
            case "-p", "--protocol":
                if var v = next() { if v == "!" { negate = true; v = next() ?? "" }; r.set("protocol", v.lowercased()); setNeg("protocol") }
            case "-s", "--source", "--src":
                if var v = next() { if v == "!" { negate = true; v = next() ?? "" }; r.set("src", v); setNeg("src") }
            case "-d", "--destination", "--dst":
                if var v = next() { if v == "!" { negate = true; v = next() ?? "" }; r.set("dst", v); setNeg("dst") }
            case "-i", "--in-interface":
                if var v = next() { if v == "!" { negate = true; v = next() ?? "" }; r.set("in_interface", v); setNeg("in_interface") }
            case "-o", "--out-interface":
                if var v = next() { if v == "!" { negate = true; v = next() ?? "" }; r.set("out_interface", v); setNeg("out_interface") }
            case "-m", "--match":
                if let v = next() { matches.append(v) }
            case "--dport", "--dports", "--destination-port", "--destination-ports":
                if let v = next() { r.set("dports", v.split(separator: ",").map(String.init)); setNeg("dports") }
            case "--sport", "--sports", "--source-port", "--source-ports":
                if let v = next() { r.set("sports", v.split(separator: ",").map(String.init)); setNeg("sports") }
            case "--ports":
                if let v = next() { r.set("ports", v.split(separator: ",").map(String.init)); setNeg("ports") }
            case "--ctstate", "--state":
                if let v = next() { r.set("ctstate", v.split(separator: ",").map(String.init)); setNeg("ctstate") }
            case "--dir":
                if let v = next() { r.set("policy_dir", v) }
            case "--pol":
                if let v = next() { r.set("policy_pol", v); setNeg("policy_pol") }
            case "--proto" where matches.last == "policy":
                if let v = next() { r.set("policy_proto", v) }
            case "--reqid":
                if let v = next() { r.set("policy_reqid", Int(v)) }
            case "--comment":
                if let v = next() { r.set("comment", v) }
            case "--u32":
                if let v = next() { r.set("u32", v); setNeg("u32") }
            case "--espspi":
                if let v = next() { r.set("espspi", v) }
            case "--icmp-type":
                if let v = next() { r.set("icmp_type", v) }
            case "-j", "--jump":
                if let v = next() { r.set("target", v); inTarget = true }
            case "-g", "--goto":
                if let v = next() { r.set("target", v); r.set("goto", true); inTarget = true }
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
        r.set("matches", matches)
        if !unknown.isEmpty { r.set("unknown", unknown) }
        if !targetArgs.isEmpty { r.set("target_args", targetArgs) }
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
