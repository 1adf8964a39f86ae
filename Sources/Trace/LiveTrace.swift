import Facts
import Parsers
import Probes

/// `trace` on this host: runs only the read-only probes trace needs (no shell, each with its
/// timeout), and checks its own routing against the kernel's `ip route get`.
public enum LiveTrace {
    static let probeNames: Set<String> = ["ip-addr", "ip-route", "ip-rule", "ip-6-rule", "ip-link", "xfrm-state", "xfrm-policy",
                                          "swanctl-list-sas", "swanctl-list-pols", "swanctl-list-conns", "iptables-save",
                                          "ip6tables-save", "nft-ruleset", "ipsecctl-sa"]

    public static func gather(deadline: Double) async -> (HostModel, [ProbeStatus]) {
        let host = HostInfo.current()
        var specs = ProbeCatalog.specs(for: host.os).filter { probeNames.contains($0.name) }
        if host.os == Platform.linux.rawValue {
            // Trace's own: the IPv6 forwarding switch and the IPv6 rule set (diagnose does not read them).
            specs.append(ProbeSpec("trace-sysctl", source: "sysctl", .command(["sysctl", "net.ipv4.ip_forward", "net.ipv6.conf.all.forwarding"])))
            specs.append(ProbeSpec("ip6tables-save", source: "iptables-save", .command(["ip6tables-save", "-c"]), needsRoot: true))
        }
        let outputs = await ProbeRunner(deadline: deadline, host: host).run(specs)
        let gathered = Gathered(outputs: outputs, host: host)
        return (TraceInputs.model(gathered.parsed, name: host.hostname.isEmpty ? "this host" : host.hostname), gathered.statuses)
    }

    /// `ip route get DST from SRC [iif IFACE] [mark M]`: the kernel's own answer, as a step.
    public static func kernelRoute(_ p: TracePacket, traced: String?, deadline: Double) async -> TraceStep {
        var argv = ["ip", "route", "get", p.dst.address, "from", p.src.address]
        if let i = p.inIface { argv += ["iif", i] }
        if p.mark != 0 { argv += ["mark", String(p.mark)] }
        let spec = ProbeSpec("ip-route-get", source: "ip-route", .command(argv), timeout: 5)
        let out = await ProbeRunner(deadline: deadline).run([spec]).first
        let text = out?.text ?? ""
        let rec = IpRouteParser().parse(text).records.first
        let dev = rec?["dev"]?.stringValue
        let firstLine = text.split(separator: "\n").first.map(String.init) ?? (out?.reason ?? "no output")
        let ev = TraceEvidence(argv.joined(separator: " "), 1, firstLine)
        if let dev {
            let agree = dev == traced
            return TraceStep(.routing, agree ? "the kernel agrees: `ip route get` says dev \(dev)"
                                             : "the kernel DISAGREES: `ip route get` says dev \(dev), trace said \(traced ?? "none")",
                             evidence: [ev], uncertain: !agree)
        }
        return TraceStep(.routing, "`ip route get` gave no route (\(firstLine))", evidence: [ev], uncertain: traced != nil)
    }
}
