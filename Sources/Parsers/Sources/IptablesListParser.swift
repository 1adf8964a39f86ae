import Facts

/// `iptables -L -n` / `iptables -t nat -L [-v] [-n]` / `ip6tables -L` listings (not iptables-save):
/// `Chain NAME (policy ACCEPT)` or `(N references)`, a column header, then one rule per line:
/// `[pkts bytes] target prot opt [in out] source destination [match text]`. Records as
/// iptables-save's (`kind` chain/rule, chain, policy, protocol, src, dst, in/out_interface,
/// dports/sports, ctstate, policy_dir/policy_pol, target, target_args `--to`, matches), with
/// `anywhere`/`any` left out; the table is not printed, so it is not in the record.
public struct IptablesListParser: OutputParser {
    public init() {}
    public var source: String { "iptables-list" }
    public var summary: String { "iptables -L -n [-v] / ip6tables -L (rule listing)" }

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var chain: String?
        var verbose = false
        for line in text.numberedLines where !line.isBlank {
            let w = line.trimmed.words
            if w.first == "Chain", w.count >= 2 {
                chain = w[1]
                var r = Record(line: line.number)
                r.set("kind", "chain"); r.set("chain", w[1])
                if let i = w.firstIndex(of: "(policy"), i + 1 < w.count { r.set("policy", w[i + 1].trimmingCharacters(in: [")"])) }
                acc.add(r, lines: [line.number]); continue
            }
            if w.contains("target"), w.contains("prot"), w.contains("source") {
                verbose = w.first == "pkts"; acc.account(line.number); continue
            }
            guard let c = chain else { acc.reject(line); continue }
            var cols = w
            var r = Record(line: line.number)
            r.set("kind", "rule"); r.set("chain", c)
            if verbose {
                guard cols.count >= 2 else { acc.reject(line); continue }
                r.set("packets", Int(cols[0])); r.set("bytes", Int(cols[1])); cols.removeFirst(2)
            }
            // A rule without target starts with the protocol (the target column is blank).
            let protocols: Set<String> = ["all", "tcp", "udp", "icmp", "esp", "ah", "ipv6-icmp", "icmpv6", "sctp", "udplite", "gre", "0", "6", "17", "50", "51", "58"]
            if let f = cols.first, protocols.contains(f.lowercased()), cols.count > 1, cols[1] == "--" || cols[1] == "-f" || cols[1].hasPrefix("!") { cols.insert("", at: 0) }
            let need = verbose ? 7 : 5
            guard cols.count >= need else { acc.reject(line); continue }
            if !cols[0].isEmpty { r.set("target", cols[0]) }
            func neg(_ s: String, _ key: String) -> String { if s.hasPrefix("!") { r.set(key + "_negated", true); return String(s.dropFirst()) }; return s }
            let prot = neg(cols[1], "protocol")
            if prot != "all" { r.set("protocol", prot.lowercased()) }
            var i = 3
            if verbose {
                let inI = neg(cols[3], "in_interface"), outI = neg(cols[4], "out_interface")
                if inI != "any", inI != "*" { r.set("in_interface", inI) }
                if outI != "any", outI != "*" { r.set("out_interface", outI) }
                i = 5
            }
            let src = neg(cols[i], "src"), dst = neg(cols[i + 1], "dst")
            if !["anywhere", "0.0.0.0/0", "::/0"].contains(src) { r.set("src", src) }
            if !["anywhere", "0.0.0.0/0", "::/0"].contains(dst) { r.set("dst", dst) }
            IptablesListParser.extras(Array(cols[(i + 2)...]), into: &r)
            acc.add(r, lines: [line.number])
        }
        return acc.result(source: source)
    }

    /// The match text after the addresses: `udp dpt:500`, `multiport dports 500,4500`,
    /// `policy match dir in pol ipsec`, `state RELATED,ESTABLISHED`, `to:1.2.3.4`, `/* comment */`.
    static func extras(_ w: [String], into r: inout Record) {
        var matches: [String] = []
        var unknown: [String] = []
        var args: [String] = []
        var i = 0
        while i < w.count {
            let t = w[i]
            let next = i + 1 < w.count ? w[i + 1] : nil
            if t == "/*" { while i < w.count, w[i] != "*/" { i += 1 }; i += 1; continue }
            if let v = t.after("dpt:") ?? t.after("dpts:") { r.set("dports", [v]); i += 1; continue }
            if let v = t.after("spt:") ?? t.after("spts:") { r.set("sports", [v]); i += 1; continue }
            if let v = t.after("to:") { args += ["--to", v]; i += 1; continue }
            switch t {
            case "tcp", "udp", "icmp", "esp", "ah", "sctp": matches.append(t)
            case "multiport":
                matches.append(t)
                if let k = next, let v = i + 2 < w.count ? w[i + 2] : nil {
                    r.set(k == "sports" ? "sports" : k == "ports" ? "ports" : "dports", v.split(separator: ",").map(String.init)); i += 3; continue
                }
            case "policy":
                matches.append("policy")
                if next == "match" { i += 1 }
            case "dir": if let v = next { r.set("policy_dir", v); i += 2; continue }
            case "pol": if let v = next { r.set("policy_pol", v); i += 2; continue }
            case "state", "ctstate":
                matches.append(t == "state" ? "state" : "conntrack")
                if let v = next { r.set("ctstate", v.split(separator: ",").map(String.init)); i += 2; continue }
            case "reject-with", "nflog-prefix", "nflog-group", "flags", "level", "prefix":
                args.append(t); if let v = next { args.append(v) }; i += 2; continue
            case "LOG": break
            default: unknown.append(t)
            }
            i += 1
        }
        r.set("matches", matches)
        if !unknown.isEmpty { r.set("unknown", unknown) }
        if !args.isEmpty { r.set("target_args", args) }
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension IptablesListParser: EvidenceSource {
    /// Read from snapshots and `parse` only: live, `iptables-save` gives the same rules exactly.
    public var snapshotNames: [String] {
        ["iptables-L", "iptables-L-n", "iptables-L-v", "iptables-t-nat-L", "iptables-t-nat-L-n", "ip6tables-L"]
    }
}
