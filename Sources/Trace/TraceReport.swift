import Facts

/// `trace` output: numbered steps with the evidence each used, then one verdict.
public enum TraceReport {
    public static func text(_ r: TraceResult) -> String {
        var out = "trace \(r.packet.summary) on \(r.host)\n"
        out += body(r, indent: "")
        for leg in r.peer {
            out += "\nat \(leg.host):\n" + body(leg, indent: "  ")
        }
        out += "\nexit \(r.exitCode)\n"
        return out
    }

    static func body(_ r: TraceResult, indent: String) -> String {
        var out = ""
        for (i, s) in r.steps.enumerated() {
            out += "\(indent)\(String(format: "%2d", i + 1)). [\(s.stage.rawValue)]\(s.uncertain ? " ?" : "") \(s.text)\n"
            for e in s.evidence { out += "\(indent)      \(e.location): \(e.text)\n" }
        }
        out += "\(indent)verdict: \(r.verdict.text)\n"
        if let a = r.verdict.article {
            out += "\(indent)  \(r.verdict.diagnosis != nil ? "diagnosis \(a)" : "see") — `ipsec-doctor explain \(a)`\n"
        }
        for w in r.warnings {
            out += "\(indent)warning: \(w.text)" + (w.diagnosis.map { " (`ipsec-doctor explain \($0)`)" } ?? "") + "\n"
        }
        return out
    }

    public static func json(_ r: TraceResult) -> JSONValue {
        var pairs = leg(r)
        pairs.append(("peer", .array(r.peer.map { .object(leg($0)) })))
        pairs.append(("exit_code", .number(Double(r.exitCode))))
        return .object(pairs)
    }

    static func leg(_ r: TraceResult) -> [(String, JSONValue)] {
        let p = r.packet
        var packet: [(String, JSONValue)] = [("src", .string(p.src.address)), ("dst", .string(p.dst.address)), ("proto", .string(p.proto))]
        if let s = p.sport { packet.append(("sport", .number(Double(s)))) }
        if let d = p.dport { packet.append(("dport", .number(Double(d)))) }
        if let i = p.inIface { packet.append(("in", .string(i))) }
        packet.append(("ct_state", .string(p.ctState)))
        let steps: [JSONValue] = r.steps.enumerated().map { i, s in
            .object([("n", .number(Double(i + 1))), ("stage", .string(s.stage.rawValue)), ("text", .string(s.text)),
                     ("uncertain", .bool(s.uncertain)),
                     ("evidence", .array(s.evidence.map { e in
                         .object([("origin", .string(e.origin)), ("line", e.line.map { .number(Double($0)) } ?? .null), ("text", .string(e.text))])
                     }))])
        }
        var verdict: [(String, JSONValue)] = [("outcome", .string(r.verdict.outcome.rawValue)), ("text", .string(r.verdict.text)),
                                              ("diagnosis", r.verdict.diagnosis.map { .string($0) } ?? .null)]
        if let a = r.verdict.article { verdict.append(("explain", .string("ipsec-doctor explain \(a)"))) }
        var pairs: [(String, JSONValue)] = [("host", .string(r.host)), ("packet", .object(packet)), ("steps", .array(steps)),
                                            ("verdict", .object(verdict))]
        pairs.append(("warnings", .array(r.warnings.map { .object([("text", .string($0.text)), ("diagnosis", $0.diagnosis.map { .string($0) } ?? .null)]) })))
        if let pol = r.policy {
            pairs.append(("policy", .object([("origin", .string(pol.origin)), ("line", pol.line.map { .number(Double($0)) } ?? .null), ("text", .string(pol.text))])))
        }
        if let o = r.outer {
            var op: [(String, JSONValue)] = [("src", .string(o.src.address)), ("dst", .string(o.dst.address)), ("protocol", .string(o.protocolName)), ("spi", .string(o.spi))]
            if let u = o.udpEncap { op += [("sport", .number(Double(u.sport))), ("dport", .number(Double(u.dport)))] }
            if let s = o.size { op.append(("size", .number(Double(s)))) }
            pairs.append(("outer", .object(op)))
        }
        return pairs
    }
}

/// A trace with everything around it: this host, then the peer if given, and the peer's word on
/// the selectors when nothing got encrypted.
public enum TraceSession {
    public static func run(home: HostModel, peer: HostModel?, packet: TracePacket) -> TraceResult {
        var r = Tracer(host: home).trace(packet)
        guard let peer else { return r }
        r.peer = PeerTrace.continueAt(peer, home: home, request: packet, result: r)
        // Nothing encrypted here and the peer's selectors do not mirror ours: that is the cause.
        if r.verdict.outcome != .encrypted, let c = r.peer.first, c.verdict.diagnosis == "child.ts-mismatch" {
            r.verdict.text += "; the peer's selectors do not cover it either (traffic selectors do not mirror)"
            r.verdict.diagnosis = "child.ts-mismatch"; r.verdict.article = "child.ts-mismatch"
        }
        return r
    }
}
