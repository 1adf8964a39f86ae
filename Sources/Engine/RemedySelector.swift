import Facts
import RuleBase

/// Picks the remedies that speak the stack in use: the implementation's own (strongswan,
/// libreswan, racoon, isakmpd, ...), then the platform's (linux, openbsd, illumos), then `any`.
/// When no daemon runs, the implementations installed here (`ike.installed`) stand in for it;
/// only with nothing known are other stacks shown, labelled, those of this platform only and the
/// common ones first. Each step appears once: two rules of one diagnosis that give the same
/// command (even with another comment) print it once.
public enum RemedySelector {
    /// Most deployed first: what an operator with an unknown stack most likely runs.
    static let commonness: [Implementation] = [.strongswan, .libreswan, .openswan, .racoon, .isakmpd, .iked, .inIked]

    /// The remedies of several rules (strongest first) for one finding, each step once.
    public static func select(rules remedies: [[String: [String]]], facts: FactStore) -> [String] {
        var out: [String] = [], seen = Set<String>()
        for r in remedies {
            for line in select(r, facts: facts) where seen.insert(commandKey(line)).inserted { out.append(line) }
        }
        return out
    }

    public static func select(_ remedies: [String: [String]], facts: FactStore) -> [String] {
        let impl = known(facts.value("ike.implementation")?.description.lowercased())
        let installed = facts.value("ike.installed").map(list) ?? []
        // Without a platform probe, the implementation (or what is installed) says where we are.
        let os = known(facts.value("host.os")?.description.lowercased())
            ?? (impl ?? installed.first).flatMap { Implementation(rawValue: $0)?.platform.rawValue }
        // Each line with the stack whose words it speaks, so that "(fill in <conn.names>: ...)"
        // points a Libreswan step at `ipsec status`, not at swanctl, when the host's is unknown.
        var out: [(line: String, stack: String?)] = []
        let stroke = StrokeCommands.isStrokeHost(facts)
        if let impl {
            out += (remedies[impl] ?? []).map { ($0, nil) }
            // Openswan and Libreswan share ipsec.conf and most commands.
            if remedies[impl] == nil, impl == Implementation.openswan.rawValue {
                out += (remedies[Implementation.libreswan.rawValue] ?? []).map { ($0, nil) }
            }
        } else {
            let common = commonness.map(\.rawValue)
            let candidates = installed.isEmpty
                ? commonness.filter { os == nil || $0.platform.rawValue == os }.map(\.rawValue)
                : common.filter { installed.contains($0) } + installed.filter { !common.contains($0) }
            let offered = candidates.filter { remedies[$0] != nil }
            for key in offered {
                // Labelled only when there is a choice to make.
                out += remedies[key]!.map { (offered.count > 1 ? "(\(StackKey.label(key))) \($0)" : $0, key) }
            }
        }
        if let os {
            out += (remedies[os] ?? []).map { ($0, nil) }
        } else if impl == nil {
            for p in Platform.allCases { out += (remedies[p.rawValue] ?? []).map { ("(\(p.label)) \($0)", nil) } }
        }
        out += (remedies[StackKey.any] ?? []).map { ($0, nil) }
        // A stroke host's steps in ipsec(8)'s words, the platform's and common ones too.
        if stroke { out = out.compactMap { l in StrokeCommands.translate(l.line).map { ($0, l.stack) } } }
        // A swanctl host's: without the ipsec.conf counterparts of its swanctl steps.
        else if StrokeCommands.isSwanctlHost(facts) { out = out.filter { !StrokeCommands.isStrokeOnly($0.line) } }
        // The other end is a road-warrior client whose error was read (Windows, iOS/macOS,
        // Android): what to change there, last, since the operator's own side comes first.
        if let client = facts.value("peer.client_os").flatMap({ ClientOS(rawValue: $0.description) }) {
            out += (remedies[client.remedyKey] ?? []).map { ("(\(client.label)) \($0)", nil) }
        }
        var seen = Set<String>()
        return out.flatMap { TemplateRenderer.commandsWithHints($0.line, facts, stack: $0.stack) }
            .filter { seen.insert(commandKey($0)).inserted }
    }

    /// What makes two remedy lines the same step: the command without its comment, label or hint.
    public static func commandKey(_ line: String) -> String {
        var s = Substring(line)
        if s.hasPrefix("("), let close = s.firstIndex(of: ")") { s = s[s.index(after: close)...] }
        if let hint = s.range(of: "   (fill in ") { s = s[..<hint.lowerBound] }
        if let comment = s.range(of: " #") { s = s[..<comment.lowerBound] }
        return s.split(whereSeparator: \.isWhitespace).joined(separator: " ").lowercased()
    }

    static func known(_ v: String?) -> String? {
        guard let v, !v.isEmpty, !Implementation.otherValues.contains(v), !Platform.otherValues.contains(v) else { return nil }
        return v
    }

    static func list(_ v: FactValue) -> [String] {
        if case let .list(items) = v { return items.map { $0.lowercased() } }
        return [v.description.lowercased()]
    }
}
