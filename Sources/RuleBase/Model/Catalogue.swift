/// The diagnosis IDs fixed by the outside contract (docs/CONTRACT.md). Their names never change;
/// `rules check` makes sure each has an article and at least one rule.
public enum Catalogue {
    public static let contractIDs: [String] = [
        "ike.daemon-not-running", "ike.local-firewall-blocks-ike", "ike.no-response", "ike.peer-unreachable",
        "ike.version-mismatch", "ike.proposal-mismatch", "ike.auth-failed-psk", "ike.id-mismatch",
        "ike.half-open", "ike.rekey-storm",
        "child.proposal-mismatch", "child.ts-mismatch", "child.not-triggered", "child.leftsubnets-asymmetric",
        "esp.local-firewall-blocks-esp", "esp.no-inbound", "esp.unknown-spi", "esp.no-policy", "esp.no-sa",
        "esp.integrity-failure", "mtu.esp-fragmentation",
        "nat.masquerade-before-ipsec", "fw.forward-blocked", "system.ip-forwarding-disabled",
        "system.kernel-no-esp", "policy.traffic-not-matching",
        // Added after the first contract (shared/CONTRACT.md "Added in ..." sections).
        "cert.untrusted", "cert.expired", "cert.id-not-in-cert", "cert.no-private-key", "cert.revocation-failed",
        "ike.eap-failed", "ike.psk-not-found", "ike.exchange-mode-mismatch", "ike.no-config-for-address",
        "ike.auth-method-mismatch", "ike.xauth-failed", "ike.not-authorized", "system.plugin-missing",
        "child.sa-install-failed",
    ]
}
