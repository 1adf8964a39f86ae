import Facts

/// Fills `{fact.name}` in evidence and remedy lines with the fact's value; a placeholder whose
/// fact is unknown becomes `<fact.name>` so the operator sees what to fill in.
enum TemplateRenderer {
    static func render(_ template: String, _ facts: FactStore) -> String {
        var out = ""
        var rest = Substring(template)
        while let open = rest.firstIndex(of: "{"), let close = rest[open...].firstIndex(of: "}") {
            out += rest[..<open]
            let name = String(rest[rest.index(after: open)..<close])
            if name.contains(" ") || name.isEmpty {
                out += rest[open...close]
            } else if let value = facts.value(name) {
                if case let .list(items) = value { out += items.joined(separator: ", ") } else { out += value.description }
            } else {
                out += "<\(name)>"
            }
            rest = rest[rest.index(after: close)...]
        }
        return out + rest
    }

    /// "log.ike.auth_failed = true (log /var/log/charon.log:42: 09[IKE] received AUTHENTICATION_FAILED ...)"
    static func evidenceLine(_ fact: Fact) -> String {
        let sources = fact.provenance.prefix(2).map(\.description).joined(separator: "; ")
        return sources.isEmpty ? "\(fact.name) = \(fact.value)" : "\(fact.name) = \(fact.value) — \(sources)"
    }
}
