/// What each gateway of a lab scenario must conclude, from its own view. The initiator (a) and
/// the responder (b) see different things: the responder's log usually names the cause, the
/// initiator often gets one bare notify. Shared by the live lab (LabTests) and, through the same
/// table, stated next to the captured fixtures (Tests/CLITests/LabSnapshotTests).
enum LabExpect: Sendable {
    /// The tunnel works from here: exit 0, verdict healthy, no problem finding.
    case healthy
    /// The fault is visible here: the first problem finding is one of these IDs (exit 1).
    case first(Set<String>)
    /// This side cannot see the fault (or sees only a symptom that several causes share): it
    /// may report healthy, inconclusive, one of the IDs named, or anything below
    /// `LabExpect.confident`, but never a confident diagnosis outside the set.
    case blind(Set<String>)

    static let confident = 0.7

    /// nil when the outcome is acceptable, else why not.
    func judge(first: String?, confidence: Double?, verdict: String?, exit: Int32) -> String? {
        switch self {
        case .healthy:
            if first == nil && verdict == "healthy" && exit == 0 { return nil }
            return "expected healthy (exit 0), got \(first ?? "no problem") verdict \(verdict ?? "?") exit \(exit)"
        case .first(let ids):
            if let f = first, ids.contains(f), verdict == "problem", exit == 1 { return nil }
            return "expected first problem in \(ids.sorted()) (exit 1), got \(first ?? "no problem") verdict \(verdict ?? "?") exit \(exit)"
        case .blind(let ids):
            guard let f = first else { return [0, 2].contains(exit) ? nil : "no problem finding but exit \(exit)" }
            if exit != 1 || verdict != "problem" { return "problem finding \(f) but verdict \(verdict ?? "?") exit \(exit)" }
            if ids.contains(f) || (confidence ?? 1) < LabExpect.confident { return nil }
            return "this side cannot tell the cause, yet it names \(f) at \(confidence ?? 1) (acceptable: \(ids.sorted()) or below \(LabExpect.confident))"
        }
    }
}

struct LabScenarioExpectation: Sendable {
    var a: LabExpect
    var b: LabExpect
    /// why each side may conclude what it does
    var why: String
}

enum LabExpectations {
    // The initiator of a PSK tunnel that gets AUTHENTICATION_FAILED cannot tell a wrong key from
    // a missing key, a refused identity or a peer that wants signatures: the responder sends the
    // same bare notify for each (strongSwan ike_auth.c). Any of these names a cause consistent
    // with a's view; the responder's log tells which.
    static let pskInitiatorRefused: Set<String> = ["ike.auth-failed-psk", "ike.id-mismatch", "ike.psk-not-found", "ike.auth-method-mismatch"]
    // The initiator of a certificate tunnel that gets AUTHENTICATION_FAILED: the peer refused our
    // certificate; only its log says whether for trust, validity, identity, revocation or policy.
    static let certInitiatorRefused: Set<String> = ["cert.untrusted", "cert.expired", "cert.id-not-in-cert", "cert.revocation-failed", "ike.not-authorized"]
    // NO_PROPOSAL_CHOSEN in answer to the first message: strongSwan sends it for unacceptable
    // proposals, for no IKE config matching the addresses, and for the other IKE version alike.
    static let noProposalFirstMessage: Set<String> = ["ike.proposal-mismatch", "ike.no-config-for-address", "ike.version-mismatch"]

