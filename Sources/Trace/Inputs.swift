import Facts
import Parsers
import Probes

/// The one place where trace reads the parsers' records (and SnapshotReader): everything past
/// here works on trace's own model (HostModel.swift). When record shapes change, only this file
/// follows.
public enum TraceInputs {
    /// Reads a snapshot directory (as `diagnose --snapshot` does). Throws `DoctorError` (exit 65).
    public static func snapshot(_ dir: String) throws -> HostModel {
        let gathered = try SnapshotReader.read(dir)
        return model(gathered.parsed, name: dir)
    }

    /// Builds the model from outputs already parsed (live probes or a snapshot).
    public static func model(_ parsed: ParsedCollection, name: String) -> HostModel {
        var m = HostModel(name: name)
        for src in parsed.items {
            m.sources.insert(src.result.source)
            let origin = src.origin
            switch src.result.source {
            case "iptables-save":
                for rec in src.result.typed(IptablesRecord.self) {
                    iptables(rec, table: rec.table, origin, rec.line, family: origin.contains("ip6") ? 6 : 4, into: &m)
                }
                continue
            case "iptables-list":
                // The listing does not print its table: PREROUTING/POSTROUTING live in nat
                // (mangle aside), or the file is named after `-t nat`.
                for rec in src.result.typed(IptablesRecord.self) {
                    let nat = origin.contains("nat") || ["PREROUTING", "POSTROUTING"].contains(rec.chain ?? "")
                    iptables(rec, table: rec.table ?? (nat ? "nat" : "filter"), origin, rec.line, family: origin.contains("ip6") ? 6 : 4, into: &m)
                }
                continue
            case "nft-ruleset":
                for rec in src.result.typed(NftRecord.self) { nft(rec, origin, rec.line, into: &m) }
                continue
            case "ip-addr":
                for rec in src.result.typed(IpAddrRecord.self) { address(rec, origin, rec.line).map { m.addresses.append($0) } }
                continue
            case "xfrm-policy":
                for (i, rec) in src.result.typed(XfrmPolicyRecord.self).enumerated() {
                    xfrmPolicy(rec, origin, src.result.givenLine(rec.line), order: i).map { m.xfrmPolicies.append($0) }
                }
                continue
            case "xfrm-state":
                for rec in src.result.typed(XfrmStateRecord.self) {
                    xfrmState(rec.fields, origin, src.result.givenLine(rec.line)).map { m.xfrmStates.append($0) }
                }
                continue
            case "swanctl-list-pols":
                for rec in src.result.typed(SwanctlPolRecord.self) {
                    let f = rec.fields
                    m.charonPolicies.append(CharonPolicy(name: f.s(.name) ?? "?", kind: f.s(.kind) ?? "trap",
                                                         localTS: f.ss(.localTs), remoteTS: f.ss(.remoteTs),
                                                         evidence: TraceEvidence(origin, src.result.givenLine(rec.line), "\(f.s(.name) ?? "?"), \(f.s(.mode) ?? "")")))
                }
                continue
            case "ip-link":
                for rec in src.result.typed(IpLinkRecord.self) { link(rec.fields, origin, src.result.givenLine(rec.line)).map { m.links.append($0) } }
                continue
            case "ip-rule":
                for rec in src.result.typed(IpRuleRecord.self) {
                    guard let r = rule(rec.fields, origin, src.result.givenLine(rec.line)) else { continue }
                    if origin.contains("6") { m.rules6 = (m.rules6 ?? []) + [r] } else { m.rules4 = (m.rules4 ?? []) + [r] }
                }
                continue
            case "setkey-DP":
                for rec in src.result.typed(SetkeyDPRecord.self) { setkey(rec.fields, origin, src.result.givenLine(rec.line)).map { m.pfkeyPolicies.append($0) } }
                continue
            case "ipsecctl-sa":
                for rec in src.result.typed(IpsecctlSaRecord.self) {
                    let line = src.result.givenLine(rec.line)
                    ipsecctl(rec.fields, origin, line).map { m.pfkeyPolicies.append($0) }
                    pfkeySA(rec, origin, line).map { m.pfkeySAs.append($0) }
                }
                continue
            case "setkey-D":
                for rec in src.result.typed(PFKeySARecord.self) { pfkeySA(rec, origin, src.result.givenLine(rec.line)).map { m.pfkeySAs.append($0) } }
                continue
            case "sysctl":
                for rec in src.result.typed(SysctlRecord.self) {
                    guard let k = rec.key ?? SysctlParser.key(fromPath: origin) else { continue }
                    m.sysctl[k] = (rec.value, TraceEvidence(origin, rec.line, "\(k) = \(rec.value)"))
                }
                continue
            default: break
            }
            for rec in src.result.records {
                let line = src.result.givenLine(rec.recordLine)
                switch src.result.source {
                case "ip-route": route(rec, origin, line).map { m.routes.append($0) }
                case "swanctl-list-sas":
                    if let ike = rec.s("ike"), let st = rec.s("ike_state") { m.ikeStates[ike] = st }
                    charonChild(rec, origin, line).map { m.charonChildren.append($0) }
                default: continue
                }
            }
        }
        // The configured children, from the one typed home every implementation's extractor
        // fills (TunnelChild): swanctl's loaded connections where `--list-conns` was read (its
        // tunnels, shunts aside), else Libreswan's status or ipsec.conf, stroke, racoon, OpenBSD.
        m.listConnsOrigins = Set(parsed.sources("swanctl-list-conns").map(\.origin))
        let children = parsed.configuredTunnelChildren
        m.configuredChildren = m.listConnsOrigins.isEmpty
            ? children.filter { !$0.localTS.isEmpty && !$0.remoteTS.isEmpty }
            : children.filter { m.listConnsOrigins.contains($0.origin.source) && !($0.localTS.isEmpty && $0.remoteTS.isEmpty) }
        return m
    }

