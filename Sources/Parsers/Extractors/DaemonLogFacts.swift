import Facts

/// Turns the `event`/`phase` records of a daemon log source (pluto-log, racoon-log,
/// isakmpd-log) into the log.* facts, as CharonLogExtractor does for charon: a bool fact is true
/// with the matching lines as provenance, false (whole log) when the log was read and holds
/// none; a failure before a later establishment of the same phase in the same log is dropped
/// (it was fixed; not an INVALID_KE_PAYLOAD retry, which is no failure); `retransmit` events are counted into log.ike.retransmits; `nat_detected`
/// gives ike.nat_detected. Journals that log each message twice (charon-systemd: once with a
/// thread tag, once without) have retransmits counted from the thread-tagged lines only.
struct DaemonLogFacts {
    /// facts reported false when the log holds no hit
    let boolFacts: [String]

    /// THE event → (fact, certainty) table, for every daemon: the parsers name events
    /// (Sources/Parsers/Messages), this says what each event means. `no_proposal_chosen` is
    /// split by phase below; `retransmit` and `nat_detected` are counted apart. Events with no
    /// fact here (child_timeout, revocation_unknown, teardown, no_sa_matched, established_*,
    /// daemon_started) are
    /// context or read by a daemon's own extractor; `informational` marks a message decided to
    /// carry no diagnosis that a general failure format would otherwise claim.
    static let table: [String: (String, Double)] = [
        // The daemon died of a fatal signal or a failed assertion (charon "thread 13 received 11",
        // "killing ourself, received critical signal"; pluto "ABORT: ASSERTION FAILED: ..."): not
        // reported when a later start line shows it came back (`daemon_started`, see add).
        "daemon_crashed": ("log.system.daemon_crashed", 1),
        // A tool that needed the daemon found none (whack "is Pluto running?", "Pluto is not
        // running", swanctl "connecting to 'unix:///var/run/charon.vici' failed", NetworkManager
        // unable to execute charon-nm): cleared, like a crash, by a later start line.
        "daemon_absent": ("log.system.daemon_absent", 1),
        "auth_failed": ("log.ike.auth_failed", 1),
        // the PEER's AUTHENTICATION_FAILED (or INVALID_HASH/KEY_INFORMATION) notify: it refused our
        // authentication; log.ike.auth_refused_by_peer says when that is all the log shows
        "auth_refused_by_peer": ("log.ike.auth_failed", 1),
        // THIS host's AUTHENTICATION_FAILED to the peer (pluto "responding to ... with encrypted
        // notification AUTHENTICATION_FAILED"): it refused the peer. Also an authentication
        // failure (log.ike.auth_failed, added where the events are read below).
        "auth_refused_locally": ("log.ike.auth_refused_locally", 1),
        // charon's own AUTH_FAILED to the peer (`generating IKE_AUTH response 1 [ N(AUTH_FAILED) ]`,
        // CharonLogParser): it refused the peer. Not itself an authentication failure: charon logs
        // the reason on the line before (MAC mismatched, no shared key found, certificate invalid),
        // which carries its own event; counted so that the peer's refusal is not "all the log shows".
        "auth_failed_sent": ("log.ike.auth_refused_locally", 1),
        // pluto "certificate verified OK: <subject>": the peer's chain is trusted and valid
        "peer_cert_verified": ("log.cert.peer_verified", 1),
        "mac_mismatch": ("log.ike.auth_failed", 1),
        // An IKEv1 responder that cannot decrypt or verify the initiator's encrypted message:
        // usually different keys, but a corrupted packet reads the same.
        "decrypt_failed": ("log.ike.auth_failed", 0.8),
        // pluto's "Possible authentication failure": the initiator's only view of a Main Mode
        // PSK mismatch (the responder silently drops what it cannot decrypt).
        "auth_failed_maybe": ("log.ike.auth_failed", 0.7),
        "psk_not_found": ("log.ike.psk_not_found", 1),
        "aggressive_psk_disabled": ("log.ike.exchange_mode_mismatch", 1),
        "exchange_mode_mismatch": ("log.ike.exchange_mode_mismatch", 1),
        // charon initiating Aggressive Mode, refused before any response (CharonLogParser)
        "aggressive_refused": ("log.ike.exchange_mode_mismatch", 0.75),
        "auth_method_mismatch": ("log.ike.auth_method_mismatch", 1),
        "not_authorized": ("log.ike.not_authorized", 1),
        "no_peer_config": ("log.ike.no_peer_config", 1),
        "id_mismatch": ("log.ike.no_peer_config", 0.9),
        "no_ike_config": ("log.ike.no_ike_config", 1),
        // pluto: no connection for this address pair with the proposed authby
        "no_conn_authorized": ("log.ike.no_ike_config", 0.8),
        "ts_unacceptable": ("log.child.ts_unacceptable", 1),
        // pluto initiator: "IKE_AUTH response rejected Child SA with TS_UNACCEPTABLE" is the
        // peer's word only; a Libreswan 4.10 responder that cannot add its SA (kernel without
        // ESP) sends TS_UNACCEPTABLE as well (Libreswan lab, kernel-no-esp: Tests/Fixtures/libreswan-lab).
        "ts_refused_by_peer": ("log.child.ts_unacceptable", 0.75),
        // pluto's "No acceptable response to our first Quick Mode message: perhaps peer likes no
        // proposal": a guess; a responder whose SA install failed is silent too (same lab).
        "quick_mode_unanswered": ("log.child.no_proposal_chosen", 0.6),
        // pluto refusing one transform of the peer's proposal: a no-proposal only when the state
        // never got further (ProposalRefusals), and weaker than "no acceptable Oakley Transform"
        "transform_refused": ("log.ike.no_proposal_chosen", 0.7),
        // racoon's Quick Mode responder unable to build its proposal from policy and sainfo
        // ("failed to get proposal for responder."): algorithms that differ, or no policy for the
        // peer's IDs (whose own line, "no policy found", then says so and is the stronger reading)
        "proposal_unavailable": ("log.child.no_proposal_chosen", 0.6),
        // racoon comparing the peer's phase 2 ID with one sainfo candidate (DEBUG): a selector
        // mismatch only when no sainfo was selected after it (ProposalRefusals), and weak
        "selector_refused": ("log.child.ts_unacceptable", 0.5),
        "invalid_ke": ("log.ike.invalid_ke", 1),
        "giving_up": ("log.ike.peer_not_responding", 1),
        "no_response": ("log.ike.peer_not_responding", 1),
        "dpd_dead": ("log.ike.dpd_dead", 1),
        "unreachable": ("log.ike.unreachable", 1),
        // ICMP port unreachable from the peer's own address, as the daemon reports the socket
        // error (pluto "asynchronous network error report ... Connection refused"): the host is
        // up, no IKE daemon listens there (ike.no-response), not an unreachable address
        "port_unreachable": ("log.ike.port_unreachable", 1),
        // ICMP fragmentation needed on the path, as the daemon reports the socket error (pluto
        // "... Message too long [errno 90, origin ICMP type 3 code 4"): packets sent from the IKE
        // socket, ESP in UDP included, are larger than the path's MTU
        "message_too_long": ("log.ike.message_too_long", 1),
        "send_not_permitted": ("log.ike.send_not_permitted", 1),
        // the kernel dropped outbound packets that no IPsec policy covers (KLIPS "no eroute!":
        // the packet was routed into the tunnel interface, and no connection's eroute matches it)
        "no_policy_drop": ("log.esp.no_policy_drop", 1),
        "invalid_spi": ("log.esp.unknown_spi", 1),
        // ESP whose ICV does not verify (libipsec "ESP decryption or ICV verification failed"):
        // corrupted on the path, or keys/algorithms that differ (sha2 truncation)
        "esp_integrity_failed": ("log.esp.integrity_failed", 1),
        // ESP refused by the anti-replay check (libipsec "ESP sequence number verification failed:"):
        // duplicated or reordered beyond the replay window (variant dp-esp-duplicated b)
        "esp_replay_failed": ("log.esp.replay_failed", 1),
        // the kernel's acquire for a policy whose trap this charon does not hold (trap_manager.c
        // "trap not found, unable to acquire reqid %d"): a policy left by another (dead) instance
        "acquire_no_trap": ("log.child.acquire_no_trap", 1),
        // traffic met a trap policy and the kernel asked for an SA (kernel_netlink_ipsec.c)
        "acquire": ("log.child.acquired", 1),
        "version_mismatch": ("log.ike.version_mismatch", 0.9),
        "install_failed": ("log.child.install_failed", 1),
        "esp_unsupported": ("log.kernel.esp_unsupported", 1),
        // strongSwan's starter found no PF_KEY and no KLIPS ("no known IPsec stack detected,
        // ignoring!"): a kernel without IPsec on WSL and in bare containers, but printed as well
        // where XFRM works without af_key (StrongswanMessages): weak
        "ipsec_stack_undetected": ("log.kernel.esp_unsupported", 0.6),
        // pluto did not add a connection because the kernel lacks a feature it needs (MOBIKE:
        // CONFIG_XFRM_MIGRATE, IP-TFS: CONFIG_XFRM_IPTFS, ipsec-interface: CONFIG_XFRM_INTERFACE;
        // LibreswanMessages); its probe SA for such a feature refused, weaker
        "kernel_feature_missing": ("log.system.kernel_feature_missing", 1),
        "kernel_probe_failed": ("log.system.kernel_feature_missing", 0.6),
        "cert_untrusted": ("log.cert.untrusted", 1),
        "cert_rejected": ("log.cert.untrusted", 0.6),
        // a CA certificate that failed to load: the trust anchor for its peers is missing
        "ca_not_loaded": ("log.cert.untrusted", 0.7),
        "ca_not_ca": ("log.cert.ca_not_ca", 1),
        "cert_usage_refused": ("log.cert.usage_refused", 1),
        "cert_expired": ("log.cert.expired", 1),
        "id_not_in_cert": ("log.cert.id_not_in_cert", 1),
        // strongSwan before 5.9.14 "constraint check failed: identity '%Y' required": a gateway
        // identity the certificate does not confirm (the loose check of road-warrior clients), or
        // the peer authenticated as another identity; the first is what reports show (StrongswanMessages)
        "identity_unconfirmed": ("log.cert.id_not_in_cert", 0.7),
        "no_private_key": ("log.cert.no_private_key", 1),
        // our own signature could not be made: nearly always the key (missing, wrong type)
        "sign_failed": ("log.cert.no_private_key", 0.7),
        // the peer asks for a certificate from a CA we do not have: it will not trust ours
        "certreq_unknown_ca": ("log.cert.untrusted", 0.5),
        // A Windows client with no usable machine certificate (error 13806): nearly always one
        // imported without its private key or into the user's store (WindowsRasClientLogParser)
        "client_cert_missing": ("log.cert.no_private_key", 0.6),
        // A Windows client's 13801 read the other way: the server certificate does not name the
        // address or DNS name the client dialed (WindowsRasClientLogParser)
        "client_name_check_failed": ("log.cert.id_not_in_cert", 0.6),
        "revocation_failed": ("log.cert.revocation_failed", 1),
        "eap_failed": ("log.ike.eap_failed", 1),
        "eap_unsupported": ("log.ike.eap_failed", 0.9),
        // an MSK-deriving method "succeeded, no MSK established": the RADIUS server sent no
        // MS-MPPE keys, so the AUTH payload check that follows fails (StrongswanMessages)
        "eap_no_msk": ("log.ike.eap_failed", 0.8),
        // A Windows client's error 691: user name or password refused, by EAP (IKEv2) or by PPP
        // inside L2TP/IPsec, which the same rule's remedies cover less well: 0.8
        "credentials_refused": ("log.ike.eap_failed", 0.8),
        // A road-warrior client told its authentication failed without saying which (Apple's
        // "User Authentication failed.", Android's AuthenticationFailedException without "EAP"):
        // shared secret, certificate or user password alike, so a weak authentication failure.
        "client_auth_failed": ("log.ike.auth_failed", 0.6),
        // a client with no instance of the method the server asks for (create_instance found no
        // registered method): the method's plugin is not loaded here (eap_authenticator.c)
        "eap_method_unavailable": ("log.system.plugin_missing", 0.8),
        "xauth_failed": ("log.ike.xauth_failed", 1),
        "plugin_missing": ("log.system.plugin_missing", 1),
        // strongswan.conf or an included file does not parse: charon did not start with it
        "config_invalid": ("log.system.config_invalid", 1),
        // The host's crypto library refused an algorithm the negotiation needs: NSS's
        // SEC_ERROR_SIGNATURE_ALGORITHM_DISABLED says so (a system crypto policy without SHA-1);
        // this host failing to make its own signature with a key in hand (charon "authentication
        // of '...' (myself) with X failed", pluto "NSS: SGN_Digest(...) function failed") is
        // nearly always that, or a plugin for the scheme missing: weaker.
        "algorithm_disabled": ("log.system.algorithm_refused", 1),
        "own_signature_failed": ("log.system.algorithm_refused", 0.7),
        // A plugin of the load list that did not load ("plugin '%s' failed to load: %s"): charon
        // and swanctl print it on healthy hosts too (a listed plugin that is not installed), so
        // only an EAP or XAUTH method's plugin counts (methodPluginNotLoaded), and rules read
        // the fact only beside a failure of such a method. A missing algorithm shows in its own
        // messages ("configured key exchange method ... not supported": plugin_missing).
        "plugin_not_loaded": ("log.system.plugin_not_loaded", 1),
        // A CHILD SA failed, its cause said elsewhere or not at all (charon "failed to establish
        // CHILD_SA, keeping IKE_SA", pluto "CHILD SA failed: %s"): the phase 2 symptom.
        "child_failed": ("log.child.setup_failed", 1),
        // This host wanted phase 2 and had no phase 1 to carry it: racoon "phase2 negotiation
        // failed due to time up waiting for phase1", "... queued due to no phase1 found".
        "phase1_missing": ("log.ike.phase1_missing", 1),
        // The PEER sent phase 2 (or mode config, new group) under an ISAKMP SA this host does
        // not hold or has not finished: racoon "can't start the quick mode, there is no
        // ISAKMP-SA", pluto "Quick Mode message is for a non-existent (expired or deleted?)
        // ISAKMP SA", charon "received quick mode request for unestablished IKE_SA": the peer
        // keeps a phase 1 this side lost (restart, expiry) or never completed.
        "peer_sa_unknown": ("log.ike.peer_sa_unknown", 1),
        // The mirror image: the peer answers under an ISAKMP SA this host holds with an
        // unencrypted notify, as a peer that lost it does (racoon "none message must be
        // encrypted"); a peer that never encrypts its notifies reads the same, hence 0.7.
        "sa_unknown_at_peer": ("log.ike.sa_unknown_at_peer", 0.7),
        // no address from the pool, or the virtual IP could not be installed ("no virtual IP
        // found for %H requested by '%Y'", pluto "leasing address failed")
        "vip_failed": ("log.ike.virtual_ip_failed", 1),
        // charon's dhcp plugin sent DISCOVER again for a client: no OFFER came back in time
        // (CharonLogParser.dhcpRetry); the log may stop before its "DHCP DISCOVER timed out"
        "dhcp_unanswered": ("log.ike.virtual_ip_failed", 0.7),
        // Read by CharonLogParser from the lines before a failure (its alsoEvents); facts of
        // these are reported only when seen, since only charon's log shows what they need.
        "rekey_no_proposal_chosen": ("log.child.rekey_no_proposal_chosen", 1),
        "dpd_unanswered": ("log.ike.dpd_dead", 0.9),
        "auth_unanswered_large": ("log.ike.large_request_unanswered", 1),
        "auth_unanswered_after_port_switch": ("log.ike.unanswered_after_port_switch", 1),
    ]

