import Facts

/// `iptables -L -n` / `iptables -t nat -L [-v] [-n]` / `ip6tables -L` listings (not iptables-save):
/// `Chain NAME (policy ACCEPT)` or `(N references)`, a column header, then one rule per line:
/// `[pkts bytes] target prot opt [in out] source destination [match text]`. Records as
/// iptables-save's (`kind` chain/rule, chain, policy, protocol, src, dst, in/out_interface,
/// dports/sports, ctstate, policy_dir/policy_pol, target, target_args `--to`, matches), with
/// `anywhere`/`any` left out; the table is not printed, so it is not in the record. Typed as
/// `IptablesRecord`.
public struct IptablesListParser: OutputParser {
    public init() {}
    public var source: String { "iptables-list" }
    public var summary: String { "iptables -L -n [-v] / ip6tables -L (rule listing)" }

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [IptablesRecord] = []
        var chain: String?
        var verbose = false
        for line in text.numberedLines where !line.isBlank {
            let w = line.trimmed.words
            if w.first == "Chain", w.count >= 2 {
                chain = w[1]
                var r = IptablesRecord(line: line.number)
                r.fields.set(.kind, "chain"); r.fields.set(.chain, w[1])
                if let i = w.firstIndex(of: "(policy"), i + 1 < w.count { r.fields.set(.policy, w[i + 1].trimmingCharacters(in: [")"])) }
                records.append(r); acc.account(line.number); continue
            }
            if w.contains("target"), w.contains("prot"), w.contains("source") {
                verbose = w.first == "pkts"; acc.account(line.number); continue
            }
            guard let c = chain else { acc.reject(line); continue }
            var cols = w
            var r = IptablesRecord(line: line.number)
            r.fields.set(.kind, "rule"); r.fields.set(.chain, c)
            if verbose {
                guard cols.count >= 2 else { acc.reject(line); continue }
                r.fields.set(.packets, Int(cols[0])); r.fields.set(.bytes, Int(cols[1])); cols.removeFirst(2)
            }
            // A rule without target starts with the protocol (the target column is blank).
            let protocols: Set<String> = ["all", "tcp", "udp", "icmp", "esp", "ah", "ipv6-icmp", "icmpv6", "sctp", "udplite", "gre", "0", "6", "17", "50", "51", "58"]
            if let f = cols.first, protocols.contains(f.lowercased()), cols.count > 1, cols[1] == "--" || cols[1] == "-f" || cols[1].hasPrefix("!") { cols.insert("", at: 0) }
            let need = verbose ? 7 : 5
            guard cols.count >= need else { acc.reject(line); continue }
            if !cols[0].isEmpty { r.fields.set(.target, cols[0]) }
            func neg(_ s: String, _ key: IptablesRecord.Field) -> String {
                if s.hasPrefix("!") { r.fields.set(key, true); return String(s.dropFirst()) }
                return s
            }
            let prot = neg(cols[1], .protoNegated)
            if prot != "all" { r.fields.set(.proto, prot.lowercased()) }
            var i = 3
            if verbose {
                let inI = neg(cols[3], .inInterfaceNegated), outI = neg(cols[4], .outInterfaceNegated)
                if inI != "any", inI != "*" { r.fields.set(.inInterface, inI) }
                if outI != "any", outI != "*" { r.fields.set(.outInterface, outI) }
                i = 5
            }
            let src = neg(cols[i], .srcNegated), dst = neg(cols[i + 1], .dstNegated)
            if !["anywhere", "0.0.0.0/0", "::/0"].contains(src) { r.fields.set(.src, src) }
            if !["anywhere", "0.0.0.0/0", "::/0"].contains(dst) { r.fields.set(.dst, dst) }
            IptablesListParser.extras(Array(cols[(i + 2)...]), into: &r)
            records.append(r); acc.account(line.number)
        }
        return acc.result(source: source, typed: records)
    }

    /// The match text after the addresses: `udp dpt:500`, `multiport dports 500,4500`,
    /// `policy match dir in pol ipsec`, `state RELATED,ESTABLISHED`, `to:1.2.3.4`, `/* comment */`.
    static func extras(_ w: [String], into r: inout IptablesRecord) {
        var matches: [String] = []
        var unknown: [String] = []
        var args: [String] = []
        var i = 0
        while i < w.count {
            let t = w[i]
            let next = i + 1 < w.count ? w[i + 1] : nil
            if t == "/*" { while i < w.count, w[i] != "*/" { i += 1 }; i += 1; continue }
            // a negated port shows as `dpt:!500`, a negated multiport list as `ports  !22,443`
            func ports(_ v: String, _ key: IptablesRecord.Field, _ negatedKey: IptablesRecord.Field) {
                let negated = v.hasPrefix("!")
                r.fields.set(key, (negated ? String(v.dropFirst()) : v).split(separator: ",").map(String.init))
                if negated { r.fields.set(negatedKey, true) }
            }
            if let v = t.after("dpt:") ?? t.after("dpts:") { ports(v, .dports, .dportsNegated); i += 1; continue }
            if let v = t.after("spt:") ?? t.after("spts:") { ports(v, .sports, .sportsNegated); i += 1; continue }
            if let v = t.after("to:") { args += ["--to", v]; i += 1; continue }
            switch t {
            case "tcp", "udp", "icmp", "esp", "ah", "sctp": matches.append(t)
            case "multiport":
                matches.append(t)
                if let k = next, let v = i + 2 < w.count ? w[i + 2] : nil {
                    ports(v, k == "sports" ? .sports : k == "ports" ? .ports : .dports,
                          k == "sports" ? .sportsNegated : k == "ports" ? .portsNegated : .dportsNegated); i += 3; continue
                }
            case "policy":
                matches.append("policy")
                if next == "match" { i += 1 }
            case "dir": if let v = next { r.fields.set(.policyDir, v); i += 2; continue }
            case "pol": if let v = next { r.fields.set(.policyPol, v); i += 2; continue }
            case "state", "ctstate":
                matches.append(t == "state" ? "state" : "conntrack")
                if let v = next { r.fields.set(.ctstate, v.split(separator: ",").map(String.init)); i += 2; continue }
            case "reject-with", "nflog-prefix", "nflog-group", "flags", "level", "prefix":
                args.append(t); if let v = next { args.append(v) }; i += 2; continue
            case "LOG": break
            default: unknown.append(t)
            }
            i += 1
        }
        r.fields.set(.matches, matches)
        if !unknown.isEmpty { r.fields.set(.unknown, unknown) }
        if !args.isEmpty { r.fields.set(.targetArgs, args) }
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension IptablesListParser: EvidenceSource {
    /// Read from snapshots and `parse` only: live, `iptables-save` gives the same rules exactly.
    public var snapshotNames: [String] {
        ["iptables-L", "iptables-L-n", "iptables-L-v", "iptables-t-nat-L", "iptables-t-nat-L-n", "ip6tables-L"]
    }
}