    // MARK: interfaces and routing

    static func address(_ r: IpAddrRecord, _ o: String, _ l: Int?) -> LocalAddress? {
        let a = r.address, name = r.ifname
        // an address the parser kept as written may be malformed (`/`, empty): no address then
        guard let head = a.split(separator: "/").first, let c = CIDR(String(head)) else { return nil }
        let plen = a.split(separator: "/").dropFirst().first.flatMap { Int($0) } ?? c.bitCount
        return LocalAddress(ifname: name, index: r.index, address: c, prefixLength: plen, scope: r.scope ?? "global",
                            evidence: TraceEvidence(o, l, "\(name) \(r.family) \(a) scope \(r.scope ?? "global")"))
    }

    static func link(_ r: OrderedFields<IpLinkRecord.Field>, _ o: String, _ l: Int?) -> Link? {
        guard let name = r.s(.ifname) else { return nil }
        var text = "\(name): mtu \(r.i(.mtu).map(String.init) ?? "?")"
        if let k = r.s(.kind) { text += " \(k)" }
        // Without `-d` details a TUN (kernel-libipsec's ipsec0) still shows as `link/none`.
        let kind = r.s(.kind) ?? (r.s(.linkType) == "none" ? "tun" : nil)
        return Link(ifname: name, index: r.i(.index) ?? 0, mtu: r.i(.mtu), kind: kind,
                    ifId: r.s(.ifId).flatMap(number), okey: r.s(.okey), evidence: TraceEvidence(o, l, text))
    }