    /// The facts a daemon's log can show: those of the events its catalogue knows, plus the
    /// proposal facts. Reported false when a log of that daemon was read and holds none.
    init(events: [String]) {
        var facts = ["log.ike.no_proposal_chosen", "log.child.no_proposal_chosen"]
        for e in events {
            if let (f, _) = DaemonLogFacts.table[e], !facts.contains(f) { facts.append(f) }
            if e == "invalid_id" {
                for f in ["log.child.ts_unacceptable", "log.ike.no_peer_config"] where !facts.contains(f) { facts.append(f) }
            }
        }
        boolFacts = facts + DaemonLogFacts.derived
    }

    /// Bool facts worked out from the whole log rather than from one event (see add).
    static let derived = ["log.ike.first_request_unanswered", "log.ike.first_reply_unanswered", "log.ike.auth_refused_by_peer",
                          "log.ike.proposal_refused_by_peer", "log.ike.auth_reply_unanswered"]

    /// Whether a no_proposal_chosen line reports the PEER's refusal (its notify received, or
    /// ignored: charon "received NO_PROPOSAL_CHOSEN notify error", pluto "ignoring informational
    /// payload NO_PROPOSAL_CHOSEN" / "dropping unexpected IKE_SA_INIT message containing
    /// NO_PROPOSAL_CHOSEN notification", racoon "notification NO-PROPOSAL-CHOSEN received")
    /// rather than this side refusing what it was offered ("no acceptable proposal found",
    /// "sending ... NO_PROPOSAL_CHOSEN").
    static func isPeerRefusal(_ text: String?) -> Bool {
        // The notify is named in every peer form; "received proposals unacceptable" is charon
        // refusing what it received, and names none.
        guard let t = text?.lowercased(), t.contains("no_proposal_chosen") || t.contains("no-proposal-chosen"),
              !t.contains("sending") else { return false }
        return t.contains("received") || t.contains("ignoring informational payload")
            || t.contains("containing no_proposal_chosen") || t.contains("rejected with no_proposal_chosen")
    }

