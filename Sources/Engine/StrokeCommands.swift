import Foundation

/// strongSwan's swanctl commands in the form a host run by starter (ipsec.conf, ipsec.secrets,
/// the stroke socket) uses: strongSwan's ipsec(8) `up`, `down`, `update`, `rereadsecrets`,
/// `statusall`, `listcerts`, `listcrls`, `listcacerts`. The rules' strongSwan remedies are
/// written for swanctl; on a stroke host (`ike.strongswan_frontend = stroke`) RemedySelector
/// shows them with these commands. A line that already says what to do with stroke is kept.
enum StrokeCommands {
    /// Longest first: `--initiate --child NAME` before a bare `--initiate`.
    static let table: [(swanctl: String, stroke: String)] = [
        ("swanctl --initiate --child ", "ipsec up "),
        ("swanctl --initiate --ike ", "ipsec up "),
        ("swanctl --terminate --ike ", "ipsec down "),
        ("swanctl --load-conns", "ipsec update"),
        ("swanctl --load-all", "ipsec update"),
        ("swanctl --load-creds", "ipsec rereadsecrets"),
        ("swanctl --list-sas", "ipsec statusall"),
        ("swanctl --list-conns", "ipsec statusall"),
        ("swanctl --list-certs", "ipsec listcerts"),
        ("swanctl --list-crls", "ipsec listcrls"),
        ("swanctl --list-authorities", "ipsec listcacerts"),
    ]

    /// The line for a stroke host; nil for a step only swanctl.conf has (`swanctl: ...`), whose
    /// ipsec.conf counterpart the rules write beside it as `ipsec.conf (stroke): ...`.
    static func translate(_ line: String) -> String? {
        if line.hasPrefix("swanctl: "), !line.contains("stroke") { return nil }
        guard line.contains("swanctl --"), !line.contains("stroke") else { return line }
        var out = line
        for (from, to) in table { out = out.replacingOccurrences(of: from, with: to) }
        return out
    }
}