    static func route(_ r: JSONValue, _ o: String, _ l: Int?) -> Route? {
        guard let type = r.s("type"), type != "error", let d = r.s("dst") else { return nil }
        var dst: CIDR?
        if d == "default" {
            // `ip route` prints IPv6 defaults as `default` too: the gateway or the table tells.
            let v6 = (r.s("via") ?? "").contains(":")
            dst = v6 ? CIDR("::/0") : CIDR("0.0.0.0/0")
        } else { dst = CIDR(d) }
        guard let dst else { return nil }
        var text = (type == "unicast" ? "" : type + " ") + d
        for (k, v) in [("via", r.s("via")), ("dev", r.s("dev")), ("table", r.s("table")), ("src", r.s("src"))] { if let v { text += " \(k) \(v)" } }
        if let m = r.i("metric") { text += " metric \(m)" }
        return Route(type: type, dst: dst, table: r.s("table") ?? "main", via: r.s("via"), dev: r.s("dev"), src: r.s("src"),
                     metric: r.i("metric") ?? 0, evidence: TraceEvidence(o, l, text))
    }

    static func rule(_ r: OrderedFields<IpRuleRecord.Field>, _ o: String, _ l: Int?) -> RouteRule? {
        guard let prio = r.i(.priority) else { return nil }
        func sel(_ k: IpRuleRecord.Field) -> CIDR? { r.s(k).flatMap { $0 == "all" ? nil : CIDR($0) } }
        func range(_ k: IpRuleRecord.Field) -> ClosedRange<Int>? {
            guard let v = r.s(k) else { return nil }
            let p = v.split(separator: "-").compactMap { Int($0) }
            return p.count == 2 ? p[0]...p[1] : p.first.map { $0...$0 }
        }
        var unmodelled = r.ss(.unknown)
        for k: IpRuleRecord.Field in [.uidrange, .tos, .dsfield, .realms, .suppressIfgroup, .flowlabel] where r.s(k) != nil { unmodelled.append(k.rawValue) }
        if r.b(.l3mdev) == true { unmodelled.append("l3mdev") }
        var fwmark: (UInt32, UInt32)?
        if let f = r.s(.fwmark) {
            let p = f.split(separator: "/").map(String.init)
            if let v = number(p[0]) { fwmark = (v, p.count > 1 ? number(p[1]) ?? 0xFFFF_FFFF : 0xFFFF_FFFF) }
        }
        var text = "\(prio):\t" + (r.b(.not) == true ? "not " : "") + "from \(r.s(.from) ?? "all")"
        for k: IpRuleRecord.Field in [.to, .iif, .oif, .fwmark, .ipproto, .sport, .dport] { if let v = r.s(k) { text += " \(k.rawValue) \(v)" } }
        let action = r.s(.action) ?? "lookup"
        text += action == "lookup" ? " lookup \(r.s(.table) ?? "?")" : " \(action)"
        if let s = r.i(.suppressPrefixlength) { text += " suppress_prefixlength \(s)" }
        return RouteRule(priority: prio, not: r.b(.not) == true, from: sel(.from), to: sel(.to), iif: r.s(.iif), oif: r.s(.oif),
                         fwmark: fwmark, ipproto: r.s(.ipproto), sport: range(.sport), dport: range(.dport),
                         action: action, table: r.s(.table), suppressPrefixLength: r.i(.suppressPrefixlength),
                         unmodelled: unmodelled, evidence: TraceEvidence(o, l, text))
    }

    // MARK: packet filters

