import Compare
import Facts
import Foundation

/// `fleet --format text`: one line per gateway and per tunnel, then the problems in detail.
public enum FleetText {
    public static func render(_ r: FleetReport) -> String {
        var out = "ipsec-doctor fleet: \(r.gateways.count) gateways, \(r.links.count) peer pairs in \(r.dir)\n"
        out += "verdict: \(r.verdict.rawValue)\n"
        let counts = Dictionary(grouping: r.links, by: \.state).mapValues(\.count)
        out += "tunnels: " + ["problem", "warning", "down", "up"].map { "\(counts[FleetReport.LinkState(rawValue: $0)!] ?? 0) \($0)" }.joined(separator: ", ") + "\n\n"
        out += "Gateways:\n"
        for g in r.gateways {
            let top = g.diagnosis?.findings.first { $0.severity == .problem }
            out += "  \(g.gateway.name) [\(g.diagnosis?.verdict.rawValue ?? "not diagnosed")]\(top.map { ": \($0.id) — \($0.title)" } ?? "")\n"
        }
        out += "\nPeer pairs:\n"
        for l in r.links {
            let first = l.comparison.differences.first { $0.severity != .info }
            out += "  \(r.gateways[l.a].gateway.name) <-> \(r.gateways[l.b].gateway.name) [\(l.state.rawValue)]"
            out += first.map { ": \($0.item.rawValue) — \($0.summary)" } ?? ""
            out += "\n"
            if let d = first, l.state == .problem { out += "      fix: \(d.fix)\n" }
        }
        if !r.dangling.isEmpty {
            out += "\nTunnels whose peer has no snapshot here:\n"
            for d in r.dangling { out += "  \(r.gateways[d.gateway].gateway.name): \(d.tunnel) -> \(d.peer)\n" }
        }
        if !r.unreadable.isEmpty {
            out += "\nFolders skipped:\n"
            for u in r.unreadable { out += "  \(u.folder): \(u.reason)\n" }
        }
        return out
    }
}

/// `fleet --format json`.
public enum FleetJSON {
    public static func render(_ r: FleetReport) -> JSONValue {
        .object([
            ("verdict", .string(r.verdict.rawValue)),
            ("gateways", .array(r.gateways.enumerated().map { i, g in
                .object([
                    ("id", .string("g-\(i)")), ("name", .string(g.gateway.name)), ("folder", .string(g.folder)),
                    ("verdict", .string(g.diagnosis?.verdict.rawValue ?? "not diagnosed")),
                    ("tunnels", .array(g.gateway.tunnels.map { .string($0.name) })),
                    ("findings", .array((g.diagnosis?.findings ?? []).map { f in
                        .object([("id", .string(f.id)), ("severity", .string(f.severity.rawValue)),
                                 ("confidence", .number((f.confidence * 100).rounded() / 100)), ("title", .string(f.title)),
                                 ("evidence", .array(f.evidence.map { .string($0) })), ("remedies", .array(f.remedies.map { .string($0) }))])
                    })),
                ])
            })),
            ("tunnels", .array(r.links.map { l in
                .object([
                    ("id", .string(l.id)), ("a", .string(r.gateways[l.a].gateway.name)), ("b", .string(r.gateways[l.b].gateway.name)),
                    ("state", .string(l.state.rawValue)),
                    ("pairs", .array(l.tunnels.map { .object([("a", .string($0.a)), ("b", .string($0.b)), ("id", .string($0.id)),
                                                          ("state", .string($0.state.rawValue))]) })),
                    ("differences", .array(l.comparison.differences.map { CompareReport.difference($0, l.comparison) })),
                ])
            })),
            ("dangling", .array(r.dangling.map { d in
                .object([("gateway", .string(r.gateways[d.gateway].gateway.name)), ("tunnel", .string(d.tunnel)), ("peer", .string(d.peer))])
            })),
            ("skipped", .array(r.unreadable.map { .object([("folder", .string($0.folder)), ("reason", .string($0.reason))]) })),
            ("seconds", .number((r.seconds * 1000).rounded() / 1000)),
        ])
    }
}
