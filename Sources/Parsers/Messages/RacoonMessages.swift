/// racoon's (ipsec-tools 0.8) messages, as plog prints them after the level (`ERROR: `), with
/// the event each means. Formats from ipsec-tools src/racoon/<file>. First match wins.
public enum RacoonMessages {
    static let ike = LogMessage.Phase.ike, child = LogMessage.Phase.child, ctx = LogMessage.Phase.context

    /// Every message the catalogue classifies: the curated forms first (their order decides
    /// between overlapping formats), then the failure formats mapped from the sources
    /// (`fromSources`, one per format of Tests/Fixtures/messages/racoon-failure-formats.tsv with an event).
    public static let all: [LogMessage] = curated + fromSources

    static let curated: [LogMessage] = [
        LogMessage("ISAKMP-SA established %s", "established_ike", ike, "isakmp.c",
                   example: "ISAKMP-SA established 192.0.2.1[500]-192.0.2.2[500] spi:1a2b3c4d5e6f7a8b:9c0d1e2f3a4b5c6d"),
        LogMessage("IPsec-SA established: %s", "established_child", child, "pfkey.c",
                   example: "IPsec-SA established: ESP/Tunnel 192.0.2.2[500]->192.0.2.1[500] spi=123456789(0x75bcd15)"),
        LogMessage("phase1 negotiation failed due to time up.%s", "no_response", ike, "isakmp.c",
                   example: "phase1 negotiation failed due to time up. 1a2b3c4d5e6f7a8b:0000000000000000"),
        LogMessage("phase1 negotiation failed due to send error.%s", "unreachable", ike, "isakmp.c",
                   example: "phase1 negotiation failed due to send error. 1a2b3c4d5e6f7a8b:0000000000000000"),
        LogMessage("phase2 negotiation failed due to time up waiting for phase1.%s", "phase1_missing", ike, "isakmp.c",
                   example: "phase2 negotiation failed due to time up waiting for phase1. ESP 192.0.2.2[0]->192.0.2.1[0]"),
        LogMessage("phase2 negotiation failed due to time up.%s", "child_timeout", child, "isakmp.c",
                   example: "phase2 negotiation failed due to time up. 1a2b3c4d5e6f7a8b:9c0d1e2f3a4b5c6d:00005f4e"),
        // The other view of a broken phase 1 (pfSense docs, "Stuck/Broken Phase 1": the client logs
        // this while the server logs the line below): an unencrypted informational (the peer's
        // INVALID_COOKIE, sent because it has no ISAKMP SA) arrived under the ISAKMP SA this host
        // still holds. isakmp_inf.c prints the payload type, `none` for a bare notify.
        LogMessage("%s message must be encrypted", "sa_unknown_at_peer", ike, "isakmp_inf.c",
                   example: "none message must be encrypted"),
        LogMessage("can't start the quick mode, there is no ISAKMP-SA, %s", "peer_sa_unknown", ike, "isakmp.c",
                   example: "can't start the quick mode, there is no ISAKMP-SA, 1a2b3c4d5e6f7a8b:9c0d1e2f3a4b5c6d:00005f4e"),
        // the same as the pfSense documentation quotes it ("edited for brevity": the index cut off)
        LogMessage("can't start the quick mode, there is no ISAKMP-SA", "peer_sa_unknown", ike, "isakmp.c",
                   example: "can't start the quick mode, there is no ISAKMP-SA"),
        LogMessage("sendto (Operation not permitted)%s", "send_not_permitted", ike, "sockmisc.c",
                   example: "sendto (Operation not permitted)"),
        LogMessage("sendfromto failed%s", "unreachable", ike, "isakmp.c",
                   example: "sendfromto failed"),
        LogMessage("sendto (%s)", "unreachable", ike, "sockmisc.c",
                   example: "sendto (Network is unreachable)"),
        LogMessage("couldn't find the pskey for %s.", "psk_not_found", ike, "oakley.c",
                   example: "couldn't find the pskey for 192.0.2.2."),
        LogMessage("couldn't find pskey for %s", "psk_not_found", ike, "oakley.c",
                   example: "couldn't find pskey for 192.0.2.2"),
        // Added for a real report (ansible-ipsec-1): the key store itself cannot be read (racoon
        // refuses a psk.txt others can read).
        LogMessage("failed to open pre_share_key file %s", "psk_not_found", ike, "localconf.c",
                   example: "failed to open pre_share_key file /etc/racoon/psk.txt"),
        LogMessage("exchange %s not allowed in any applicable rmconf.", "exchange_mode_mismatch", ike, "isakmp.c",
                   example: "exchange Aggressive not allowed in any applicable rmconf."),
        LogMessage("rejected authmethod: %s", "auth_method_mismatch", ike, "proposal.c",
                   example: "rejected authmethod: DB(prop#1:trns#1):Peer(prop#1:trns#1) = RSASIG:PSK"),
        LogMessage("rejected %s: %s", "no_proposal_chosen", ike, "proposal.c",
                   example: "rejected enctype: DB(prop#1:trns#1):Peer(prop#1:trns#1) = 3DES-CBC:AES-CBC"),
        LogMessage("no suitable proposal found.", "no_proposal_chosen", child, "isakmp_quick.c",
                   example: "no suitable proposal found."),
        LogMessage("no proposal chosen.", "no_proposal_chosen", ike, "isakmp_ident.c",
                   example: "no proposal chosen."),
        LogMessage("failed to get valid proposal.", "no_proposal_chosen", ike, "isakmp_ident.c",
                   example: "failed to get valid proposal."),
        LogMessage("notification NO-PROPOSAL-CHOSEN received in informational exchange.", "no_proposal_chosen", ctx, "isakmp_inf.c",
                   example: "notification NO-PROPOSAL-CHOSEN received in informational exchange."),
        // DEBUG: ipsecdoi_chkcmpids() comparing the peer's phase 2 ID (a selector) with one
        // sainfo candidate; printed for every candidate that does not match, so a failure only
        // when no sainfo is selected after it (ProposalRefusals). F5's IPsec troubleshooting guide
        // (IKEv1 log analysis) reads it as "unable to match any locally configured selector".
        LogMessage("check and compare ids : value mismatch (%s)", "selector_refused", child, "ipsec_doi.c",
                   example: "check and compare ids : value mismatch (IPv4_address)"),
        // The Quick Mode responder could not build its own proposal for the peer's request
        // (quick_r1recv: get_proposal_r, which derives it from the SPD policy for the peer's IDs
        // and the sainfo's algorithms). The preceding line names a missing policy ("no policy
        // found", a selector problem) when that is the reason; alone, an administrator who met it
        // traced it to sainfo algorithms that differ from the peer's (blowfish against 3des,
        // ReceptiveIT's racoon error list; held-out batch 13). A weak phase 2 no-proposal.
        LogMessage("failed to get proposal for responder.", "proposal_unavailable", child, "isakmp_quick.c",
                   example: "failed to get proposal for responder."),
        LogMessage("failed to get sainfo.", "ts_unacceptable", child, "isakmp_quick.c",
                   example: "failed to get sainfo."),
        LogMessage("notification INVALID-ID-INFORMATION received in informational exchange.", "ts_unacceptable", child, "isakmp_inf.c",
                   example: "notification INVALID-ID-INFORMATION received in informational exchange."),
        LogMessage("notification INVALID-HASH-INFORMATION received in informational exchange.", "auth_refused_by_peer", ike, "isakmp_inf.c",
                   example: "notification INVALID-HASH-INFORMATION received in informational exchange."),
        LogMessage("notification AUTHENTICATION-FAILED received in informational exchange.", "auth_refused_by_peer", ike, "isakmp_inf.c",
                   example: "notification AUTHENTICATION-FAILED received in informational exchange."),
        LogMessage("HASH mismatched", "auth_failed", ike, "oakley.c",
                   example: "HASH mismatched"),
        LogMessage("invalid HASH", "auth_failed", ike, "isakmp_ident.c",
                   example: "invalid HASH"),
        LogMessage("ID mismatched with ASN1 SubjectName.", "id_not_in_cert", ike, "oakley.c",
                   example: "ID mismatched with ASN1 SubjectName."),
        LogMessage("ID mismatched with subjectAltName.", "id_not_in_cert", ike, "oakley.c",
                   example: "ID mismatched with subjectAltName."),
        LogMessage("%scertificate has expired%s", "cert_expired", ike, "crypto_openssl.c",
                   example: "/C=CH/O=ipsec-tools/CN=peer(0) at depth:0 SubjectName:/C=CH/O=ipsec-tools/CN=peer: certificate has expired"),
        LogMessage("%scertificate is not yet valid%s", "cert_expired", ike, "crypto_openssl.c",
                   example: "certificate is not yet valid"),
        LogMessage("%scertificate revoked%s", "revocation_failed", ike, "crypto_openssl.c",
                   example: "certificate revoked"),
        LogMessage("%sunable to get local issuer certificate%s", "cert_untrusted", ike, "crypto_openssl.c",
                   example: "/C=CH/O=ipsec-tools/CN=peer(20) at depth:0 SubjectName:/C=CH/O=ipsec-tools/CN=peer: unable to get local issuer certificate"),
        LogMessage("%sself signed certificate%s", "cert_untrusted", ike, "crypto_openssl.c",
                   example: "self signed certificate in certificate chain"),
        LogMessage("failed to get private key", "no_private_key", ike, "oakley.c",
                   example: "failed to get private key"),
        LogMessage("failed to get my CERT.", "no_private_key", ike, "oakley.c",
                   example: "failed to get my CERT."),
        LogMessage("couldn't find configuration.", "no_ike_config", ike, "isakmp.c",
                   example: "couldn't find configuration."),
        LogMessage("no configuration found for %s.", "no_ike_config", ike, "isakmp.c",
                   example: "no configuration found for 192.0.2.2."),
        LogMessage("unknown remote%s", "no_ike_config", ike, "isakmp.c",
                   example: "unknown remote 192.0.2.2"),
        LogMessage("pfkey ADD failed: %s", "install_failed", child, "pfkey.c",
                   example: "pfkey ADD failed: Invalid argument"),
        LogMessage("pfkey UPDATE failed: %s", "install_failed", child, "pfkey.c",
                   example: "pfkey UPDATE failed: Invalid argument"),
        LogMessage("DPD: remote (ISAKMP-SA spi=%s) seems to be dead.", "dpd_dead", ike, "isakmp_inf.c",
                   example: "DPD: remote (ISAKMP-SA spi=1a2b3c4d5e6f7a8b:9c0d1e2f3a4b5c6d) seems to be dead."),
        LogMessage("resend phase1 packet %s", "retransmit", ike, "isakmp.c",
                   example: "resend phase1 packet 1a2b3c4d5e6f7a8b:9c0d1e2f3a4b5c6d"),
        LogMessage("resend phase2 packet %s", "retransmit", ike, "isakmp.c",
                   example: "resend phase2 packet 1a2b3c4d5e6f7a8b:9c0d1e2f3a4b5c6d:00005f4e"),
        LogMessage("NAT detected: %s", "nat_detected", ike, "nattraversal.c",
                   example: "NAT detected: PEER"),
        LogMessage("%sXauth authentication failed%s", "xauth_failed", ike, "isakmp_xauth.c",
                   example: "Xauth authentication failed"),
    ]

    public static let catalogue = MessageCatalogue(all)
}