    /// One record of iptables-save or a listing; `table`: the record's, or the one a listing implies.
    static func iptables(_ r: IptablesRecord, table: String?, _ o: String, _ l: Int?, family: Int, into m: inout HostModel) {
        guard let t = table, let c = r.chain else { return }
        var ti = m.iptables.firstIndex { $0.family == family && $0.name == t }
        if ti == nil { m.iptables.append(FilterTable(family: family, name: t)); ti = m.iptables.count - 1 }
        var chain = m.iptables[ti!].chains[c] ?? FilterChain(name: c)
        if r.isChain {
            chain.policy = r.policy
            chain.evidence = TraceEvidence(o, l, ":\(c) \(r.policy ?? "-")")
        } else {
            var f = FilterRule(number: chain.rules.count + 1, evidence: TraceEvidence(o, l, iptablesText(r)))
            fill(&f, proto: r.proto, protoNegated: r.protoNegated, protocols: [],
                 src: r.srcItems, srcNegated: r.srcNegated, dst: r.dstItems, dstNegated: r.dstNegated,
                 sports: r.sports, sportsNegated: r.sportsNegated, dports: r.dports, dportsNegated: r.dportsNegated)
            f.eitherPorts = r.ports; f.eitherPortsNegated = r.portsNegated
            f.inIface = r.inInterface; f.inNegated = r.inInterfaceNegated
            f.outIface = r.outInterface; f.outNegated = r.outInterfaceNegated
            f.ctStates = r.ctstate; f.ctNegated = r.ctstateNegated
            f.policyDir = r.policyDir; f.policyPol = r.policyPol; f.policyNegated = r.policyPolNegated
            let modelled: Set<String> = ["tcp", "udp", "icmp", "icmp6", "ipv6-icmp", "multiport", "policy", "conntrack", "state", "comment", "esp", "ah", "sctp"]
            f.unmodelled = r.matches.filter { !modelled.contains($0) }.map { "-m \($0)" }
            // Options of the modelled matches that narrow the rule further (--reqid, --mode, --tunnel-src, --icmp-type ...).
            if r.policyReqid != nil { f.unmodelled.append("--reqid") }
            if let t = r.icmpType { f.unmodelled.append("--icmp-type \(t)") }
            f.unmodelled += r.unknown ?? []
            let target = r.target
            f.target = target
            f.action = target?.lowercased()
            if let a = f.action, !knownTargets.contains(a) { f.action = r.isGoto ? "goto" : "jump" }
            let args = r.targetArgs
            if let i = args.firstIndex(where: { $0 == "--to-source" || $0 == "--to-destination" || $0 == "--to" }), i + 1 < args.count { f.toAddress = args[i + 1] }
            // Target options: the LOG/NFLOG/REJECT arguments do not narrow the match.
            f.unmodelled.removeAll { u in ["reject-with", "nflog-prefix", "nflog-group", "flags", "level", "prefix"].contains { u.hasPrefix($0) } }
            chain.rules.append(f)
        }
        m.iptables[ti!].chains[c] = chain
    }

    static let knownTargets: Set<String> = ["accept", "drop", "reject", "return", "masquerade", "snat", "dnat", "log", "nflog",
                                            "mark", "connmark", "notrack", "ct", "tcpmss", "ulog", "netmap", "redirect", "tproxy", "trace"]

    /// The matches both tools share, read from either's record.
    static func fill(_ f: inout FilterRule, proto: String?, protoNegated: Bool, protocols: [String],
                     src: [String], srcNegated: Bool, dst: [String], dstNegated: Bool,
                     sports: [String], sportsNegated: Bool, dports: [String], dportsNegated: Bool) {
        if let p = proto, p != "all", p != "0" { f.protocol_ = p.lowercased() }
        f.protocolNegated = protoNegated
        f.protocols = protocols
        f.src = src; f.dst = dst
        f.srcNegated = srcNegated
        f.dstNegated = dstNegated
        f.sports = sports; f.sportsNegated = sportsNegated
        f.dports = dports; f.dportsNegated = dportsNegated
    }

