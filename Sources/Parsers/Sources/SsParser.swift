import Facts

/// `ss -uanp` / `ss -lunp` (and `ss -tuanp` with a Netid column): one record per socket:
/// netid, state, local_address, local_port, peer_address, peer_port, processes, pids (`SocketRecord`).
public struct SsParser: OutputParser {
    public init() {}
    public var source: String { "ss-uanp" }
    public var summary: String { "ss -uanp (UDP sockets and their processes)" }

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [SocketRecord] = []
        for line in text.numberedLines where !line.isBlank {
            var w = line.trimmed.words
            if let f = w.first, f == "State" || f == "Netid" { acc.account(line.number); continue }
            var netid: String?
            if let f = w.first, ["udp", "tcp", "raw", "u_dgr", "u_str", "sctp", "icmp6", "p_raw", "nl"].contains(f) {
                netid = f; w.removeFirst()
            }
            guard w.count >= 5, Int(w[1]) != nil, Int(w[2]) != nil,
                  let local = SsParser.hostPort(w[3]), let peer = SsParser.hostPort(w[4]) else { acc.reject(line); continue }
            let procText = w.dropFirst(5).joined(separator: " ")
            var names: [String] = [], pids: [Int] = []
            var s = Substring(procText)
            while let q = s.range(of: "((\"") ?? s.range(of: ",(\"") ?? s.range(of: "(\"") {
                let tail = s[q.upperBound...]
                guard let end = tail.firstIndex(of: "\"") else { break }
                names.append(String(tail[..<end]))
                let after = tail[end...]
                if let p = after.range(of: "pid=") {
                    pids.append(Int(after[p.upperBound...].prefix { $0.isNumber }) ?? 0)
                }
                s = tail[tail.index(after: end)...]
            }
            records.append(SocketRecord(line: line.number, netid: netid, state: w[0], localAddress: local.0, localPort: Int(local.1),
                                        localPortName: Int(local.1) == nil ? local.1 : nil, peerAddress: peer.0, peerPort: Int(peer.1),
                                        processes: names, pids: pids.isEmpty ? nil : pids.map(String.init)))
            acc.account(line.number)
        }
        return acc.result(source: source, typed: records)
    }

    /// `192.0.2.1:500`, `[::]:4500`, `*:500`, `0.0.0.0%eth0:68` → (address, port)
    static func hostPort(_ s: String) -> (String, String)? {
        guard let c = s.lastIndex(of: ":") else { return nil }
        var host = String(s[..<c])
        let port = String(s[s.index(after: c)...])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        return (host, port)
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension SsParser: EvidenceSource {
    public var yields: [String] {
        ["ike.listening.udp4500", "ike.listening.udp500"]
    }
    public var probes: [ProbeSpec] {
        [
            ProbeSpec("ss-uanp", source: "ss-uanp", .command(["ss", "-uanp"])),
        ]
    }
}