    static let all: [String: LabScenarioExpectation] = [
        "healthy": .init(a: .healthy, b: .healthy, why: "a working tunnel"),
        "ikev1-healthy": .init(a: .healthy, b: .healthy, why: "a working IKEv1 tunnel"),
        "psk-mismatch": .init(a: .first(["ike.auth-failed-psk"]), b: .first(["ike.auth-failed-psk"]),
                              why: "a: AUTHENTICATION_FAILED on a PSK tunnel; b: MAC mismatched"),
        "ike-proposal-mismatch": .init(a: .first(["ike.proposal-mismatch"]), b: .first(["ike.proposal-mismatch"]),
                                       why: "a: NO_PROPOSAL_CHOSEN; b: received proposals unacceptable"),
        "esp-proposal-mismatch": .init(a: .first(["child.proposal-mismatch"]), b: .first(["child.proposal-mismatch"]),
                                       why: "a: NO_PROPOSAL_CHOSEN for the CHILD_SA; b: no acceptable proposal found"),
        "ts-mismatch": .init(a: .first(["child.ts-mismatch"]), b: .first(["child.ts-mismatch"]),
                             why: "a: TS_UNACCEPTABLE; b: traffic selectors unacceptable"),
        "peer-drops-ike": .init(a: .first(["ike.no-response"]), b: .first(["ike.local-firewall-blocks-ike"]),
                                why: "a: retransmits, no answer; b: its own INPUT rule drops UDP 500/4500"),
        "local-fw-drops-ike": .init(a: .first(["ike.local-firewall-blocks-ike"]), b: .blind([]),
                                    why: "a: OUTPUT rule and EPERM on send; b never receives anything"),
        "daemon-down": .init(a: .first(["ike.daemon-not-running"]), b: .blind([]),
                             why: "a: no charon; b is never contacted"),
        "id-mismatch": .init(a: .blind(pskInitiatorRefused), b: .first(["ike.id-mismatch"]),
                             why: "a: a bare AUTHENTICATION_FAILED; b: no matching peer config for the ID"),
        "ikev1-vs-ikev2": .init(a: .blind(noProposalFirstMessage), b: .first(["ike.version-mismatch"]),
                                why: "a (IKEv1): NO_PROPOSAL_CHOSEN error notify; b: an ID_PROT request with no IKEv1 config"),
        "on-demand-not-triggered": .init(a: .first(["child.not-triggered"]), b: .blind([]),
                                         why: "a: trap policy, no SA; b has nothing to see"),
        "masquerade": .init(a: .first(["nat.masquerade-before-ipsec"]), b: .blind([]),
                            why: "a: MASQUERADE ahead of the tunnel; b: an idle, healthy tunnel"),
        "no-inbound": .init(a: .first(["esp.no-inbound"]), b: .first(["ike.local-firewall-blocks-ike", "esp.local-firewall-blocks-esp"]),
                            why: "a: out counted, nothing in; b: its own INPUT rule drops UDP 4500 (ESP-in-UDP and IKE)"),
        "kernel-no-esp": .init(a: .first(["system.kernel-no-esp"]), b: .blind(["child.half-established"]),
                               why: "a: netlink refuses ESP; b: only a DELETE for the CHILD_SA"),
        "ip-forward-off": .init(a: .first(["system.ip-forwarding-disabled"]), b: .blind([]),
                                why: "a: forwarding off; b: an idle, healthy tunnel"),
        // certificates (keys and certificates made by lab.sh with strongSwan's pki at `up`)
        "cert-healthy": .init(a: .healthy, b: .healthy, why: "a working certificate tunnel"),
        "cert-untrusted-ca": .init(a: .first(["cert.untrusted"]), b: .first(["cert.untrusted"]),
                                   why: "a: AUTHENTICATION_FAILED to our certificate and a CERTREQ for an unknown CA; b: no issuer certificate found"),
        "cert-expired": .init(a: .blind(certInitiatorRefused), b: .first(["cert.expired"]),
                              why: "a: its certificate was refused; b: subject certificate invalid (valid until yesterday)"),
        "cert-not-yet-valid": .init(a: .blind(certInitiatorRefused), b: .first(["cert.expired"]),
                                    why: "a: refused; b: subject certificate invalid (valid from the day after tomorrow)"),
        "cert-id-not-in-cert": .init(a: .blind(certInitiatorRefused), b: .first(["cert.id-not-in-cert"]),
                                     why: "a: refused; b: a certificate for gw-other, and no trusted key for gw-a without a chain built"),
        "cert-no-private-key": .init(a: .first(["cert.no-private-key"]), b: .first(["ike.half-open"]),
                                     why: "a: no private key found; b: a half-open IKE_SA it responded to (SPI _r*), never followed up: the initiator's log names the cause"),
        "cert-revoked": .init(a: .blind(certInitiatorRefused), b: .first(["cert.revocation-failed"]),
                              why: "a: refused; b: certificate was revoked (CRL in x509crl)"),
        "cert-crl-fetch-failed": .init(a: .blind(certInitiatorRefused), b: .first(["cert.revocation-failed"]),
                                       why: "a: refused; b: crl fetching failed, RULE_CRL_VALIDATION FAILED under revocation = strict"),
        "cert-not-authorized": .init(a: .blind(certInitiatorRefused), b: .first(["ike.not-authorized"]),
                                     why: "a: refused; b: authenticated, then constraint check failed: not authenticated by the required CA"),
        // EAP and XAUTH
        "eap-healthy": .init(a: .healthy, b: .healthy, why: "a working EAP-MSCHAPv2 tunnel"),
        "eap-wrong-password": .init(a: .first(["ike.eap-failed"]), b: .first(["ike.eap-failed"]),
                                    why: "a: EAP-MS-CHAPv2 ERROR_AUTHENTICATION_FAILURE; b: verification failed"),
        "eap-method-unsupported": .init(a: .first(["ike.eap-failed", "system.plugin-missing"]), b: .first(["system.plugin-missing"]),
                                        why: "a: EAP_FAILURE right after the identity; b: loading EAP_MSCHAPV2 method failed (plugin not loaded)"),
        "xauth-wrong-password": .init(a: .first(["ike.xauth-failed"]), b: .first(["ike.xauth-failed"]),
                                      why: "a: XAuth authentication of 'alice' (myself) failed; b: none of the XAuth secrets matched"),
        // modes, keys, addresses
        "auth-method-mismatch": .init(a: .blind(pskInitiatorRefused), b: .first(["ike.auth-method-mismatch"]),
                                      why: "a: AUTHENTICATION_FAILED; b: constraint requires public key authentication, but pre-shared key was used"),
        "psk-not-found": .init(a: .blind(pskInitiatorRefused), b: .first(["ike.psk-not-found"]),
                               why: "a: AUTHENTICATION_FAILED; b: no shared key found"),
        "aggressive-vs-main": .init(a: .first(["ike.exchange-mode-mismatch"]), b: .first(["ike.exchange-mode-mismatch"]),
                                    why: "a: Aggressive Mode refused with AUTH_FAILED before any response; b: Aggressive Mode PSK disabled"),
        "no-config-for-address": .init(a: .blind(noProposalFirstMessage), b: .first(["ike.no-config-for-address"]),
                                       why: "a: NO_PROPOSAL_CHOSEN; b: no IKE config found for 192.0.2.2...192.0.2.1"),
        // EAP through RADIUS: a is an EAP-MD5 client, b's eap-radius asks FreeRADIUS in namespace r
        "radius-healthy": .init(a: .healthy, b: .healthy, why: "FreeRADIUS accepts alice: Login OK, RADIUS Access-Accept"),
        "radius-reject": .init(a: .first(["ike.eap-failed"]), b: .first(["ike.eap-failed"]),
                               why: "a: received EAP_FAILURE; b: received RADIUS Access-Reject, RADIUS authentication of 'alice@lab.test' failed"),
        "radius-wrong-secret": .init(a: .first(["ike.eap-failed"]), b: .first(["ike.eap-failed"]),
                                     why: "a: EAP_FAILURE after its EAP response was retransmitted; b: RADIUS Access-Request timed out (FreeRADIUS drops requests with a bad Message-Authenticator), initiating EAP_RADIUS method failed"),
        "radius-unreachable": .init(a: .first(["ike.eap-failed"]), b: .first(["ike.eap-failed"]),
                                    why: "a: EAP_FAILURE; b: receiving RADIUS message failed: Connection refused, initiating EAP_RADIUS method failed"),
        // virtual IPs
        "vip-no-pool": .init(a: .first(["ike.virtual-ip-failed"]), b: .first(["ike.virtual-ip-failed"]),
                             why: "a: received INTERNAL_ADDRESS_FAILURE notify, no CHILD_SA built; b: no virtual IP found for %any requested by 'gw-a.lab.test'"),
    ]
}
