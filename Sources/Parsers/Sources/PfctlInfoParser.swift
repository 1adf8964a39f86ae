import Facts

/// pf's `pfctl -si` (`-s info`): whether pf is enabled, as print_status() of
/// sbin/pfctl/pfctl_parser.c prints it: `Status: Enabled for 0 days 00:26:05` or `Status:
/// Disabled` (with the time since the change when pf has one), padded, then `Debug: Urgent`;
/// then `Hostid:`, `Checksum:`, the `State Table`, `Counters` (and with `-v` `Source Tracking
/// Table`, `Limit Counters`) sections, one `  name  total  rate/s` line each; macOS prefixes
/// `No ALTQ support in kernel` / `ALTQ related functions disabled`. One record: `status`
/// (Enabled/Disabled as printed), `enabled`, `since`, `debug`, `states` (current entries),
/// `altq_absent` (the ALTQ warning: a macOS or FreeBSD pfctl, not OpenBSD's).
/// A disabled pf filters nothing, whatever rules are loaded (pfctl(8) `-d`): its rules' drop
/// verdicts are not read then (PacketFilterExtractor).
public struct PfctlInfoParser: OutputParser {
    public init() {}
    public var source: String { "pfctl-info" }
    public var summary: String { "pfctl -si (whether pf is enabled)" }

    /// The lines print_status() writes that are not counters.
    static let headers: Set<String> = ["State Table", "Counters", "Source Tracking Table", "Limit Counters", "Packets In",
                                       "Packets Out", "No ALTQ support in kernel", "ALTQ related functions disabled"]

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [PfctlInfoRecord] = []
        var status: PfctlInfoRecord?
        var statusLines: [Int] = []
        var altqAbsent = false, statesSeen = false
        for line in text.numberedLines where !line.isBlank {
            let t = line.trimmed
            let w = t.words
            if w.first == "Status:" {
                guard status == nil, w.count >= 2, w[1] == "Enabled" || w[1] == "Disabled" else { acc.reject(line); continue }
                var r = PfctlInfoRecord(line: line.number)
                r.set(.status, w[1])
                r.set(.enabled, w[1] == "Enabled")
                let end = w.firstIndex(of: "Debug:") ?? w.count
                if end > 3, w[2] == "for" { r.set(.since, w[3..<end].joined(separator: " ")) }
                if let d = w.firstIndex(of: "Debug:"), d + 1 < w.count { r.set(.debug, w[d + 1]) }
                status = r
                statusLines = [line.number]
            } else if t == "No ALTQ support in kernel" {
                altqAbsent = true       // macOS's and FreeBSD's pfctl; OpenBSD has no ALTQ since 5.5
                acc.account(line.number)
            } else if Self.headers.contains(t) || t.hasPrefix("Interface Stats for ") || t.hasPrefix("Hostid:")
                        || t.hasPrefix("Checksum:") || (t.hasPrefix("State Table") && w.last == "Rate") {
                acc.account(line.number)
            } else if let counter = Self.counter(line.text, w) {
                if counter.name == "current entries", !statesSeen { status?.set(.states, counter.value); statesSeen = status != nil }
                acc.account(line.number)
            } else {
                acc.reject(line)
            }
        }
        if var status {
            if altqAbsent { status.set(.altqAbsent, true) }
            records.append(status); acc.account(statusLines)
        }
        return acc.result(source: source, typed: records)
    }

    /// `  searches                           11325            7.2/s`: an indented name, then
    /// numbers (and a rate).
    static func counter(_ raw: String, _ w: [String]) -> (name: String, value: Int)? {
        guard raw.first == " " || raw.first == "\t" else { return nil }
        guard let i = w.firstIndex(where: { Int($0) != nil }), i > 0,
              w[i...].allSatisfy({ Int($0) != nil || ($0.hasSuffix("/s") && Double($0.dropLast(2)) != nil) }),
              let v = Int(w[i]) else { return nil }
        return (w[..<i].joined(separator: " "), v)
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension PfctlInfoParser: EvidenceSource {
    /// Alone it tells whether pf filters at all; a disabled pf drops nothing.
    public var yields: [String] {
        ["fw.drops_esp_in", "fw.drops_esp_out", "fw.drops_ike_in", "fw.drops_ike_out", "fw.filter_enabled",
         "fw.forward_blocks_tunnel", "nat.masquerade_hits_tunnel"]
    }
    public var probes: [ProbeSpec] {
        [
            // read-only: -s info prints the status and counters
            ProbeSpec("pfctl-info", source: "pfctl-info", .command(["pfctl", "-s", "info"]), needsRoot: true,
                      platform: .only(.openbsd)),
        ]
    }
    /// What an admin names the saved output: `pfctl -si > pfctl-si.txt`, `-s info`.
    public var snapshotNames: [String] { ["pfctl-si", "pfctl-s-info", "pf-info", "pfctl-vsi"] }
}