    static func iptablesText(_ r: IptablesRecord) -> String {
        var parts = ["-A", r.chain ?? ""]
        func neg(_ negated: Bool) -> String { negated ? "! " : "" }
        if let p = r.proto { parts.append("\(neg(r.protoNegated))-p \(p)") }
        if let s = r.src { parts.append("\(neg(r.srcNegated))-s \(s)") }
        if let d = r.dst { parts.append("\(neg(r.dstNegated))-d \(d)") }
        if let i = r.inInterface { parts.append("\(neg(r.inInterfaceNegated))-i \(i)") }
        if let o = r.outInterface { parts.append("\(neg(r.outInterfaceNegated))-o \(o)") }
        for m in r.matches where m == "policy" || m == "conntrack" || m == "state" || m == "multiport" || m == "mark" { parts.append("-m \(m)") }
        if !r.dports.isEmpty { parts.append("\(neg(r.dportsNegated))--dport \(r.dports.joined(separator: ","))") }
        if !r.sports.isEmpty { parts.append("\(neg(r.sportsNegated))--sport \(r.sports.joined(separator: ","))") }
        if !r.ports.isEmpty { parts.append("\(neg(r.portsNegated))--ports \(r.ports.joined(separator: ","))") }
        if !r.ctstate.isEmpty { parts.append("--ctstate \(r.ctstate.joined(separator: ","))") }
        if let d = r.policyDir { parts.append("--dir \(d)") }
        if let p = r.policyPol { parts.append("\(neg(r.policyPolNegated))--pol \(p)") }
        parts += r.unknown ?? []
        if let t = r.target { parts.append("-j \(t)") }
        parts += r.targetArgs
        return parts.joined(separator: " ")
    }

    static func nft(_ r: NftRecord, _ o: String, _ l: Int?, into m: inout HostModel) {
        guard let t = r.table, let c = r.chain, let fam = r.family else { return }
        if r.isChain {
            m.nftChains.append(NftChain(family: fam, table: t, name: c, hook: r.hook, type: r.type,
                                        priority: nftPriority(r.priority), policy: r.policy,
                                        evidence: TraceEvidence(o, l, "chain \(c) { type \(r.type ?? "?") hook \(r.hook ?? "-") priority \(r.priority ?? "0"); policy \(r.policy ?? "accept"); }")))
            return
        }
        guard r.isRule, let ci = m.nftChains.lastIndex(where: { $0.family == fam && $0.table == t && $0.name == c }) else { return }
        let expr = r.expr ?? ""
        var f = FilterRule(number: m.nftChains[ci].rules.count + 1, evidence: TraceEvidence(o, l, expr))
        fill(&f, proto: r.proto, protoNegated: r.protoNegated, protocols: r.protocols,
             src: r.saddr, srcNegated: r.saddrNegated, dst: r.daddr, dstNegated: r.daddrNegated,
             sports: r.sports, sportsNegated: r.sportsNegated, dports: r.dports, dportsNegated: r.dportsNegated)
        f.inIface = r.iif.map(unquote); f.inNegated = r.iifNegated
        f.outIface = r.oif.map(unquote); f.outNegated = r.oifNegated
        f.ctStates = r.ctState; f.ctNegated = r.ctStateNegated
        if let ip = r.ipsec {
            f.policyPol = ip == "exists" ? "ipsec" : "none"
            // `meta ipsec` looks at the decapsulation (input), `rt ipsec` at the route's transform (output).
            f.policyDir = r.ipsecDir ?? (expr.contains("rt ipsec") ? "out" : "in")
            if expr.contains("ipsec in reqid") || expr.contains("ipsec out reqid") || expr.contains("spi ") { f.unmodelled.append("ipsec reqid/spi") }
        }
        let words = Set(expr.split(separator: " ").map(String.init))
        for w in ["limit", "mark", "fib", "socket", "numgen", "flags", "skuid", "skgid", "quota", "meter", "vmap", "ether",
                  "pkttype", "type", "length", "dscp", "ttl", "hoplimit", "set", "frag", "cgroup", "iifgroup", "oifgroup"] where words.contains(w) {
            if w == "type", !expr.contains("icmp type"), !expr.contains("icmpv6 type") { continue }
            f.unmodelled.append(w)
        }
        if expr.contains("@") { f.unmodelled.append("named set") }
        f.action = r.verdict; f.target = r.target; f.toAddress = r.to
        if f.action == nil, expr.hasSuffix("log") || expr.contains(" log ") || expr.hasPrefix("log") { f.action = "log" }
        m.nftChains[ci].rules.append(f)
    }

