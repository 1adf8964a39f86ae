/// OpenBSD isakmpd (IKEv1) failure formats mapped to events, one per format of
/// Tests/Fixtures/messages/isakmpd-failure-formats.tsv whose class is an event. The format strings
/// are isakmpd's own (log_print/log_error/log_errorx/log_verbose of OpenBSD's sbin/isakmpd as of
/// 2020-03-16; isakmpd writes the function's name into the format). The event is the decision
/// recorded in the fixture's third column, which MessageCoverageTests checks end to end.
/// IsakmpdLogParser tries these before its older signatures (notify names, `phase 1 done`).
public enum IsakmpdMessages {
    public static let all: [LogMessage] = fromSources

    static let fromSources: [LogMessage] = [
        LogMessage("exchange_add_certs: could not obtain cert for a type %d cert request", "certreq_unknown_ca", .ike, "exchange.c"),
        LogMessage("ike_auth_get_key: PEM_read_bio_RSAPrivateKey failed", "no_private_key", .ike, "ike_auth.c"),
        LogMessage("ike_auth_get_key: failed decoding key in \"%s\"", "no_private_key", .ike, "ike_auth.c"),
        LogMessage("ike_auth_get_key: failed opening \"%s\"", "no_private_key", .ike, "ike_auth.c"),
        LogMessage("ike_auth_get_key: failed reading %lu bytes from \"%s\"", "no_private_key", .ike, "ike_auth.c"),
        LogMessage("ike_auth_get_key: no key found for peer \"%s\" or local ID \"%s\"", "psk_not_found", .ike, "ike_auth.c"),
        LogMessage("rsa_sig_decode_hash: RSA_public_decrypt () failed", "auth_failed", .ike, "ike_auth.c"),
        LogMessage("rsa_sig_decode_hash: SIG payload length does not match public key", "auth_failed", .ike, "ike_auth.c"),
        LogMessage("rsa_sig_decode_hash: no CERT subject match the ID", "id_not_in_cert", .ike, "ike_auth.c"),
        LogMessage("rsa_sig_decode_hash: no public key found", "cert_untrusted", .ike, "ike_auth.c"),
        LogMessage("rsa_sig_decode_hash: received CERT can't be validated", "cert_untrusted", .ike, "ike_auth.c"),
        LogMessage("rsa_sig_encode_hash: RSA_private_encrypt () failed", "sign_failed", .ike, "ike_auth.c"),
        LogMessage("rsa_sig_encode_hash: bad RSA private key from dynamic SA acquisition subsystem", "no_private_key", .ike, "ike_auth.c"),
        LogMessage("rsa_sig_encode_hash: could not get private key", "no_private_key", .ike, "ike_auth.c"),
        LogMessage("check_policy: negotiated SA failed policy check", "not_authorized", .ike, "ike_quick_mode.c"),
        LogMessage("initiator_recv_HASH_SA_NONCE: policy check failed", "not_authorized", .ike, "ike_quick_mode.c"),
        LogMessage("responder_recv_HASH_SA_NONCE: peer proposed invalid phase 2 IDs: %s", "ts_unacceptable", .child, "ike_quick_mode.c"),
        LogMessage("message_negotiate_sa: no compatible proposal found", "no_proposal_chosen", .context, "message.c"),
        LogMessage("message_recv: invalid cookie(s) %08x%08x %08x%08x", "peer_sa_unknown", .ike, "message.c"),
        LogMessage("message_recv: invalid payload type %d in ISAKMP header (check passphrases, if applicable and in Phase 1)", "decrypt_failed", .ike, "message.c"),
        LogMessage("message_recv: invalid version major %d", "version_mismatch", .ike, "message.c"),
        LogMessage("message_validate_hash: invalid hash information", "auth_failed", .ike, "message.c"),
        LogMessage("pf_key_v2_read: no reply from PF_KEY", "install_failed", .child, "pf_key_v2.c"),
        LogMessage("pf_key_v2_write: writev (%d, %p, %d) failed: %s", "install_failed", .child, "pf_key_v2.c"),
        LogMessage("transport_send_messages: giving up on exchange %s, no response from peer %s:%s", "no_response", .ike, "transport.c"),
        LogMessage("x509_cert_subjectaltname: certificate does not contain subjectAltName", "id_not_in_cert", .ike, "x509.c"),
        LogMessage("x509_cert_validate: self-signed cert is bad", "cert_untrusted", .ike, "x509.c"),
    ]

    public static let catalogue = MessageCatalogue(all)
}
