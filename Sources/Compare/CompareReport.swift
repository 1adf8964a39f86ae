import Foundation
import Engine
import Facts
import Report

/// The report of `compare`: the differences, most likely single cause first, each with both
/// sides' lines and the fix; then the catalogue as each side's rules rank it.
public enum CompareReport {
    public static func json(_ c: Comparison) -> JSONValue {
        var findings: [JSONValue] = []
        var facts: [(String, JSONValue)] = []
        var unanswered: [JSONValue] = []
        for (side, d) in [("a", c.diagnosisA), ("b", c.diagnosisB)] {
            guard let d, case let .object(pairs) = JSONReport.json(d) else { continue }
            let gw = side == "a" ? c.a.name : c.b.name
            for (k, v) in pairs {
                switch k {
                case "findings":
                    for f in v.arrayValue ?? [] {
                        guard case var .object(fp) = f else { continue }
                        fp.append(("gateway", .string(gw)))
                        findings.append(.object(fp))
                    }
                case "facts": if side == "a" { facts.append(contentsOf: (v.objectPairs ?? [])) }
                case "unanswered": if side == "a" { unanswered = v.arrayValue ?? [] }
                default: break
                }
            }
        }
        // Findings of the same diagnosis on both sides are one finding: keep the more certain.
        findings = rankFindings(findings)
        return .object([
            ("verdict", .string(c.verdict.rawValue)),
            ("differences", .array(c.differences.map { difference($0, c) })),
            ("findings", .array(findings)),
            ("facts", .object(facts)),
            ("unanswered", .array(unanswered)),
            ("gateways", .object([("a", gateway(c.a)), ("b", gateway(c.b))])),
            ("tunnels", .array(c.tunnels.map { t in
                .object([("a", .string(t.a)), ("b", .string(t.b)), ("differences", .number(Double(t.differences.count))),
                         ("ike_proposal", t.ikeProposal.map { .string($0) } ?? .null),
                         ("psk", .string(t.pskEqual == true ? "equal" : t.pskEqual == false ? "differ" : "not compared" + (t.pskNote.map { ": \($0)" } ?? ""))),
                         ("sa_established", .bool(t.saEstablished))])
            })),
            ("unpaired", .object([("a", .array(c.onlyA.map { .string($0) })), ("b", .array(c.onlyB.map { .string($0) }))])),
        ])
    }

    static func gateway(_ g: Gateway) -> JSONValue {
        var fields: [(String, JSONValue)] = [("name", .string(g.name)), ("snapshot", .string(g.location)),
                                             ("tunnels", .array(g.tunnels.map { .string($0.name) }))]
        // tunnels read from the daemon's listing alone: their proposals, mode, ports and life times were not compared
        let listed = g.tunnels.filter { !$0.settingsKnown }.map { JSONValue.string($0.name) }
        if !listed.isEmpty { fields.append(("tunnels_settings_not_listed", .array(listed))) }
        return .object(fields)
    }

    static func rankFindings(_ fs: [JSONValue]) -> [JSONValue] {
        var best: [String: JSONValue] = [:]
        var order: [String] = []
        for f in fs {
            let id = f["id"]?.stringValue ?? ""
            if let old = best[id] {
                if (f["confidence"]?.numberValue ?? 0) > (old["confidence"]?.numberValue ?? 0) { best[id] = f }
            } else { best[id] = f; order.append(id) }
        }
        func sev(_ f: JSONValue) -> Int { ["problem": 0, "warning": 1, "info": 2][f["severity"]?.stringValue ?? ""] ?? 3 }
        return order.compactMap { best[$0] }.enumerated().sorted { l, r in
            if sev(l.element) != sev(r.element) { return sev(l.element) < sev(r.element) }
            let ex = (l.element["explained_by"] == nil ? 0 : 1, r.element["explained_by"] == nil ? 0 : 1)
            if ex.0 != ex.1 { return ex.0 < ex.1 }
            let cl = l.element["confidence"]?.numberValue ?? 0, cr = r.element["confidence"]?.numberValue ?? 0
            return cl != cr ? cl > cr : l.offset < r.offset
        }.map(\.element)
    }