    /// nft's named priorities (nft(8), "CHAIN PRIORITIES"), with `name + N` / `name - N`.
    static func nftPriority(_ s: String?) -> Int {
        guard let s else { return 0 }
        let names = ["raw": -300, "mangle": -150, "dstnat": -100, "filter": 0, "security": 50, "srcnat": 100, "out": 100]
        let w = s.words
        var base = Int(w.first ?? "") ?? names[w.first ?? ""] ?? 0
        if w.count == 3, let n = Int(w[2]) { base += w[1] == "-" ? -n : n }
        return base
    }

    static func unquote(_ s: String) -> String { s.trimmingCharacters(in: ["\""]) }

    // MARK: IPsec

    static func markPair(_ s: String?) -> (UInt32, UInt32)? {
        guard let s else { return nil }
        let p = s.split(separator: "/").map(String.init)
        guard let v = number(p[0]) else { return nil }
        return (v, p.count > 1 ? number(p[1]) ?? 0xFFFF_FFFF : 0xFFFF_FFFF)
    }

    static func xfrmPolicy(_ r: XfrmPolicyRecord, _ o: String, _ l: Int?, order: Int) -> XfrmPolicy? {
        guard let s = CIDR(r.src), let d = CIDR(r.dst) else { return nil }
        let socket = r.socket == true
        var dir = r.dir ?? "?"
        if socket { dir = String(dir.dropFirst("socket ".count)) }
        let tmpls = r.tmpl.map { t in
            XfrmTemplate(src: t.src.isEmpty ? nil : CIDR(t.src), dst: t.dst.isEmpty ? nil : CIDR(t.dst),
                         proto: t.proto ?? "esp", reqid: t.reqid, mode: t.mode ?? "transport", level: t.level)
        }
        var text = "src \(r.src) dst \(r.dst)"
        if let p = r.proto { text += " proto \(p)" }
        if let p = r.sport { text += " sport \(p)" }
        if let p = r.dport { text += " dport \(p)" }
        if let p = r.icmpType { text += " type \(p)" }
        text += (socket ? " socket " : " dir ") + dir + " priority \(r.priority.map(String.init) ?? "?")"
        if let a = r.action, a != "allow" { text += " action \(a)" }
        if let mk = r.mark { text += " mark \(mk)" }
        if let id = r.ifId { text += " if_id \(id)" }
        for t in tmpls { text += " tmpl \(t.src?.address ?? "") -> \(t.dst?.address ?? "") \(t.proto) \(t.mode)" + (t.reqid.map { " reqid \($0)" } ?? "") }
        return XfrmPolicy(order: order, src: s, dst: d, proto: r.proto, sport: r.sport, dport: r.dport,
                          icmpType: r.icmpType, dev: r.dev, dir: dir, socket: socket, action: r.action ?? "allow",
                          priority: r.priority, mark: markPair(r.mark), ifId: r.ifId.flatMap(number) ?? 0,
                          templates: tmpls, evidence: TraceEvidence(o, l, text))
    }

