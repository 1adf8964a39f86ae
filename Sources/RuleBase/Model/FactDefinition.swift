/// An entry of the fact vocabulary (`Rules/facts.yaml`).
public struct FactDefinition: Sendable {
    public enum Kind: String, Sendable { case bool, number, string, list }
    public var name: String
    public var kind: Kind
    public var from: [String]
    public var doc: String
    /// The values the fact takes, where the vocabulary lists them (`values: [psk, pubkey]`);
    /// empty when any value of its type will do. Answers are checked against them.
    public var values: [String] = []
    public var location: SourceLocation

    /// `xfrm.stat.*` covers `xfrm.stat.XfrmInNoPols`.
    public func covers(_ factName: String) -> Bool {
        if name.hasSuffix(".*") { return factName.hasPrefix(String(name.dropLast())) && factName.count > name.count - 1 }
        return name == factName
    }
}
