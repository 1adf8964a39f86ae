/// OpenBSD iked's messages (sbin/iked of OpenBSD 7.3/7.4, as openiked-portable's iked/ carries
/// it), with the event each means. The curated forms come first (the first match wins): the
/// default-level lines iked prints through formats the failure-format list cannot see — an SA
/// freed with its reason (policy.c sa_free: `log_info("%s: %s", SPI_SA(sa, __func__),
/// sa->sa_reason)`, the reasons set by ikev2_ike_sa_setreason in ikev2.c and ikev2_msg.c), the
/// retransmits and the established line — and the messages that name a notify without meaning
/// it (ignored or unencrypted notifies), which the notify signatures of IkedLogParser would
/// otherwise claim. Then one entry per event row of Tests/Fixtures/messages/iked-failure-formats.tsv.
public enum IkedMessages {
    public static let all: [LogMessage] = curated + fromSources

    static let curated: [LogMessage] = [
        // --- successes and retransmits (log_info in ikev2.c ikev2_log_established, ikev2_msg.c)
        LogMessage("spi=%s: established peer %s", "established_ike", .ike, "ikev2.c (ikev2_log_established)",
                   example: "spi=0x1a2b3c4d5e6f7a8b: established peer 198.51.100.1:500[FQDN/sun.example.org] local 192.0.2.1:500[FQDN/moon.example.org] policy 'vpn' as initiator (enc aes-256-gcm group curve25519 prf hmac-sha2-256)"),
        LogMessage("spi=%s: retransmit %d %s req %u peer %s local %s", "retransmit", .ike, "ikev2_msg.c (ikev2_msg_retransmit_timeout)",
                   example: "spi=0x1a2b3c4d5e6f7a8b: retransmit 1 IKE_SA_INIT req 0 peer 198.51.100.1:500 local 192.0.2.1:500"),
        // --- an SA freed, with its reason (log_info, printed at the default level)
        LogMessage("spi=%s: sa_free: retransmit limit reached", "no_response", .ike, "policy.c sa_free; ikev2_msg.c"),
        LogMessage("spi=%s: sa_free: SA_INIT timeout", "no_response", .ike, "policy.c sa_free; ikev2.c ikev2_init_ike_sa_timeout"),
        LogMessage("spi=%s: sa_free: authentication failed notification from peer", "auth_failed", .ike, "policy.c sa_free; ikev2.c"),
        LogMessage("spi=%s: sa_free: authentication failed", "auth_failed", .ike, "policy.c sa_free; ikev2.c"),
        LogMessage("spi=%s: sa_free: IKE_AUTH failed", "auth_failed", .ike, "policy.c sa_free; ikev2.c"),
        LogMessage("spi=%s: sa_free: EAP failed", "eap_failed", .ike, "policy.c sa_free; ikev2.c"),
        LogMessage("spi=%s: sa_free: no proposal chosen (IKE SA)", "no_proposal_chosen", .ike, "policy.c sa_free; ikev2.c"),
        LogMessage("spi=%s: sa_free: no proposal chosen (CHILD SA)", "no_proposal_chosen", .child, "policy.c sa_free; ikev2.c"),
        LogMessage("spi=%s: sa_free: no proposal chosen", "no_proposal_chosen", .context, "policy.c sa_free; ikev2.c"),
        LogMessage("spi=%s: sa_free: unable to select DH group", "no_proposal_chosen", .ike, "policy.c sa_free; ikev2.c"),
        LogMessage("spi=%s: sa_free: unsupported group in INVALID_KE message", "invalid_ke", .ike, "policy.c sa_free; ikev2.c"),
        LogMessage("spi=%s: sa_free: received invalid KE as responder", "invalid_ke", .ike, "policy.c sa_free; ikev2.c"),
        LogMessage("spi=%s: sa_free: failed to send CREATE_CHILD_SA", "child_failed", .child, "policy.c sa_free; ikev2.c"),
        // every other reason (closed, received delete, SA rekeyed, reload, timeout of a
        // responder's unfinished SA, ...) is bookkeeping
        LogMessage("spi=%s: sa_free: %s", "informational", .ike, "policy.c sa_free"),
        // --- notifies named but not meant (ikev2_pld.c): ~ignored / ~malformed in the fixture
        LogMessage("ikev2_pld_notify: ignoring AUTHENTICATION_FAILED from %s", "informational", .ike, "ikev2_pld.c"),
        LogMessage("ikev2_pld_notify: %s not encrypted", "informational", .ike, "ikev2_pld.c"),
        // the retransmit timer's send error (log_warn): its errno decides; "retransmit" in the
        // function's name is not a retransmit
        LogMessage("ikev2_msg_retransmit_timeout: sendtofrom: Operation not permitted", "send_not_permitted", .ike, "ikev2_msg.c"),
    ]

    public static let catalogue = MessageCatalogue(all)
}
