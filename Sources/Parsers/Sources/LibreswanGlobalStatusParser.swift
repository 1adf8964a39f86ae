import Facts

/// `ipsec whack --globalstatus`: one `name=value` counter a line (`current.states.iketype.halfopen=0`,
/// `total.ikev2.recv.notifies.error.NO_PROPOSAL_CHOSEN=3`), with or without `000 `. One record
/// per counter: name, value (a number when it is one, else the text).
public struct LibreswanGlobalStatusParser: OutputParser {
    public init() {}
    public var source: String { "libreswan-globalstatus" }
    public var summary: String { "ipsec whack --globalstatus (pluto counters)" }

    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        var records: [LibreswanGlobalStatusRecord] = []
        for line in text.numberedLines where !line.isBlank {
            let body = Libreswan.stripCode(line.text).body.trimmedSpaces
            guard let eq = body.firstIndex(of: "="), eq != body.startIndex else { acc.reject(line); continue }
            let name = String(body[..<eq]).trimmedSpaces
            let value = String(body[body.index(after: eq)...]).trimmedSpaces
            guard !name.contains(" "), name.contains(".") else { acc.reject(line); continue }
            var r = LibreswanGlobalStatusRecord(line: line.number)
            r.set(.name, name)
            if let n = Int(value) { r.set(.value, n) } else { r.set(.value, value) }
            records.append(r)
            acc.account(line.number)
        }
        return acc.result(source: source, typed: records)
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension LibreswanGlobalStatusParser: EvidenceSource {
    public var yields: [String] {
        ["child.sa.count", "child.sa.installed", "ike.implementation", "ike.sa.connecting", "ike.sa.count"]
    }
}
