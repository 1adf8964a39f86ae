/// A knowledge article (`Knowledge/diagnoses/<id>.md` or `Knowledge/concepts/<topic>.md`).
public struct Article: Sendable {
    public enum Kind: String, Sendable { case diagnosis, concept }
    public var id: String
    public var kind: Kind
    public var title: String
    public var aliases: [String]
    public var seeAlso: [String]
    /// The Markdown after the front matter.
    public var body: String
    public var location: SourceLocation
}