    /// An SA's fields, read as trace reads any record's (`s`, `i`: a field of the other kind
    /// than asked is printed or parsed, as `ip xfrm state` gives it).
    static func xfrmState(_ r: OrderedFields<XfrmStateRecord.Field>, _ o: String, _ l: Int?) -> XfrmSA? {
        guard let s = r.s(.src).flatMap(CIDR.init), let d = r.s(.dst).flatMap(CIDR.init), let spi = r.s(.spi) else { return nil }
        var encap: (String, Int, Int)?
        if let t = r.s(.encapType) { encap = (t, r.i(.encapSport) ?? 4500, r.i(.encapDport) ?? 4500) }
        var text = "src \(s.address) dst \(d.address) proto \(r.s(.proto) ?? "?") spi \(spi)"
        if let q = r.i(.reqid) { text += " reqid \(q)" }
        if let m = r.s(.mode) { text += " mode \(m)" }
        if let e = encap { text += " encap \(e.0) \(e.1) \(e.2)" }
        return XfrmSA(src: s, dst: d, proto: r.s(.proto) ?? "esp", spi: spi, reqid: r.i(.reqid), mode: r.s(.mode), encap: encap,
                      enc: r.s(.enc), auth: r.s(.auth), authTruncBits: r.i(.authTruncBits), aead: r.s(.aead),
                      aeadIcvBits: r.i(.aeadIcvBits), mark: markPair(r.s(.mark)), ifId: r.s(.ifId).flatMap(number) ?? 0,
                      selSrc: r.s(.selSrc).flatMap(CIDR.init), selDst: r.s(.selDst).flatMap(CIDR.init),
                      addTime: r.s(.addTime), evidence: TraceEvidence(o, l, text))
    }

    static func charonChild(_ r: JSONValue, _ o: String, _ l: Int?) -> CharonChild? {
        guard r.s("kind") == "child", let ike = r.s("ike"), let child = r.s("child") else { return nil }
        let text = "\(child): #\(r.i("child_id") ?? 0), reqid \(r.i("reqid") ?? 0), \(r.s("state") ?? "?"), \(r.s("mode") ?? "?")\(r.b("encap") == true ? "-in-UDP" : ""), \(r.s("protocol") ?? "ESP"):\(r.s("proposal") ?? "")"
        return CharonChild(ike: ike, child: child, state: r.s("state") ?? "?", reqid: r.i("reqid"), mode: r.s("mode"),
                           encap: r.b("encap") == true, proposal: r.s("proposal"), spiIn: r.s("spi_in"), spiOut: r.s("spi_out"),
                           localTS: r.ss("local_ts"), remoteTS: r.ss("remote_ts"), localHost: r.s("local_host"),
                           remoteHost: r.s("remote_host"), localPort: r.i("local_port"), remotePort: r.i("remote_port"),
                           packetsOut: r.i("packets_out"), packetsIn: r.i("packets_in"), evidence: TraceEvidence(o, l, text))
    }

    static func setkey(_ r: OrderedFields<SetkeyDPRecord.Field>, _ o: String, _ l: Int?) -> PFKeyPolicy? {
        guard let s = r.s(.src).flatMap(CIDR.init), let d = r.s(.dst).flatMap(CIDR.init) else { return nil }
        let tmpls = r.ss(.templates)
        var peer: String?
        // `esp/tunnel/A-B/require`: the tunnel's far end is B for out, A for in.
        if let t = tmpls.first { let parts = t.split(separator: "/").map(String.init); if parts.count >= 3, parts[1] == "tunnel" { peer = parts[2].split(separator: "-").last.map(String.init) } }
        let text = "\(r.s(.src)!) \(r.s(.dst)!) \(r.s(.upperspec) ?? "any") \(r.s(.dir) ?? "?") \(r.s(.action) ?? "?") \(tmpls.joined(separator: " "))"
        return PFKeyPolicy(src: s, dst: d, srcPort: r.s(.srcPort).flatMap { Int($0) } ?? r.i(.srcPort), dstPort: r.s(.dstPort).flatMap { Int($0) } ?? r.i(.dstPort),
                           upper: r.s(.upperspec)?.words.first, dir: r.s(.dir) ?? "?", action: r.s(.action) ?? "?",
                           priority: r.s(.priority).flatMap { Int($0) }, peer: peer, templates: tmpls, evidence: TraceEvidence(o, l, text))
    }

