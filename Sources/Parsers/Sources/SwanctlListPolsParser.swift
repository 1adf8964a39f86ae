import Facts

/// `swanctl --list-pols`: one record per policy: trap policies (a CHILD config waiting for traffic,
/// with a reqid and mode TUNNEL/TRANSPORT) and shunts (PASS, DROP). `kind` is trap, pass or drop.
/// Records: `SwanctlPolRecord`.
public struct SwanctlListPolsParser: OutputParser {
    public init() {}
    public var source: String { "swanctl-list-pols" }
    public var summary: String { "swanctl --list-pols (strongSwan trap and shunt policies)" }

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [SwanctlPolRecord] = []
        var current: SwanctlPolRecord?
        func flush() { if let c = current { records.append(c) }; current = nil }
        for line in text.numberedLines {
            if line.isBlank { continue }
            let t = line.trimmed
            if !line.isIndented {
                flush()
                let parts = t.split(separator: ",").map { String($0).trimmedSpaces }
                guard parts.count >= 2, !parts[0].contains(" "), let mode = parts.last,
                      mode.allSatisfy({ $0.isUppercase || $0 == "_" }), !mode.isEmpty else { acc.reject(line); continue }
                var r = SwanctlPolRecord(line: line.number)
                r.fields.set(.name, parts[0])
                let nameParts = parts[0].split(separator: "/", maxSplits: 1).map(String.init)
                if nameParts.count == 2 { r.fields.set(.ike, nameParts[0]); r.fields.set(.child, nameParts[1]) } else { r.fields.set(.child, parts[0]) }
                if parts.count >= 3, let rq = parts[1].after("reqid ") {
                    if let n = Int(rq) { r.fields.set(.reqid, n) }
                }
                r.fields.set(.mode, mode)
                r.fields.set(.kind, mode == "PASS" ? "pass" : mode == "DROP" ? "drop" : "trap")
                current = r
                acc.account(line.number)
                continue
            }
            guard var r = current else { acc.reject(line); continue }
            if let rest = t.after("local:") { r.fields.set(.localTs, rest.trimmedSpaces.words) }
            else if let rest = t.after("remote:") { r.fields.set(.remoteTs, rest.trimmedSpaces.words) }
            else if let rest = t.after("label:") { r.fields.set(.label, rest.trimmedSpaces) }
            else { acc.reject(line); continue }
            current = r
            acc.account(line.number)
        }
        flush()
        return acc.result(source: source, typed: records)
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension SwanctlListPolsParser: EvidenceSource {
    public var yields: [String] {
        ["child.trap_installed"]
    }
    public var probes: [ProbeSpec] {
        [
            ProbeSpec("swanctl-list-pols", source: "swanctl-list-pols", .command(["swanctl", "--list-pols"]), needsRoot: true),
        ]
    }
}
