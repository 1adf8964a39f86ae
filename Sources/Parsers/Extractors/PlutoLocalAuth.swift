import Facts

/// This side's authentication method as pluto's own lines print it, for a log read without the
/// configuration (a pasted `ipsec auto --up` transcript, a journal excerpt): with it, the peer's
/// bare AUTHENTICATION_FAILED / INVALID_ID_INFORMATION is read against the method actually used
/// (a certificate tunnel is not a PSK guess). Forms, from libreswan's programs/pluto:
/// - IKEv2 `sent IKE_AUTH request to <endpoint> with <method> ...` (ikev2_ike_auth.c,
///   llog_success_initiate_v2_IKE_AUTH_request; the method is ikev2_auth_method_names' human name:
///   `shared-key-mac`, `digital-signature ...`, `rsa-digital-signature`, `ecdsa-...`, `null`);
/// - IKEv1 `I am sending my cert` (ikev1_main.c, ikev1_aggr.c);
/// - IKEv1 `initiating Quick Mode IKEv1+PSK+ENCRYPT+...` / `RSASIG+ENCRYPT+...` (the policy bits,
///   3.x to 5.x).
/// Emitted only when every such line agrees, as `conn.auth` (psk or pubkey).
enum PlutoLocalAuth {
    static func method(_ message: String) -> String? {
        if let sent = message.range(of: "sent IKE_AUTH request to ") {
            guard let with = message[sent.upperBound...].range(of: " with ") else { return nil }
            let m = message[with.upperBound...]
            if m.hasPrefix("shared-key-mac") { return "psk" }
            if m.hasPrefix("digital-signature") || m.hasPrefix("rsa-digital-signature") || m.hasPrefix("ecdsa") { return "pubkey" }
            return nil
        }
        if message.hasPrefix("I am sending my cert") { return "pubkey" }
        if let qm = message.range(of: "initiating Quick Mode ") {
            let policy = message[qm.upperBound...].prefix { $0 != " " }.split(separator: "+")
            if policy.contains("PSK") { return "psk" }
            if policy.contains("RSASIG") { return "pubkey" }
        }
        return nil
    }

    /// The one method all of pluto's lines in `sources` show, or nil.
    static func method(_ sources: [ParsedSource]) -> String? {
        var methods = Set<String>()
        for src in sources { for r in src.result.typed(LogEventRecord.self) { if let m = r.message, let a = method(m) { methods.insert(a) } } }
        return methods.count == 1 ? methods.first : nil
    }

    /// Whether a line is the PEER's INVALID_ID_INFORMATION (received, or ignored as pluto 3.x to
    /// 5.x print it: `ignoring secured informational payload INVALID_ID_INFORMATION, msgid=...`,
    /// `received and ignored notification payload: INVALID_ID_INFORMATION`), not one we send.
    static func isPeerInvalidID(_ text: String?) -> Bool {
        guard let t = text, t.contains("INVALID_ID_INFORMATION"), !t.contains("sending") else { return false }
        return t.contains("ignoring") || t.contains("received")
    }

    static func add(_ sources: [ParsedSource], to out: inout FactList) {
        var methods = Set<String>(), provs: [Provenance] = []
        for src in sources {
            for r in src.result.typed(LogEventRecord.self) {
                guard let m = r.message, let a = method(m) else { continue }
                methods.insert(a)
                if provs.count < 3 { provs.append(Provenance(.log, src.origin, line: r.line, excerpt: r.text ?? m)) }
            }
        }
        if methods.count == 1, let a = methods.first { out.add("conn.auth", .string(a), provs) }
    }
}
