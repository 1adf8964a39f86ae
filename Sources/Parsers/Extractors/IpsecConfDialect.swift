import Facts

/// strongSwan's starter (stroke) and Libreswan/Openswan both read an `ipsec.conf` with
/// `config setup` and `conn` sections, so the file alone does not name the daemon. Their
/// keywords differ, though: this tells them apart by the keywords only one of them knows
/// (strongSwan ipsec.conf(5) vs Libreswan ipsec.conf(5)). Keywords both accept (left, right,
/// auto, ike, esp, authby, keyexchange ...) decide nothing.
enum IpsecConfDialect {
    static let strongswanOnly: Set<String> = [
        "charondebug", "strictcrlpolicy", "cachecrls", "charonstart", "plutostart", "reauth", "closeaction",
        "eap_identity", "aaa_identity", "leftauth2", "rightauth2", "leftsendcert", "rightsendcert", "leftfirewall",
        "rightfirewall", "lefthostaccess", "righthostaccess", "forceencaps", "installpolicy", "margintime",
        "inactivity", "leftgroups", "rightgroups", "leftsigkey",
        "rightsigkey", "mark_in", "mark_out", "ikedscp", "leftallowany", "rightallowany", "xauth_identity",
        "lefthostaccess", "mediation", "mediated_by", "me_peerid", "tfc", "replay_window", "aggressive",
    ]
    static let libreswanOnly: Set<String> = [
        "protostack", "plutodebug", "nat_traversal", "virtual_private", "virtual-private", "ikev2", "leftrsasigkey",
        "rightrsasigkey", "pfs", "encapsulation", "leftxauthserver", "rightxauthserver", "leftxauthclient",
        "rightxauthclient", "logfile", "plutostderrlog", "nhelpers", "ipsec-interface", "leftmodecfgserver",
        "rightmodecfgclient", "phase2alg", "salifetime", "nic-offload", "dumpdir", "secretsfile",
        "ipsecdir", "nflog-all", "listen", "interfaces", "narrowing", "sha2-truncbug", "remote-peer-type",
    ]

    /// "strongswan" or "libreswan" when the keywords of the file's sections lean one way, else nil.
    static func implementation(of parsed: ParsedCollection) -> (String, [Provenance])? {
        var ss: [Provenance] = [], ls: [Provenance] = []
        for r in parsed.typed(LibreswanConfRecord.self, from: "libreswan-conf") {
            for key in r.record.settings.map(\.key) {
                if strongswanOnly.contains(key) { ss.append(r.provenance("\(key)= (a strongSwan keyword)")) }
                if libreswanOnly.contains(key) { ls.append(r.provenance("\(key)= (a Libreswan keyword)")) }
            }
        }
        if ss.count > ls.count { return ("strongswan", ss) }
        if ls.count > ss.count { return ("libreswan", ls) }
        return nil
    }
}
