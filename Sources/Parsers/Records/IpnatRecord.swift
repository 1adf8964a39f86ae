import Facts

/// One entry of illumos IP Filter's `ipnat -l` (IpnatListParser), by `kind`: `rule` (type, hits,
/// interface[2], match/match_port or from/to with their ports and negations, target,
/// target_port, proto, options, text) or `session` (type, clone, inside/outside/remote with
/// their ports).
///
/// WHY `OrderedFields`: a rule's fields come in the order its words do (`proto` from an rdr's
/// word or from `portmap tcp/udp`, whichever the rule has), which the `parse` JSON has always
/// shown; the key set is closed.
public struct IpnatRecord: OrderedFieldRecord {
    public var line: Int
    public var fields: OrderedFields<Field>

    public init(line: Int, fields: OrderedFields<Field> = OrderedFields()) {
        self.line = line; self.fields = fields
    }

    /// The fields, named as in the JSON.
    public enum Field: String, OrderedFieldKey {
        case kind, hits, type, interface, interface2
        case from, fromNegated = "from_negated", fromPort = "from_port", to, toNegated = "to_negated", toPort = "to_port"
        case match, matchPort = "match_port", target, targetPort = "target_port", proto, options, text
        // a session
        case clone, inside, insidePort = "inside_port", outside, outsidePort = "outside_port", remote, remotePort = "remote_port"
        public static let jsonNames = JSONKeyNames(Field.self)
    }

    /// `rule` or `session`.
    public var kind: String? { fields.str(.kind) }
    /// map, rdr, bimap, map-block (a rule); MAP, RDR, BIMAP, MAP-BLOCK (a session).
    public var type: String? { fields.str(.type) }
    public var interface: String? { fields.str(.interface) }
    public var match: String? { fields.str(.match) }
    public var from: String? { fields.str(.from) }
    public var to: String? { fields.str(.to) }
    public var fromNegated: Bool { fields.bool(.fromNegated) == true }
    public var toNegated: Bool { fields.bool(.toNegated) == true }
    /// The rule as printed.
    public var text: String? { fields.str(.text) }
    public var inside: String? { fields.str(.inside) }
    public var insidePort: String? { fields.str(.insidePort) }
    public var outside: String? { fields.str(.outside) }
    public var outsidePort: String? { fields.str(.outsidePort) }
    public var remote: String? { fields.str(.remote) }
    public var remotePort: String? { fields.str(.remotePort) }
}
