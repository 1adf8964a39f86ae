/// strongSwan charon's messages (5.9 / 6.0), as DBG0/DBG1 print them (the default log level),
/// with the event each means. Formats are copied from the sources named in `file` (paths under
/// src/, strongSwan commit 3b902ea59b); where a conversion decides the meaning it is filled in.
/// Order matters: the first match wins, so specific forms come before general ones.
/// The formats the catalogue does NOT classify are listed in Tests/Fixtures/messages/.
public enum StrongswanMessages {
    static let ike = LogMessage.Phase.ike, child = LogMessage.Phase.child, ctx = LogMessage.Phase.context

    /// Every message the catalogue classifies: the curated forms first (their order decides
    /// between overlapping formats), then the failure formats mapped from the sources
    /// (`fromSources`, one per format of Tests/Fixtures/messages/*-formats.tsv with an event).
    public static let all: [LogMessage] = curated + notifyMessages + fromSources + radiusClient

    static let curated: [LogMessage] = [
        // --- informational: formats decided to carry no diagnosis (Tests/Fixtures/messages) that
        // a more general failure format below would otherwise claim
        LogMessage("peer does not support childless IKE_SA initiation", "informational", ike, "libcharon/sa/ikev2/tasks/child_create.c",
                   example: "peer does not support childless IKE_SA initiation"),
        // --- the settings (strongswan.conf and its includes) do not parse: libstrongswan refuses
        // to start (library.c since 5.7, commit f6b4ba2a65); charon exits with 64. Printed before
        // any logger is set up, so they reach stderr/the journal, not a configured file log.
        LogMessage("abort initialization due to invalid configuration", "config_invalid", ctx, "libstrongswan/library.c",
                   example: "abort initialization due to invalid configuration"),
        LogMessage("invalid config file '%s'", "config_invalid", ctx, "libstrongswan/settings/settings_parser.y",
                   example: "invalid config file '/etc/strongswan.conf'"),
        // --- data plane: libipsec's ESP (not in the scanned failure formats: src/libipsec) and the
        // kernel's acquire for a trap policy (traffic met it: the tunnel was triggered)
        LogMessage("ESP decryption or ICV verification failed", "esp_integrity_failed", child, "libipsec/esp_packet.c",
                   example: "ESP decryption or ICV verification failed"),
        // esp_packet.c decrypt(): the anti-replay check refused the sequence number (a duplicate, or
        // older than the window); DBG1, its second line names src, dst, SPI and [seq N]
        LogMessage("ESP sequence number verification failed:", "esp_replay_failed", child, "libipsec/esp_packet.c",
                   example: "ESP sequence number verification failed:"),
        LogMessage("creating acquire job for policy %R === %R with reqid {%u}", "acquire", child, "libcharon/plugins/kernel_netlink/kernel_netlink_ipsec.c",
                   example: "creating acquire job for policy 10.1.0.1/32[icmp/8] === 10.2.0.1/32[icmp/8] with reqid {1}"),
        // --- the daemon itself. charon's handler of SIGSEGV, SIGILL and SIGBUS (segv_handler in
        // charon/charon.c and charon-systemd/charon-systemd.c) logs the signal and a backtrace,
        // then aborts: charon is gone and every SA with it. Seen for real in the lab (5.9.8,
        // two `ipsec listcerts` at once: "13[DMN] thread 13 received 11"). The start line marks
        // a restart: a crash before it is history (DaemonLogFacts).
        LogMessage("thread %u received %d", "daemon_crashed", ike, "charon/charon.c, charon-systemd/charon-systemd.c (segv_handler)",
                   example: "thread 13 received 11"),
        LogMessage("killing ourself, received critical signal", "daemon_crashed", ike, "charon/charon.c, charon-systemd/charon-systemd.c (segv_handler)",
                   example: "killing ourself, received critical signal"),
        LogMessage("Starting IKE charon daemon (strongSwan %s, %s)", "daemon_started", ike, "charon/charon.c, charon-systemd/charon-systemd.c",
                   example: "Starting IKE charon daemon (strongSwan 5.9.8, Linux 6.18.44-fc-v782, x86_64)"),
        LogMessage("Starting charon NetworkManager backend (strongSwan %s)", "daemon_started", ike, "charon-nm/charon-nm.c",
                   example: "Starting charon NetworkManager backend (strongSwan 5.9.13)"),
        // The daemon gives up while starting and exits (charon/charon.c, charon-nm/charon-nm.c:
        // "initialization failed - aborting charon" after a critical plugin feature failed, whose
        // own line comes first and names it; the uid/gid and capability checks): no daemon runs,
        // as after a crash (NixOS/nixpkgs#185761: charon-nm refused its D-Bus name).
        LogMessage("initialization failed - aborting %s", "daemon_crashed", ike, "charon/charon.c, charon-nm/charon-nm.c",
                   example: "initialization failed - aborting charon"),
        // --- no charon to talk to: swanctl (libstrongswan stream_unix.c) or stroke found nothing
        // behind the control socket; NetworkManager could not execute charon-nm, the IKE daemon of
        // its strongswan plugin (strongswan#1420, typographic quotes made ASCII by PastedLog)
        LogMessage("connecting to 'unix://%scharon.vici' failed: %s", "daemon_absent", ike, "libstrongswan/networking/streams/stream_unix.c",
                   example: "connecting to 'unix:///var/run/charon.vici' failed: No such file or directory"),
        LogMessage("failed to connect to stroke socket '%s'", "daemon_absent", ike, "stroke/stroke.c, starter/starterstroke.c",
                   example: "failed to connect to stroke socket 'unix:///var/run/charon.ctl'"),
        LogMessage("%sFailed to execute child process \"%scharon-nm\"%s", "daemon_absent", ike, "NetworkManager (nm-vpn-connection), NetworkManager-strongswan's service file",
                   example: "starting: failure to start VPN service: Failed to execute child process \"/usr/libexec/ipsec/charon-nm\" (No such file or directory)"),
        // NetworkManager-l2tp (src/nm-l2tp-service.c, nm_l2tp_ipsec_error) finds no `ipsec`
        // script to start its IKE daemon with ("... Is Libreswan or strongSwan installed?", older
        // releases "... Is Openswan installed?" or the sentence alone): strongSwan 6 no longer
        // installs it unless built with the legacy tools (void-packages#54763). No daemon is started.
        LogMessage("%sCould not find the ipsec binary.%s", "daemon_absent", ike, "NetworkManager-l2tp src/nm-l2tp-service.c",
                   example: "failed to connect: 'Could not find the ipsec binary. Is Libreswan or strongSwan installed?'"),
        // The stroke starter (starter/starter.c) found neither PF_KEY (/proc/net/pfkey, after
        // `modprobe af_key`: "no netkey IPsec stack detected") nor KLIPS and goes on: "no known
        // IPsec stack detected, ignoring!". On WSL 1 (microsoft/WSL#585), OpenVZ and containers
        // without modules that is a kernel without IPsec; but charon's kernel-netlink plugin needs
        // XFRM, not PF_KEY, so a kernel with XFRM and no af_key prints it too and works: weak
        // (ipsec_stack_undetected, 0.6), and a CHILD SA established later in the log clears it.
        LogMessage("no known IPsec stack detected, ignoring!", "ipsec_stack_undetected", child, "starter/starter.c (4.x, 5.x)",
                   example: "no known IPsec stack detected, ignoring!"),
        LogMessage("invalid uid/gid - aborting %s", "daemon_crashed", ike, "charon/charon.c, charon-nm/charon-nm.c",
                   example: "invalid uid/gid - aborting charon"),
        LogMessage("capability dropping failed - aborting %s", "daemon_crashed", ike, "charon/charon.c, charon-nm/charon-nm.c",
                   example: "capability dropping failed - aborting charon-nm"),
        // --- virtual IPs. The responder hands out virtual IPs (a pool in the connection) and the
        // initiator asked for none (ike_config.c; no leftsourceip=%config / vips on the client):
        // it answers FAILED_CP_REQUIRED and builds no CHILD SA (GriffinPlus/docker-strongswan#5).
        LogMessage("expected a virtual IP request, sending %N", "vip_failed", child, "libcharon/sa/ikev2/tasks/ike_config.c",
                   example: "expected a virtual IP request, sending FAILED_CP_REQUIRED"),
        // The dhcp plugin (plugins/dhcp/dhcp_socket.c, not among the scanned failure formats) gets
        // the address from a DHCP server: no OFFER (or ACK) within its retries, or the packet could
        // not be sent, and the client gets no virtual IP. Its retries are read in `classify`.
        LogMessage("DHCP DISCOVER timed out", "vip_failed", child, "libcharon/plugins/dhcp/dhcp_socket.c",
                   example: "DHCP DISCOVER timed out"),
        LogMessage("DHCP REQUEST timed out", "vip_failed", child, "libcharon/plugins/dhcp/dhcp_socket.c",
                   example: "DHCP REQUEST timed out"),
        LogMessage("sending DHCP DISCOVER failed: %s", "vip_failed", child, "libcharon/plugins/dhcp/dhcp_socket.c",
                   example: "sending DHCP DISCOVER failed: Network is unreachable"),
        LogMessage("sending DHCP REQUEST failed: %s", "vip_failed", child, "libcharon/plugins/dhcp/dhcp_socket.c",
                   example: "sending DHCP REQUEST failed: Network is unreachable"),
        // --- successes
        LogMessage("IKE_SA %s[%u] established between %H[%Y]...%H[%Y]", "established_ike", ike, "libcharon/sa/ikev2/tasks/ike_auth.c, ikev1/tasks/main_mode.c",
                   example: "IKE_SA lab[1] established between 192.0.2.1[moon]...192.0.2.2[sun]"),
        LogMessage("CHILD_SA %s{%u} established with SPIs %.8x_i %.8x_o and TS %#R === %#R", "established_child", child, "libcharon/sa/ikev2/tasks/child_create.c, ikev1/tasks/quick_mode.c",
                   example: "CHILD_SA net{1} established with SPIs c8b3b3d5_i c2ca12ae_o and TS 10.1.0.0/16 === 10.2.0.0/16"),
        LogMessage("CHILD_SA %s{%d} established", "established_child", child, "libcharon/sa/ikev1/tasks/quick_mode.c",
                   example: "CHILD_SA net{1} established"),
        // --- proposals
        LogMessage("no acceptable proposal found", "no_proposal_chosen", ctx, "libcharon/sa/ikev2/tasks/ike_init.c",
                   example: "no acceptable proposal found"),
        LogMessage("received proposals unacceptable", "no_proposal_chosen", ike, "libcharon/sa/ikev2/tasks/ike_init.c",
                   example: "received proposals unacceptable"),
        LogMessage("received proposals inacceptable", "no_proposal_chosen", ike, "libcharon/sa/ikev2/tasks/ike_init.c (5.5)",
                   example: "received proposals inacceptable"),
        LogMessage("DH group %N inacceptable, requesting %N", "invalid_ke", ike, "libcharon/sa/ikev2/tasks/ike_init.c (5.5)",
                   example: "DH group ECP_256 inacceptable, requesting MODP_2048"),
        LogMessage("no proposal found", "no_proposal_chosen", ike, "libcharon/sa/ikev1/tasks/main_mode.c",
                   example: "no proposal found"),
        LogMessage("no matching proposal found, trying alternative config", "no_proposal_chosen", ike, "libcharon/sa/ikev2/tasks/ike_init.c",
                   example: "no matching proposal found, trying alternative config"),
        LogMessage("no matching proposal found, sending %N", "no_proposal_chosen", child, "libcharon/sa/ikev1/tasks/quick_mode.c",
                   example: "no matching proposal found, sending NO_PROPOSAL_CHOSEN"),
        LogMessage("no matching proposal found", "no_proposal_chosen", child, "libcharon/sa/ikev1/tasks/quick_mode.c",
                   example: "no matching proposal found"),
        LogMessage("received NO_PROPOSAL_CHOSEN notify, no CHILD_SA built", "no_proposal_chosen", child, "libcharon/sa/ikev2/tasks/child_create.c",
                   example: "received NO_PROPOSAL_CHOSEN notify, no CHILD_SA built"),
        LogMessage("received NO_PROPOSAL_CHOSEN notify error", "no_proposal_chosen", ctx, "libcharon/sa/ikev2/tasks/ike_init.c",
                   example: "received NO_PROPOSAL_CHOSEN notify error"),
        LogMessage("received NO_PROPOSAL_CHOSEN error notify", "no_proposal_chosen", ctx, "libcharon/sa/ikev1/tasks/main_mode.c",
                   example: "received NO_PROPOSAL_CHOSEN error notify"),
        LogMessage("peer's proposal selection invalid", "no_proposal_chosen", ike, "libcharon/sa/ikev2/tasks/ike_init.c",
                   example: "peer's proposal selection invalid"),
        LogMessage("received lifetime %us does not match configured lifetime %us", "no_proposal_chosen", ike, "libcharon/sa/ikev1/tasks/aggressive_mode.c",
                   example: "received lifetime 28800s does not match configured lifetime 10800s"),
        // --- key exchange
        LogMessage("peer didn't accept key exchange method %N, it requested %N", "invalid_ke", ike, "libcharon/sa/ikev2/tasks/ike_init.c",
                   example: "peer didn't accept key exchange method ECP_256, it requested MODP_2048"),
        LogMessage("peer didn't accept DH group %N, it requested %N", "invalid_ke", ike, "libcharon/sa/ikev2/tasks/ike_init.c (5.9)",
                   example: "peer didn't accept DH group ECP_256, it requested MODP_2048"),
        LogMessage("received INVALID_KE_PAYLOAD notify%s", "invalid_ke", ike, "libcharon/sa/ikev2/tasks/ike_init.c",
                   example: "received INVALID_KE_PAYLOAD notify"),
        LogMessage("key exchange method %N unacceptable, requesting %N", "invalid_ke", ike, "libcharon/sa/ikev2/tasks/ike_init.c",
                   example: "key exchange method ECP_256 unacceptable, requesting MODP_2048"),
        LogMessage("DH group %N unacceptable, requesting %N", "invalid_ke", ike, "libcharon/sa/ikev2/tasks/ike_init.c (5.9)",
                   example: "DH group ECP_256 unacceptable, requesting MODP_2048"),
        // --- pre-shared keys
        LogMessage("tried %d shared key%s for '%Y' - '%Y', but MAC mismatched", "mac_mismatch", ike, "libcharon/sa/ikev2/authenticators/psk_authenticator.c",
                   example: "tried 1 shared key for 'moon' - 'sun', but MAC mismatched"),
        LogMessage("no shared key found for '%Y' - '%Y'", "psk_not_found", ike, "libcharon/sa/ikev2/authenticators/psk_authenticator.c",
                   example: "no shared key found for 'moon' - 'sun'"),
        LogMessage("no shared key found for '%Y'[%H] - '%Y'[%H]", "psk_not_found", ike, "libcharon/sa/ikev1/phase1.c",
                   example: "no shared key found for '192.0.2.1'[192.0.2.1] - '192.0.2.2'[192.0.2.2]"),
        LogMessage("no shared key found for %H - %H", "psk_not_found", ike, "libcharon/sa/ikev1/phase1.c",
                   example: "no shared key found for 192.0.2.1 - 192.0.2.2"),
        LogMessage("calculated HASH does not match HASH payload", "auth_failed", ike, "libcharon/sa/ikev1/authenticators/psk_v1_authenticator.c",
                   example: "calculated HASH does not match HASH payload"),
        LogMessage("received HASH payload does not match", "auth_failed", ike, "libcharon/sa/ikev1/authenticators/psk_v1_authenticator.c (5.x)",
                   example: "received HASH payload does not match"),
        LogMessage("invalid %N payload length, decryption failed?", "decrypt_failed", ike, "libcharon/encoding/parser.c",
                   example: "invalid HASH_V1 payload length, decryption failed?"),
        LogMessage("Aggressive Mode PSK disabled for security reasons", "aggressive_psk_disabled", ike, "libcharon/sa/ikev1/tasks/aggressive_mode.c",
                   example: "Aggressive Mode PSK disabled for security reasons"),
        // --- authentication methods and exchange modes
        LogMessage("found %d matching config%s, but none allows %N authentication using %s Mode", "auth_method_mismatch", ike, "libcharon/sa/ikev1/phase1.c",
                   example: "found 1 matching config, but none allows pre-shared key authentication using Main Mode"),
        LogMessage("received %N authentication, but configured %N, continue with configured", "auth_method_mismatch", ike, "libcharon/sa/ikev1/tasks/main_mode.c",
                   example: "received RSA signature authentication, but configured pre-shared key, continue with configured"),
        LogMessage("negotiated authentication method %N not supported", "auth_method_mismatch", ike, "libcharon/sa/ikev1/phase1.c",
                   example: "negotiated authentication method ECDSA-256 signature not supported"),
        LogMessage("configuration uses unsupported authentication", "auth_method_mismatch", ike, "libcharon/sa/ikev1/tasks/aggressive_mode.c",
                   example: "configuration uses unsupported authentication"),
        LogMessage("peer requested EAP, config unacceptable", "auth_method_mismatch", ike, "libcharon/sa/ikev2/tasks/ike_auth.c",
                   example: "peer requested EAP, config unacceptable"),
        LogMessage("peer requested EAP, config inacceptable", "auth_method_mismatch", ike, "libcharon/sa/ikev2/tasks/ike_auth.c (5.5)",
                   example: "peer requested EAP, config inacceptable"),
        LogMessage("configured EAP-only authentication, but peer does not support it", "auth_method_mismatch", ike, "libcharon/sa/ikev2/tasks/ike_auth.c",
                   example: "configured EAP-only authentication, but peer does not support it"),
        LogMessage("do not allow non-mutual EAP-only authentication", "auth_method_mismatch", ike, "libcharon/sa/ikev2/tasks/ike_auth.c",
                   example: "do not allow non-mutual EAP-only authentication"),
        LogMessage("Aggressive Mode authorization hook forbids IKE_SA, canceling", "not_authorized", ike, "libcharon/sa/ikev1/tasks/aggressive_mode.c",
                   example: "Aggressive Mode authorization hook forbids IKE_SA, canceling"),
        LogMessage("Main Mode authorization hook forbids IKE_SA, canceling", "not_authorized", ike, "libcharon/sa/ikev1/tasks/main_mode.c",
                   example: "Main Mode authorization hook forbids IKE_SA, canceling"),
        LogMessage("authorization hook forbids IKE_SA, canceling", "not_authorized", ike, "libcharon/sa/ikev2/tasks/ike_auth.c",
                   example: "authorization hook forbids IKE_SA, canceling"),
        LogMessage("final authorization hook forbids IKE_SA, canceling", "not_authorized", ike, "libcharon/sa/ikev2/tasks/ike_auth.c",
                   example: "final authorization hook forbids IKE_SA, canceling"),
        LogMessage("authorization forbids IKE_SA, canceling", "not_authorized", ike, "libcharon/sa/ikev2/tasks/ike_auth.c",
                   example: "authorization forbids IKE_SA, canceling"),
        // --- peer configs and identities
        LogMessage("no matching peer config found", "no_peer_config", ike, "libcharon/sa/ikev2/tasks/ike_auth.c",
                   example: "no matching peer config found"),
        LogMessage("no peer config found", "no_peer_config", ike, "libcharon/sa/ikev1/phase1.c",
                   example: "no peer config found"),
        LogMessage("no alternative config found", "no_peer_config", ike, "libcharon/sa/ikev1/phase1.c",
                   example: "no alternative config found"),
        LogMessage("IDir '%Y' does not match to '%Y'", "id_mismatch", ike, "libcharon/sa/ikev1/tasks/aggressive_mode.c",
                   example: "IDir '192.0.2.2' does not match to 'sun.example.org'"),
        LogMessage("received IDr %Y, but require %Y", "id_mismatch", ike, "libcharon/sa/ikev2/tasks/ike_auth.c",
                   example: "received IDr sun.example.org, but require sun"),
        LogMessage("no IKE config found for %H...%H, sending %N", "no_ike_config", ike, "libcharon/sa/ikev1/task_manager_v1.c, ikev2/task_manager_v2.c",
                   example: "no IKE config found for 192.0.2.2...192.0.2.1, sending NO_PROPOSAL_CHOSEN"),
        LogMessage("received INVALID_ID_INFORMATION error notify", "invalid_id", ctx, "libcharon/sa/ikev1/tasks/main_mode.c, quick_mode.c",
                   example: "received INVALID_ID_INFORMATION error notify"),
        LogMessage("received INVALID_ID_INFORMATION notify error", "invalid_id", ctx, "libcharon/sa/ikev1/tasks/informational.c",
                   example: "received INVALID_ID_INFORMATION notify error"),
        LogMessage("constraint check failed: EAP identity '%Y' (%N) required, not matched by '%Y' (%N)", "eap_failed", ike, "libcharon/sa/ikev2/tasks/ike_auth.c",
                   example: "constraint check failed: EAP identity 'carol' (ID_RFC822_ADDR) required, not matched by 'dave' (ID_RFC822_ADDR)"),
        LogMessage("constraint check failed: %sidentity '%Y' (%N) required", "id_mismatch", ike, "libstrongswan/credentials/auth_cfg.c",
                   example: "constraint check failed: identity 'sun' (ID_FQDN) required"),
        LogMessage("constraint check failed: %sidentity '%Y' (%N) required, not matched by '%Y' (%N)", "id_mismatch", ike, "libstrongswan/credentials/auth_cfg.c",
                   example: "constraint check failed: identity 'sun' (ID_FQDN) required, not matched by 'moon' (ID_FQDN)"),
        // Before 5.9.14 the same check printed the identity alone ("... %sidentity '%Y' required ",
        // auth_cfg.c complies(), strongSwan 5.x), and printed it for two failures that 5.9.14
        // (e6176bf19c) tells apart: the peer authenticated as another identity (the "(%N) required,
        // not matched by" form above), and a gateway identity used loosely whose certificate does
        // not contain it ("certificate does not confirm identity", below). The loose form is what
        // road-warrior clients use unless a server identity is configured: the Android app
        // (android_service.c), the NetworkManager plugin (nm_service.c), charon-cmd and the macOS
        // client check the address or name dialed against the server certificate's subject and
        // SANs. Every real report of the old form in the set is that (algo-556, strongswan-pr44,
        // and docker-ipsec-vpn-server-420 in the new form): read as the identity not in the
        // certificate, at 0.7 (identity_unconfirmed). Its EAP variant stays an identity mismatch.
        LogMessage("constraint check failed: identity '%Y' required", "identity_unconfirmed", ike, "libstrongswan/credentials/auth_cfg.c (5.x before 5.9.14)",
                   example: "constraint check failed: identity 'my.domain.com' required"),
        LogMessage("constraint check failed: %sidentity '%Y' required", "id_mismatch", ike, "libstrongswan/credentials/auth_cfg.c (5.x before 5.9.14)",
                   example: "constraint check failed: EAP identity 'carol@example.org' required"),
        LogMessage("constraint check failed: certificate does not confirm identity '%Y' (%N)", "id_not_in_cert", ike, "libstrongswan/credentials/auth_cfg.c",
                   example: "constraint check failed: certificate does not confirm identity 'sun.example.org' (ID_FQDN)"),
        LogMessage("constraint check failed: group membership to '%Y' required", "not_authorized", ike, "libstrongswan/credentials/auth_cfg.c",
                   example: "constraint check failed: group membership to 'vpn-users' required"),
        LogMessage("constraint check failed: peer not authenticated by CA '%Y'", "not_authorized", ike, "libstrongswan/credentials/auth_cfg.c",
                   example: "constraint check failed: peer not authenticated by CA 'C=CH, O=strongSwan, CN=strongSwan Root CA'"),
        LogMessage("constraint check failed: peer not authenticated with peer cert '%Y'", "not_authorized", ike, "libstrongswan/credentials/auth_cfg.c",
                   example: "constraint check failed: peer not authenticated with peer cert 'C=CH, O=strongSwan, CN=sun'"),
        // A strict revocation policy (revocation = strict / strictcrlpolicy) refusing a peer whose
        // CRL/OCSP status is not GOOD: a revocation failure, not a missing authorisation (lab
        // scenario cert-crl-fetch-failed: "... RULE_CRL_VALIDATION is FAILED, but requires at least GOOD").
        LogMessage("constraint check failed: RULE_CRL_VALIDATION is %N, but requires at least %N", "revocation_failed", ike, "libstrongswan/credentials/auth_cfg.c",
                   example: "constraint check failed: RULE_CRL_VALIDATION is FAILED, but requires at least GOOD"),
        LogMessage("constraint check failed: RULE_OCSP_VALIDATION is %N, but requires at least %N", "revocation_failed", ike, "libstrongswan/credentials/auth_cfg.c",
                   example: "constraint check failed: RULE_OCSP_VALIDATION is SKIPPED, but requires at least GOOD"),
        // The peer authenticated with another class than the connection requires (lab scenario
        // auth-method-mismatch: "constraint requires public key authentication, but pre-shared key was used").
        LogMessage("constraint requires %N authentication, but %N was used", "auth_method_mismatch", ike, "libstrongswan/credentials/auth_cfg.c",
                   example: "constraint requires public key authentication, but pre-shared key was used"),
        LogMessage("constraint check failed: %N is %N, but requires at least %N", "not_authorized", ike, "libstrongswan/credentials/auth_cfg.c",
                   example: "constraint check failed: OCSP_VALIDATION is SKIPPED, but requires at least GOOD"),
        // ike_auth.c update_cfg_candidates() gives one of three reasons. Two follow a complies()
        // check that has already logged which constraint failed (identity, CA, group, auth class,
        // revocation): they are that line's consequence and name no cause of their own, so they
        // must not outrank it ("not authorized" explains an identity mismatch). The third means
        // the peer did fewer authentication rounds than the config requires.
        LogMessage("selected peer config '%s' unacceptable: constraint checking failed", "informational", ike, "libcharon/sa/ikev2/tasks/ike_auth.c",
                   example: "selected peer config 'android' unacceptable: constraint checking failed"),
        LogMessage("selected peer config '%s' inacceptable: constraint checking failed", "informational", ike, "libcharon/sa/ikev2/tasks/ike_auth.c (5.5)",
                   example: "selected peer config 'android' inacceptable: constraint checking failed"),
        LogMessage("selected peer config '%s' unacceptable: non-matching authentication done", "informational", ike, "libcharon/sa/ikev2/tasks/ike_auth.c",
                   example: "selected peer config 'lab' unacceptable: non-matching authentication done"),
        LogMessage("selected peer config '%s' inacceptable: non-matching authentication done", "informational", ike, "libcharon/sa/ikev2/tasks/ike_auth.c (5.5)",
                   example: "selected peer config 'lab' inacceptable: non-matching authentication done"),
        LogMessage("selected peer config '%s' unacceptable: insufficient authentication rounds", "auth_method_mismatch", ike, "libcharon/sa/ikev2/tasks/ike_auth.c",
                   example: "selected peer config 'rw' unacceptable: insufficient authentication rounds"),
        LogMessage("selected peer config '%s' inacceptable: insufficient authentication rounds", "auth_method_mismatch", ike, "libcharon/sa/ikev2/tasks/ike_auth.c (5.5)",
                   example: "selected peer config 'rw' inacceptable: insufficient authentication rounds"),
        // any other reason a later version may give: the generic form (no example of the
        // three known reasons, which are matched above)
        LogMessage("selected peer config '%s' unacceptable: %s", "not_authorized", ike, "libcharon/sa/ikev2/tasks/ike_auth.c"),
        // any other reason a later version may give: the generic form (no example of the
        // three known reasons, which are matched above)
        LogMessage("selected peer config '%s' inacceptable: %s", "not_authorized", ike, "libcharon/sa/ikev2/tasks/ike_auth.c (5.5)"),
        LogMessage("selected peer config '%s' inacceptable", "not_authorized", ike, "libcharon/sa/ikev1/tasks/xauth.c (5.5)",
                   example: "selected peer config 'rw' inacceptable"),
        LogMessage("selected peer config '%s' unacceptable", "not_authorized", ike, "libcharon/sa/ikev1/tasks/xauth.c",
                   example: "selected peer config 'rw' unacceptable"),
        // --- certificates
        LogMessage("peer certificate invalid (valid from %T to %T)", "cert_expired", ike, "libcharon/sa/ike_sa.c",
                   example: "peer certificate invalid (valid from Jan 01 00:00:00 2020 to Jan 01 00:00:00 2021)"),
        LogMessage("%s certificate invalid (valid from %T to %T)", "cert_expired", ike, "libstrongswan/credentials/credential_manager.c",
                   example: "subject certificate invalid (valid from Jan 01 00:00:00 2020 to Jan 01 00:00:00 2021)"),
        LogMessage("certificate was revoked on %T, reason: %N", "revocation_failed", ike, "libstrongswan/plugins/revocation/revocation_validator.c",
                   example: "certificate was revoked on Mar 04 09:48:10 UTC 2024, reason: key compromise"),
        // Printed for every certificate checked without a CRL or OCSP source, also on healthy
        // tunnels (lab scenario cert-healthy): context only. Under a strict policy the failure is
        // the RULE_CRL_VALIDATION / RULE_OCSP_VALIDATION constraint line above.
        LogMessage("certificate status is not available", "revocation_unknown", ike, "libstrongswan/plugins/revocation/revocation_validator.c",
                   example: "certificate status is not available"),
        LogMessage("certificate status is unknown, crl is stale", "revocation_failed", ike, "libstrongswan/plugins/revocation/revocation_validator.c",
                   example: "certificate status is unknown, crl is stale"),
        LogMessage("OCSP response verification failed, invalid signature", "revocation_failed", ike, "libstrongswan/plugins/revocation/revocation_validator.c",
                   example: "OCSP response verification failed, invalid signature"),
        LogMessage("crl response verification failed", "revocation_failed", ike, "libstrongswan/plugins/revocation/revocation_validator.c",
                   example: "crl response verification failed"),
        // Added for a real report (algo-1758): a CA certificate that does not load is a trust anchor
        // missing for every peer it issued (ca_not_loaded: a weaker sign than a failed chain).
        LogMessage("  loading ca certificate from '%s' failed", "ca_not_loaded", ike, "libcharon/plugins/stroke/stroke_cred.c",
                   example: "  loading ca certificate from '/etc/ipsec.d/cacerts/cacert.pem' failed"),
        // A CA certificate without the CA basic constraint (CA:TRUE) is refused as a trust anchor at
        // load time (stroke_cred.c when reading ipsec.d/cacerts, vici_cred.c for swanctl's x509ca),
        // so every peer it issued is untrusted; the load line alone (ca_not_loaded) does not say why.
        // Variant st-cert-ca-not-ca; a user's report of a Windows-made root CA shows the same line.
        LogMessage("  ca certificate \"%Y\" lacks ca basic constraint, discarded", "ca_not_ca", ike, "libcharon/plugins/stroke/stroke_cred.c",
                   example: "  ca certificate \"C=XX, O=ipsec-doctor lab, CN=Lab CA\" lacks ca basic constraint, discarded"),
        LogMessage("  ca certificate lacks CA basic constraint, rejected", "ca_not_ca", ike, "libcharon/plugins/vici/vici_cred.c",
                   example: "  ca certificate lacks CA basic constraint, rejected"),
        LogMessage("no issuer certificate found for \"%Y\"", "cert_untrusted", ike, "libstrongswan/credentials/credential_manager.c",
                   example: "no issuer certificate found for \"C=CH, O=strongSwan, CN=sun\""),
        LogMessage("  self-signed certificate \"%Y\" is not trusted", "cert_untrusted", ike, "libstrongswan/credentials/credential_manager.c",
                   example: "  self-signed certificate \"C=CH, O=strongSwan, CN=sun\" is not trusted"),
        LogMessage("  reached end of incomplete trust chain for trusted certificate \"%Y\"", "cert_untrusted", ike, "libstrongswan/credentials/credential_manager.c",
                   example: "  reached end of incomplete trust chain for trusted certificate \"C=CH, O=strongSwan, CN=sun\""),
        LogMessage("  reached end of incomplete trust chain for %s", "cert_untrusted", ike, "libstrongswan/credentials/credential_manager.c",
                   example: "  reached end of incomplete trust chain for subject certificate"),
        LogMessage("maximum path length of %d exceeded", "cert_untrusted", ike, "libstrongswan/credentials/credential_manager.c",
                   example: "maximum path length of 7 exceeded"),
        LogMessage("  rejecting trusted certificate \"%Y\"", "cert_untrusted", ike, "libstrongswan/credentials/credential_manager.c",
                   example: "  rejecting trusted certificate \"C=CH, O=strongSwan, CN=sun\""),
        LogMessage("no trusted %N public key found for '%Y'", "cert_untrusted", ike, "libcharon/sa/ikev2/authenticators/pubkey_authenticator.c, ikev1/authenticators/pubkey_v1_authenticator.c",
                   example: "no trusted RSA public key found for 'sun.example.org'"),
        LogMessage("peer certificate verification failed, deleting SA", "cert_untrusted", ike, "libcharon/sa/ikev2/tasks/ike_verify_peer_cert.c",
                   example: "peer certificate verification failed, deleting SA"),
        LogMessage("subject of certificate '%Y' does not match any permitted name constraint", "not_authorized", ike, "libstrongswan/plugins/constraints/constraints_validator.c",
                   example: "subject of certificate 'C=CH, O=Other, CN=sun' does not match any permitted name constraint"),
        LogMessage("path length of %d violates constraint of %d", "cert_untrusted", ike, "libstrongswan/plugins/constraints/constraints_validator.c",
                   example: "path length of 2 violates constraint of 1"),
        LogMessage("rejecting certificate without digitalSignature or nonRepudiation keyUsage flags", "cert_untrusted", ike, "libcharon/sa/ikev1/authenticators/pubkey_v1_authenticator.c",
                   example: "rejecting certificate without digitalSignature or nonRepudiation keyUsage flags"),
        LogMessage("signature validation failed, looking for another key", "auth_failed", ike, "libcharon/sa/ikev2/authenticators/pubkey_authenticator.c",
                   example: "signature validation failed, looking for another key"),
        LogMessage("no private key found for '%Y'", "no_private_key", ike, "libcharon/sa/ikev1/phase1.c, ikev2/authenticators/pubkey_authenticator.c",
                   example: "no private key found for 'moon.example.org'"),
        LogMessage("no %N private key found for '%Y'", "no_private_key", ike, "libcharon/sa/ikev1/authenticators/pubkey_v1_authenticator.c",
                   example: "no RSA private key found for 'moon.example.org'"),
        // Added for a real report (trailofbits-algo-714, held-out batch 5): the Android app's
        // credential set finds the user certificate but not its key in the KeyChain.
        LogMessage("failed to load private key", "no_private_key", ike, "frontends/android/app/src/main/jni/libandroidbridge/backend/android_creds.c",
                   example: "failed to load private key"),
        LogMessage("failed to load user certificate and key", "no_private_key", ike, "frontends/android/app/src/main/jni/libandroidbridge/backend/android_creds.c",
                   example: "failed to load user certificate and key"),
        LogMessage("private key of type %N not supported", "no_private_key", ike, "libcharon/sa/ikev1/phase1.c",
                   example: "private key of type ED25519 not supported"),
        // --- EAP and XAuth
        LogMessage("EAP method %N failed for peer %Y", "eap_failed", ike, "libcharon/sa/ikev2/authenticators/eap_authenticator.c",
                   example: "EAP method EAP_MSCHAPV2 failed for peer carol@strongswan.org"),
        LogMessage("EAP vendor specific method %d-%N failed for peer %Y", "eap_failed", ike, "libcharon/sa/ikev2/authenticators/eap_authenticator.c",
                   example: "EAP vendor specific method 12345-unknown failed for peer carol"),
        LogMessage("received %N, EAP authentication failed", "eap_failed", ike, "libcharon/sa/ikev2/authenticators/eap_authenticator.c",
                   example: "received EAP_FAILURE, EAP authentication failed"),
        // The EAP server cannot instantiate the method the connection asks for: its plugin is not
        // loaded (lab scenario eap-method-unsupported: eap-mschapv2 not loaded on the server).
        LogMessage("loading %N method failed", "plugin_missing", ike, "libcharon/sa/ikev2/authenticators/eap_authenticator.c",
                   example: "loading EAP_MSCHAPV2 method failed"),
        LogMessage("%s %N method failed", "eap_failed", ike, "libcharon/sa/ikev2/authenticators/eap_authenticator.c",
                   example: "server requested EAP_MSCHAPV2 authentication (id 0x02) method failed"),
        LogMessage("%N method failed", "eap_failed", ike, "libcharon/sa/ikev2/authenticators/eap_authenticator.c",
                   example: "EAP_MD5 method failed"),
        // eap_authenticator.c client_process_eap(): the server asked for a method of which no
        // instance could be made (charon->eap->create_instance found no registered method: the
        // plugin is not loaded) while the config accepts any method; a config that wants another
        // method logs "requesting %N authentication, sending EAP_NAK" instead.
        LogMessage("EAP method not supported, sending EAP_NAK", "eap_method_unavailable", ike, "libcharon/sa/ikev2/authenticators/eap_authenticator.c",
                   example: "EAP method not supported, sending EAP_NAK"),
        LogMessage("%N not supported, sending EAP_NAK", "eap_unsupported", ike, "libcharon/sa/ikev2/authenticators/eap_authenticator.c",
                   example: "EAP_MSCHAPV2 not supported, sending EAP_NAK"),
        // client_process_eap(): the server asked for another method than the connection's
        // (`auth = eap-md5` against a server that wants EAP-MSCHAPv2: variants/eap-method-mismatch/a).
        LogMessage("requesting %N authentication, sending EAP_NAK", "eap_unsupported", ike, "libcharon/sa/ikev2/authenticators/eap_authenticator.c",
                   example: "requesting EAP_MD5 authentication, sending EAP_NAK"),
        // server_process_eap(): the client refused the method the server requested (its config
        // wants another, or its charon lacks the plugin: variants/eap-method-mismatch/b,
        // eap-client-method-missing/b). No failure word, so outside the extracted formats; %N
        // filled in: the same format with EAP codes (`received %N, sending %N`) serves requests.
        LogMessage("received EAP_NAK, sending EAP_FAILURE", "eap_unsupported", ike, "libcharon/sa/ikev2/authenticators/eap_authenticator.c",
                   example: "received EAP_NAK, sending EAP_FAILURE"),
        LogMessage("EAP-Identity request configured, but not supported", "eap_unsupported", ike, "libcharon/sa/ikev2/authenticators/eap_authenticator.c",
                   example: "EAP-Identity request configured, but not supported"),
        LogMessage("verification of AUTH payload with%s EAP MSK failed", "eap_failed", ike, "libcharon/sa/ikev2/authenticators/eap_authenticator.c",
                   example: "verification of AUTH payload with EAP MSK failed"),
        LogMessage("received %N but failed to establish MSK", "eap_failed", ike, "libcharon/sa/ikev2/authenticators/eap_authenticator.c",
                   example: "received EAP_SUCCESS but failed to establish MSK"),
        LogMessage("failed to establish MSK", "eap_failed", ike, "libcharon/sa/ikev2/authenticators/eap_authenticator.c",
                   example: "failed to establish MSK"),
        // eap_authenticator.c server_process_eap(): "EAP method %N succeeded, %sMSK established"
        // with "no " when get_msk() answers NOT_SUPPORTED. The local plugins of the MSK-deriving
        // methods answer FAILED instead ("failed to establish MSK" above); NOT_SUPPORTED for one of
        // them comes from eap-radius (eap_radius.c get_msk: the Access-Accept carried no
        // MS-MPPE keys), so the AUTH payloads the client (with the MSK) and we (without) compute
        // differ. EAP_MD5 and EAP_GTC derive no MSK by design: their "no MSK" is normal.
        LogMessage("EAP method EAP_MSCHAPV2 succeeded, no MSK established", "eap_no_msk", ike, "libcharon/sa/ikev2/authenticators/eap_authenticator.c"),
        LogMessage("EAP method EAP_TLS succeeded, no MSK established", "eap_no_msk", ike, "libcharon/sa/ikev2/authenticators/eap_authenticator.c"),
        LogMessage("EAP method EAP_TTLS succeeded, no MSK established", "eap_no_msk", ike, "libcharon/sa/ikev2/authenticators/eap_authenticator.c"),
        LogMessage("EAP method EAP_PEAP succeeded, no MSK established", "eap_no_msk", ike, "libcharon/sa/ikev2/authenticators/eap_authenticator.c"),
        LogMessage("EAP method EAP_SIM succeeded, no MSK established", "eap_no_msk", ike, "libcharon/sa/ikev2/authenticators/eap_authenticator.c"),
        LogMessage("EAP method EAP_AKA succeeded, no MSK established", "eap_no_msk", ike, "libcharon/sa/ikev2/authenticators/eap_authenticator.c"),
        LogMessage("EAP-MS-CHAPv2 verification failed", "eap_failed", ike, "libcharon/plugins/eap_mschapv2/eap_mschapv2.c",
                   example: "EAP-MS-CHAPv2 verification failed"),
        LogMessage("EAP-MS-CHAPv2 verification failed, retry (%d)", "eap_failed", ike, "libcharon/plugins/eap_mschapv2/eap_mschapv2.c",
                   example: "EAP-MS-CHAPv2 verification failed, retry (1)"),
        LogMessage("EAP-MS-CHAPv2 verification failed: maximum number of retries reached", "eap_failed", ike, "libcharon/plugins/eap_mschapv2/eap_mschapv2.c",
                   example: "EAP-MS-CHAPv2 verification failed: maximum number of retries reached"),
        LogMessage("EAP-MS-CHAPv2 failed with error %N: '%s'", "eap_failed", ike, "libcharon/plugins/eap_mschapv2/eap_mschapv2.c",
                   example: "EAP-MS-CHAPv2 failed with error ERROR_AUTHENTICATION_FAILURE: 'E=691 R=1 C=00000000000000000000000000000000 V=3 M=Login failed'"),
        LogMessage("EAP-MS-CHAPv2 failed, no MD4 hasher available", "plugin_missing", ike, "libcharon/plugins/eap_mschapv2/eap_mschapv2.c",
                   example: "EAP-MS-CHAPv2 failed, no MD4 hasher available"),
        LogMessage("EAP-MS-CHAPv2 failed, SHA1 not supported", "plugin_missing", ike, "libcharon/plugins/eap_mschapv2/eap_mschapv2.c",
                   example: "EAP-MS-CHAPv2 failed, SHA1 not supported"),
        LogMessage("EAP-MS-CHAPv2 failed, DES-ECB not supported", "plugin_missing", ike, "libcharon/plugins/eap_mschapv2/eap_mschapv2.c",
                   example: "EAP-MS-CHAPv2 failed, DES-ECB not supported"),
        LogMessage("EAP-MD5 failed, MD5 not supported", "plugin_missing", ike, "libcharon/plugins/eap_md5/eap_md5.c",
                   example: "EAP-MD5 failed, MD5 not supported"),
        LogMessage("no EAP key found for hosts '%Y' - '%Y'", "eap_failed", ike, "libcharon/plugins/eap_mschapv2/eap_mschapv2.c",
                   example: "no EAP key found for hosts 'moon' - 'carol'"),
        LogMessage("no EAP key found for '%Y' - '%Y'", "eap_failed", ike, "libcharon/plugins/eap_md5/eap_md5.c",
                   example: "no EAP key found for 'moon' - 'carol'"),
        LogMessage("EAP-MD5 verification failed", "eap_failed", ike, "libcharon/plugins/eap_md5/eap_md5.c",
                   example: "EAP-MD5 verification failed"),
        LogMessage("RADIUS authentication of '%Y' failed", "eap_failed", ike, "libcharon/plugins/eap_radius/eap_radius.c",
                   example: "RADIUS authentication of 'carol' failed"),
        LogMessage("XAuth authentication of '%Y' failed", "xauth_failed", ike, "libcharon/sa/ikev1/tasks/xauth.c",
                   example: "XAuth authentication of 'carol' failed"),
        LogMessage("XAuth authentication of '%Y' (myself) failed", "xauth_failed", ike, "libcharon/sa/ikev1/tasks/xauth.c",
                   example: "XAuth authentication of 'carol' (myself) failed"),
        LogMessage("destroying IKE_SA after failed XAuth authentication", "xauth_failed", ike, "libcharon/sa/ikev1/tasks/xauth.c",
                   example: "destroying IKE_SA after failed XAuth authentication"),
        // Added for a real report (opnsense-core-1967, held-out batch 5): the xauth-generic plugin as
        // patched by FreeBSD ports / OPNsense / pfSense to run an authentication script
        // (files/patch-src-libcharon-plugins-xauth_generic_xauth_generic.c).
        LogMessage("Could not authenticate with XAuth secrets for '%Y' - '%Y'", "xauth_failed", ike, "libcharon/plugins/xauth_generic/xauth_generic.c (FreeBSD ports patch)",
                   example: "Could not authenticate with XAuth secrets for 'vpn.example.org' - 'carol'"),
        LogMessage("XAuth-SCRIPT failed for user '%s' with return status: %d.", "xauth_failed", ike, "libcharon/plugins/xauth_generic/xauth_generic.c (FreeBSD ports patch)",
                   example: "XAuth-SCRIPT failed for user 'carol' with return status: -1."),
        LogMessage("XAUTH-SCRIPT failed to execute script '%s'.", "xauth_failed", ike, "libcharon/plugins/xauth_generic/xauth_generic.c (FreeBSD ports patch)",
                   example: "XAUTH-SCRIPT failed to execute script '/usr/local/etc/inc/ipsec.auth-user.php'."),
        LogMessage("no XAuth %s found for '%Y' - '%Y'", "xauth_failed", ike, "libcharon/plugins/xauth_generic/xauth_generic.c",
                   example: "no XAuth secret found for 'moon' - 'carol'"),
        LogMessage("peer did not respond to our XAuth request", "xauth_failed", ike, "libcharon/plugins/xauth_generic/xauth_generic.c",
                   example: "peer did not respond to our XAuth request"),
        LogMessage("no XAuth method found for '%s'", "plugin_missing", ike, "libcharon/sa/ikev1/tasks/xauth.c",
                   example: "no XAuth method found for 'pam'"),
        LogMessage("no XAuth method found", "plugin_missing", ike, "libcharon/sa/ikev1/tasks/xauth.c",
                   example: "no XAuth method found"),
        // --- notifies received from the peer (after the specific forms above)
        LogMessage("received AUTHENTICATION_FAILED notify error", "auth_refused_by_peer", ike, "libcharon/sa/ikev2/tasks/ike_auth.c",
                   example: "received AUTHENTICATION_FAILED notify error"),
        LogMessage("received AUTHENTICATION_FAILED error notify", "auth_refused_by_peer", ike, "libcharon/sa/ikev1/tasks/main_mode.c",
                   example: "received AUTHENTICATION_FAILED error notify"),
        LogMessage("received INVALID_HASH_INFORMATION error notify", "auth_refused_by_peer", ike, "libcharon/sa/ikev1/tasks/main_mode.c",
                   example: "received INVALID_HASH_INFORMATION error notify"),
        LogMessage("received INVALID_HASH_INFORMATION notify error", "auth_refused_by_peer", ike, "libcharon/sa/ikev1/tasks/informational.c",
                   example: "received INVALID_HASH_INFORMATION notify error"),
        LogMessage("received TS_UNACCEPTABLE notify, no CHILD_SA built", "ts_unacceptable", child, "libcharon/sa/ikev2/tasks/child_create.c",
                   example: "received TS_UNACCEPTABLE notify, no CHILD_SA built"),
        LogMessage("received TS_UNACCEPTABLE notify error", "ts_unacceptable", child, "libcharon/sa/ikev2/task_manager_v2.c",
                   example: "received TS_UNACCEPTABLE notify error"),
        LogMessage("received INVALID_SPI notify%s", "invalid_spi", child, "libcharon/sa/ikev2/tasks/child_create.c",
                   example: "received INVALID_SPI notify"),
        LogMessage("received INVALID_MAJOR_VERSION notify error", "version_mismatch", ike, "libcharon/sa/ikev2/tasks/ike_init.c",
                   example: "received INVALID_MAJOR_VERSION notify error"),
        LogMessage("received FAILED_CP_REQUIRED notify, no CHILD_SA built", "vip_failed", child, "libcharon/sa/ikev2/tasks/child_create.c",
                   example: "received FAILED_CP_REQUIRED notify, no CHILD_SA built"),
        LogMessage("received INTERNAL_ADDRESS_FAILURE notify, no CHILD_SA built", "vip_failed", child, "libcharon/sa/ikev2/tasks/child_create.c",
                   example: "received INTERNAL_ADDRESS_FAILURE notify, no CHILD_SA built"),
        // --- traffic selectors
        LogMessage("traffic selectors %#R === %#R inacceptable", "ts_unacceptable", child, "libcharon/sa/ikev2/tasks/child_create.c (5.x)",
                   example: "traffic selectors 10.1.0.0/16 === 10.3.0.0/16 inacceptable"),
        LogMessage("traffic selectors %#R === %#R unacceptable", "ts_unacceptable", child, "libcharon/sa/ikev2/tasks/child_create.c",
                   example: "traffic selectors 10.1.0.0/16 === 10.3.0.0/16 unacceptable"),
        LogMessage("no acceptable traffic selectors found", "ts_unacceptable", child, "libcharon/sa/ikev1/tasks/quick_mode.c",
                   example: "no acceptable traffic selectors found"),
        LogMessage("no matching CHILD_SA config found for %#R === %#R", "ts_unacceptable", child, "libcharon/sa/ikev1/tasks/quick_mode.c",
                   example: "no matching CHILD_SA config found for 10.1.0.0/16 === 10.3.0.0/16"),
        LogMessage("no matching CHILD_SA config found", "ts_unacceptable", child, "libcharon/sa/ikev2/tasks/child_create.c",
                   example: "no matching CHILD_SA config found"),
        LogMessage("peer selected invalid traffic selectors: %R for %R, %R for %R", "ts_unacceptable", child, "libcharon/sa/ikev1/tasks/quick_mode.c",
                   example: "peer selected invalid traffic selectors: 10.3.0.0/16 for 10.1.0.0/16, 10.2.0.0/16 for 10.2.0.0/16"),
        LogMessage("%s traffic selector missing in configuration", "ts_unacceptable", child, "libcharon/sa/ikev1/tasks/quick_mode.c",
                   example: "local traffic selector missing in configuration"),
        LogMessage("unable to install IPsec policies (SPD) in kernel", "install_failed", child, "libcharon/sa/ikev1/tasks/quick_mode.c, ikev2/tasks/child_create.c",
                   example: "unable to install IPsec policies (SPD) in kernel"),
        LogMessage("unable to install %s%s%sIPsec SA (SAD) in kernel", "install_failed", child, "libcharon/sa/ikev1/tasks/quick_mode.c, ikev2/tasks/child_create.c",
                   example: "unable to install inbound and outbound IPsec SA (SAD) in kernel"),
        // --- kernel
        LogMessage("received netlink error: Protocol not supported (%d)", "esp_unsupported", child, "libcharon/plugins/kernel_netlink/kernel_netlink_shared.c",
                   example: "received netlink error: Protocol not supported (93)"),
        // EAFNOSUPPORT from XFRM: the kernel has no IPsec support for the SA's address family or
        // mode (the xfrm4_tunnel/esp4 modules of that family missing); strerror(97) as glibc
        // prints it (raspberrypi/linux#424: fixed by building the missing modules).
        LogMessage("received netlink error: Address family not supported by protocol (%d)", "esp_unsupported", child, "libcharon/plugins/kernel_netlink/kernel_netlink_shared.c",
                   example: "received netlink error: Address family not supported by protocol (97)"),
        // The XFRM netlink socket itself cannot be opened at start (no xfrm_user, a container or a
        // kernel without XFRM): nothing can be installed (strongX509/docker#3, jawj/IKEv2-setup#142).
        LogMessage("unable to create netlink socket: Protocol not supported (%d)", "esp_unsupported", child, "libcharon/plugins/kernel_netlink/kernel_netlink_shared.c",
                   example: "unable to create netlink socket: Protocol not supported (93)"),
        // XFRM refusing even an SPI allocation with EOPNOTSUPP: the kernel's XFRM interface is not
        // usable by this daemon (a 32-bit strongSwan on a 64-bit kernel without XFRM compat,
        // strongswan/strongswan#1620), not one SA's parameters. kernel_netlink_ipsec.c
        // (get_spi_internal) and kernel_pfkey_ipsec.c print "allocating SPI failed: %s (%d)".
        LogMessage("allocating SPI failed: Operation not supported (%d)", "esp_unsupported", child, "libcharon/plugins/kernel_netlink/kernel_netlink_ipsec.c, kernel_pfkey/kernel_pfkey_ipsec.c",
                   example: "allocating SPI failed: Operation not supported (95)"),
        LogMessage("unable to add SAD entry with SPI %.8x%s (%N)", "install_failed", child, "libcharon/plugins/kernel_netlink/kernel_netlink_ipsec.c",
                   example: "unable to add SAD entry with SPI c2ca12ae (FAILED)"),
        LogMessage("unable to add SAD entry with SPI %.8x%s", "install_failed", child, "libcharon/plugins/kernel_netlink/kernel_netlink_ipsec.c (5.9)",
                   example: "unable to add SAD entry with SPI c2ca12ae"),
        LogMessage("algorithm %N not supported by kernel!", "esp_unsupported", child, "libcharon/plugins/kernel_netlink/kernel_netlink_ipsec.c",
                   example: "algorithm AES_GCM_16 not supported by kernel!"),
        LogMessage("unable to add policy %R === %R %N%s%s", "install_failed", child, "libcharon/plugins/kernel_netlink/kernel_netlink_ipsec.c",
                   example: "unable to add policy 10.1.0.0/16 === 10.2.0.0/16 out"),
        LogMessage("unable to allocate SPI from kernel", "install_failed", child, "libcharon/sa/ikev2/tasks/child_create.c",
                   example: "unable to allocate SPI from kernel"),
        LogMessage("allocating SPI from kernel failed", "install_failed", child, "libcharon/sa/ikev1/tasks/quick_mode.c",
                   example: "allocating SPI from kernel failed"),
        LogMessage("unable to get SPI", "install_failed", child, "libcharon/plugins/kernel_netlink/kernel_netlink_ipsec.c",
                   example: "unable to get SPI"),
        LogMessage("received netlink error: %s (%d)", "install_failed", child, "libcharon/plugins/kernel_netlink/kernel_netlink_shared.c",
                   example: "received netlink error: File exists (17)"),
        // --- retransmits, timeouts, liveness
        LogMessage("retransmit %d of request with message ID %d", "retransmit", ike, "libcharon/sa/ikev2/task_manager_v2.c",
                   example: "retransmit 1 of request with message ID 0"),
        LogMessage("sending retransmit %u of %s message ID %u, seq %u", "retransmit", ike, "libcharon/sa/ikev1/task_manager_v1.c",
                   example: "sending retransmit 1 of request message ID 0, seq 1"),
        LogMessage("giving up after %d retransmits", "giving_up", ike, "libcharon/sa/ikev2/task_manager_v2.c, ikev1/task_manager_v1.c",
                   example: "giving up after 5 retransmits"),
        LogMessage("establishing IKE_SA failed, peer not responding", "giving_up", ike, "libcharon/sa/ike_sa.c",
                   example: "establishing IKE_SA failed, peer not responding"),
        LogMessage("peer not responding, trying again (%d/%d)", "giving_up", ike, "libcharon/sa/ike_sa.c",
                   example: "peer not responding, trying again (2/0)"),
        LogMessage("DPD check timed out, enforcing DPD action", "dpd_dead", ike, "libcharon/sa/ikev1/tasks/isakmp_dpd.c",
                   example: "DPD check timed out, enforcing DPD action"),
        // --- network
        LogMessage("error writing to socket: Operation not permitted", "send_not_permitted", ike, "libcharon/plugins/socket_default/socket_default_socket.c",
                   example: "error writing to socket: Operation not permitted"),
        LogMessage("error writing to socket: %s", "unreachable", ike, "libcharon/plugins/socket_default/socket_default_socket.c",
                   example: "error writing to socket: Network is unreachable"),
        LogMessage("unable to resolve %s, initiate aborted", "unreachable", ike, "libcharon/sa/ike_sa.c",
                   example: "unable to resolve vpn.example.org, initiate aborted"),
        LogMessage("no socket found to send IPv%d packet from port %d", "unreachable", ike, "libcharon/plugins/socket_default/socket_default_socket.c",
                   example: "no socket found to send IPv6 packet from port 500"),
        LogMessage("unable to bind socket: %s", "plugin_missing", ike, "libcharon/plugins/socket_default/socket_default_socket.c",
                   example: "unable to bind socket: Address already in use"),
        LogMessage("could not create any sockets", "plugin_missing", ike, "libcharon/plugins/socket_default/socket_default_socket.c",
                   example: "could not create any sockets"),
        // --- NAT and versions
        LogMessage("remote host is behind NAT", "nat_detected", ike, "libcharon/sa/ikev2/tasks/ike_natd.c",
                   example: "remote host is behind NAT"),
        LogMessage("local host is behind NAT, sending keep alives", "nat_detected", ike, "libcharon/sa/ikev2/tasks/ike_natd.c",
                   example: "local host is behind NAT, sending keep alives"),
        LogMessage("faking NAT situation to enforce UDP encapsulation", "nat_detected", ike, "libcharon/sa/ikev2/tasks/ike_natd.c",
                   example: "faking NAT situation to enforce UDP encapsulation"),
        LogMessage("received unsupported IKE version %d.%d from %H, sending INVALID_MAJOR_VERSION", "version_mismatch", ike, "libcharon/network/receiver.c",
                   example: "received unsupported IKE version 1.0 from 192.0.2.2, sending INVALID_MAJOR_VERSION"),
        LogMessage("IKE version %d not supported", "version_mismatch", ike, "libcharon/sa/ike_sa.c",
                   example: "IKE version 1 not supported"),
        // --- plugins
        // A plugin listed in strongswan.conf that is not installed: charon and swanctl print this
        // on healthy hosts too (lab healthy gateway: test-vectors, ldap, pkcs11). Only a plugin the
        // configuration NEEDS matters, and that shows in the messages below, so no fact here.
        LogMessage("plugin '%s' failed to load: %s", "plugin_not_loaded", ike, "libstrongswan/plugins/plugin_loader.c",
                   example: "plugin 'eap-mschapv2' failed to load: /usr/lib/ipsec/plugins/libstrongswan-eap-mschapv2.so: cannot open shared object file: No such file or directory"),
        LogMessage("plugin '%s': failed to load - %s not found and no plugin file available", "plugin_not_loaded", ike, "libstrongswan/plugins/plugin_loader.c",
                   example: "plugin 'eap-radius': failed to load - eap_radius_plugin_create not found and no plugin file available"),
        LogMessage("feature %s in critical plugin '%s' failed to load", "plugin_missing", ike, "libstrongswan/plugins/plugin_loader.c",
                   example: "feature CUSTOM:kernel-ipsec in critical plugin 'charon' failed to load"),
        LogMessage("failed to load %d critical plugin feature%s", "plugin_missing", ike, "libstrongswan/plugins/plugin_loader.c",
                   example: "failed to load 1 critical plugin feature"),
        LogMessage("configured key exchange method %N not supported", "plugin_missing", ike, "libcharon/sa/ikev2/tasks/ike_init.c",
                   example: "configured key exchange method CURVE_448 not supported"),
        LogMessage("configured DH group %N not supported", "plugin_missing", ike, "libcharon/sa/ikev2/tasks/ike_init.c (5.9)",
                   example: "configured DH group CURVE_448 not supported"),
        // --- more failure paths (second pass over the sources' failure formats)
        LogMessage("received AUTHENTICATION_FAILED notify error, destroying IKE_SA", "auth_refused_by_peer", ike, "libcharon/sa/ikev2/task_manager_v2.c",
                   example: "received AUTHENTICATION_FAILED notify error, destroying IKE_SA"),
        LogMessage("integrity check failed", "decrypt_failed", ike, "libcharon/sa/ikev1/task_manager_v1.c",
                   example: "integrity check failed"),
        LogMessage("message verification failed", "decrypt_failed", ike, "libcharon/sa/ikev1/task_manager_v1.c",
                   example: "message verification failed"),
        // IKEv2 pubkey_authenticator.c build(): `authentication of '%Y' (myself) with %N %s` with
        // %s = "successful" or "failed" (so no failure word in the format: the failing form is
        // filled in here). Reached only with a private key in hand ("no private key found" ends
        // earlier): the crypto backend could not make the signature scheme, nearly always one the
        // system crypto policy disabled (RHEL DEFAULT without SHA-1, strongswan#3017) or a plugin
        // that is not loaded. DBG2 names the scheme and key before it.
        LogMessage("authentication of '%Y' (myself) with %N failed", "own_signature_failed", ike, "libcharon/sa/ikev2/authenticators/pubkey_authenticator.c",
                   example: "authentication of 'vpn.example.com' (myself) with RSA signature failed"),
        LogMessage("unable to create %N signature for %N key", "own_signature_failed", ike, "libcharon/sa/ikev2/authenticators/pubkey_authenticator.c",
                   example: "unable to create RSA_EMSA_PKCS1_SHA1 signature for RSA key"),
        LogMessage("authentication of '%Y' (myself) failed", "sign_failed", ike, "libcharon/sa/ikev1/authenticators/pubkey_v1_authenticator.c",
                   example: "authentication of 'moon.example.org' (myself) failed"),
        LogMessage("%d bit ECDSA private key size not supported", "no_private_key", ike, "libcharon/sa/ikev1/phase1.c",
                   example: "384 bit ECDSA private key size not supported"),
        LogMessage("no common hash algorithm found to create signature with %N key", "auth_method_mismatch", ike, "libcharon/sa/ikev2/authenticators/pubkey_authenticator.c",
                   example: "no common hash algorithm found to create signature with RSA key"),
        LogMessage("%s signature scheme %N not acceptable", "auth_method_mismatch", ike, "libstrongswan/credentials/auth_cfg.c",
                   example: "IKE signature scheme RSA_EMSA_PKCS1_SHA1 not acceptable"),
        LogMessage("%s-%d signatures not acceptable", "auth_method_mismatch", ike, "libstrongswan/credentials/auth_cfg.c",
                   example: "RSA-2048 signatures not acceptable"),
        LogMessage("constraint check failed: no EAP identity required, but '%Y' (%N) received", "eap_failed", ike, "libcharon/sa/ikev2/tasks/ike_auth.c",
                   example: "constraint check failed: no EAP identity required, but 'carol' (ID_RFC822_ADDR) received"),
        LogMessage("PPK required but no PPK found for '%Y'", "psk_not_found", ike, "libcharon/sa/ikev2/tasks/ike_auth.c",
                   example: "PPK required but no PPK found for 'moon'"),
        LogMessage("PPK required but peer does not support PPK", "auth_method_mismatch", ike, "libcharon/sa/ikev2/tasks/ike_auth.c",
                   example: "PPK required but peer does not support PPK"),
        LogMessage("PPK required but no PPK_ID configured", "psk_not_found", ike, "libcharon/sa/ikev2/tasks/ike_auth.c",
                   example: "PPK required but no PPK_ID configured"),
        LogMessage("PPK required but no PPK_IDENTITY received", "auth_method_mismatch", ike, "libcharon/sa/ikev2/tasks/ike_auth.c",
                   example: "PPK required but no PPK_IDENTITY received"),
        LogMessage("EAP-only authentication requires a mutual and MSK deriving EAP method, but %N is not", "auth_method_mismatch", ike, "libcharon/sa/ikev2/authenticators/eap_authenticator.c",
                   example: "EAP-only authentication requires a mutual and MSK deriving EAP method, but EAP_MD5 is not"),
        LogMessage("vendor specific EAP method %d-%N failed", "eap_failed", ike, "libcharon/sa/ikev2/authenticators/eap_authenticator.c",
                   example: "vendor specific EAP method 12345-unknown failed"),
        LogMessage("received invalid EAP response, sending %N", "eap_failed", ike, "libcharon/sa/ikev2/authenticators/eap_authenticator.c",
                   example: "received invalid EAP response, sending EAP_FAILURE"),
        LogMessage("received invalid EAP-MS-CHAPv2 message%s", "eap_failed", ike, "libcharon/plugins/eap_mschapv2/eap_mschapv2.c",
                   example: "received invalid EAP-MS-CHAPv2 message: invalid auth string"),
        LogMessage("EAP-MS-CHAPv2 failed, no challenge", "eap_failed", ike, "libcharon/plugins/eap_mschapv2/eap_mschapv2.c",
                   example: "EAP-MS-CHAPv2 failed, no challenge"),
        LogMessage("EAP-MS-CHAPv2 received packet with unsupported OpCode (%N)!", "eap_failed", ike, "libcharon/plugins/eap_mschapv2/eap_mschapv2.c",
                   example: "EAP-MS-CHAPv2 received packet with unsupported OpCode (5)!"),
        LogMessage("received invalid EAP-MD5 message", "eap_failed", ike, "libcharon/plugins/eap_md5/eap_md5.c",
                   example: "received invalid EAP-MD5 message"),
        LogMessage("missing protected success indication for EAP-TLS with %N", "eap_failed", ike, "libcharon/plugins/eap_tls/eap_tls.c",
                   example: "missing protected success indication for EAP-TLS with TLS 1.3"),
        LogMessage("no XAuth authentication round found", "xauth_failed", ike, "libcharon/sa/ikev1/tasks/xauth.c",
                   example: "no XAuth authentication round found"),
        LogMessage("received invalid XAUTH status response", "xauth_failed", ike, "libcharon/sa/ikev1/tasks/xauth.c",
                   example: "received invalid XAUTH status response"),
        LogMessage("configuration payload missing in XAuth %s", "xauth_failed", ike, "libcharon/sa/ikev1/tasks/xauth.c",
                   example: "configuration payload missing in XAuth request"),
        LogMessage("received cert request for unknown ca '%Y'", "certreq_unknown_ca", ike, "libcharon/sa/ikev1/tasks/isakmp_cert_pre.c",
                   example: "received cert request for unknown ca 'C=CH, O=Other, CN=Other Root CA'"),
        LogMessage("received %u cert requests for an unknown ca", "certreq_unknown_ca", ike, "libcharon/sa/ikev2/tasks/ike_cert_pre.c",
                   example: "received 1 cert requests for an unknown ca"),
        LogMessage("requested key exchange method %N not contained in any of our proposals", "no_proposal_chosen", child, "libcharon/sa/ikev2/tasks/child_create.c",
                   example: "requested key exchange method MODP_2048 not contained in any of our proposals"),
        LogMessage("%N mode requested by responder is unacceptable", "no_proposal_chosen", child, "libcharon/sa/ikev2/tasks/child_create.c",
                   example: "TRANSPORT mode requested by responder is unacceptable"),
        LogMessage("negotiated DH group %N not supported", "plugin_missing", child, "libcharon/sa/ikev1/tasks/quick_mode.c",
                   example: "negotiated DH group MODP_1024 not supported"),
        LogMessage("DH group %N not supported", "plugin_missing", ike, "libcharon/sa/ikev1/tasks/aggressive_mode.c",
                   example: "DH group CURVE_448 not supported"),
        LogMessage("negotiated DH group not supported", "plugin_missing", ike, "libcharon/sa/ikev1/tasks/aggressive_mode.c",
                   example: "negotiated DH group not supported"),
        LogMessage("selected key exchange method %N not supported", "plugin_missing", child, "libcharon/sa/ikev2/tasks/child_create.c",
                   example: "selected key exchange method CURVE_448 not supported"),
        LogMessage("key exchange method %N not supported", "plugin_missing", child, "libcharon/sa/ikev2/tasks/child_create.c",
                   example: "key exchange method CURVE_448 not supported"),
        LogMessage("negotiated key exchange method %N not supported", "plugin_missing", ike, "libcharon/sa/ikev2/tasks/ike_init.c",
                   example: "negotiated key exchange method CURVE_448 not supported"),
        LogMessage("requested key exchange method %N not supported", "plugin_missing", ike, "libcharon/sa/ikev2/tasks/ike_init.c",
                   example: "requested key exchange method CURVE_448 not supported"),
        LogMessage("%N %N (key size %d) not supported!", "plugin_missing", ike, "libcharon/sa/ikev1/keymat_v1.c",
                   example: "ENCRYPTION_ALGORITHM CAMELLIA_CBC (key size 256) not supported!"),
        LogMessage("%N %N not supported!", "plugin_missing", ike, "libcharon/sa/ikev1/keymat_v1.c",
                   example: "INTEGRITY_ALGORITHM HMAC_MD5_96 not supported!"),
        LogMessage("unable to resolve %s, retrying in %ds", "unreachable", ike, "libcharon/sa/ike_sa.c",
                   example: "unable to resolve vpn.example.org, retrying in 30s"),
        LogMessage("no route found to reach %H, MOBIKE update deferred", "unreachable", ike, "libcharon/sa/ike_sa.c",
                   example: "no route found to reach 192.0.2.2, MOBIKE update deferred"),
        LogMessage("no route found to reach peer, %s deferred", "unreachable", ike, "libcharon/sa/ikev2/task_manager_v2.c",
                   example: "no route found to reach peer, path probing deferred"),
        LogMessage("rekeying IKE_SA failed, peer not responding", "dpd_dead", ike, "libcharon/sa/ike_sa.c",
                   example: "rekeying IKE_SA failed, peer not responding"),
        // A DELETE the peer did not answer (the admin tore the SA down while the path or peer was
        // gone): no answer, not a death found by DPD on a tunnel in use.
        LogMessage("proper IKE_SA delete failed, peer not responding", "giving_up", ike, "libcharon/sa/ike_sa.c",
                   example: "proper IKE_SA delete failed, peer not responding"),
        LogMessage("giving up after %d path probings", "dpd_dead", ike, "libcharon/sa/ikev2/task_manager_v2.c",
                   example: "giving up after 5 path probings"),
        LogMessage("unable to update policy %R === %R %N%s%s", "install_failed", child, "libcharon/plugins/kernel_netlink/kernel_netlink_ipsec.c",
                   example: "unable to update policy 10.1.0.0/16 === 10.2.0.0/16 out"),
        LogMessage("unable to update SAD entry with SPI %.8x%s", "install_failed", child, "libcharon/plugins/kernel_netlink/kernel_netlink_ipsec.c",
                   example: "unable to update SAD entry with SPI c2ca12ae"),
        LogMessage("installing IKE bypass policy failed", "install_failed", ike, "libcharon/plugins/socket_default/socket_default_socket.c",
                   example: "installing IKE bypass policy failed"),
        LogMessage("unable to set UDP_ENCAP: %s", "esp_unsupported", child, "libcharon/plugins/kernel_netlink/kernel_netlink_ipsec.c",
                   example: "unable to set UDP_ENCAP: Protocol not available"),
        LogMessage("enabling UDP decapsulation for %s on port %d failed", "esp_unsupported", child, "libcharon/plugins/socket_default/socket_default_socket.c",
                   example: "enabling UDP decapsulation for IPv4 on port 4500 failed"),
        LogMessage("creating CHILD_SA failed, trying again in %d seconds", "child_failed", child, "libcharon/sa/ikev2/tasks/child_create.c",
                   example: "creating CHILD_SA failed, trying again in 2 seconds"),
        LogMessage("closing IKE_SA due CHILD_SA setup failure", "child_failed", child, "libcharon/sa/ikev2/tasks/child_create.c",
                   example: "closing IKE_SA due CHILD_SA setup failure"),
        LogMessage("failed to establish CHILD_SA, keeping IKE_SA", "child_failed", child, "libcharon/sa/ikev2/tasks/child_create.c",
                   example: "failed to establish CHILD_SA, keeping IKE_SA"),
    ]

    public static let catalogue = MessageCatalogue(all)
}