    public static func difference(_ d: Difference, _ c: Comparison) -> JSONValue {
        .object([
            ("item", .string(d.item.rawValue)),
            ("severity", .string(d.severity.rawValue)),
            ("confidence", .number((d.confidence * 100).rounded() / 100)),
            ("tunnel", .object([("a", .string(d.tunnelA)), ("b", .string(d.tunnelB))])),
            ("summary", .string(d.summary)),
            ("diagnosis", d.item.diagnosis.map { .string($0) } ?? .null),
            ("evidence", .object([("a", .array(d.evidenceA.map { .string(c.a.name + " " + $0.description) })),
                                  ("b", .array(d.evidenceB.map { .string(c.b.name + " " + $0.description) }))])),
            ("faulty_side", d.faultySide.map { .string($0 == "a" ? c.a.name : c.b.name) } ?? .null),
            ("fix", .string(d.fix)),
        ])
    }

    public static func text(_ c: Comparison, verbose: Bool = false) -> String {
        var out = "ipsec-doctor compare: \(c.a.name) (\(c.a.location)) <-> \(c.b.name) (\(c.b.location))\n"
        out += "verdict: \(c.verdict.rawValue)\n"
        let pairs = c.tunnels.map { $0.a == $0.b ? $0.a : "\($0.a) <-> \($0.b)" }
        out += "tunnels paired: \(pairs.isEmpty ? "none" : pairs.joined(separator: ", "))"
        if !c.onlyA.isEmpty { out += "; only at \(c.a.name): \(c.onlyA.joined(separator: ", "))" }
        if !c.onlyB.isEmpty { out += "; only at \(c.b.name): \(c.onlyB.joined(separator: ", "))" }
        out += "\n"
        for g in [c.a, c.b] {
            let listed = g.tunnels.filter { !$0.settingsKnown }.map(\.name)
            guard !listed.isEmpty else { continue }
            out += "\(g.name): \(listed.joined(separator: ", ")) read from `swanctl --list-conns` (no configuration file in the snapshot): proposals, exchange mode, ports and life times not compared\n"
        }
        out += "\n"
        let shown = verbose ? c.differences : c.differences.filter { $0.severity != .info }
        if shown.isEmpty {
            out += c.tunnels.isEmpty ? "No tunnel of one gateway mirrors a tunnel of the other: nothing to compare.\n"
                : "The two gateways agree on every item compared.\n"
        }
        for (i, d) in shown.enumerated() {
            out += "\(i == 0 ? "MOST LIKELY" : "\(i + 1).") [\(d.severity.rawValue)] \(d.item.rawValue) (\(d.tunnelA == d.tunnelB ? d.tunnelA : d.tunnelA + " <-> " + d.tunnelB)): \(d.summary)\n"
            for e in d.evidenceA { out += "    \(c.a.name): \(e)\n" }
            for e in d.evidenceB { out += "    \(c.b.name): \(e)\n" }
            out += "    fix\(d.faultySide.map { " (" + ($0 == "a" ? c.a.name : c.b.name) + ")" } ?? ""): \(d.fix)\n"
            if let id = d.item.diagnosis { out += "    see: ipsec-doctor explain \(id)\n" }
            out += "\n"
        }
        let hidden = c.differences.count - shown.count
        if hidden > 0 { out += "(\(hidden) minor difference\(hidden == 1 ? "" : "s") not shown; --verbose lists them)\n\n" }
        if case let .array(fs) = json(c)["findings"] ?? .null, !fs.isEmpty {
            out += "Diagnosis catalogue, both sides' facts:\n"
            for f in fs.prefix(verbose ? 20 : 5) {
                out += "  - \(f["id"]?.stringValue ?? "?") [\(f["severity"]?.stringValue ?? "")] \(f["title"]?.stringValue ?? "") (at \(f["gateway"]?.stringValue ?? "?"), confidence \(f["confidence"]?.numberValue.map { String(format: "%.2f", $0) } ?? "?"))\n"
            }
        }
        return out
    }
}

extension JSONValue {
    var objectPairs: [(String, JSONValue)]? {
        if case let .object(p) = self { return p }
        return nil
    }
}
