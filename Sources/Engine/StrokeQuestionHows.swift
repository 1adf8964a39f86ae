/// The wizard's "how to find out" texts for strongSwan, on a host run by starter (ipsec.conf,
/// ipsec.secrets, `ipsec statusall`; ike.strongswan_frontend = stroke). Most read right after
/// `StrokeCommands.translate`; those that name swanctl.conf settings or `--list-*` output that
/// `ipsec statusall` prints otherwise are written here whole, in ipsec.conf(5) and ipsec(8) words.
/// WizardStrokeTests checks that no strongSwan question says swanctl on a stroke host.
extension StrokeCommands {
    static let questionHows: [String: String] = [
        "swanctl --list-conns (IKEv1/IKEv2 after the name); version = in swanctl.conf":
            "ipsec statusall (IKEv1/IKEv2 after the conn name); keyexchange= of the conn in /etc/ipsec.conf",
        "start_action = in the children section of swanctl.conf (or auto= in ipsec.conf)":
            "auto= of the conn in /etc/ipsec.conf (route: on traffic, start: at once, add: waits for the peer)",
        "auth = in the local { } section of swanctl.conf":
            "authby= (or leftauth=) of the conn in /etc/ipsec.conf",
        "grep -E 'rekey_time|rand_time|over_time' /etc/swanctl/swanctl.conf /etc/swanctl/conf.d/*":
            "grep -E 'ikelifetime|keylife|lifetime|margintime|rekeymargin|rekeyfuzz' /etc/ipsec.conf",
        "grep -nE '(left|right)subnet=.*,' /etc/ipsec.conf (several subnets in one child are fine in swanctl)":
            "grep -nE '(left|right)subnet=.*,' /etc/ipsec.conf (strongSwan keeps several subnets in one CHILD_SA)",
        "the secret is in the secrets { ike-... { secret = ... } } block of /etc/swanctl/swanctl.conf (or conf.d)":
            "the secret is a `<ids> : PSK \"...\"` line of /etc/ipsec.secrets (then ipsec rereadsecrets)",
        "swanctl --list-conns: is local_ts a network (10.1.0.0/24) rather than the gateway's /32?":
            "ipsec statusall: is the conn's local subnet (left of ===) a network (10.1.0.0/24) rather than the gateway's /32?",
        "swanctl --list-conns | grep -c '^[^ ]'":
            "grep -c '^conn ' /etc/ipsec.conf (conn %default is none)",
        "swanctl --list-conns (proposals and esp_proposals) on both sides":
            "ike= and esp= of the conn in /etc/ipsec.conf on both sides",
        "look for sha256_96 in esp_proposals on either side":
            "look for sha256_96 in esp= of the conn in /etc/ipsec.conf on either side",
        "swanctl --list-pols: entries marked TRAP":
            "ipsec statusall: the conn under 'Routed Connections:' (ROUTED)",
        "swanctl --list-sas: the bytes on the 'in' line of the CHILD_SA":
            "ipsec statusall: bytes_i on the CHILD_SA's line (NAME{n}: ..., N bytes_i)",
        "swanctl --list-sas: the 'out' line, bytes_o":
            "ipsec statusall: bytes_o on the CHILD_SA's line (NAME{n}: ..., N bytes_o)",
        "on the peer: systemctl status strongswan; swanctl --stats":
            "on the peer: systemctl status strongswan-starter; ipsec statusall",
    ]

    /// A question's strongSwan `how` for a stroke host.
    public static func translateHow(_ how: String) -> String {
        questionHows[how] ?? translate(how) ?? how
    }
}
