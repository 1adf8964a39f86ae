import Facts

/// `nft list ruleset`. Records (`kind`): `table` (family, table), `chain` (family, table, chain, type, hook, priority,
/// policy) and `rule` (family, table, chain, `expr` as printed without counters/handles, and the
/// matches read from it: protocol, dports/sports, saddr/daddr with `*_negated`, iif/oif,
/// `ipsec` (exists/missing, in/out), ct_state, verdict (accept/drop/reject/return/jump/goto/
/// masquerade/snat/dnat/...), jump target). Sets, maps and other blocks are accounted. Typed as
/// `NftRecord`.
public struct NftRulesetParser: OutputParser {
    public init() {}
    public var source: String { "nft-ruleset" }
    public var summary: String { "nft list ruleset (nftables)" }

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [NftRecord] = []
        var family = "", table = "", chain = ""
        var stack: [String] = []     // "table", "chain", "other"
        var chainRecord: NftRecord?
        var rulesOfChain: [NftRecord] = []

        func flushChain() {
            if let c = chainRecord { records.append(c) }
            records += rulesOfChain
            chainRecord = nil; rulesOfChain = []
        }

        for line in text.numberedLines where !line.isBlank {
            let t = line.trimmed
            if t.hasPrefix("#") { acc.account(line.number); continue }
            if t == "}" {
                if let top = stack.popLast() {
                    if top == "chain" { flushChain() }
                    acc.account(line.number)
                } else { acc.reject(line) }
                continue
            }
            let w = t.words
            if t.hasSuffix("{"), let first = w.first {
                if first == "table", w.count >= 3 {
                    family = w.count >= 4 ? w[1] : "ip"; table = w.count >= 4 ? w[2] : w[1]
                    var tr = NftRecord(line: line.number)
                    tr.fields.set(.kind, "table"); tr.fields.set(.family, family); tr.fields.set(.table, table)
                    records.append(tr)
                    stack.append("table"); acc.account(line.number); continue
                }
                if first == "chain", w.count >= 3, stack.last == "table" {
                    chain = w[1]
                    var c = NftRecord(line: line.number)
                    c.fields.set(.kind, "chain"); c.fields.set(.family, family); c.fields.set(.table, table); c.fields.set(.chain, chain)
                    chainRecord = c
                    stack.append("chain"); acc.account(line.number); continue
                }
                stack.append("other"); acc.account(line.number); continue
            }
            if stack.last == "other" { acc.account(line.number); continue }
            if stack.last == "chain" {
                if let first = w.first, first == "type" || first == "policy", t.hasSuffix(";"), var c = chainRecord {
                    let parts = t.split(separator: ";").map { String($0).trimmedSpaces }
                    for p in parts {
                        let pw = p.words
                        if pw.first == "type" {
                            c.fields.set(.type, pw.count > 1 ? pw[1] : nil)
                            let wp = WordPairs(pw)
                            c.fields.set(.hook, wp.value("hook"))
                            if let i = pw.firstIndex(of: "priority"), i + 1 < pw.count { c.fields.set(.priority, pw[(i + 1)...].joined(separator: " ")) }
                        } else if pw.first == "policy", pw.count > 1 {
                            c.fields.set(.policy, pw[1])
                        }
                    }
                    chainRecord = c
                    acc.account(line.number); continue
                }
                var r = NftRecord(line: line.number)
                r.fields.set(.kind, "rule"); r.fields.set(.family, family); r.fields.set(.table, table); r.fields.set(.chain, chain)
                NftRulesetParser.rule(t, into: &r)
                rulesOfChain.append(r)
                acc.account(line.number)
                continue
            }
            if stack.last == "table" {
                // one-line declarations: "flags dormant", "comment ..."
                acc.account(line.number); continue
            }
            acc.reject(line)
        }
        flushChain()
        records.sort { $0.line < $1.line }
        return acc.result(source: source, typed: records)
    }

    /// Expressions this reader does not model at all (they narrow a rule in ways we cannot decide).
    static let unmodelledExpressions: Set<String> = ["ether", "vlan", "arp", "igmp", "fib", "socket", "numgen", "exthdr", "frag",
                                                     "hbh", "mh", "dst", "osf", "tcpopt", "dccp"]
    /// Verdicts that end a rule: what follows is their argument, not a match.
    static let terminalVerdicts: Set<String> = ["accept", "drop", "reject", "return", "queue", "continue"]
    /// Header fields of tcp/udp other than the ports.
    static let headerFields: Set<String> = ["flags", "length", "checksum", "sequence", "ackseq", "doff", "window", "urgptr", "option"]

    static let verdicts: Set<String> = ["accept", "drop", "reject", "return", "masquerade", "snat", "dnat", "redirect",
                                        "queue", "continue", "notrack"]

    /// Reads the matches of one rule into fields.
    static func rule(_ text: String, into r: inout NftRecord) {
        var tokens = IptablesSaveParser.tokenize(text.replacingOccurrences(of: "{ ", with: "{").replacingOccurrences(of: " }", with: "}").replacingOccurrences(of: ", ", with: ","))
        // Drop counters, handles and comments from the matched expression.
        var clean: [String] = []
        var i = 0
        while i < tokens.count {
            let tok = tokens[i]
            if tok == "counter" {
                i += 1
                while i + 1 < tokens.count, tokens[i] == "packets" || tokens[i] == "bytes" { i += 2 }
                continue
            }
            if tok == "#", i + 1 < tokens.count, tokens[i + 1] == "handle" { break }
            if tok == "comment", i + 1 < tokens.count { r.fields.set(.comment, tokens[i + 1]); i += 2; continue }
            clean.append(tok); i += 1
        }
        tokens = clean
        r.fields.set(.expr, text.trimmedSpaces)
        func values(_ s: String) -> [String] {
            s.trimmingCharacters(in: CharacterSet(charactersIn: "{}")).split(separator: ",").map(String.init)
        }
        // Matches this reader does not model (`ip frag-off & 8191 != 0`, `udp length`, `ct mark`,
        // `meta mark`...): kept as `unknown`, so the rule is uncertain and never counted as a drop
        // of a packet it may not match (Firewall.swift). `iptables-nft` writes `-f` that way.
        var unknown: [String] = []
        defer { if !unknown.isEmpty { r.fields.set(.unknown, unknown) } }
        i = 0
        while i < tokens.count {
            let tok = tokens[i]
            let next = i + 1 < tokens.count ? tokens[i + 1] : ""
            let next2 = i + 2 < tokens.count ? tokens[i + 2] : ""
            // Everything after a terminal verdict is its argument (`reject with icmp type ...`).
            if let v = r.verdict, NftRulesetParser.terminalVerdicts.contains(v) { break }
            if NftRulesetParser.unmodelledExpressions.contains(tok) { unknown.append(tok + (next.isEmpty ? "" : " " + next)); i += 2; continue }
            switch tok {
            case "udp", "tcp", "sctp", "udplite":
                if next == "dport" || next == "sport" {
                    r.fields.set(.proto, tok)
                    var j = i + 2
                    var neg = false
                    if next2 == "!=" { neg = true; j += 1 }
                    if j < tokens.count {
                        r.fields.set(next == "dport" ? .dports : .sports, values(tokens[j]))
                        if neg { r.fields.set(next == "dport" ? .dportsNegated : .sportsNegated, true) }
                    }
                    i = j + 1; continue
                }
                if r.fields[.proto] == nil { r.fields.set(.proto, tok) }
                // `tcp flags`, `udp length`, `tcp option`...: a field of the header we do not read
                if NftRulesetParser.headerFields.contains(next) { unknown.append(tok + " " + next); i += 2; continue }
            case "th":
                if next == "dport" || next == "sport" {
                    var j = i + 2
                    if next2 == "!=" { j += 1; r.fields.set(next == "dport" ? .dportsNegated : .sportsNegated, true) }
                    if j < tokens.count { r.fields.set(next == "dport" ? .dports : .sports, values(tokens[j])) }
                    i = j + 1; continue
                }
            case "esp", "ah":
                if next == "spi" { r.fields.set(.proto, tok); i += 3; continue }
            case "meta":
                if next == "l4proto" || next == "nfproto" || next == "protocol" {
                    var j = i + 2
                    var neg = false
                    if next2 == "!=" { neg = true; j += 1 }
                    if j < tokens.count, next == "l4proto" {
                        let vs = values(tokens[j])
                        r.fields.set(.proto, vs.count == 1 ? vs[0] : nil)
                        if vs.count > 1 { r.fields.set(.protocols, vs) }
                        if neg { r.fields.set(.protoNegated, true) }
                    }
                    i = j + 1; continue
                }
                if next == "ipsec", next2 == "exists" || next2 == "missing" {
                    r.fields.set(.ipsec, next2); i += 3; continue
                }
                if next == "iifname" || next == "oifname" || next == "iif" || next == "oif" {
                    var j = i + 2
                    var neg = false
                    if next2 == "!=" { neg = true; j += 1 }
                    if j < tokens.count {
                        let inbound = next.hasPrefix("i")
                        r.fields.set(inbound ? .iif : .oif, tokens[j]); if neg { r.fields.set(inbound ? .iifNegated : .oifNegated, true) }
                    }
                    i = j + 1; continue
                }
                // another meta key (mark, length, skuid, pkttype...): not modelled
                if !next.isEmpty { unknown.append(tok + " " + next); i += 2; continue }
            case "icmp", "icmpv6":
                // an ICMP match: never an IKE or ESP packet, whatever the type
                if r.fields[.proto] == nil { r.fields.set(.proto, tok == "icmp" ? "icmp" : "ipv6-icmp") }
                unknown.append(tok + " " + next); i += 2; continue
            case "rt":
                if next == "ipsec", next2 == "exists" || next2 == "missing" { r.fields.set(.ipsec, next2); i += 3; continue }
            case "ipsec":
                if next == "in" || next == "out" { r.fields.set(.ipsec, "exists"); r.fields.set(.ipsecDir, next); i += 2; continue }
            case "iifname", "oifname", "iif", "oif":
                var j = i + 1
                var neg = false
                if next == "!=" { neg = true; j += 1 }
                if j < tokens.count {
                    let inbound = tok.hasPrefix("i")
                    r.fields.set(inbound ? .iif : .oif, tokens[j]); if neg { r.fields.set(inbound ? .iifNegated : .oifNegated, true) }
                }
                i = j + 1; continue
            case "ip", "ip6":
                if next == "protocol" || next == "nexthdr" {
                    var j = i + 2
                    var neg = false
                    if next2 == "!=" { neg = true; j += 1 }
                    if j < tokens.count {
                        let vs = values(tokens[j])
                        r.fields.set(.proto, vs.count == 1 ? vs[0] : nil)
                        if vs.count > 1 { r.fields.set(.protocols, vs) }
                        if neg { r.fields.set(.protoNegated, true) }
                    }
                    i = j + 1; continue
                }
                if next == "saddr" || next == "daddr" {
                    var j = i + 2
                    var neg = false
                    if next2 == "!=" { neg = true; j += 1 }
                    if j < tokens.count, tokens[j] != "set" {
                        let source = next == "saddr"
                        r.fields.set(source ? .saddr : .daddr, values(tokens[j]))
                        if neg { r.fields.set(source ? .saddrNegated : .daddrNegated, true) }
                        i = j + 1; continue
                    }
                    // "ip saddr set X": a mangling statement, not a match
                    i = j + 2; continue
                }
                if !next.isEmpty { unknown.append(tok + " " + next); i += 2; continue }
            case "ct":
                if next == "state" {
                    var j = i + 2
                    if next2 == "!=" { j += 1; r.fields.set(.ctStateNegated, true) }
                    if j < tokens.count { r.fields.set(.ctState, values(tokens[j])) }
                    i = j + 1; continue
                }
                if !next.isEmpty { unknown.append(tok + " " + next); i += 2; continue }
            case "jump", "goto":
                r.fields.set(.verdict, tok); r.fields.set(.target, next); i += 2; continue
            case "snat", "dnat":
                r.fields.set(.verdict, tok)
                var rest = Array(tokens[(i + 1)...])
                if rest.first == "ip" || rest.first == "ip6" { rest.removeFirst() }
                if rest.first == "to" { rest.removeFirst() }
                if let to = rest.first { r.fields.set(.to, to) }
                i = tokens.count; continue
            default:
                if verdicts.contains(tok) {
                    if tok != "notrack" || r.fields[.verdict] == nil { r.fields.set(.verdict, tok) }
                }
            }
            i += 1
        }
    }
}

import Foundation

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension NftRulesetParser: EvidenceSource {
    public var yields: [String] {
        ["fw.drops_esp_in", "fw.drops_esp_out", "fw.drops_ike_in", "fw.drops_ike_out"]
    }
    public var probes: [ProbeSpec] {
        [
            ProbeSpec("nft-ruleset", source: "nft-ruleset", .command(["nft", "list", "ruleset"]), needsRoot: true),
        ]
    }
    public var snapshotNames: [String] { ["nft-list-ruleset"] }
}
