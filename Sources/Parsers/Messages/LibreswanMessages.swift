/// Libreswan / Openswan pluto's messages (3.x to 5.x), as pluto prints them after the
/// `"conn" #N: ` prefix (and, in 3.x, a state name such as `STATE_MAIN_I3: `), with the event each
/// means. Formats come from pluto's sources (programs/pluto/<file>, libreswan commits of 3.32,
/// 4.x and 5.x); many are built piecewise there (jam_string), so they are matched by their
/// distinctive part wherever it sits in the line (a leading `%s`). First match wins.
public enum LibreswanMessages {
    static let ike = LogMessage.Phase.ike, child = LogMessage.Phase.child, ctx = LogMessage.Phase.context

    /// Every message the catalogue classifies: the curated forms first (their order decides
    /// between overlapping formats), then the failure formats mapped from the sources
    /// (`fromSources`, one per format of Tests/Fixtures/messages/*-formats.tsv with an event).
    public static let all: [LogMessage] = curated + fromSources

    static let curated: [LogMessage] = [
        // --- the daemon itself: a failed assertion aborts pluto (llog_passert(), lib/libswan:
        // "ABORT: ASSERTION FAILED: " then the condition and where); the start line marks a
        // restart (programs/pluto/plutomain.c), after which a crash before it is history.
        LogMessage("ABORT: ASSERTION FAILED: %s", "daemon_crashed", ike, "lib/libswan/llog_passert.c",
                   example: "ABORT: ASSERTION FAILED: \"lab\" #1: st->st_state != NULL (in process_v2_packet() at ikev2.c:123)"),
        // 4.x/5.x print the same as "FATAL: ASSERTION FAILED: " (include/logjam.h PASSERT_PREFIX;
        // libreswan#1672: pluto aborting at start on a kernel without getentropy)
        LogMessage("FATAL: ASSERTION FAILED: %s", "daemon_crashed", ike, "include/logjam.h (PASSERT_PREFIX, 4.x, 5.x)",
                   example: "FATAL: ASSERTION FAILED: event_initialized(ev) (free_signal_handlers() +448 programs/pluto/server.c)"),
        // --- no pluto to talk to: whack (and the ipsec.conf loader, libipsecconf) found no daemon
        // behind the control socket, pluto.ctl: refused (ECONNREFUSED: whack asks "is Pluto
        // running?") or absent (ENOENT). 3.x programs/whack/whack.c, lib/libipsecconf/
        // starterwhack.c; 4.x/5.x lib/libswan/whack/send.c. Printed on the terminal or relayed
        // into the journal by the program that ran whack (NetworkManager, libreswan#342), so
        // matched wherever it sits in the line. Permission problems (EACCES) are not absence.
        LogMessage("%sis Pluto running?%sconnect() for \"%s\" failed%s", "daemon_absent", ike, "programs/whack/whack.c (3.x)",
                   example: "whack: is Pluto running?  connect() for \"/run/pluto/pluto.ctl\" failed (111 Connection refused)"),
        LogMessage("%sPluto is not running (no \"%s\")%s", "daemon_absent", ike, "programs/whack/whack.c (3.x), lib/libswan/whack/send.c",
                   example: "whack: Pluto is not running (no \"/run/pluto/pluto.ctl\")"),
        LogMessage("%sconnect(pluto_ctl) failed: Connection refused%s", "daemon_absent", ike, "lib/libipsecconf/starterwhack.c, lib/libswan/whack/send.c",
                   example: "connect(pluto_ctl) failed: Connection refused"),
        LogMessage("%sconnect(pluto_ctl) failed: No such file or directory%s", "daemon_absent", ike, "lib/libipsecconf/starterwhack.c, lib/libswan/whack/send.c",
                   example: "connect(pluto_ctl) failed: No such file or directory (errno 2)"),
        LogMessage("Starting Pluto (Libreswan Version %s%s) pid:%u", "daemon_started", ike, "programs/pluto/plutomain.c",
                   example: "Starting Pluto (Libreswan Version 4.10 IKEv2 IKEv1 XFRM XFRMI esp-hw-offload FORK PTHREAD_SETSCHEDPRIO GCC_EXCEPTIONS NSS (IPsec profile) (NSS-KDF) DNSSEC SYSTEMD_WATCHDOG LABELED_IPSEC (SELINUX) SECCOMP LIBCAP_NG AUTH_PAM NETWORKMANAGER CURL(non-NSS) LDAP(non-NSS)) pid:1234"),
        // --- successes
        LogMessage("%sIPsec SA established%s", "established_child", child, "ikev1_quick.c",
                   example: "IPsec SA established tunnel mode {ESP=>0x1c2d3e4f <0x5a6b7c8d xfrm=AES_CBC_128-HMAC_SHA1_96 DPD=passive}"),
        LogMessage("%sestablished Child SA%s", "established_child", child, "ikev2_child.c",
                   example: "initiator established Child SA using #1; IPsec tunnel [192.0.1.0/24===192.0.2.0/24] {ESP/ESN=>0x1c2d3e4f <0x5a6b7c8d xfrm=AES_GCM_16_256-NONE DPD=passive}"),
        LogMessage("%sSTATE_V2_ESTABLISHED_CHILD_SA%s", "established_child", child, "ikev2_states.c",
                   example: "STATE_V2_ESTABLISHED_CHILD_SA: IPsec SA established tunnel mode"),
        LogMessage("IKE SA established but initiator rejected Child SA response", "established_ike", ike, "ikev2_ike_auth.c",
                   example: "IKE SA established but initiator rejected Child SA response"),
        LogMessage("%sISAKMP SA established%s", "established_ike", ike, "ikev1_main.c",
                   example: "ISAKMP SA established {auth=PRESHARED_KEY cipher=AES_CBC_256 integ=HMAC_SHA2_256 group=MODP2048}"),
        LogMessage("%sestablished IKE SA%s", "established_ike", ike, "ikev2_ike_auth.c",
                   example: "initiator established IKE SA; authenticated peer using authby=secret and ID_FQDN '@east'"),
        LogMessage("%sIKE SA established %s", "established_ike", ike, "ikev2_ike_auth.c (4.x)",
                   example: "IKE SA established {auth=RSA_SIG cipher=AES_CBC_256 integ=HMAC_SHA2_256 group=MODP2048}"),
        LogMessage("%sPARENT SA established%s", "established_ike", ike, "ikev2_parent.c (3.x)",
                   example: "STATE_PARENT_I2: PARENT SA established tunnel mode"),
        // --- timeouts: the initiator's view of a peer that is silent, or that cannot decrypt us
        LogMessage("%sPossible authentication failure: %s", "auth_failed_maybe", ike, "ikev1_retransmit.c, timer.c",
                   example: "STATE_MAIN_I3: 60 second timeout exceeded after 7 retransmits.  Possible authentication failure: no acceptable response to our first encrypted message"),
        // The responder's view of a Main Mode PSK mismatch: MI3 does not decrypt to a valid payload.
        LogMessage("%sprobable authentication failure (mismatch of preshared secrets?)%s", "decrypt_failed", ike, "ikev1.c (3.x)",
                   example: "probable authentication failure (mismatch of preshared secrets?): malformed payload in packet"),
        // pluto's guess ("perhaps"): a responder that failed to add its SA is silent too (lab).
        LogMessage("%sNo acceptable response to our first Quick Mode message: perhaps peer likes no proposal", "quick_mode_unanswered", child, "ikev1_retransmit.c, timer.c",
                   example: "STATE_QUICK_I1: 60 second timeout exceeded after 7 retransmits.  No acceptable response to our first Quick Mode message: perhaps peer likes no proposal"),
        LogMessage("%sNo response (or no acceptable response) to our %s", "no_response", ike, "ikev1_retransmit.c, ikev2_retransmit.c, timer.c",
                   example: "IKE_SA_INIT_I: 60 second timeout exceeded after 7 retransmits.  No response (or no acceptable response) to our first IKEv2 message"),
        // IKEv2: the initiator sent a request again after our response (ikev2.c): context, the
        // responder's wait; PlutoLogParser marks the IKE_AUTH ones (log.ike.auth_reply_unanswered).
        LogMessage("retransmit response for message ID: %u exchange %s", "duplicate_request", ike, "ikev2.c (3.2x, DBG_RETRANSMITS)",
                   example: "retransmit response for message ID: 1 exchange ISAKMP_v2_AUTH"),
        LogMessage("received duplicate %s message request (Message ID %d%sretransmitting response", "duplicate_request", ike, "ikev2.c (3.2x-3.32)",
                   example: "received duplicate IKE_AUTH message request (Message ID 1); retransmitting response"),
        LogMessage("%s request %shas duplicate Message ID %d; retransmitting response", "duplicate_request", ike, "ikev2.c (4.x, 5.x)",
                   example: "IKE_AUTH request has duplicate Message ID 1; retransmitting response"),
        LogMessage("received duplicate IKE_SA_INIT request; retransmitting response", "duplicate_request", ike, "ikev2_unsecured.c (5.x)",
                   example: "received duplicate IKE_SA_INIT request; retransmitting response"),
        // An IKEv1 responder re-sending its last reply because the initiator sent the same
        // message again (it did not get, or did not accept, our reply); with the state still at
        // R1 the initiator never sent its second message (DaemonLogFacts.firstReplyUnanswered).
        // Before "%sretransmitting in %s", which would read it as our own retransmit.
        LogMessage("retransmitting in response to duplicate packet; already %s", "duplicate_request", ike, "ikev1.c",
                   example: "retransmitting in response to duplicate packet; already STATE_MAIN_R1"),
        LogMessage("discarding duplicate packet -- exhausted retransmission; already %s", "duplicate_request", ike, "ikev1.c",
                   example: "discarding duplicate packet -- exhausted retransmission; already STATE_MAIN_R3"),
        // A responder state the initiator never completed, dropped on its timer (EVENT_SO_DISCARD,
        // EVENT_v1_DISCARD; Libreswan 3.x-5.x, Openswan).
        LogMessage("deleting incomplete state after %s seconds", "half_open_expired", ike, "timer.c",
                   example: "deleting incomplete state after 60.000 seconds"),
        LogMessage("%sretransmission; will wait %s", "retransmit", ike, "retransmit.c",
                   example: "STATE_MAIN_I1: retransmission; will wait 0.5 seconds for response"),
        LogMessage("%sretransmitting in %s", "retransmit", ike, "retransmit.c (3.x)",
                   example: "STATE_PARENT_I1: retransmitting in 10 seconds"),
        LogMessage("%sDPD: No response from peer - declaring peer dead%s", "dpd_dead", ike, "ikev1_dpd.c",
                   example: "DPD: No response from peer - declaring peer dead"),
        LogMessage("%sdeclaring peer dead%s", "dpd_dead", ike, "ikev1_dpd.c, ikev2_liveness.c",
                   example: "liveness action - declaring peer dead"),
        // --- authentication
        LogMessage("IKE SA authentication request rejected by peer: AUTHENTICATION_FAILED", "auth_refused_by_peer", ike, "ikev2_ike_auth.c",
                   example: "IKE SA authentication request rejected by peer: AUTHENTICATION_FAILED"),
        LogMessage("authentication failed: peer attempted %s authentication but we want %s", "auth_method_mismatch", ike, "ikev2_auth.c",
                   example: "authentication failed: peer attempted PSK authentication but we want rsasig"),
        // The peer signed with a method or hash our connection does not allow (ikev2_auth.c,
        // v2_authsig_and_log: testing/pluto/ikev2-supported-auth-methods-03-fail).
        LogMessage("authentication failed: peer authentication requires policy %s", "auth_method_mismatch", ike, "ikev2_auth.c",
                   example: "authentication failed: peer authentication requires policy ECDSA"),
        LogMessage("authentication failed: peer authentication requires hash algorithm %s", "auth_method_mismatch", ike, "ikev2_auth.c",
                   example: "authentication failed: peer authentication requires hash algorithm SHA1"),
        LogMessage("authentication method %s not supported", "auth_method_mismatch", ike, "ikev2_auth.c",
                   example: "authentication method IKEv2_AUTH_RESERVED not supported"),
        LogMessage("legacy RSA-SHA1 is not allowed but peer supports nothing else", "auth_method_mismatch", ike, "ikev2_auth.c",
                   example: "legacy RSA-SHA1 is not allowed but peer supports nothing else"),
        // RFC 7427 signatures: no hash both ends accept. The initiator (3.2x - 3.32, loglog
        // RC_LOG_SERIOUS, a debug line since 4.x) cannot build its AUTH payload and fails its own
        // exchange with NO_PROPOSAL_CHOSEN (ikev2_parent.c: STF_FAIL + v2N_NO_PROPOSAL_CHOSEN);
        // the responder refuses the peer's AUTH (3.x "... in I2 Auth Payload", 4.x/5.x
        // "authentication failed: ..."): held-out batch 8, libreswan#422, hwdsl2/setup-ipsec-vpn#930.
        LogMessage("DigSig: no compatible DigSig hash algo", "auth_method_mismatch", ike, "ikev2_parent.c (3.2x - 3.32)",
                   example: "DigSig: no compatible DigSig hash algo"),
        LogMessage("%sno acceptable ECDSA/RSA-PSS ASN.1 signature hash proposal included for %s", "auth_method_mismatch", ike, "ikev2_parent.c (3.x), ikev2_auth.c (4.x, 5.x)",
                   example: "authentication failed: no acceptable ECDSA/RSA-PSS ASN.1 signature hash proposal included for rsasig"),
        // An IKE_AUTH request without AUTH payload is how an initiator asks for EAP (RFC 7296
        // 2.16: "indicates its desire to use EAP by leaving out the AUTH payload"); a responder
        // whose connection wants signatures drops it as a message missing a payload. Not a
        // malformed packet (the ~malformed class of the formats fixture): the client (macOS/iOS
        // set up by hand, Windows' default) uses another authentication method, as maintainers
        // read it (libreswan#47, #286; held-out batch 8, hwdsl2/setup-ipsec-vpn#860).
        LogMessage("dropping unexpected %sIKE_AUTH message%smissing payloads: %sAUTH%s", "auth_method_mismatch", ike, "ikev2.c (4.x, 5.x: the message is built piecewise)",
                   example: "dropping unexpected ISAKMP_v2_IKE_AUTH message containing v2N_INITIAL_CONTACT... notification; message payloads: SK; encrypted payloads: SA,IDi,IDr,N,TSi,TSr,CP; missing payloads: AUTH"),
        LogMessage("missing payload(s) (%sISAKMP_NEXT_v2AUTH%s). Message dropped.", "auth_method_mismatch", ike, "ikev2.c (3.x)",
                   example: "missing payload(s) (ISAKMP_NEXT_v2AUTH). Message dropped."),
        LogMessage("initial Main Mode message received but no connection has been authorized with authby=%s and xauth=%s", "no_conn_authorized", ike, "ikev1_host_pair.c",
                   example: "initial Main Mode message received but no connection has been authorized with authby=PSK and xauth=no"),
        // Added for a real report (hwdsl2-setup-ipsec-vpn-669): the IKEv2 responder's "no connection for
        // this address pair" (it then answers NO_PROPOSAL_CHOSEN, which is a consequence, not a proposal problem).
        LogMessage("%sbut no suitable connection found with IKEv2 policy", "no_conn_authorized", ike, "ikev2.c (3.x, 4.x)",
                   example: "packet from 192.0.2.2:500: initial parent SA message received on 192.0.2.1:500 but no suitable connection found with IKEv2 policy"),
        LogMessage("initial Main Mode message received on %s but no connection has been authorized with policy %s", "no_conn_authorized", ike, "ikev1_main.c (3.x)",
                   example: "initial Main Mode message received on 192.0.2.1:500 but no connection has been authorized with policy PSK+IKEV1_ALLOW"),
        // FreeS/WAN, whose pluto the others descend from (its syslog tag was `Pluto`): 1.99's
        // ipsec_doi.c "initial Main Mode message received on %s:%u but no connection has been
        // authorized", and the older form its own FAQ quotes from a user's log (doc/src/faq.html,
        // "no connection has been authorized": `Pluto[25834]: packet from x.y.z.p:10014: initial
        // Main Mode message from x.y.z.p:10014 but no connection has been authorized`). No
        // connection for this pair of hosts: the same reading as the 3.x form above.
        LogMessage("initial Main Mode message received on %s but no connection has been authorized", "no_conn_authorized", ike, "freeswan pluto/ipsec_doi.c (1.99)",
                   example: "initial Main Mode message received on 192.0.2.1:500 but no connection has been authorized"),
        LogMessage("initial Main Mode message from %s but no connection has been authorized", "no_conn_authorized", ike, "freeswan pluto (before 1.99), as quoted in its FAQ",
                   example: "initial Main Mode message from 192.0.2.2:500 but no connection has been authorized"),
        LogMessage("initial Aggressive Mode message from %s but no (wildcard) connection has been configured with authby %s", "exchange_mode_mismatch", ike, "ikev1_host_pair.c",
                   example: "initial Aggressive Mode message from 192.0.2.2 but no (wildcard) connection has been configured with authby PSK"),
        LogMessage("initial Aggressive Mode message from %s but no (wildcard) connection has been configured with policy %s", "exchange_mode_mismatch", ike, "ikev1_aggr.c (3.x)",
                   example: "initial Aggressive Mode message from 192.0.2.2 but no (wildcard) connection has been configured with policy PSK+IKEV1_ALLOW"),
        LogMessage("initial Aggressive Mode packet claiming to be from %s on %s but no connection has been authorized", "no_peer_config", ike, "ikev1_aggr.c",
                   example: "initial Aggressive Mode packet claiming to be from @road on 192.0.2.2:500 but no connection has been authorized"),
        LogMessage("received Hash Payload does not match computed value", "auth_failed", ike, "ikev1_peer_id.c",
                   example: "received Hash Payload does not match computed value"),
        LogMessage("received '%s' message HASH(%u) data does not match computed value", "auth_failed", ike, "ikev1_hash.c",
                   example: "received 'quick_inI1_outR1' message HASH(1) data does not match computed value"),
        LogMessage("%sSignature check (on %s) failed%s", "auth_failed", ike, "ikev1_peer_id.c, keys.c",
                   example: "Signature check (on @east) failed (wrong key?); tried *AwEAAb"),
        LogMessage("no RSA public key known for '%s'%s", "cert_untrusted", ike, "keys.c",
                   example: "no RSA public key known for '@east'"),
        // The pre-NSS X.509 check of FreeS/WAN, Openswan 2.x, early Libreswan and strongSwan 4.x
        // pluto (x509.c verify_x509cert/trust_authcert_candidate, check_validity's return string
        // logged as is; ipsec_doi.c/ikev1.c decode_cert: "X.509 certificate rejected" when the
        // check fails). Exact texts (anchored): racoon and OpenSSL print similar phrases inside
        // longer lines. Found on openswan#237 (xelerance/Openswan issue 237) and the Intra2net
        // strongSwan 4 manual (reports/intra2net-strongswan4-*).
        LogMessage("issuer cacert not found", "cert_untrusted", ike, "x509.c (Openswan 2.x, strongSwan 4.x pluto)",
                   example: "issuer cacert not found"),
        LogMessage("certificate signature is invalid", "cert_untrusted", ike, "x509.c (Openswan 2.x, strongSwan 4.x pluto)",
                   example: "certificate signature is invalid"),
        LogMessage("certificate has expired", "cert_expired", ike, "x509.c check_validity (Openswan 2.x, strongSwan 4.x pluto)",
                   example: "certificate has expired"),
        LogMessage("certificate is not valid yet", "cert_expired", ike, "x509.c check_validity (Openswan 2.x, strongSwan 4.x pluto)",
                   example: "certificate is not valid yet"),
        LogMessage("X.509 certificate rejected", "cert_rejected", ike, "ipsec_doi.c, ikev1.c decode_cert (Openswan 2.x, strongSwan 4.x pluto)",
                   example: "X.509 certificate rejected"),
        // Libreswan 3.x/4.x ikev2_parent.c (v2_check_auth): the peer's AUTH payload uses a method
        // pluto does not handle, e.g. RFC 4754 ECDSA (libreswan#283: IKEv2_AUTH_ECDSA_P256).
        LogMessage("authentication method: %s not supported in %s", "auth_method_mismatch", ike, "ikev2_parent.c (3.x, 4.x)",
                   example: "authentication method: IKEv2_AUTH_ECDSA_P256 not supported in I2 Auth Payload"),
        // Added for a real report (intra2net-strongswan4-unknown-cert-initiator): the peer refused our
        // certificate (the initiator's only view of it).
        LogMessage("%sINVALID_CERTIFICATE%s", "cert_rejected", ike, "ikev1.c",
                   example: "ignoring informational payload, type INVALID_CERTIFICATE"),
        // IKEv1: an authentication notify the PEER sent us ("ignoring informational payload X",
        // ikev1.c): it refused our authentication, for a reason only its log shows. The same
        // names in "sending notification X" are this side refusing the peer (below).
        LogMessage("%signoring informational payload AUTHENTICATION_FAILED%s", "auth_refused_by_peer", ike, "ikev1.c",
                   example: "ignoring informational payload AUTHENTICATION_FAILED, msgid=00000000, length=12"),
        LogMessage("%signoring informational payload INVALID_KEY_INFORMATION%s", "auth_refused_by_peer", ike, "ikev1.c",
                   example: "ignoring informational payload INVALID_KEY_INFORMATION, msgid=00000000, length=12"),
        LogMessage("%signoring informational payload INVALID_HASH_INFORMATION%s", "auth_refused_by_peer", ike, "ikev1.c",
                   example: "ignoring informational payload INVALID_HASH_INFORMATION, msgid=00000000, length=12"),
        LogMessage("%sINVALID_KEY_INFORMATION%s", "auth_failed", ike, "ikev1.c",
                   example: "sending encrypted notification INVALID_KEY_INFORMATION to 192.168.1.200:500"),
        LogMessage("%sINVALID_HASH_INFORMATION%s", "auth_failed", ike, "ikev1.c",
                   example: "sending notification INVALID_HASH_INFORMATION to 192.0.2.2:500"),
        // --- identities
        LogMessage("we require IKEv%s peer to have ID '%s', but peer declares '%s'", "id_mismatch", ike, "ikev1_peer_id.c, ikev2_peer_id.c (3.x, 4.x)",
                   example: "we require IKEv2 peer to have ID '@east', but peer declares '@west'"),
        LogMessage("we require peer to have ID '%s', but peer declares '%s'", "id_mismatch", ike, "ipsec_doi.c (Openswan 2.x)",
                   example: "we require peer to have ID '192.0.2.2', but peer declares '@road'"),
        LogMessage("Peer ID '%s' mismatched on first found connection and no better connection found", "id_mismatch", ike, "ikev2_peer_id.c",
                   example: "Peer ID '@west' mismatched on first found connection and no better connection found"),
        LogMessage("%sno suitable connection for peer %s", "id_mismatch", ike, "ikev2_peer_id.c (3.x)",
                   example: "no suitable connection for peer '@west'"),
        LogMessage("%sauthentication failed; peer certificate subjectAltName extension does not match %s", "id_not_in_cert", ike, "x509.c",
                   example: "X509: authentication failed; peer certificate subjectAltName extension does not match ID_FQDN 'NOTeast.testing.libreswan.org'"),
        LogMessage("%speer certificate contains no subjectAltName extension to match %s", "id_not_in_cert", ike, "x509.c",
                   example: "X509: authentication failed; peer certificate contains no subjectAltName extension to match ID_FQDN '@right'"),
        LogMessage("certificate subjectAltName extension does not match %s", "id_not_in_cert", ike, "x509.c",
                   example: "certificate subjectAltName extension does not match ID_FQDN 'NOTeast.testing.libreswan.org'"),
        LogMessage("%sCERT payload does not match connection ID", "id_not_in_cert", ike, "x509.c",
                   example: "X509: CERT payload does not match connection ID"),
        LogMessage("%sconnection failed due to unmatched IKE ID in certificate SAN", "id_not_in_cert", ike, "x509.c",
                   example: "X509: connection failed due to unmatched IKE ID in certificate SAN"),
        // The responder's ID check giving up (ikev2_peer_id.c, responder_match_initiator_id*, 3.3x-5.x;
        // 4.x prints it once with a stray leading backtick): the initiator's ID is not on the
        // certificate it sent and no other connection takes that ID. Published by
        // libreswan/libreswan#237 (an iOS client sending its private address as its ID).
        LogMessage("%sPeer ID '%s' is not specified on the certificate SubjectAltName (SAN) and no better connection found", "id_not_in_cert", ike, "ikev2_peer_id.c",
                   example: "Peer ID '192.0.2.7' is not specified on the certificate SubjectAltName (SAN) and no better connection found"),
        // The peer's certificate passed NSS verification (chain to a trusted CA, validity dates,
        // revocation when checked): x509.c logs it right before matching the peer's ID against the
        // certificate (match_certs_id). Context, not a failure: log.cert.peer_verified.
        LogMessage("certificate verified OK: %s", "peer_cert_verified", ctx, "x509.c",
                   example: "certificate verified OK: E=user-west@testing.libreswan.org,CN=west.testing.libreswan.org,OU=Test Department,O=Libreswan,L=Toronto,ST=Ontario,C=CA"),
        LogMessage("Peer CERT payload SubjectAltName does not match peer ID for this connection", "id_not_in_cert", ike, "x509.c (3.x)",
                   example: "Peer CERT payload SubjectAltName does not match peer ID for this connection"),
        // Added for real reports (Tests/Fixtures/reports/hwdsl2-setup-ipsec-vpn-429-san-mismatch): the
        // 3.x wording of the same check, and the line naming the missing SAN.
        LogMessage("Peer public key SubjectAltName does not match peer ID for this connection", "id_not_in_cert", ike, "x509.c (3.2x)",
                   example: "Peer public key SubjectAltName does not match peer ID for this connection"),
        LogMessage("certificate does not contain %s subjectAltName=%s", "id_not_in_cert", ike, "x509.c (3.2x)",
                   example: "certificate does not contain ID_IP subjectAltName=192.0.2.7"),
        LogMessage("%sauthentication failed; peer %s '%s' does not match expected '%s'", "id_mismatch", ike, "ikev2_peer_id.c",
                   example: "X509: authentication failed; peer ID_DER_ASN1_DN 'CN=east' does not match expected 'CN=NOTeast'"),
        // --- certificates
        LogMessage("%sSEC_ERROR_EXPIRED_CERTIFICATE%s", "cert_expired", ike, "nss_cert_verify.c",
                   example: "NSS: ERROR: IPsec certificate CN=east invalid: SEC_ERROR_EXPIRED_CERTIFICATE: Peer's Certificate has expired."),
        LogMessage("%sSEC_ERROR_EXPIRED_ISSUER_CERTIFICATE%s", "cert_expired", ike, "nss_cert_verify.c",
                   example: "NSS: ERROR: IPsec certificate CN=east invalid: SEC_ERROR_EXPIRED_ISSUER_CERTIFICATE: Peer's certificate issuer has expired."),
        LogMessage("%sPeer's Certificate has expired.", "cert_expired", ike, "nss_cert_verify.c",
                   example: "ERROR: Peer's Certificate has expired."),
        LogMessage("%s certificate '%s' has expired", "cert_expired", ike, "pluto_x509.c",
                   example: "end certificate 'CN=east' has expired"),
        // Held-out batch 3 (libreswan-2025): pluto refuses to load a connection whose own
        // certificate is outside its validity period (connections.c, a diag() returned to
        // `ipsec auto --add` as "failed to add connection: ...", not an llog call, so not in
        // Tests/Fixtures/messages/libreswan-failure-formats.tsv).
        LogMessage("%s certificate '%s' is expired or not yet valid", "cert_expired", ike, "connections.c (4.x, 5.x)",
                   example: "\"westnet-eastnet-x509\": failed to add connection: left certificate 'west' is expired or not yet valid"),
        // Libreswan 5 defaults to ikev1-policy=drop: an IKEv1 connection is refused at load
        // (connections.c; the Libreswan test suite's addconn output shows the line as printed).
        LogMessage("%sglobal ikev1-policy=%s does not allow IKEv1 connections", "version_mismatch", ike, "connections.c (5.x)",
                   example: "\"ikev1\": failed to add connection: global ikev1-policy=drop does not allow IKEv1 connections"),
        LogMessage("%sSEC_ERROR_REVOKED_CERTIFICATE%s", "revocation_failed", ike, "nss_cert_verify.c",
                   example: "NSS: ERROR: IPsec certificate CN=east invalid: SEC_ERROR_REVOKED_CERTIFICATE: Peer's Certificate has been revoked."),
        LogMessage("%sSEC_ERROR_OCSP_%s", "revocation_failed", ike, "nss_cert_verify.c",
                   example: "NSS: ERROR: IPsec certificate CN=east invalid: SEC_ERROR_OCSP_SERVER_ERROR: The OCSP server experienced an internal error."),
        LogMessage("%sSEC_ERROR_CRL_%s", "revocation_failed", ike, "nss_cert_verify.c",
                   example: "NSS: ERROR: IPsec certificate CN=east invalid: SEC_ERROR_CRL_EXPIRED: The CRL for the certificate's issuer has expired."),
        LogMessage("certificate payload rejected; crl-strict=yes and Certificate Revocation List (CRL) is expired or missing%s", "revocation_failed", ike, "ikev1_cert.c, pluto_x509.c",
                   example: "certificate payload rejected; crl-strict=yes and Certificate Revocation List (CRL) is expired or missing, forcing CRL update"),
        LogMessage("%sCERT payload bogus or revoked", "revocation_failed", ike, "x509.c",
                   example: "X509: CERT payload bogus or revoked"),
        LogMessage("%sSEC_ERROR_UNKNOWN_ISSUER%s", "cert_untrusted", ike, "nss_cert_verify.c",
                   example: "NSS: ERROR: IPsec certificate CN=east invalid: SEC_ERROR_UNKNOWN_ISSUER: Peer's Certificate issuer is not recognized."),
        LogMessage("%sSEC_ERROR_UNTRUSTED_%s", "cert_untrusted", ike, "nss_cert_verify.c",
                   example: "NSS: ERROR: IPsec certificate CN=east invalid: SEC_ERROR_UNTRUSTED_ISSUER: Peer's certificate issuer has been marked as not trusted by the user."),
        LogMessage("%sSEC_ERROR_BAD_SIGNATURE%s", "cert_untrusted", ike, "nss_cert_verify.c",
                   example: "NSS: ERROR: IPsec certificate CN=mainca invalid: SEC_ERROR_BAD_SIGNATURE: Peer's certificate has an invalid signature."),
        // The certificate's (extended) key usage does not allow the purpose: pluto tries the IPsec,
        // TLS client and TLS server usages in turn and logs `warning:` for each refusal; only the
        // last one, `ERROR:`, means all failed (variant lsw-cert-eku-ocsp-only: EKU OCSPSigning only).
        LogMessage("NSS: ERROR: %s invalid: SEC_ERROR_INADEQUATE_CERT_TYPE%s", "cert_usage_refused", ike, "nss_cert_verify.c",
                   example: "NSS: ERROR: TLS Server certificate CN=gw-a.lab.test,O=ipsec-doctor lab,C=XX invalid: SEC_ERROR_INADEQUATE_CERT_TYPE: Certificate type not approved for application."),
        // The key usage (not the extended one) does not allow the purpose: nss_cert_verify.c retries
        // SEC_ERROR_INADEQUATE_KEY_USAGE like INADEQUATE_CERT_TYPE (RETRYABLE_TYPE), so a `warning:`
        // is no refusal (variant lsw-cert-key-usage: keyEncipherment only, warned for IPsec and TLS
        // Client, accepted as a TLS server's); `ERROR:` is (lsw-cert-key-usage-crl-only: cRLSign only).
        LogMessage("NSS: ERROR: %s invalid: SEC_ERROR_INADEQUATE_KEY_USAGE%s", "cert_usage_refused", ike, "nss_cert_verify.c",
                   example: "NSS: ERROR: TLS Server certificate CN=gw-a.lab.test,O=ipsec-doctor lab,C=XX invalid: SEC_ERROR_INADEQUATE_KEY_USAGE: Certificate key usage inadequate for attempted operation."),
        LogMessage("%sSEC_ERROR_CA_CERT_INVALID%s", "cert_untrusted", ike, "nss_cert_verify.c",
                   example: "NSS: ERROR: IPsec certificate CN=east invalid: SEC_ERROR_CA_CERT_INVALID: Issuer certificate is invalid."),
        LogMessage("%so Certificate Authority in NSS Certificate DB! %s", "cert_untrusted", ike, "pluto_x509.c",
                   example: "no Certificate Authority in NSS Certificate DB! certificate payloads discarded"),
        LogMessage("%scertificate rejected for this connection", "cert_rejected", ike, "ikev1_cert.c",
                   example: "X509: certificate rejected for this connection"),
        LogMessage("%sCertificate rejected for this connection", "cert_rejected", ike, "ikev1_cert.c",
                   example: "X509: Certificate rejected for this connection"),
        LogMessage("%scertificate payload rejected for this connection", "cert_rejected", ike, "ikev1_cert.c",
                   example: "X509: certificate payload rejected for this connection"),
        LogMessage("unable to locate my private key for %s", "no_private_key", ike, "ikev1_main.c, ikev2_auth.c",
                   example: "unable to locate my private key for RSA Signature"),
        LogMessage("private key matching CKAID %s not found%s", "no_private_key", ike, "keys.c",
                   example: "private key matching CKAID '61559973d3acef7d3a370e1e82f2cb2c' not found: can't find the private key matching the NSS CKAID"),
        LogMessage("%scan't find the private key matching the NSS CKAID%s", "no_private_key", ike, "keys.c",
                   example: "private key not found: can't find the private key matching the NSS CKAID"),
        // Added for real reports (hwdsl2-setup-ipsec-vpn-161, libreswan-838-no-psk-console): IKEv2
        // AUTH payload that cannot be made, our key or our PSK missing (ikev2_parent.c / ikev2_auth.c).
        LogMessage("Failed to find our RSA key", "no_private_key", ike, "ikev2_parent.c (3.x), ikev2_auth.c",
                   example: "Failed to find our RSA key"),
        LogMessage("Failed to find our PreShared Key", "psk_not_found", ike, "ikev2_parent.c (3.x), ikev2_auth.c",
                   example: "Failed to find our PreShared Key"),
        LogMessage("No matching PSK found for connection: %s", "psk_not_found", ike, "ikev2_psk.c",
                   example: "No matching PSK found for connection: westnet-eastnet"),
        LogMessage("%sno PSK found for '%s'", "psk_not_found", ike, "ikev2_psk.c (testing/pluto/ikev2-05-basic-psk-missing)",
                   example: "authentication failed: no PSK found for '@road'"),
        // Added for a real report (nm-l2tp-100, held-out batch 5): IKEv1 refuses the PSK transform
        // when it has no secret for the pair of IDs (ikev1_spdb_struct.c, Openswan spdb_struct.c:
        // ugh "Can't authenticate: no preshared key found for `%s' and `%s'", printed with
        // ".  Attribute OAKLEY_AUTHENTICATION_METHOD"); "no acceptable Oakley Transform" follows.
        LogMessage("Can't authenticate: no preshared key found for `%s' and `%s'%s", "psk_not_found", ike, "ikev1_spdb_struct.c",
                   example: "Can't authenticate: no preshared key found for `192.0.2.1' and `192.0.2.2'.  Attribute OAKLEY_AUTHENTICATION_METHOD"),
        // Added for real reports (openswan-77, hwdsl2-setup-ipsec-vpn-669): our key or our certificate
        // is not in the NSS database (Openswan 2.6 / Libreswan 3.x wording); a connection whose
        // certificate is missing is not loaded at all.
        LogMessage("Can't find the private key from the NSS CERT%s", "no_private_key", ike, "Openswan 2.6 lib/libopenswan/secrets.c, Libreswan 3.x",
                   example: "Can't find the private key from the NSS CERT (err -12285)"),
        LogMessage("%s certificate with %s '%s' was not found in NSS DB", "no_private_key", ike, "connections.c (3.x)",
                   example: "left certificate with nickname 'vpnserver' was not found in NSS DB"),
        // --- XAUTH
        LogMessage("XAUTH: User %s: Authentication Failed: %s", "xauth_failed", ike, "ikev1_xauth.c",
                   example: "XAUTH: User xauth-user: Authentication Failed: Incorrect Username or Password"),
        LogMessage("XAUTH: Username or password request was received, but XAUTH client mode not enabled.", "xauth_failed", ike, "ikev1_xauth.c",
                   example: "XAUTH: Username or password request was received, but XAUTH client mode not enabled."),
        LogMessage("XAUTH: unknown authentication method requested to authenticate user '%s'", "xauth_failed", ike, "ikev1_xauth.c",
                   example: "XAUTH: unknown authentication method requested to authenticate user 'xauth-user'"),
        LogMessage("%sXAUTH: %s: Authentication Failed%s", "xauth_failed", ike, "ikev1_xauth.c (3.x)",
                   example: "XAUTH: xauth-user: Authentication Failed"),
        // Added for a real report (hwdsl2-setup-ipsec-vpn-331): the peer proposes XAUTH and the
        // connection it matched does not allow it (XAUTH expected on one side only).
        LogMessage("policy does not allow Extended Authentication (XAUTH) of %s", "xauth_failed", ike, "ikev1_main.c (spdb_struct.c)",
                   example: "policy does not allow Extended Authentication (XAUTH) of initiator (we are responder).  Attribute OAKLEY_AUTHENTICATION_METHOD"),
        // --- proposals
        LogMessage("no acceptable Oakley Transform", "no_proposal_chosen", ike, "ikev1_spdb_struct.c",
                   example: "no acceptable Oakley Transform"),
        // The IKEv2 responder of Libreswan 3.x refusing every IKE proposal of the initiator
        // (ikev2_spdb_struct.c ikev2_parse_parent_sa_body: libreswan_log, then STF_FAIL +
        // v2N_NO_PROPOSAL_CHOSEN); 3.20+ say "no local proposal matches remote proposals".
        // Libreswan FAQ "Common error messages": Windows 7 proposing modp1024 (held-out batch 12).
        LogMessage("No PARENT proposal selected", "no_proposal_chosen", ike, "ikev2_spdb_struct.c (3.x)",
                   example: "No PARENT proposal selected"),
        // One line per transform of the peer's Main/Aggressive Mode proposal that our ike= does
        // not allow (ike_alg.c ike_alg_ok / ikev1_spdb_struct.c; "... refused due to strict flag"
        // in Openswan). A refused transform is not yet a failure: the next may be accepted.
        // ProposalRefusals keeps it as a weak no-proposal only when that state never got further
        // (held-out batch 3: hwdsl2-setup-ipsec-vpn-101, -1244; nm-l2tp-169 shows the accepted case).
        LogMessage("Oakley Transform [%s] refused%s", "transform_refused", ike, "ike_alg.c, ikev1_spdb_struct.c (3.x - 5.x)",
                   example: "Oakley Transform [AES_CBC (256), HMAC_SHA2_384, MODP1024] refused"),
        LogMessage("no acceptable Proposal in IPsec SA", "no_proposal_chosen", child, "ikev1_spdb_struct.c",
                   example: "no acceptable Proposal in IPsec SA"),
        // The peer's IKEv1 phase 2 transform names AES without its KEY_LENGTH attribute (old
        // Openswan): pluto cannot take it, the proposal is refused. 3.x "IPsec encryption transform
        // did not specify required KEY_LENGTH attribute", 3.32+ with the transform's name after
        // "transform" (ikev1_spdb_struct.c); Libreswan's FAQ quotes it without "attribute".
        LogMessage("IPsec encryption transform %sdid not specify required KEY_LENGTH%s", "no_proposal_chosen", child, "ikev1_spdb_struct.c",
                   example: "IPsec encryption transform AES_CBC did not specify required KEY_LENGTH attribute"),
        LogMessage("no local proposal matches remote proposals %s:ESP:%s", "no_proposal_chosen", child, "ikev2_proposals.c (Libreswan lab, 4.10)",
                   example: "no local proposal matches remote proposals 1:ESP:ENCR=AES_CBC_128;INTEG=HMAC_SHA2_256_128;ESN=ENABLED;ESN=DISABLED"),
        LogMessage("no local proposal matches remote proposals %s:IKE:%s", "no_proposal_chosen", ike, "ikev2_proposals.c (Libreswan lab, 4.10)",
                   example: "no local proposal matches remote proposals 1:IKE:ENCR=AES_CBC_128;PRF=HMAC_SHA2_256;INTEG=HMAC_SHA2_256_128;DH=MODP2048"),
        LogMessage("%sIKE_SA_INIT %sNO_PROPOSAL_CHOSEN%s", "no_proposal_chosen", ike, "ikev2_ike_sa_init.c",
                   example: "dropping unexpected IKE_SA_INIT message containing NO_PROPOSAL_CHOSEN notification; message payloads: N; missing payloads: SA,KE,Ni"),
        LogMessage("IKE_AUTH response rejected Child SA with NO_PROPOSAL_CHOSEN", "no_proposal_chosen", child, "ikev2_child.c",
                   example: "IKE_AUTH response rejected Child SA with NO_PROPOSAL_CHOSEN"),
        LogMessage("response for Child SA #%d was rejected with NO_PROPOSAL_CHOSEN%s", "no_proposal_chosen", child, "ikev2_child.c",
                   example: "response for Child SA #2 was rejected with NO_PROPOSAL_CHOSEN; initiating delete of Child SA (IKE SA will remain UP)"),
        LogMessage("%s failed with error notification NO_PROPOSAL_CHOSEN%s", "no_proposal_chosen", child, "ikev2_create_child_sa.c",
                   example: "CREATE_CHILD_SA failed with error notification NO_PROPOSAL_CHOSEN"),
        LogMessage("%sNO_PROPOSAL_CHOSEN%s", "no_proposal_chosen", ctx, "ikev1.c, ikev2.c",
                   example: "ignoring informational payload NO_PROPOSAL_CHOSEN, msgid=00000000, length=12"),
        LogMessage("%sINVALID_KE_PAYLOAD%s", "invalid_ke", ike, "ikev2_ike_sa_init.c, ikev2_parent.c",
                   example: "Received unauthenticated INVALID_KE_PAYLOAD response to DH MODP2048; resending with suggested DH DH19"),
        // --- traffic selectors / IDs in quick mode
        // The peer's word only: a Libreswan responder that fails to add its SA answers the same (lab).
        LogMessage("IKE_AUTH response rejected Child SA with TS_UNACCEPTABLE", "ts_refused_by_peer", child, "ikev2_child.c",
                   example: "IKE_AUTH response rejected Child SA with TS_UNACCEPTABLE"),
        LogMessage("No IKEv2 connection found with compatible Traffic Selectors", "ts_unacceptable", child, "ikev2_child.c (Libreswan lab, 4.10)",
                   example: "No IKEv2 connection found with compatible Traffic Selectors"),
        LogMessage("%sTS_UNACCEPTABLE%s", "ts_unacceptable", child, "ikev2_child.c, ikev2_create_child_sa.c",
                   example: "CREATE_CHILD_SA failed with error notification TS_UNACCEPTABLE"),
        // Added for a real report (libreswan-2026, held-out batch 5): a road warrior that asks for a
        // lease (rightaddresspool) but proposes its own subnet as its selector (Libreswan 5.x).
        LogMessage("Quick Mode request rejected, peer requested lease but proposed local selector %s does not match connection %s; deleting ISAKMP SA", "ts_unacceptable", child, "ikev1_quick.c (5.x)",
                   example: "Quick Mode request rejected, peer requested lease but proposed local selector 192.168.43.0/24 does not match connection 0.0.0.0/0; deleting ISAKMP SA"),
        LogMessage("cannot respond to IPsec SA request because no connection is known for %s", "ts_unacceptable", child, "ikev1_quick.c",
                   example: "cannot respond to IPsec SA request because no connection is known for 192.0.1.0/24===192.0.2.1...192.0.2.2===192.0.3.0/24"),
        LogMessage("%s ID payload in Quick I1, %s unacceptable: %s", "ts_unacceptable", child, "ikev1_quick.c",
                   example: "peer ID payload in Quick I1, ID_IPV4_ADDR_SUBNET 192.0.3.0/24 - 192.0.3.0 unacceptable: not in client subnet"),
        LogMessage("%s subnet returned doesn't match my proposal - us: %s vs them: %s", "ts_unacceptable", child, "ikev1_quick.c",
                   example: "peer subnet returned doesn't match my proposal - us: 192.0.2.0/24 vs them: 192.0.3.0/24"),
        LogMessage("%sINVALID_ID_INFORMATION%s", "invalid_id", ctx, "ikev1.c",
                   example: "received and ignored notification payload: INVALID_ID_INFORMATION"),
        LogMessage("%sINVALID_SPI%s", "invalid_spi", child, "ikev1.c, ikev2.c",
                   example: "ignoring informational payload INVALID_SPI, msgid=00000000, length=16"),
        LogMessage("%s ID payload %s is invalid (%s) in Quick I1", "ts_unacceptable", child, "ikev1_quick.c",
                   example: "peer client ID payload ID_IPV4_ADDR is invalid (0.0.0.0) in Quick I1"),
        LogMessage("legacy ECDSA is not implemented", "auth_method_mismatch", ike, "ikev2_auth.c",
                   example: "legacy ECDSA is not implemented"),
        LogMessage("connection has ppk=insist but peer does not support PPK", "auth_method_mismatch", ike, "ikev2_ike_sa_init.c",
                   example: "connection has ppk=insist but peer does not support PPK"),
        LogMessage("IKE SA authentication request rejected by peer: %s", "auth_refused_by_peer", ike, "ikev2_ike_auth.c",
                   example: "IKE SA authentication request rejected by peer: AUTHENTICATION_FAILED"),
        LogMessage("IKE_AUTH response rejected Child SA with %s", "child_failed", child, "ikev2_child.c",
                   example: "IKE_AUTH response rejected Child SA with INTERNAL_ADDRESS_FAILURE"),
        LogMessage("%s failed with error notification %s", "child_failed", child, "ikev2_create_child_sa.c",
                   example: "CREATE_CHILD_SA failed with error notification NO_ADDITIONAL_SAS"),
        LogMessage("no local source address to reach remote %s, local gateway %s", "unreachable", ike, "ikev2_mobike.c",
                   example: "no local source address to reach remote 192.0.2.2, local gateway 192.0.2.254"),
        LogMessage("initial Aggressive Mode packet claiming to be from %s on %s but no matching connection has been authorized", "no_peer_config", ike, "ikev1_aggr.c",
                   example: "initial Aggressive Mode packet claiming to be from @road on 192.0.2.2:500 but no matching connection has been authorized"),
        LogMessage("packet rejected: should have been encrypted", "decrypt_failed", ike, "ikev1.c",
                   example: "packet rejected: should have been encrypted"),
        // --- versions
        LogMessage("%sINVALID_MAJOR_VERSION%s", "version_mismatch", ike, "ikev2_ike_sa_init.c, demux.c",
                   example: "dropping unexpected IKE_SA_INIT message containing INVALID_MAJOR_VERSION notification; message payloads: N; missing payloads: SA,KE,Ni"),
        LogMessage("%signoring IKEv1 packet%s", "version_mismatch", ike, "demux.c",
                   example: "ignoring IKEv1 packet as policy is set to accept IKEv2 only"),
        LogMessage("%signoring IKEv2 packet%s", "version_mismatch", ike, "demux.c",
                   example: "ignoring IKEv2 packet as policy is set to accept IKEv1 only"),
        LogMessage("%sunsupported IKE version%s", "version_mismatch", ike, "demux.c",
                   example: "packet from 192.0.2.2:500: unsupported IKE version 3.0"),
        // --- kernel
        LogMessage("%snetlink response for Add SA %s: Protocol not supported%s", "esp_unsupported", child, "kernel_xfrm.c",
                   example: "ERROR: netlink response for Add SA esp.c8b3b3d5@192.0.2.1: Protocol not supported (errno 93)"),
        LogMessage("%snetlink response for Add SA %s included errno 93: Protocol not supported", "esp_unsupported", child, "kernel_netlink.c (3.x)",
                   example: "ERROR: netlink response for Add SA esp.c8b3b3d5@192.0.2.1 included errno 93: Protocol not supported"),
        // pluto's xfrm replies with the errno appended (llog_error / llog_errno: ": %s (errno %d)"),
        // 4.x "kernel: xfrm %s %s response for flow %s", 5.x the same with ": ": EOPNOTSUPP,
        // EPROTONOSUPPORT or EAFNOSUPPORT to an XFRM policy or SA message is a kernel without the
        // XFRM support pluto needs (the charon forms are esp_unsupported too). At start-up it is
        // the port and ICMPv6 bypass policies that fail, and pluto exits (fatal "could not insert
        // ... bypass polic(y|ies)"): hwdsl2/setup-ipsec-vpn#1363, a Raspberry Pi kernel.
        LogMessage("%skernel: xfrm %s response for flow %sOperation not supported%s", "esp_unsupported", child, "kernel_xfrm.c (4.x, 5.x)",
                   example: "ERROR: kernel: xfrm XFRM_MSG_UPDPOLICY add port bypass response for flow (in): Operation not supported (errno 95)"),
        LogMessage("%skernel: xfrm %s response for flow %sProtocol not supported%s", "esp_unsupported", child, "kernel_xfrm.c (4.x, 5.x)",
                   example: "ERROR: kernel: xfrm XFRM_MSG_NEWSA add response for flow esp.c8b3b3d5@192.0.2.1: Protocol not supported (errno 93)"),
        LogMessage("%skernel: xfrm %s response for flow %sAddress family not supported%s", "esp_unsupported", child, "kernel_xfrm.c (4.x, 5.x)",
                   example: "ERROR: kernel: xfrm XFRM_MSG_UPDPOLICY add port bypass response for flow (in): Address family not supported by protocol (errno 97)"),
        LogMessage("%skernel: xfrm %s response for flow %s", "install_failed", child, "kernel_xfrm.c (4.x, 5.x)",
                   example: "ERROR: kernel: xfrm XFRM_MSG_NEWPOLICY add response for flow 192.0.1.0/24===192.0.2.0/24: File exists (errno 17)"),
        // KLIPS dropping a packet routed into ipsecN that no eroute (its security policy) covers:
        // FreeS/WAN 1.99 ipsec_tunnel.c "shunt SA of DROP or no eroute: dropping.", the older
        // "no eroute!: ts=%d.%04d, dropping." its FAQ explains ("klips_debug: ... no eroute!":
        // no connection description covers this pair of addresses or subnets).
        LogMessage("ipsec_tunnel_start_xmit: no eroute!: ts=%s, dropping.", "no_policy_drop", child, "freeswan klips ipsec_tunnel.c (before 1.99), as quoted in its FAQ",
                   example: "ipsec_tunnel_start_xmit: no eroute!: ts=47.3030, dropping."),
        LogMessage("ipsec_tunnel_start_xmit: shunt SA of DROP or no eroute: dropping.", "no_policy_drop", child, "freeswan klips/net/ipsec/ipsec_tunnel.c (1.99)",
                   example: "ipsec_tunnel_start_xmit: shunt SA of DROP or no eroute: dropping."),
        // FreeS/WAN's and Openswan's KLIPS: the setup script (`ipsec_setup:` in syslog) found no
        // kernel IPsec after trying to load the module (freeswan utils/_startklips "kernel
        // appears to lack KLIPS"; 1.8 printed "Fatal error, kernel appears to lack KLIPS.", as
        // the FreeS/WAN FAQ quotes it; strongSwan 2.x-4.x starter klips.c the same words): the
        // kernel cannot hold IPsec SAs.
        LogMessage("%skernel appears to lack KLIPS%s", "esp_unsupported", child, "freeswan utils/_startklips, strongswan starter/klips.c (4.x)",
                   example: "Fatal error, kernel appears to lack KLIPS."),
        // Openswan's and Libreswan 3.x's setup script (ipsec_setup: / _startklips, _stackmanager)
        // after failing to load either stack: "kernel appears to lack IPsec support (neither
        // CONFIG_KLIPS or CONFIG_NET_KEY are set)" (pastebin qL2e0vf5, Openswan 2.4.9 on a Xen
        // guest without its modules), the KLIPS-only form above's successor.
        LogMessage("%skernel appears to lack IPsec support%s", "esp_unsupported", child, "openswan programs/_startklips, _realsetup (2.4-2.6)",
                   example: "kernel appears to lack IPsec support (neither CONFIG_KLIPS or CONFIG_NET_KEY are set)"),
        // pluto refusing to start on a kernel without XFRM: it cannot bind its netlink socket
        // (Openswan 2.6 / Libreswan 3.x kernel_netlink.c "Perhaps", 4.x/5.x kernel_xfrm.c
        // "perhaps", exit_log/fatal: "FATAL ERROR: ..."; hwdsl2/docker-ipsec-vpn-server#19, Docker
        // on macOS) or finds no XFRM in /proc (4.12+ "no XFRM kernel support detected, missing
        // /proc/sys/net/core/xfrm_acq_expires and /proc/net/xfrm_stat", libreswan#2188: a kernel
        // built without CONFIG_XFRM_STATISTICS). pluto then exits: the daemon's death is this
        // finding's consequence (kernel-no-esp explains daemon-not-running), not its own cause.
        LogMessage("%sFailed to bind bcast socket in init_netlink()%s", "esp_unsupported", child, "kernel_netlink.c (3.x), kernel_xfrm.c (4.x, 5.x)",
                   example: "FATAL ERROR: Failed to bind bcast socket in init_netlink() - Perhaps kernel was not compiled with CONFIG_XFRM. Errno 1: Operation not permitted"),
        LogMessage("%sno XFRM kernel support detected%s", "esp_unsupported", child, "kernel_xfrm.c (4.12+, 5.x)",
                   example: "FATAL ERROR: no XFRM kernel support detected, missing /proc/net/xfrm_stat: No such file or directory (errno 2)"),
        // A connection that needs a kernel feature the kernel lacks is not added at all (pluto
        // probes when the connection is loaded): MOBIKE without CONFIG_XFRM_MIGRATE (3.27
        // connections.c "MOBIKE kernel support missing for %s interface: %s", "MOBIKE not
        // supported by %s interface", 4.x the same after "failed to add connection: ", 5.1+
        // "MOBIKE support is not enabled for %s kernel interface: %s", "MOBIKE is not supported
        // by %s kernel interface"; libreswan#221), IP-TFS without CONFIG_XFRM_IPTFS (5.2+
        // "IPTFS is not supported by the kernel: %s", a 2024 development version "IPTFS support is
        // not enabled for xfrm kernel interface: requires option CONFIG_IPTFS", libreswan#1873),
        // an ipsec-interface without CONFIG_XFRM_INTERFACE (4.x/5.x kernel_xfrm_interface.c).
        LogMessage("%sMOBIKE kernel support missing for %s interface%s", "kernel_feature_missing", ike, "connections.c (3.27, 4.x)",
                   example: "MOBIKE kernel support missing for netkey interface: CONFIG_XFRM_MIGRATE && CONFIG_NET_KEY_MIGRATE"),
        LogMessage("%sMOBIKE not supported by %s interface", "kernel_feature_missing", ike, "connections.c (3.27, 4.x)",
                   example: "failed to add connection: MOBIKE not supported by bsdkame interface"),
        LogMessage("%sMOBIKE support is not enabled for %s kernel interface%s", "kernel_feature_missing", ike, "connections.c, extract.c (5.1+)",
                   example: "\"road\": failed to add connection: MOBIKE support is not enabled for xfrm kernel interface: requires option CONFIG_XFRM_MIGRATE"),
        LogMessage("%sMOBIKE is not supported by %s kernel interface", "kernel_feature_missing", ike, "extract.c (5.x)",
                   example: "\"road\": failed to add connection: MOBIKE is not supported by bsdkame kernel interface"),
        LogMessage("%sIPTFS is not supported by the kernel%s", "kernel_feature_missing", ike, "connections.c (5.2+), extract.c",
                   example: "\"east\": failed to add connection: IPTFS is not supported by the kernel: requires option CONFIG_XFRM_IPTFS"),
        LogMessage("%sIPTFS support is not enabled for %s kernel interface%s", "kernel_feature_missing", ike, "connections.c (5.x development, 2024)",
                   example: "\"ipv4-psk-ikev2\": failed to add connection: IPTFS support is not enabled for xfrm kernel interface: requires option CONFIG_IPTFS"),
        LogMessage("%smissing CONFIG_XFRM_INTERFACE support in kernel%s", "kernel_feature_missing", ike, "kernel_xfrm_interface.c (4.x, 5.x)",
                   example: "\"westnet6-eastnet6\": failed to add connection: ipsec-interface=yes not supported: may be missing CONFIG_XFRM_INTERFACE support in kernel"),
        // The SA pluto adds to probe for such a feature, refused: not an SA of a tunnel (pluto
        // 5.2+ itself no longer logs probe failures as errors: kernel_xfrm.c "Probe failures are
        // not real ERRORs"); weaker, the connection's own line says what it needed.
        LogMessage("%snetlink response for Add SA %sProbe%s", "kernel_probe_failed", ike, "kernel_xfrm.c (5.x feature probes)",
                   example: "ERROR: \"ipv4-psk-ikev2\": netlink response for Add SA IPTFS Support Probe: Invalid argument (errno 22)"),
        // The kernel's own words for the netlink error pluto logged on the line before (its
        // extended ack, kernel_xfrm.c "netlink ext_ack: %s": "Unsupported mode" after the IP-TFS
        // probe of libreswan#1873). A detail of that line, which carries the meaning: no event.
        LogMessage("%snetlink ext_ack: %s", "informational", child, "kernel_xfrm.c (4.x, 5.x)",
                   example: "\"ipv4-psk-ikev2\": netlink ext_ack: Unsupported mode"),
        LogMessage("%skernel: could not insert %s bypass polic%s", "install_failed", child, "kernel_xfrm.c (4.x, 5.x: fatal, pluto exits)",
                   example: "FATAL ERROR: kernel: could not insert ICMP_NEIGHBOUR_DISCOVERY bypass policy"),
        LogMessage("%snetlink response for Add SA %s", "install_failed", child, "kernel_xfrm.c",
                   example: "ERROR: netlink response for Add SA esp.c8b3b3d5@192.0.2.1 included errno 17: File exists"),
        LogMessage("%snetlink response for Add SP %s", "install_failed", child, "kernel_xfrm.c",
                   example: "ERROR: netlink response for Add SP 192.0.1.0/24 -> 192.0.2.0/24 included errno 17: File exists"),
        LogMessage("%sunable to install %s", "install_failed", child, "kernel.c",
                   example: "unable to install IPsec SA"),
        // --- network
        LogMessage("%ssendto on %sOperation not permitted%s", "send_not_permitted", ike, "iface_udp.c, send.c",
                   example: "ERROR: sendto on eth0 to 192.0.2.2:500 failed in main_outI1. Errno 1: Operation not permitted"),
        LogMessage("%ssendto on %s", "unreachable", ike, "iface_udp.c, send.c",
                   example: "ERROR: sendto on eth0 to 192.0.2.2:500 failed in main_outI1. Errno 101: Network is unreachable"),
        LogMessage("%sNetwork is unreachable%s", "unreachable", ike, "iface_udp.c",
                   example: "ERROR: asynchronous network error report on eth0 (192.0.2.2:500), complainant 192.0.2.2: Network is unreachable [errno 101, origin ICMP type 3 code 0 (not authenticated)]"),
        LogMessage("%sNo route to host%s", "unreachable", ike, "iface_udp.c",
                   example: "ERROR: asynchronous network error report on eth0 (192.0.2.2:500), complainant 192.0.2.2: No route to host [errno 113, origin ICMP type 3 code 1 (not authenticated)]"),
        // The ICMP error the kernel queued on pluto's IKE socket names what answered: "Connection
        // refused" is ICMP port unreachable (type 3 code 3) from the peer's own address: the host
        // is up and nothing listens on UDP 500/4500 there (its IKE daemon is not running), which
        // is not an unreachable peer; "Message too long" is ICMP fragmentation needed (type 3 code
        // 4) from a router on the path: packets sent from the IKE socket (ESP in UDP 4500 as well)
        // are larger than the path carries. Both forms: 3.x server.c "(sport=%d)%s" and 4.x/5.x
        // iface_udp.c "(%s)%s" (Libreswan FAQ "Common error messages", held-out batch 12).
        LogMessage("%sasynchronous network error report%sConnection refused%s", "port_unreachable", ike, "iface_udp.c, server.c (3.x)",
                   example: "ERROR: asynchronous network error report on eth0 (192.0.2.2:500), complainant 192.0.2.2: Connection refused [errno 111, origin ICMP type 3 code 3 (not authenticated)]"),
        LogMessage("%sasynchronous network error report%sMessage too long%s", "message_too_long", ike, "iface_udp.c, server.c (3.x)",
                   example: "ERROR: asynchronous network error report on eth0 (sport=4500) for message to 192.0.2.2 port 4500, complainant 198.51.100.1: Message too long [errno 90, origin ICMP type 3 code 4 (not authenticated)]"),
        LogMessage("%sasynchronous network error report%s", "unreachable", ike, "iface_udp.c",
                   example: "ERROR: asynchronous network error report on eth0 (192.0.2.2:500), complainant 198.51.100.1: Protocol error [errno 71, origin ICMP type 12 code 0 (not authenticated)]"),
        // --- this host refusing the peer's authentication: the notify pluto SENDS (IKEv2
        // record_v2N_response, logged "responding to <exchange> message (ID n) from <peer> with
        // encrypted notification <N>"; IKEv1 send_notification "sending notification <N> to";
        // 3.x "sending unencrypted notification v2N_<N> to"). Its reason, when pluto had one, is
        // logged above it; a bare one is not the peer rejecting us (linux-system-roles/vpn#19).
        LogMessage("%sresponding to %s with %s notification AUTHENTICATION_FAILED%s", "auth_refused_locally", ike, "ikev2_send.c (record_v2N_response)",
                   example: "responding to IKE_AUTH message (ID 1) from 192.1.2.45:500 with encrypted notification AUTHENTICATION_FAILED"),
        LogMessage("%ssending %snotification %sAUTHENTICATION_FAILED to %s", "auth_refused_locally", ike, "ikev1_send.c, ikev2_send.c (3.x)",
                   example: "sending unencrypted notification v2N_AUTHENTICATION_FAILED to 5.119.230.123:47313"),
        // --- generic authentication failures, last: the specific forms above name the cause
        LogMessage("%sAUTHENTICATION_FAILED%s", "auth_failed", ike, "ikev1.c, ikev2_ike_auth.c",
                   example: "IKE SA authentication request rejected: AUTHENTICATION_FAILED"),
        LogMessage("%sauthentication failed%s", "auth_failed", ike, "ikev2_auth.c",
                   example: "authentication failed: unknown or unsupported hash algorithm"),
        // --- held-out batch 11 (issue 11)
        // The forms older plutos print for a connection neither of whose ends is an address of
        // this host (the current "we cannot identify ..." entries are in fromSources): Openswan
        // 2.6 initiate.c `loglog(RC_ORIENT, "We cannot identify ourselves with either end of this
        // connection.")` (xelerance/Openswan#105), Libreswan 3.x initiate.c with the addresses
        // appended (libreswan#242, Libreswan 3.27).
        LogMessage("We cannot identify ourselves with either end of this connection.", "no_ike_config", ike, "initiate.c (Openswan 2.6)",
                   example: "We cannot identify ourselves with either end of this connection."),
        LogMessage("We cannot identify ourselves with either end of this connection.  %s or %s are not usable", "no_ike_config", ike, "initiate.c (3.x)",
                   example: "We cannot identify ourselves with either end of this connection.  192.0.2.1 or 198.51.100.2 are not usable"),
        // NSS refusing an algorithm the system crypto policy disabled (EL9/Fedora DEFAULT drops
        // SHA-1 signatures): llog_nss_error appends the NSS error name to the call's message, e.g.
        // pubkey_rsa.c `SGN_Digest(%s) function failed` for pluto's own AUTH signature
        // (libreswan#810, hwdsl2/setup-ipsec-vpn#1368). The error name states the cause. Any other
        // failure of that call: pluto could not sign its AUTH payload, cause not said.
        LogMessage("%sSEC_ERROR_SIGNATURE_ALGORITHM_DISABLED%s", "algorithm_disabled", ike, "pubkey_rsa.c, pubkey_ecdsa.c (llog_nss_error)",
                   example: "NSS: SGN_Digest(SHA-1) function failed: SEC_ERROR_SIGNATURE_ALGORITHM_DISABLED: Could not create or verify a signature using a signature algorithm that is disabled because it is not secure."),
        LogMessage("NSS: SGN_Digest(%s) function failed: %s", "own_signature_failed", ike, "pubkey_rsa.c, pubkey_ecdsa.c (llog_nss_error)",
                   example: "NSS: SGN_Digest(SHA-256) function failed: SEC_ERROR_LIBRARY_FAILURE: security library failure."),
        // --- held-out batch 15 (issue 11)
        // FreeS/WAN and Openswan IKEv1 (spdb.c): a phase 1 attribute value this pluto does not
        // support, "%s is not supported" then ".  Attribute %s" (loglog "%s.  Attribute %s"):
        // "OAKLEY_DES_CBC is not supported.  Attribute OAKLEY_ENCRYPTION_ALGORITHM" when the peer
        // offers single DES (the FreeS/WAN FAQ's "Pluto: ... OAKLEY_DES_CBC is not supported.").
        // The OAKLEY_ names are the phase 1 enc/hash algorithms: no common IKE proposal.
        LogMessage("%sOAKLEY_%s is not supported%s", "no_proposal_chosen", ike, "spdb.c (FreeS/WAN, Openswan), ikev1_spdb_struct.c",
                   example: "OAKLEY_DES_CBC is not supported.  Attribute OAKLEY_ENCRYPTION_ALGORITHM"),
        // pluto found no interface it may use (FreeS/WAN, Openswan server.c find_ifaces: "no
        // public interfaces found", after "IP interfaces %s and %s share address %s!" for each
        // pair it ignores): no connection can be oriented to an address of this host, as with
        // "We cannot identify ourselves" (the FreeS/WAN FAQ, "ipsec_setup: ... interfaces ...
        // and ... share address ...").
        LogMessage("%sno public interfaces found", "no_ike_config", ike, "server.c (FreeS/WAN, Openswan, Libreswan 3.x)",
                   example: "003 no public interfaces found"),
        // --- NAT
        LogMessage("%sNAT-Traversal: Result using %sbehind NAT%s", "nat_detected", ike, "nat_traversal.c",
                   example: "NAT-Traversal: Result using RFC 3947 (NAT-Traversal) sender port 500: I am behind NAT"),
    ]

    public static let catalogue = MessageCatalogue(all)
}
