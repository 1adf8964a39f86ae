import Facts

/// charon log → log.ike.peer_name_unresolved: the peer was configured by a DNS name that did not
/// resolve, so no IKE was ever sent (`unable to resolve %s, initiate aborted` / `..., retrying in
/// %ds`, libcharon/sa/ike_sa.c). The value is the name, for the remedies: `ip route get` and
/// `ping` of the name say nothing that `getent` does not. Real charon 5.9 (stroke a,
/// `right=gw-b.lab.invalid`, batch 14 st-dns-unresolvable): `unable to resolve gw-b.lab.invalid,
/// initiate aborted`.
public struct PeerNameExtractor: FactExtractor {
    public init() {}

    public func facts(from parsed: ParsedCollection) -> [Fact] {
        var out = FactList()
        var name: String?, evidence: [Provenance] = []
        for src in parsed.sources("charon-log") {
            for r in src.result.typed(LogEventRecord.self) where r.event == "unreachable" {
                guard let message = r.message, message.hasPrefix("unable to resolve "),
                      let comma = message.range(of: ", ", options: .backwards) else { continue }
                let n = String(message[message.index(message.startIndex, offsetBy: "unable to resolve ".count)..<comma.lowerBound])
                guard !n.isEmpty, !n.contains(" ") else { continue }
                if name == nil { name = n }
                evidence.append(Provenance(.log, src.origin, line: r.line, excerpt: r.text ?? message))
            }
        }
        if let name { out.add("log.ike.peer_name_unresolved", .string(name), evidence) }
        return out.facts
    }
}
