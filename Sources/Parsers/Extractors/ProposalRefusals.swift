import Facts

/// Lines a daemon prints for each candidate it turns down before it tries the next, which are
/// failures only if no candidate was accepted after them:
/// - pluto logs "Oakley Transform [...] refused" once per transform of the peer's Main/Aggressive
///   Mode proposal that its ike= line does not allow (ike_alg.c / ikev1_spdb_struct.c); with none
///   accepted the state never leaves STATE_MAIN_R0 / STATE_AGGR_R0. Users often paste the
///   refusals without the "no acceptable Oakley Transform" that follows.
/// - racoon logs "check and compare ids : value mismatch" (DEBUG) for each sainfo whose selector
///   differs from the peer's phase 2 ID; a match logs "selected sainfo" (isakmp_quick.c).
enum ProposalRefusals {
    /// Words pluto prints once a Main or Aggressive Mode responder accepted a transform and
    /// answered (state names of Libreswan 3.x-5.x and Openswan, "sent MR1", "Peer ID is" of MI3).
    static let progress = ["STATE_MAIN_R1", "STATE_MAIN_R2", "STATE_MAIN_R3", "STATE_AGGR_R1", "STATE_AGGR_R2",
                           "sent MR1", "sent AR1", "sent Main Mode R", "sent Aggressive Mode R", "Peer ID is",
                           "ISAKMP SA established"]

    /// racoon's words once a sainfo matched the peer's phase 2 IDs (isakmp_quick.c, ipsec_doi.c).
    static let selectorAccepted = ["selected sainfo", "best sainfo match", "IPsec-SA established"]

    /// The refusals (records with event `transform_refused` or `selector_refused`) that nothing
    /// accepted after them: for pluto, records of the same state serial (`#N`), or any record when
    /// a line has none; for racoon, any later record.
    static func unaccepted(_ recs: [LogEventRecord]) -> [LogEventRecord] {
        var out: [LogEventRecord] = []
        for (i, r) in recs.enumerated() where r.event == "selector_refused" {
            let accepted = recs[(i + 1)...].contains { s in
                let m = s.message ?? s.text ?? ""
                return s.event == "established_child" || selectorAccepted.contains { m.contains($0) }
            }
            if !accepted { out.append(r) }
        }
        for (i, r) in recs.enumerated() where r.event == "transform_refused" {
            let serial = r.serial
            let later = recs[(i + 1)...].filter { s in
                guard let other = s.serial, let mine = serial else { return true }
                return other == mine
            }
            let moved = later.contains { s in
                if s.event == "established_ike" { return true }
                let m = s.message ?? s.text ?? ""
                return progress.contains { m.contains($0) }
            }
            if !moved { out.append(r) }
        }
        return out
    }
}
