import Facts
import RuleBase

/// Picks the remedies that speak the stack in use: the implementation's own (strongswan,
/// libreswan, racoon, isakmpd, ...), then the platform's (linux, openbsd, illumos), then `any`.
/// With the implementation unknown, every variant is shown, labelled.
enum RemedySelector {
    static func select(_ remedies: [String: [String]], facts: FactStore) -> [String] {
        let impl = facts.value("ike.implementation")?.description.lowercased()
        // Without a platform probe, the implementation says where we are.
        let os = facts.value("host.os")?.description.lowercased() ?? impl.flatMap { Implementation(rawValue: $0)?.platform.rawValue }
        var out: [String] = []
        var matched = false
        for key in [impl, os].compactMap({ $0 }) {
            if let list = remedies[key] { out += list; matched = true }
        }
        // Openswan and Libreswan share ipsec.conf and most commands.
        if !matched, impl == "openswan", let list = remedies["libreswan"] { out += list; matched = true }
        if !matched, impl == nil || impl == "none" || impl == "unknown" {
            for key in remedies.keys.sorted() where key != StackKey.any {
                out += remedies[key]!.map { "(\(StackKey.label(key))) \($0)" }
            }
        }
        out += remedies[StackKey.any] ?? []
        var seen = Set<String>()
        return out.map { TemplateRenderer.render($0, facts) }.filter { seen.insert($0).inserted }
    }
}
