import Facts

/// `ip neigh show` (iproute2's ip/ipneigh.c): the ARP/NDP table, one line per neighbour:
///   `192.0.2.2 dev vx lladdr 2a:14:87:84:63:cf REACHABLE`
///   `192.0.2.254 dev vx INCOMPLETE`
///   `192.0.2.9 dev vx FAILED`
///   `fe80::1 dev eth0 lladdr 00:11:22:33:44:55 router STALE`
/// Records: address, dev, lladdr, router (bool), proxy (bool), states (NUD names in upper case,
/// e.g. ["REACHABLE"], ["STALE"], ["INCOMPLETE"], ["FAILED"]; `ip neigh` may print several),
/// probes (`ip -s neigh`), and `deleted` for `ip monitor` lines starting `Deleted`.
/// Why it matters: a next hop towards the peer that never answers ARP/neighbour discovery
/// (INCOMPLETE, FAILED) means nothing reaches the peer at all — unlike a peer that is there
/// (REACHABLE/STALE) and merely silent on UDP 500.
public struct IpNeighParser: OutputParser {
    public init() {}
    public var source: String { "ip-neigh" }
    public var summary: String { "ip neigh show (ARP/NDP neighbour table)" }

    static let states: Set<String> = ["REACHABLE", "STALE", "DELAY", "PROBE", "FAILED", "INCOMPLETE",
                                      "NOARP", "PERMANENT", "NONE"]

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [IpNeighRecord] = []
        for line in text.numberedLines where !line.isBlank {
            var w = line.trimmed.words
            var r = IpNeighRecord(line: line.number)
            if w.first == "Deleted" { r.set(.deleted, true); w.removeFirst() }
            guard let addr = w.first, CIDR(addr) != nil else { acc.reject(line); continue }
            r.set(.address, addr)
            var states: [String] = [], i = 1
            while i < w.count {
                let k = w[i], v = i + 1 < w.count ? w[i + 1] : nil
                switch k {
                case "dev", "lladdr", "proto", "vrf":
                    if let v, let f = IpNeighRecord.Field(rawValue: k) { r.set(f, v) }
                    i += 2
                case "router", "proxy", "extern_learn", "managed":
                    r.set(IpNeighRecord.Field(rawValue: k)!, true); i += 1
                case "probes":
                    r.set(.probes, v.flatMap { Int($0) }); i += 2
                case "used", "ref":
                    i += 2
                default:
                    if IpNeighParser.states.contains(k) { states.append(k) }
                    i += 1
                }
            }
            r.set(.states, states)
            records.append(r)
            acc.account(line.number)
        }
        return acc.result(source: source, typed: records)
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension IpNeighParser: EvidenceSource {
    public var probes: [ProbeSpec] {
        [ProbeSpec("ip-neigh", source: "ip-neigh", .command(["ip", "neigh", "show"]))]
    }
    public var snapshotNames: [String] { ["ip-neighbour", "ip-neighbor", "ip-n"] }
}
