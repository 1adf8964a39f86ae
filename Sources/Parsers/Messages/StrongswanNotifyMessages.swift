/// charon's generic notify formats with the error notify filled in. The formats say only
/// "received %N notify error" (ike_init.c, ike_auth.c, child_create.c), "received %N error
/// notify" (IKEv1 main_mode.c, aggressive_mode.c, quick_mode.c, informational.c), "received %N
/// notify, no CHILD_SA built" (child_create.c) and "received %N notify error, destroying IKE_SA"
/// (task_manager_v2.c); the notify type (notify_type_names in encoding/payloads/notify_payload.c)
/// carries the meaning. Error notifies not listed here (INVALID_SYNTAX, INVALID_IKE_SPI,
/// INVALID_MESSAGE_ID, TEMPORARY_FAILURE, CHILD_SA_NOT_FOUND, ...) name a malformed message or
/// state bookkeeping, not a configuration fault.
extension StrongswanMessages {
    /// notify name → (event, phase): the same meanings the curated forms give these notifies.
    static let errorNotifies: [(name: String, event: String, phase: LogMessage.Phase)] = [
        // received from the peer: it refused OUR authentication; this side cannot see why
        ("AUTHENTICATION_FAILED", "auth_refused_by_peer", .ike),
        ("INVALID_HASH_INFORMATION", "auth_refused_by_peer", .ike),
        ("INVALID_SIGNATURE", "auth_refused_by_peer", .ike),
        ("INVALID_KEY_INFORMATION", "auth_refused_by_peer", .ike),
        // IKEv1: a responder that cannot decrypt Main Mode message 5 (different PSKs) answers this
        ("PAYLOAD_MALFORMED", "decrypt_failed", .ike),
        ("NO_PROPOSAL_CHOSEN", "no_proposal_chosen", .context),
        ("ATTRIBUTES_NOT_SUPPORTED", "no_proposal_chosen", .context),
        ("INVALID_TRANSFORM_ID", "no_proposal_chosen", .context),
        ("INVALID_KE_PAYLOAD", "invalid_ke", .ike),
        ("INVALID_ID_INFORMATION", "invalid_id", .context),
        ("TS_UNACCEPTABLE", "ts_unacceptable", .child),
        ("SINGLE_PAIR_REQUIRED", "ts_unacceptable", .child),
        ("INVALID_SELECTORS", "ts_unacceptable", .child),
        ("INVALID_SPI", "invalid_spi", .child),
        ("INVALID_MAJOR_VERSION", "version_mismatch", .ike),
        ("INTERNAL_ADDRESS_FAILURE", "vip_failed", .child),
        ("FAILED_CP_REQUIRED", "vip_failed", .child),
        ("NO_ADDITIONAL_SAS", "child_failed", .child),
        ("INVALID_CERTIFICATE", "cert_untrusted", .ike),
        ("INVALID_CERT_AUTHORITY", "cert_untrusted", .ike),
        ("CERTIFICATE_UNAVAILABLE", "cert_untrusted", .ike),
    ]

    static let notifyForms: [(format: String, file: String)] = [
        ("received %N notify error", "libcharon/sa/ikev2/tasks/ike_init.c, ike_auth.c, child_create.c"),
        ("received %N error notify", "libcharon/sa/ikev1/tasks/main_mode.c, aggressive_mode.c, quick_mode.c, informational.c"),
        ("received %N notify, no CHILD_SA built", "libcharon/sa/ikev2/tasks/child_create.c"),
        ("received %N notify error, destroying IKE_SA", "libcharon/sa/ikev2/task_manager_v2.c"),
    ]

    static let notifyMessages: [LogMessage] = notifyForms.flatMap { form in
        errorNotifies.map { n in
            let format = form.format.replacingOccurrences(of: "%N", with: n.name)
            return LogMessage(format, n.event, n.phase, form.file)
        }
    }
}