    static func ipsecctl(_ r: OrderedFields<IpsecctlSaRecord.Field>, _ o: String, _ l: Int?) -> PFKeyPolicy? {
        guard r.s(.kind) == "flow", let f = r.s(.from), let t = r.s(.to), let s = CIDR(f), let d = CIDR(t) else { return nil }
        let text = "flow \(r.s(.proto) ?? "esp") \(r.s(.dir) ?? "") from \(f) to \(t)" + (r.s(.peer).map { " peer \($0)" } ?? "") + " type \(r.s(.type) ?? "require")"
        return PFKeyPolicy(src: s, dst: d, srcPort: nil, dstPort: nil, upper: nil, dir: r.s(.dir) ?? "out",
                           action: r.s(.type) ?? "require", priority: nil, peer: r.s(.peer), templates: [r.s(.proto) ?? "esp"],
                           evidence: TraceEvidence(o, l, text))
    }

    /// An SA of `setkey -D` or `ipsecctl -sa` (KernelSARecord: one reading for both dumps).
    static func pfkeySA<R: KernelSARecord>(_ r: R, _ o: String, _ l: Int?) -> PFKeySA? {
        // setkey -D: src/dst; ipsecctl: kind sa with from/to.
        if r.s(.kind) != nil, r.s(.kind) != "sa" { return nil }
        guard let s = (r.s(.src) ?? r.s(.from)).flatMap(CIDR.init), let d = (r.s(.dst) ?? r.s(.to)).flatMap(CIDR.init),
              let spi = r.s(.spi) else { return nil }
        let alg = [r.s(.enc), r.s(.auth)].compactMap { $0 }.joined(separator: "/")
        let text = "\(s.address) → \(d.address) \(r.s(.proto) ?? "esp") \(r.s(.mode) ?? "") spi \(spi)" + (r.s(.state).map { " state \($0)" } ?? "")
        return PFKeySA(src: s, dst: d, proto: r.s(.proto) ?? "esp", mode: r.s(.mode), spi: spi, state: r.s(.state),
                       udpEncap: r.saField(.udpencap)?.json.boolValue == true || r.s(.proto) == "esp-udp" || r.saField(.dstPort)?.json.traceInt == 4500,
                       algorithms: alg.isEmpty ? nil : alg, evidence: TraceEvidence(o, l, text))
    }

    static func number(_ s: String) -> UInt32? {
        if s.hasPrefix("0x") { return UInt32(s.dropFirst(2), radix: 16) }
        if s.contains(".") {   // vti keys print as dotted quads: 0.0.0.21
            let p = s.split(separator: ".").compactMap { UInt32($0) }
            return p.count == 4 ? p.reduce(0) { $0 << 8 | $1 } : nil
        }
        return UInt32(s)
    }
}

private extension JSONValue {
    func s(_ k: String) -> String? { self[k]?.traceText }
    func i(_ k: String) -> Int? { self[k]?.traceInt }
    /// A field as trace reads it as text: a string, or a number printed.
    var traceText: String? {
        if let v = stringValue { return v }
        if let n = numberValue { return JSONValue.format(number: n) }
        return nil
    }
    /// A field as trace reads it as a number: a number, or a string that is one.
    var traceInt: Int? { numberValue.map { Int($0) } ?? stringValue.flatMap { Int($0) } }
    func b(_ k: String) -> Bool? { self[k]?.boolValue }
    func ss(_ k: String) -> [String] { self[k]?.traceStrings ?? [] }
    /// A field as trace reads it as a list: the strings of an array.
    var traceStrings: [String] { arrayValue?.compactMap(\.stringValue) ?? [] }
}

extension OrderedFields {
    /// A typed record's field read as `JSONValue.s`/`i` read the JSON it makes.
    func s(_ k: Key) -> String? { self[k]?.json.traceText }
    func i(_ k: Key) -> Int? { self[k]?.json.traceInt }
    func ss(_ k: Key) -> [String] { self[k]?.json.traceStrings ?? [] }
    func b(_ k: Key) -> Bool? { self[k]?.json.boolValue }
}

private extension KernelSARecord {
    /// A kernel SA's field read as `JSONValue.s` reads the JSON it makes.
    func s(_ k: KernelSAField) -> String? { saField(k)?.json.traceText }
}
