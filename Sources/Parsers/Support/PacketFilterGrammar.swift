/// The rule line both BSD packet filters print for their loaded rules, read into a
/// PacketFilterRuleRecord. pf: print_rule()/print_fromto()/print_port() of OpenBSD's
/// sbin/pfctl/pfctl_parser.c, print_addr() of pf_print_state.c. IP Filter (illumos): printfr()
/// of lib/libipf (`ipfstat -io`), which writes the same words in the same order (`pass in quick
/// on IF proto udp from any to any port = 500 keep state`) with `proto tcp/udp`, `with ...`,
/// `head N`/`group N` and `@G:N` numbers of its own.
enum PacketFilterGrammar {
    static let actions: Set<String> = ["pass", "block", "match", "anchor", "nat-anchor", "binat-anchor", "rdr-anchor",
                                       "scrub", "nat", "rdr", "binat", "count", "log", "skip", "auth", "preauth", "call"]
    /// Words after the addresses that restrict a rule to packets we cannot tell apart (the user
    /// of a socket, a tag, an ICMP type, IP options, a probability ...). An ipf rule in a `group`
    /// is evaluated only after its group's `head` rule matched (PacketFilter follows that, IpfGroups).
    static let narrowingWords: Set<String> = ["user", "group", "tagged", "!", "received-on", "os", "icmp-type", "icmp6-type",
                                              "code", "tos", "ttl", "with", "probability", "once", "prio", "max-pkt-rate",
                                              "fragment", "not", "rdomain", "is", "scan"]

