import Facts

/// swanctl --list-pols → child.trap_installed (a trap policy waits for traffic).
public struct SwanctlPolsExtractor: FactExtractor {
    public init() {}
    public func facts(from parsed: ParsedCollection) -> [Fact] {
        guard parsed.has("swanctl-list-pols") else { return [] }
        let traps = parsed.typed(SwanctlPolRecord.self, from: "swanctl-list-pols").filter { $0.record.kind == "trap" }
        var out = FactList()
        out.bool("child.trap_installed", !traps.isEmpty,
                 traps.isEmpty ? parsed.wholeSource("swanctl-list-pols")
                     : traps.map { $0.provenance("\($0.record.name ?? ""), reqid \($0.record.reqidText ?? "?"), \($0.record.mode ?? "")") })
        return out.facts
    }
}
