/// A named, typed piece of knowledge about the tunnel, with how sure we are and where it came from.
/// Names are dotted (`ike.sa.established`, `xfrm.stat.XfrmInTmplMismatch`) and listed in the fact
/// vocabulary (Rules/facts.yaml), which `rules check` holds the rules to.
public struct Fact: Hashable, Sendable {
    public var name: String
    public var value: FactValue
    /// Certainty factor in 0...1: 1 for what a probe or the operator states, less for inferences.
    public var certainty: Double
    public var provenance: [Provenance]

    public init(_ name: String, _ value: FactValue, certainty: Double = 1, provenance: [Provenance]) {
        self.name = name
        self.value = value
        self.certainty = certainty
        self.provenance = provenance
    }

    public init(_ name: String, _ value: FactValue, certainty: Double = 1, from provenance: Provenance) {
        self.init(name, value, certainty: certainty, provenance: [provenance])
    }
}
