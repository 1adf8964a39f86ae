import Foundation
import Facts
import RuleBase

/// Fills `{fact.name}` in evidence and remedy lines with the fact's value.
///
/// Remedies (`withHints`, `commandsWithHints`): a placeholder whose fact is unknown becomes
/// `<fact.name>` and the line ends with how to find the value out, so the operator is never left
/// with a blank to guess and can paste the command once it is filled in.
///
/// Evidence (`renderEvidence`) says what the snapshot holds, so it never shows a raw
/// `<fact.name>`: a line none of whose placeholders is known is dropped (it would report nothing
/// the snapshot holds); in a line with some known, each unknown one reads `unknownInEvidence`
/// ("this side: local (not in the evidence given), remote 10.2.0.0/24"). Rule authors keep what a
/// log line proves apart from a value that may be unknown (two evidence lines, not one).
public enum TemplateRenderer {
    /// Short names the rule texts may use for the facts an operator types most (`{peer}`).
    public static let aliases = Placeholders.aliases

    public static func render(_ template: String, _ facts: FactStore) -> String {
        fill(template, facts).text
    }

    /// What an unknown placeholder reads in an evidence line beside known ones.
    public static let unknownInEvidence = "(not in the evidence given)"

    /// An evidence line: nil when it has placeholders and none is known, otherwise the text with
    /// each unknown placeholder in words (`unknownInEvidence`), never `<fact.name>`.
    public static func renderEvidence(_ template: String, _ facts: FactStore) -> String? {
        let written = Set(segments(of: template).compactMap { if case let .placeholder(w, _) = $0 { w } else { nil } })
        let (text, missing) = fill(template, facts, unknown: { _ in unknownInEvidence })
        if !written.isEmpty && missing.count == written.count { return nil }
        return text
    }

    /// The text, plus "(fill in <x>: how to find it)" for each placeholder nobody knows.
    public static func withHints(_ template: String, _ facts: FactStore) -> String {
        withHints(template, facts, setting: nil)
    }

    /// `withHints` with one placeholder (as written) given a value of its own: one line of a
    /// remedy expanded per list item.
    /// `stack`: the implementation whose remedy line this is, when the host's own is unknown
    /// (a labelled "(Libreswan) ..." step among others).
    static func withHints(_ template: String, _ facts: FactStore, setting fixed: (written: String, value: String)?,
                          stack: String? = nil) -> String {
        let (text, missing) = fill(template, facts, setting: fixed)
        guard !missing.isEmpty else { return text }
        var impl = facts.value("ike.implementation")?.description.lowercased() ?? stack
        if StrokeCommands.isStrokeHost(facts) { impl = "strongswan-stroke" }
        let hints = missing.map { "<\($0)>: \(hint(for: $0, implementation: impl))" }
        return text + "   (fill in " + hints.joined(separator: "; ") + ")"
    }

    /// A remedy line once per value of its first placeholder that holds several: "swanctl
    /// --initiate --child lab, rw" is no command, "--child lab" and "--child rw" are. Past
    /// `limit` values one more line names the rest, so 24 children do not make 24 steps.
    public static func commandsWithHints(_ template: String, _ facts: FactStore, limit: Int = 3, stack: String? = nil) -> [String] {
        guard let (written, items) = firstListPlaceholder(in: template, facts), items.count > 1 else {
            return [withHints(template, facts, setting: nil, stack: stack)]
        }
        var lines = items.prefix(limit).map { withHints(template, facts, setting: (written, $0), stack: stack) }
        if items.count > limit {
            let rest = items.dropFirst(limit)
            let named = rest.prefix(8).joined(separator: ", ") + (rest.count > 8 ? " and \(rest.count - 8) more" : "")
            lines.append("the same for the other \(rest.count) of \(written): \(named)")
        }
        return lines
    }

    /// The first placeholder whose fact is a list of two or more values, as written and its values.
    static func firstListPlaceholder(in template: String, _ facts: FactStore) -> (String, [String])? {
        for case let .placeholder(written, name) in segments(of: template) {
            if case let .list(items)? = facts.value(name), items.count > 1 { return (written, items) }
        }
        return nil
    }

    /// The names of the placeholders in a template, aliases resolved.
    public static func placeholders(in template: String) -> [String] { Placeholders.names(in: template) }

    /// The template with each known placeholder's value; `unknown` writes the others
    /// (`<written>` for remedies), which `missing` lists once each, as written.
    static func fill(_ template: String, _ facts: FactStore,
                     setting fixed: (written: String, value: String)? = nil,
                     unknown: (String) -> String = { "<\($0)>" }) -> (text: String, missing: [String]) {
        var out = ""
        var missing: [String] = []
        for segment in segments(of: template) {
            switch segment {
            case let .text(text):
                out += text
            case let .placeholder(written, _) where written == fixed?.written:
                out += fixed!.value
            case let .placeholder(written, name):
                if let value = facts.value(name) {
                    if case let .list(items) = value { out += items.joined(separator: ", ") } else { out += value.description }
                } else {
                    out += unknown(written)
                    if !missing.contains(written) { missing.append(written) }
                }
            }
        }
        return (out, missing)
    }