    init(catalogue: MessageCatalogue) { self.init(events: catalogue.messages.map(\.event)) }

    /// Whether a plugin_not_loaded message names an EAP or XAUTH method's plugin (`plugin
    /// 'eap-mschapv2' failed to load: ...`, `plugin 'xauth-pam': failed to load - ...`); the
    /// lab's healthy gateways log test-vectors, ldap, pkcs11, curve25519 ... that nothing needs.
    static func methodPluginNotLoaded(_ message: String?) -> Bool {
        guard let m = message, let open = m.range(of: "plugin '") else { return false }
        let name = m[open.upperBound...].prefix { $0 != "'" }
        return name.hasPrefix("eap-") || name.hasPrefix("xauth-")
    }

    /// The retransmits of the first request (records the parsers mark `first_request`) when there
    /// are at least two distinct ones and no line after the first of them shows an answer from
    /// the peer (`peer_answered`, or any failure the peer's reply caused): the peer has been
    /// silent so far. Empty otherwise.
    static func firstRequestUnanswered(_ recs: [LogEventRecord], origin: String, tagged: Bool) -> [Provenance] {
        var seen = Set<String>()
        var hits: [Provenance] = []
        var firstLine: Int?
        for r in recs {
            let line = r.line
            if r.firstRequest, !tagged || r.hasThread {
                let key = [r.thread ?? "", r.message ?? r.text ?? ""].joined(separator: "|")
                guard seen.insert(key).inserted else { continue }
                firstLine = firstLine ?? line
                hits.append(Provenance(.log, origin, line: line, excerpt: r.excerpt))
                continue
            }
            guard let first = firstLine, line > first else { continue }
            if r.peerAnswered { return [] }
            if let e = r.event, !["retransmit", "giving_up", "no_response"].contains(e) { return [] }
        }
        return hits.count >= 2 ? hits : []
    }

