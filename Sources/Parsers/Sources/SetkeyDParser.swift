import Facts

/// `setkey -D` (ipsec-tools, BSD and Linux): the SAD. Records as described in PFKeyDump.
public struct SetkeyDParser: OutputParser {
    public init() {}
    public var source: String { "setkey-D" }
    public var summary: String { "setkey -D (ipsec-tools SAD dump)" }
    public func parse(_ text: String) -> ParseResult {
        var acc = ParseAccumulator()
        let records = PFKeyDump.parseSAD(text, acc: &acc)
        return acc.result(source: source, typed: records)
    }
}

// MARK: - Evidence source: how it is obtained, named in snapshots and redacted

extension SetkeyDParser: EvidenceSource {
    public var yields: [String] {
        ["child.sa.count", "child.sa.installed", "child.sa.reqids"]
    }
    public var redaction: RedactionKind { .setkeyKeys }
}