    /// The one scan of a template into text and placeholders (RuleBase's, so `rules check`
    /// reads placeholders as the renderer does).
    typealias Segment = Placeholders.Segment
    static func segments(of template: String) -> [Segment] { Placeholders.segments(of: template) }

    /// Where the operator finds a value no probe gave, in the words of the stack in use.
    /// `strongswan-stroke`: strongSwan driven by starter (ipsec.conf), where stroke names each
    /// CHILD SA after its conn (`NAME{n}:` in `ipsec statusall`).
    static func hint(for written: String, implementation impl: String?) -> String {
        let name = aliases[written] ?? written
        let libreswan = impl == "libreswan" || impl == "openswan"
        if impl == "strongswan-stroke" {
            switch name {
            case "conn.names", "conn.child_names":
                return "the conn name in /etc/ipsec.conf (`conn NAME`), as `ipsec statusall` lists it"
            case "conn.remote_addrs": return "the peer's address, right= of the conn in /etc/ipsec.conf"
            case "conn.local_addrs": return "this gateway's address, left= of the conn in /etc/ipsec.conf"
            case "conn.local_ts", "nat.masqueraded_local_ts", "fw.forward_blocked_local_ts":
                return "leftsubnet= of the conn in /etc/ipsec.conf (the `===` line of `ipsec statusall`, left of ===)"
            case "conn.remote_ts", "nat.masqueraded_remote_ts", "fw.forward_blocked_remote_ts":
                return "rightsubnet= of the conn in /etc/ipsec.conf (the `===` line of `ipsec statusall`, right of ===)"
            default: break
            }
        }
        if let h = otherDaemonHint(name, impl) { return h }
        switch name {
        case "conn.names":
            return libreswan ? "the connection name, shown in quotes by `ipsec status`"
                : impl == "strongswan" || impl == nil ? "the connection name, before the colon in `swanctl --list-conns`"
                : "the tunnel's name in the daemon's configuration"
        case "conn.child_names":
            return libreswan ? "the conn name (Libreswan's children are the conn itself, or its `NAME/1x0` instances in `ipsec status`)"
                : "the CHILD SA's name, under `children:` in `swanctl --list-conns`"
        case "conn.remote_addrs":
            return libreswan ? "the peer's address, right= in /etc/ipsec.conf or `ipsec status`"
                : impl == "strongswan" || impl == nil ? "the peer's address, on the `remote:` line of `swanctl --list-conns`"
                : "the peer gateway's public address in the daemon's configuration"
        case "conn.local_addrs":
            return libreswan ? "this gateway's address, left= in /etc/ipsec.conf" : "this gateway's outside address (`ip -o addr`)"
        case "conn.local_ts", "conn.remote_ts", "nat.masqueraded_local_ts", "nat.masqueraded_remote_ts",
             "fw.forward_blocked_local_ts", "fw.forward_blocked_remote_ts":
            let side = name.hasSuffix("local_ts") ? "local" : "remote"
            return libreswan ? "the \(side == "local" ? "leftsubnet" : "rightsubnet")= of the connection"
                : "the child's `\(side):` subnet in `swanctl --list-conns`"
        default:
            return "`ipsec-doctor rules facts` says what \(name) is"
        }
    }

    /// racoon, OpenBSD (iked, isakmpd) and illumos in.iked: where their own files name the
    /// tunnel's selectors and peer (racoon.conf(5), setkey(8), iked.conf(5), ipsec.conf(5) of
    /// OpenBSD, ipsecconf(8) and ike.config(5) of illumos).
    static func otherDaemonHint(_ name: String, _ impl: String?) -> String? {
        let side: String? = name.hasSuffix("local_ts") ? "local" : name.hasSuffix("remote_ts") ? "remote" : nil
        switch (impl, name) {
        case ("racoon", _) where side != nil:
            return "the \(side!) subnet of the `sainfo address A any address B any` in racoon.conf, or of the `spdadd` in setkey.conf (`setkey -DP`)"
        case ("racoon", "conn.remote_addrs"): return "the peer's address, `remote ADDRESS` in racoon.conf"
        case ("iked", _) where side != nil, ("isakmpd", _) where side != nil:
            return "the `\(side == "local" ? "from" : "to")` network of the policy in \(impl == "iked" ? "/etc/iked.conf" : "/etc/ipsec.conf") (`ipsecctl -sf` lists the flows)"
        case ("iked", "conn.remote_addrs"), ("isakmpd", "conn.remote_addrs"):
            return "the `peer` address of the policy in \(impl == "iked" ? "/etc/iked.conf" : "/etc/ipsec.conf")"
        case ("in.iked", _) where side != nil:
            return "the \(side == "local" ? "laddr" : "raddr") of the tunnel's entry in /etc/inet/ipsecinit.conf (`ipsecconf` lists it)"
        case ("in.iked", "conn.remote_addrs"): return "the peer's address, remote_addr of the rule in /etc/inet/ike/config"
        default: return nil
        }
    }

    /// "log.ike.auth_failed = true (log /var/log/charon.log:42: 09[IKE] received AUTHENTICATION_FAILED ...)"
    static func evidenceLine(_ fact: Fact) -> String {
        let sources = fact.provenance.prefix(2).map(\.description).joined(separator: "; ")
        return sources.isEmpty ? "\(fact.name) = \(fact.value)" : "\(fact.name) = \(fact.value) — \(sources)"
    }
}