    /// The responder's mirror of firstRequestUnanswered (records PlutoLogParser marks): this host
    /// sent its reply to an initiator's first message and the initiator never sent its second
    /// one: it sent the first again while we waited at R1, the state was deleted at R1 or
    /// dropped as incomplete on its timer, or several first replies went out (a new state for
    /// each resent first message) and none got further. Empty as soon as any line shows the
    /// initiator went on (R2/R3, Peer ID, IKE_AUTH, established) or this side failed on its own
    /// (any other failure event after the first reply: that failure is the story).
    static func firstReplyUnanswered(_ recs: [LogEventRecord], origin: String) -> [Provenance] {
        var replies: [Provenance] = [], unanswered: [Provenance] = []
        var started = false
        let context: Set<String> = ["retransmit", "duplicate_request", "half_open_expired", "informational", "nat_detected"]
        for r in recs {
            let line = r.line
            let prov = Provenance(.log, origin, line: line, excerpt: r.excerpt)
            if r.initiatorWentOn { return [] }
            if r.firstReply { replies.append(prov); started = true; continue }
            if r.replyUnanswered { unanswered.append(prov); started = true; continue }
            if started, let e = r.event, !context.contains(e) { return [] }
        }
        if !unanswered.isEmpty { return replies + unanswered }
        return replies.count >= 2 ? replies : []
    }

