import Facts
import Foundation

/// strongSwan's swanctl commands in the form a host run by starter (ipsec.conf, ipsec.secrets,
/// the stroke socket) uses: strongSwan's ipsec(8) `up`, `down`, `update`, `rereadsecrets`,
/// `statusall`, `listcerts`, `listcrls`, `listcacerts`, `listocsp`, `leases`, `listplugins`. The rules' strongSwan remedies are
/// written for swanctl; on a stroke host (`ike.strongswan_frontend = stroke`) RemedySelector
/// shows them with these commands. A line that already says what to do with stroke is kept.
public enum StrokeCommands {
    /// Longest first: `--initiate --child NAME` before a bare `--initiate`. Besides swanctl's
    /// commands: the credential folders (swanctl.conf(5) FILES: /etc/swanctl/x509 ...; ipsec.conf
    /// hosts keep them under /etc/ipsec.d, ipsec(8)), and the systemd unit: starter runs as
    /// `strongswan-starter` (Debian, Fedora; `strongswan` before 5.8), while `strongswan` is
    /// charon-systemd, swanctl's, which does not run on a stroke host, so its journal is empty.
    static let table: [(swanctl: String, stroke: String)] = [
        ("swanctl --initiate --child ", "ipsec up "),
        ("swanctl --initiate --ike ", "ipsec up "),
        ("swanctl --terminate --child ", "ipsec down "),
        ("swanctl --terminate --ike-id <unique id> --force", "ipsec down <conn>[<unique id>]"),
        ("swanctl --terminate --ike ", "ipsec down "),
        ("swanctl --load-conns", "ipsec update"),
        ("swanctl --load-all", "ipsec rereadall && ipsec update"),
        ("swanctl --load-creds", "ipsec rereadsecrets"),
        // strongswan.conf: starter's ipsec(8) has no command that makes charon reread it
        // (`ipsec reload` rereads ipsec.conf); a restart does, and restarts every tunnel.
        ("swanctl --reload-settings", "ipsec restart"),
        ("swanctl --list-sas", "ipsec statusall"),
        ("swanctl --list-conns", "ipsec statusall"),
        ("swanctl --rekey --child", "ipsec down <conn>{*} && ipsec up <conn>"),
        ("swanctl --list-pols", "ipsec statusall"),
        ("swanctl --list-certs", "ipsec listcerts"),
        ("swanctl --list-crls", "ipsec listcrls"),
        ("swanctl --list-ocsp", "ipsec listocsp"),
        ("swanctl --list-authorities", "ipsec listcacerts"),
        ("swanctl --list-pools --leases", "ipsec leases"),
        ("swanctl --stats | grep -A3 plugins", "ipsec listplugins"),
        ("swanctl --stats", "ipsec statusall"),
        ("/etc/swanctl/x509ca/", "/etc/ipsec.d/cacerts/"),
        ("/etc/swanctl/x509crl/", "/etc/ipsec.d/crls/"),
        ("/etc/swanctl/x509/", "/etc/ipsec.d/certs/"),
        ("/etc/swanctl/private/", "/etc/ipsec.d/private/"),
        ("systemctl start strongswan   # or strongswan-starter / strongswan-swanctl, per distribution",
         "systemctl start strongswan-starter   # starter and charon for ipsec.conf (the unit is strongswan before 5.8; or: ipsec start)"),
        ("journalctl -u strongswan ", "journalctl -u strongswan-starter "),
        // swanctl.conf's identity settings in ipsec.conf's words (ipsec.conf(5): leftid=, rightid=)
        ("local { id = ... }", "leftid="),
        ("remote { id = ... }", "rightid="),
        ("local { id = }", "leftid="),
        ("remote { id = }", "rightid="),
    ]

    /// Whether the facts describe strongSwan run by starter (ipsec.conf, `ipsec statusall`):
    /// the one test of "a stroke host" that remedies, hints, questions and articles share.
    public static func isStrokeHost(_ facts: FactStore) -> Bool {
        facts.value("ike.implementation")?.description.lowercased() == Implementation.strongswan.rawValue
            && facts.value("ike.strongswan_frontend")?.description == "stroke"
    }

    /// Whether the facts describe strongSwan driven by swanctl (swanctl.conf defines the
    /// connections, no ipsec.conf or `ipsec statusall` does): its fix list leaves out the
    /// `ipsec.conf (stroke): ...` counterparts the rules write beside swanctl's steps.
    public static func isSwanctlHost(_ facts: FactStore) -> Bool {
        facts.value("ike.implementation")?.description.lowercased() == Implementation.strongswan.rawValue
            && facts.value("ike.strongswan_frontend")?.description == "swanctl"
    }

    /// A rule's step that says what to do on a stroke host only.
    public static func isStrokeOnly(_ line: String) -> Bool { line.hasPrefix("ipsec.conf (stroke): ") }

    /// The line for a stroke host; nil for a step only swanctl.conf has (`swanctl: ...`), whose
    /// ipsec.conf counterpart the rules write beside it as `ipsec.conf (stroke): ...`.
    /// RemedyStrokeTests checks that no strongSwan remedy of the rule base says swanctl here.
    public static func translate(_ line: String) -> String? {
        if line.hasPrefix("swanctl: ") { return nil }
        if line.contains("(stroke)") { return line }
        var out = line
        for (from, to) in table { out = out.replacingOccurrences(of: from, with: to) }
        return out
    }
}
