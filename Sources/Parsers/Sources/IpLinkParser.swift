import Facts

/// `ip link show`, `ip -s link show`, `ip -o link show`, `ip -d link show`: one record per link:
/// index, ifname (without `@peer`), flags, mtu, state, kind (`link/ether`, `link/none` ...), and
/// from `-d` details the tunnel kind (vti, xfrm, ...) with `if_id` (xfrm interfaces) and
/// `ikey`/`okey` (vti), which route-based IPsec uses to pick its policies. `-s` counter lines are
/// accounted to the link.
public struct IpLinkParser: OutputParser {
    public init() {}
    public var source: String { "ip-link" }
    public var summary: String { "ip [-s] [-d] [-o] link show (interfaces, MTU, xfrm/vti keys)" }

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [IpLinkRecord] = []
        var current: IpLinkRecord?
        var lines: [Int] = []
        func flush() { if let c = current { records.append(c); acc.account(lines) }; current = nil; lines = [] }
        for line in text.numberedLines where !line.isBlank {
            // `-o` joins a link's lines with `\`; read them as one.
            let parts = line.text.components(separatedBy: "\\").map { $0.trimmedSpaces }.filter { !$0.isEmpty }
            let w0 = parts.first?.words ?? []
            if !line.isIndented, let f = w0.first, f.hasSuffix(":"), let idx = Int(f.dropLast()), w0.count >= 2 {
                flush()
                var r = IpLinkRecord(line: line.number)
                var name = w0[1]
                if name.hasSuffix(":") { name.removeLast() }
                if let at = name.firstIndex(of: "@") { r.set(.link, String(name[name.index(after: at)...])); name = String(name[..<at]) }
                r.set(.index, idx); r.set(.ifname, name)
                if let fl = w0.first(where: { $0.hasPrefix("<") && $0.hasSuffix(">") }) {
                    r.set(.flags, fl.dropFirst().dropLast().split(separator: ",").map(String.init))
                }
                let p = WordPairs(w0)
                r.set(.mtu, p.int("mtu")); r.set(.state, p.value("state"))
                current = r; lines = [line.number]
                for extra in parts.dropFirst() { IpLinkParser.detail(extra.words, into: &current!) }
                continue
            }
            guard current != nil, line.isIndented else { flush(); acc.reject(line); continue }
            IpLinkParser.detail(line.trimmed.words, into: &current!)
            lines.append(line.number)
        }
        flush()
        return acc.result(source: source, typed: records)
    }

    /// Continuation lines: `link/ether ...`, `vti remote A local B ikey 0.0.0.21 okey ...`,
    /// `xfrm if_id 0x5 ...`, counters. Only what trace needs is kept.
    static func detail(_ w: [String], into r: inout IpLinkRecord) {
        guard let f = w.first else { return }
        if f.hasPrefix("link/") { r.set(.linkType, String(f.dropFirst(5))); return }
        let p = WordPairs(w)
        switch f {
        case "vti", "vti6", "ip6tnl", "gre", "ipip", "sit":
            r.set(.kind, f); r.set(.ikey, p.value("ikey")); r.set(.okey, p.value("okey"))
            r.set(.tunnelRemote, p.value("remote")); r.set(.tunnelLocal, p.value("local"))
        case "xfrm":
            r.set(.kind, "xfrm"); r.set(.ifId, p.value("if_id"))
        case "tun":
            r.set(.kind, "tun")
        default: break
        }
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension IpLinkParser: EvidenceSource {
    public var probes: [ProbeSpec] {
        [
            ProbeSpec("ip-link", source: "ip-link", .command(["ip", "-d", "link", "show"])),
        ]
    }
    public var snapshotNames: [String] { ["ip-s-link", "ip-d-link"] }
    /// with ip-addr and the tunnel's gateway address (TunnelMTUExtractor)
    public var yields: [String] { ["mtu.tunnel_device_exceeds_path"] }
}
