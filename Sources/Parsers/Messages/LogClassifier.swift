/// Classifies one daemon message with its catalogue and resolves what the message alone cannot
/// say: the phase of a `context` message (from the exchange the surrounding lines were about)
/// and the meaning of INVALID_ID_INFORMATION, which is an identity problem in phase 1 and a
/// traffic selector problem in phase 2 (IKEv1 uses the one notify for both).
enum LogClassifier {
    static func classify(_ message: String, in catalogue: MessageCatalogue, childContext: Bool) -> (event: String, phase: String)? {
        guard let m = catalogue.classify(message) else { return nil }
        let phase: String
        switch m.phase {
        case .ike: phase = "ike"
        case .child: phase = "child"
        case .context: phase = childContext ? "child" : "ike"
        }
        if m.event == "invalid_id" { return phase == "child" ? ("ts_unacceptable", "child") : ("no_peer_config", "ike") }
        return (m.event, phase)
    }
}
