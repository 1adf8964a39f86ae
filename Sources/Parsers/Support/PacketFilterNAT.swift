import Facts

/// Whether pf's translation rules rewrite a tunnel's traffic before the IPsec policy lookup.
///
/// Where pf translates: an outbound translation (`nat-to`, pf before 4.7 `nat on IF`) happens in
/// pf_test(PF_OUT) on the interface a packet leaves by, and ip_output() looks the packet up in
/// the SPD first: a packet an IPsec flow covers goes to ip_output_ipsec_send() (pf on enc0,
/// then ESP) and never reaches the outside interface's pf_test in clear (OpenBSD
/// sys/netinet/ip_output.c; FreeBSD's ip_output() calls IPSEC_OUTPUT before its pfil hooks
/// alike). So no outbound NAT rule hides the tunnel's traffic from its policy, unlike Linux's
/// POSTROUTING. What does come first is an INBOUND translation on the interface the LAN's
/// traffic enters by: `rdr-to` (pf.conf: inbound only), `binat-to`, pf before 4.7 `rdr`/`binat`
/// (first matching translation rule wins, `no rdr` exempts). That is what is asked here.
enum PacketFilterNAT {
    enum Verdict: Equatable {
        case rewritten(line: Int)
        case untouched
        case undecided
    }

    /// Rules that may translate a packet as it comes in.
    static func isInboundTranslation(_ r: PacketFilterRuleRecord) -> Bool {
        guard r.direction != "out" else { return false }
        if ["rdr", "binat", "no rdr", "no binat"].contains(r.action) { return true }
        let o = r.options ?? []
        return o.contains("rdr-to") || o.contains("binat-to")
    }

    /// The tunnel's packet from `local` to `remote` as it enters on the inside interface (whose
    /// name no snapshot gives): certainly rewritten, certainly not, or undecided. An anchor
    /// (its rules unseen) that may match leaves it undecided; so does a `quick` rule that may
    /// stop the evaluation before a translation that would apply.
    static func verdict(_ filter: PacketFilter, local: CIDR, remote: CIDR) -> Verdict {
        let p = FilterPacket(direction: "in", interface: nil, proto: "any", src: local, dst: remote)
        var mayHaveStopped = false
        for sourced in filter.rules {
            let r = sourced.record
            guard r.direction != "out" else { continue }
            let m = filter.matchOnAnyInterface(r, p)
            if m == .no { continue }
            if r.action.hasSuffix("anchor") { return .undecided }
            guard isInboundTranslation(r) else {
                if r.quick == true, r.action == "pass" || r.action == "block" {
                    if m == .yes { return .untouched }          // evaluation stops here, untranslated
                    mayHaveStopped = true
                }
                continue
            }
            // binat matches its inbound packets reversed (to the external address): not modelled
            guard m == .yes, !r.action.hasSuffix("binat"), !(r.options ?? []).contains("binat-to") else { return .undecided }
            switch r.action {
            case "no rdr": return .untouched                 // first match wins: exempted
            case "rdr", "match": return mayHaveStopped ? .undecided : .rewritten(line: r.line)   // a match rule's rdr-to sticks
            default: return .undecided                       // a pass rule's rdr-to applies only if it decides
            }
        }
        return .untouched
    }
}