    /// A rule list, one rule a line. `special` reads a line that is no rule but the tool's own
    /// (pf's counter lines, which belong to the rule before; ipf's "empty list"): true accepted,
    /// false refused, nil for a line to read as a rule.
    static func parse(_ text: String, source: String, pf: Bool,
                      special: (String, inout [PacketFilterRuleRecord]) -> Bool?) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [PacketFilterRuleRecord] = []
        for line in text.numberedLines where !line.isBlank {
            let t = line.trimmed
            if let accepted = special(t, &records) {
                if accepted { acc.account(line.number) } else { acc.reject(line) }
                continue
            }
            guard let r = rule(tokens(t), line: line.number, pf: pf) else { acc.reject(line); continue }
            records.append(r)
            acc.account(line.number)
        }
        return acc.result(source: source, typed: records)
    }

    /// Words, a "quoted string" kept whole (quotes included), a parenthesised group that spans
    /// words (`return-icmp(net-unr, net-unr)`, `(max 10, if-bound)`) kept whole.
    static func tokens(_ s: String) -> [String] {
        var out: [String] = []
        var cur = ""
        var quoted = false
        var depth = 0
        for ch in s {
            if ch == "\"" { quoted.toggle() }
            if !quoted { if ch == "(" { depth += 1 } else if ch == ")" { depth = max(0, depth - 1) } }
            if (ch == " " || ch == "\t") && !quoted && depth == 0 {
                if !cur.isEmpty { out.append(cur); cur = "" }
            } else { cur.append(ch) }
        }
        if !cur.isEmpty { out.append(cur) }
        return out
    }

    /// The rule of `tokens`, or nil when the line is no rule (its first word is no action).
    static func rule(_ tokens: [String], line: Int, pf: Bool) -> PacketFilterRuleRecord? {
        var i = 0
        func peek(_ k: Int = 0) -> String? { i + k < tokens.count ? tokens[i + k] : nil }
        var number: String?
        var hits: Int?
        if let t = peek(), t.hasPrefix("@") { number = String(t.dropFirst()); i += 1 }
        if !pf, let t = peek(), let h = Int(t), let n = peek(1), actions.contains(n) { hits = h; i += 1 }  // ipfstat -h
        guard var action = peek() else { return nil }
        if action == "no", let n = peek(1) { action = "no " + n; i += 1 }
        guard actions.contains(action) || action.hasPrefix("no ") else { return nil }
        i += 1
        var r = PacketFilterRuleRecord(line: line, action: action)
        r.number = number
        r.packets = hits
        if !pf, action == "skip", let n = peek(), Int(n) != nil { r.options = ["skip " + n]; i += 1 }
        if action.hasSuffix("anchor"), let n = peek(), n.hasPrefix("\"") { r.anchor = n.trimmingCharacters(in: ["\""]); i += 1 }
        if action == "block", let h = peek(), h == "drop" || h.hasPrefix("return") { r.blockHow = h; i += 1 }
        // pf before 4.7: `rdr pass on ...` (print_rule's natpass) translates and passes at once
        var options: [String] = []
        if ["nat", "rdr", "binat"].contains(action), peek() == "pass" { options.append("pass"); i += 1 }
        if let d = peek(), d == "in" || d == "out" { r.direction = d; i += 1 }
        var narrowing: [String] = []
        // log, quick, on, family, proto: in print_rule's order, but read in any order
        while let w = peek() {
            if w == "log" {
                r.log = true; i += 1
                if let n = peek(), n.hasPrefix("(") || ["body", "first", "or-block"].contains(n) { options.append("log " + n); i += 1 }
                if !pf, peek() == "level", let lv = peek(1) { options.append("log level " + lv); i += 2 }
            } else if w == "quick" { r.quick = true; i += 1 }
            else if w == "on" {
                i += 1
                if peek() == "!" { r.interfaceNegated = true; i += 1 }
                if peek() == "rdomain", let d = peek(1) { narrowing.append("on rdomain " + d); i += 2; continue }
                guard let n = peek() else { return nil }     // a line cut short is no rule
                r.interface = n; i += 1
            } else if w == "inet" || w == "inet6" { r.family = w; i += 1 }
            else if w == "family", let f = peek(1) { r.family = f; i += 2 }
            // ipf: routing (`to IF`, `dup-to IF`, `reply-to IF`, `fastroute`) does not change the
            // match; `tos`, `ttl`, `in-via`/`out-via` do
            else if !pf, ["to", "dup-to", "reply-to"].contains(w), let n = peek(1) { options.append(w + " " + n); i += 2 }
            else if !pf, w == "fastroute" { options.append(w); i += 1 }
            else if !pf, ["tos", "ttl", "in-via", "out-via"].contains(w), let n = peek(1) { narrowing.append(w + " " + n); i += 2 }
            else if w == "proto" {
                guard let p = peek(1) else { return nil }
                r.protocols = p.split(separator: "/").map(String.init); i += 2
            }
            else { break }
        }
        if peek() == "all" { i += 1 }
        else if peek() == "from" {
            i += 1
            guard let f = endpoint(tokens, &i) else { return nil }
            r.from = f
            if peek() == "os", let o = peek(1) { narrowing.append("os " + o); i += 2 }
            guard peek() == "to" else { return nil }
            i += 1
            guard let t = endpoint(tokens, &i) else { return nil }
            r.to = t
        }
        // the rest: what narrows the match, and what does not
        while let w = peek() {
            i += 1
            if narrowingWords.contains(w) || w.hasPrefix("!") {
                var words = [w]
                // `user = 55`, `icmp-type echoreq code 3`, `tagged X`, `with ipopts`
                if let n = peek(), ["=", "!=", "<", "<=", ">", ">="].contains(n), let v = peek(1) { words += [n, v]; i += 2 }
                else if let n = peek(), w != "!", w != "once", w != "fragment" { words.append(n); i += 1 }
                narrowing.append(words.joined(separator: " "))
            } else {
                options.append(w)
            }
        }
        if !narrowing.isEmpty { r.narrowing = narrowing }
        if !options.isEmpty { r.options = options }
        return r
    }

    /// `[!] ADDRESS [port OP ...]` at `i`. ADDRESS is one word but for a range `a - b` and
    /// `route "label"`; ipf writes a negation glued on (`!10.0.0.1`).
    static func endpoint(_ tokens: [String], _ i: inout Int) -> PacketFilterRuleRecord.Endpoint? {
        func peek(_ k: Int = 0) -> String? { i + k < tokens.count ? tokens[i + k] : nil }
        var negated = false
        if peek() == "!" { negated = true; i += 1 }
        guard var address = peek(), !["port", "to", "from"].contains(address) else { return nil }
        if address.hasPrefix("!") { negated = true; address.removeFirst() }
        if address.isEmpty { return nil }
        i += 1
        if peek() == "-", let b = peek(1) { address += " - " + b; i += 2 }
        else if address == "route", let l = peek() { address += " " + l; i += 1 }
        var e = PacketFilterRuleRecord.Endpoint(address: address, negated: negated ? true : nil)
        if peek() == "port" {
            i += 1
            if let op = peek(), ["=", "!=", "<", "<=", ">", ">=", "eq", "ne", "lt", "le", "gt", "ge"].contains(op), let p = peek(1) {
                e.port = .init(op: op, port: p); i += 2
            } else if let a = peek(), let op = peek(1), op == "><" || op == "<>", let b = peek(2) {
                e.port = .init(op: op, port: a, to: b); i += 3
            } else if let a = peek(), a.first?.isNumber == true || a.first?.isLetter == true {
                let parts = a.split(separator: ":", maxSplits: 1).map(String.init)
                e.port = parts.count == 2 ? .init(op: ":", port: parts[0], to: parts[1]) : .init(op: "=", port: a)
                i += 1
            } else { return nil }
        }
        return e
    }
}
