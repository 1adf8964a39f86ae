import Facts

/// `ps -eo pid,comm,args` (with its header) and `pgrep -a NAME` (`pid args`): one record per
/// process: pid, comm (the short name), args (`ProcessRecord`).
public struct ProcessesParser: OutputParser {
    public init() {}
    public var source: String { "processes" }
    public var summary: String { "ps -eo pid,comm,args / pgrep -a (running processes)" }

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [ProcessRecord] = []
        var psFormat: Bool?
        for line in text.numberedLines where !line.isBlank {
            let w = line.trimmed.words
            if w.first == "PID" { psFormat = w.count >= 3; acc.account(line.number); continue }
            guard w.count >= 2, let pid = Int(w[0]) else { acc.reject(line); continue }
            var comm: String
            var args: String
            let hasComm: Bool
            if let f = psFormat { hasComm = f } else {
                // Without a header: `pid comm args` when the third word's basename starts with the
                // second (comm is argv[0]'s name, cut to 15 characters).
                let base = w.count >= 3 ? (w[2].split(separator: "/").last.map(String.init) ?? w[2]) : ""
                let b = base.hasPrefix("[") ? String(base.dropFirst()) : base
                hasComm = w.count >= 3 && !w[1].contains("/") && b.hasPrefix(w[1])
            }
            if hasComm {
                comm = w[1]
                args = w.count >= 3 ? w[2...].joined(separator: " ") : w[1]
            } else {
                args = w[1...].joined(separator: " ")
                comm = String(w[1].split(separator: "/").last ?? Substring(w[1]))
            }
            records.append(ProcessRecord(line: line.number, pid: pid, comm: comm, args: args))
            acc.account(line.number)
        }
        return acc.result(source: source, typed: records)
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension ProcessesParser: EvidenceSource {
    public var yields: [String] {
        ["ike.daemon.running", "ike.implementation"]
    }
    public var probes: [ProbeSpec] {
        [
            ProbeSpec("processes", source: "processes", .command(["ps", "-eo", "pid,comm,args"])),
            ProbeSpec("processes", source: "processes", .command(["ps", "-axo", "pid,comm,args"]), platform: .only(.openbsd)),
            ProbeSpec("processes", source: "processes", .command(["ps", "-eo", "pid,comm,args"]), platform: .only(.illumos)),
        ]
    }
    public var snapshotNames: [String] { ["ps", "pgrep-charon"] }
    /// Command lines may carry passwords (`--db-password=...`).
    public var redaction: RedactionKind { .commandLines }
}
