/// A question the wizard may ask, declared in `Rules/questions/*.yaml`. Its answer sets one fact.
public struct Question: Sendable {
    public enum Kind: String, Sendable { case yesno, choice, number, text }

    public var id: String
    public var fact: String
    public var prompt: String
    public var kind: Kind
    /// For `choice`: the allowed answers (also what tab completion offers).
    public var choices: [String]
    /// Why it is asked, in the operator's words.
    public var help: String
    /// How to find out, per platform (`linux`, `openbsd`, `illumos`) or implementation, and `any`.
    public var how: [String: String]
    /// Effort for the operator: 1 knows it, 2 runs a command, 3 captures packets or asks the peer.
    public var cost: Double
    public var location: SourceLocation
}