    func add(_ sources: [ParsedSource], to out: inout FactList) {
        guard !sources.isEmpty else { return }
        var hits: [String: [(Provenance, Double)]] = [:]
        // One log is often read from two places (charon.log and syslog, the journal): the same
        // retransmit then appears in both. Count each distinct line once per source and take,
        // for each, the source that shows it most often, instead of adding the sources up.
        var retransmitsBySource: [[String: [Provenance]]] = []
        var nat: [Provenance] = []
        var requestVersion: (Int, Provenance)?
        // The first request retransmitted with no answer after it, per source (see
        // firstRequestUnanswered): the most telling source counts.
        var unanswered: [Provenance] = []
        // This host's reply to a first message that the initiator never followed (see
        // firstReplyUnanswered), per source: the most telling source counts.
        var repliesUnanswered: [Provenance] = []
        // This host (IKEv2 responder) sending its IKE_AUTH response again because the initiator
        // sent its IKE_AUTH request again (records the parsers mark `auth_reply_unanswered`).
        var authRepliesUnanswered: [Provenance] = []
        // Authentication failures this side saw itself (MAC/HASH mismatch, no key, a refused
        // certificate) and those the peer only notified: with none of the first kind, this side
        // cannot tell a wrong key from a missing key, a refused ID or another auth method.
        var localAuth = 0
        var peerRefusals: [Provenance] = []
        // Likewise for IKE proposals: a responder answers NO_PROPOSAL_CHOSEN to IKE_SA_INIT (or
        // Main Mode) when the proposals differ, but also when it has no connection for our
        // address or IKE version (strongSwan "no IKE config found for A...B, sending
        // NO_PROPOSAL_CHOSEN"): with only the peer's notify here, this side cannot tell which.
        var localProposal = 0
        var peerProposalRefusals: [Provenance] = []
        let certificateTunnel = PlutoLocalAuth.method(sources) == "pubkey"
        for src in sources {
            let recs = src.result.typed(LogEventRecord.self)
            let tagged = recs.contains { $0.hasThread }
            var lastIKE = 0, lastChild = 0
            var restarts = DaemonRestarts()
            var seenHere: [String: [Provenance]] = [:]
            // charon: a peer certificate was received and no chain was built for it since.
            var unusedPeerCert = false
            defer { retransmitsBySource.append(seenHere) }
            for r in recs {
                guard let e = r.event else { continue }
                let line = r.line
                if e == "established_ike" || e == "established_child" { lastIKE = max(lastIKE, line) }
                if e == "established_child" { lastChild = max(lastChild, line) }
                if e == "daemon_started" { restarts.noteStart(line: line, text: r.text) }
            }
            let refusals = Set(ProposalRefusals.unaccepted(recs).map(\.line))
            let here = DaemonLogFacts.firstRequestUnanswered(recs, origin: src.origin, tagged: tagged)
            if here.count > unanswered.count { unanswered = here }
            let replies = DaemonLogFacts.firstReplyUnanswered(recs, origin: src.origin)
            if replies.count > repliesUnanswered.count { repliesUnanswered = replies }
            let authReplies = recs.compactMap { r -> Provenance? in
                guard r.authReplyUnanswered else { return nil }
                return Provenance(.log, src.origin, line: r.line, excerpt: r.excerpt)
            }
            if authReplies.count > authRepliesUnanswered.count { authRepliesUnanswered = authReplies }
            for r in recs {
                if let m = r.message { CertIdentityCheck.note(m, &unusedPeerCert) }
                guard let e = r.event else { continue }
                let line = r.line
                let prov = Provenance(.log, src.origin, line: line, excerpt: r.excerpt)
                if e == "nat_detected" { nat.append(prov); continue }
                // INVALID_KE_PAYLOAD is a round trip, not a failure: the initiator retries with the
                // group asked for and the SA comes up right after (strongSwan 5.9 both ends,
                // Tests/Fixtures/variants/dp-ke-group-retry). Like a NAT detection it always counts.
                if e == "invalid_ke" { hits["log.ike.invalid_ke", default: []].append((prov, 1)); continue }
                let phase = r.phase ?? "ike"
                // a crash the daemon was restarted after (or came up after) is history
                if e == "daemon_crashed" || e == "daemon_absent", restarts.restarted(after: line, text: r.text) { continue }
                if phase == "ike" && line < lastIKE { continue }
                if phase == "child" && line < lastChild { continue }
                // What the parser read from the lines before (CharonLogParser.alsoEvents): more
                // meanings of the same line, mapped by the same table.
                for extra in r.alsoEvents {
                    if let (fact, cf) = DaemonLogFacts.table[extra] { hits[fact, default: []].append((prov, cf)) }
                }
                // charon's pubkey authenticator looked for the peer's trusted public key: the peer's
                // AUTH payload was a signature, whatever this end's connection requires of it
                // (variant lsw-sw-rsasig-vs-psk b: `remote { auth = psk }`, a signs with RSA)
                if e == "cert_untrusted", CertIdentityCheck.isNoTrustedKey(r.message) {
                    hits["log.ike.peer_signed", default: []].append((prov, 1))
                }
                if e == "cert_untrusted", unusedPeerCert, CertIdentityCheck.isNoTrustedKey(r.message) {
                    hits["log.cert.id_not_in_cert", default: []].append((prov, 0.8))
                    continue
                }
                if e == "retransmit" {
                    if !tagged || r.hasThread {
                        // Not the IKE_SA name: syslog's copy of a charon.log line lacks the `<conn|1>` prefix.
                        let key = [r.thread ?? "", r.message ?? r.text ?? ""].joined(separator: "|")
                        seenHere[key, default: []].append(prov)
                    }
                    continue
                }
                if e == "plugin_not_loaded", !DaemonLogFacts.methodPluginNotLoaded(r.message ?? r.text) { continue }
                if e == "transform_refused" || e == "selector_refused" {
                    if refusals.contains(line), let (fact, cf) = DaemonLogFacts.table[e] {
                        hits[fact, default: []].append((prov, cf))
                        if fact == "log.ike.no_proposal_chosen" { localProposal += 1 }
                    }
                    continue
                }
                if e == "no_proposal_chosen" {
                    hits[phase == "child" ? "log.child.no_proposal_chosen" : "log.ike.no_proposal_chosen", default: []].append((prov, 1))
                    if phase != "child" {
                        if DaemonLogFacts.isPeerRefusal(r.excerpt) { peerProposalRefusals.append(prov) } else { localProposal += 1 }
                    }
                    continue
                }
                // The peer's INVALID_ID_INFORMATION to our Main Mode certificate: pluto answers so
                // when our certificate fails its checks (expired, revoked, untrusted) as well as
                // when our ID matches none of its connections: only its log tells which.
                if e == "no_peer_config", certificateTunnel, PlutoLocalAuth.isPeerInvalidID(r.excerpt) {
                    hits["log.ike.auth_failed", default: []].append((prov, 1))
                    peerRefusals.append(prov)
                    continue
                }
                // an ICMP unreachable on the peer's NAT-T port (PlutoLogParser.onNattPort): reported
                // only when seen, beside log.ike.unreachable
                if e == "unreachable", r.natt { hits["log.ike.unreachable_natt", default: []].append((prov, 1)) }
                if let (fact, cf) = DaemonLogFacts.table[e] {
                    hits[fact, default: []].append((prov, cf))
                    if e == "auth_refused_by_peer" { peerRefusals.append(prov) } else if fact == "log.ike.auth_failed" { localAuth += 1 }
                    if e == "auth_refused_locally" { hits["log.ike.auth_failed", default: []].append((prov, 1)); localAuth += 1 }
                    if e == "auth_failed_sent" { localAuth += 1 }
                }
                if e == "no_ike_config" || e == "no_conn_authorized", let v = r.ikeVersion { requestVersion = (v, prov) }
            }
        }
        let whole = sources.map { Provenance(.log, $0.origin) }
        for name in boolFacts where !DaemonLogFacts.derived.contains(name) {
            if let h = hits[name], !h.isEmpty {
                out.add(name, .bool(true), certainty: h.map(\.1).max() ?? 1, h.map(\.0))
            } else {
                out.bool(name, false, whole)
            }
        }
        for (name, h) in hits.sorted(by: { $0.key < $1.key }) where !boolFacts.contains(name) && !h.isEmpty {
            out.add(name, .bool(true), certainty: h.map(\.1).max() ?? 1, h.map(\.0))
        }
        var retransmitProv: [Provenance] = []
        for key in Set(retransmitsBySource.flatMap(\.keys)).sorted() {
            retransmitProv += retransmitsBySource.map { $0[key] ?? [] }.max { $0.count < $1.count } ?? []
        }
        retransmitProv.sort { ($0.source, $0.line ?? 0) < ($1.source, $1.line ?? 0) }
        out.number("log.ike.retransmits", retransmitProv.count, retransmitProv.isEmpty ? whole : retransmitProv)
        if !nat.isEmpty { out.bool("ike.nat_detected", true, nat) }
        out.bool("log.ike.first_request_unanswered", !unanswered.isEmpty, unanswered.isEmpty ? whole : unanswered)
        out.bool("log.ike.first_reply_unanswered", !repliesUnanswered.isEmpty, repliesUnanswered.isEmpty ? whole : repliesUnanswered)
        out.bool("log.ike.auth_reply_unanswered", !authRepliesUnanswered.isEmpty, authRepliesUnanswered.isEmpty ? whole : authRepliesUnanswered)
        let refusedOnly = !peerRefusals.isEmpty && localAuth == 0
        out.bool("log.ike.auth_refused_by_peer", refusedOnly, refusedOnly ? peerRefusals : whole)
        let proposalRefusedOnly = !peerProposalRefusals.isEmpty && localProposal == 0
        out.bool("log.ike.proposal_refused_by_peer", proposalRefusedOnly, proposalRefusedOnly ? peerProposalRefusals : whole)
        if let (v, prov) = requestVersion { out.number("log.ike.request_version", v, [prov]) }
        PlutoLocalAuth.add(sources, to: &out)
    }
}
