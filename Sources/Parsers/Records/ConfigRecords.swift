import Facts

// Typed records of the configuration files (issue 10): strongswan.conf, Libreswan's ipsec.conf,
// racoon.conf, OpenBSD's ipsec.conf and iked.conf, illumos' ike/config and ipsecinit.conf, and
// setkey.conf. Each is an `OrderedFieldRecord` with a closed enum of the keys its parser sets:
// the fields of a record follow the file (racoon's `remote` sets a field per statement, in the
// order the block gives them; a Libreswan conn's derived fields after its settings), which the
// `parse` JSON has always shown and a struct's fixed property order would change.
//
// Nested values the JSON holds as objects (a conn's `settings`, racoon's `proposals`, the
// `flows` of OpenBSD's rules, ipsecinit's `actions`) are kept as the JSON they were and read
// through typed accessors (`settings` as key/value pairs, `flows` as `ConfigFlow`s).

/// `from`/`to` of an OpenBSD ipsec.conf or iked.conf rule (a `{a, b}` list expanded).
public struct ConfigFlow: Sendable, Equatable {
    public var from: String
    public var to: String
}

/// A `key value` pair as a config file wrote it (Libreswan's settings, racoon's statements).
public struct ConfigSetting: Sendable, Equatable {
    public var key: String
    public var value: String
}

extension FieldValue {
    /// The pairs of a JSON object field (an empty one for anything else).
    var objectPairs: [(String, JSONValue)] {
        if case let .json(.object(pairs)) = self { return pairs }
        return []
    }
    /// The items of a JSON array field (an empty array is read back as `.strings([])`).
    var arrayItems: [JSONValue] {
        if case let .json(.array(items)) = self { return items }
        return []
    }
}

extension OrderedFields {
    /// Sets a field the JSON holds as an object or an array of objects: as `init(json:)` reads
    /// it back (an empty array as `.strings([])`), so the typed and the decoded record are equal.
    mutating func set(_ key: Key, json value: JSONValue?) { if let value { put(key, FieldValue(json: value)) } }
    /// An object field's pairs, their values as text.
    func settings(_ key: Key) -> [ConfigSetting] {
        (self[key]?.objectPairs ?? []).map { ConfigSetting(key: $0.0, value: $0.1.stringValue ?? "") }
    }
    /// An array field of `{from, to}` objects.
    func flows(_ key: Key) -> [ConfigFlow] {
        (self[key]?.arrayItems ?? []).map { ConfigFlow(from: $0.str("from") ?? "", to: $0.str("to") ?? "") }
    }
}

extension OrderedFieldRecord {
    mutating func set(_ key: Key, json value: JSONValue?) { fields.set(key, json: value) }
}

/// A record of strongswan.conf (StrongswanConfParser), by `kind`: `section` (name: its dotted
/// path, inherits), `setting` (key: its dotted path, value or `redacted`), `include` (pattern,
/// section it stands in).
public struct StrongswanConfRecord: OrderedFieldRecord {
    public var line: Int
    public var fields: OrderedFields<Field>
    public init(line: Int, fields: OrderedFields<Field> = OrderedFields()) { self.line = line; self.fields = fields }

    public enum Field: String, OrderedFieldKey {
        case kind, name, inherits, key, value, redacted, pattern, section
        public static let jsonNames = JSONKeyNames(Field.self)
    }

    public var kind: String? { fields.str(.kind) }
    /// A section's dotted path within its file.
    public var name: String? { fields.str(.name) }
    /// A setting's dotted key within its file.
    public var key: String? { fields.str(.key) }
    public var value: String? { fields.str(.value) }
    /// A setting that names a secret: its value is not kept.
    public var redacted: Bool { fields.bool(.redacted) == true }
    /// An include's pattern as written, and the section it stands in ("" at the top).
    public var pattern: String? { fields.str(.pattern) }
    public var section: String? { fields.str(.section) }
}

/// A record of Libreswan's ipsec.conf (LibreswanConfParser), by `kind`: `setup` (settings),
/// `conn` (name, settings, also, redacted, and the fields a diagnosis reads, derived from the
/// settings: `LibreswanConfParser.applyDerived`), `include` (path), `version` (value).
public struct LibreswanConfRecord: OrderedFieldRecord {
    public var line: Int
    public var fields: OrderedFields<Field>
    public init(line: Int, fields: OrderedFields<Field> = OrderedFields()) { self.line = line; self.fields = fields }

    public enum Field: String, OrderedFieldKey {
        case kind, name, path, value, settings, also, redacted
        case left, right, localSubnets = "local_subnets", remoteSubnets = "remote_subnets", multipleSubnets = "multiple_subnets"
        case auto, ikeVersion = "ike_version", ike, esp, authby, ikelifetime, salifetime, rekeyfuzz, rekeymargin, type
        public static let jsonNames = JSONKeyNames(Field.self)
    }

    public var kind: String? { fields.str(.kind) }
    public var name: String? { fields.str(.name) }
    /// The `key=value` lines of the section as written (secrets and `also=` left out), in order;
    /// a key written twice is there twice.
    public var settings: [ConfigSetting] { fields.settings(.settings) }
    public var also: [String] { fields.strings(.also) }
    public var left: String? { fields.str(.left) }
    public var right: String? { fields.str(.right) }
    public var localSubnets: [String] { fields.strings(.localSubnets) }
    public var remoteSubnets: [String] { fields.strings(.remoteSubnets) }
    public var multipleSubnets: Bool? { fields.bool(.multipleSubnets) }
    public var auto: String? { fields.str(.auto) }
    /// 2, 1, or 0 for either (`ikev2=`, `keyexchange=`); nil when the conn does not say.
    public var ikeVersion: Int? { fields.int(.ikeVersion) }
    public var authby: String? { fields.str(.authby) }
    public var ikelifetime: String? { fields.str(.ikelifetime) }
    public var salifetime: String? { fields.str(.salifetime) }
    public var rekeyfuzz: String? { fields.str(.rekeyfuzz) }
}

/// A record of racoon.conf (RacoonConfParser), by `kind`: `remote`, `sainfo`, `section`,
/// `statement` (the parser's comment lists each kind's fields).
public struct RacoonConfRecord: OrderedFieldRecord {
    public var line: Int
    public var fields: OrderedFields<Field>
    public init(line: Int, fields: OrderedFields<Field> = OrderedFields()) { self.line = line; self.fields = fields }

    public enum Field: String, OrderedFieldKey {
        case kind, name, port, settings, words
        // a remote's statements
        case exchangeMode = "exchange_mode", myIdentifier = "my_identifier", peersIdentifier = "peers_identifier"
        case verifyIdentifier = "verify_identifier", natTraversal = "nat_traversal", passive
        case generatePolicy = "generate_policy", proposalCheck = "proposal_check", ikeFrag = "ike_frag"
        case initialContact = "initial_contact", supportProxy = "support_proxy", dpdDelay = "dpd_delay"
        case lifetimeSeconds = "lifetime_seconds", proposals
        // a sainfo
        case anonymous, local, remote, pfsGroup = "pfs_group", encryptionAlgorithm = "encryption_algorithm"
        case authenticationAlgorithm = "authentication_algorithm", compressionAlgorithm = "compression_algorithm"
        public static let jsonNames = JSONKeyNames(Field.self)
    }

    public var kind: String? { fields.str(.kind) }
    /// A remote's peer (`anonymous` or an address), a section's keyword.
    public var name: String? { fields.str(.name) }
    /// A sainfo's local / remote selectors as written (`address 10.0.0.0/24 any`).
    public var local: String? { fields.str(.local) }
    public var remote: String? { fields.str(.remote) }
}

/// A record of OpenBSD's ipsec.conf (IpsecctlConfParser), by `kind`: `ike`, `flow`, `sa`,
/// `macro`, `include` (the parser's comment lists each kind's fields).
public struct IpsecctlConfRecord: OrderedFieldRecord {
    public var line: Int
    public var fields: OrderedFields<Field>
    public init(line: Int, fields: OrderedFields<Field> = OrderedFields()) { self.line = line; self.fields = fields }

    public enum Field: String, OrderedFieldKey {
        case kind, name, path, proto, mode, satype, tmode, direction, fromPort = "from_port", toPort = "to_port", flows
        case local, peer, phase1Mode = "phase1_mode", main, quick, srcid, dstid, tag, auth, type
        case from, to, spi, enc, comp
        public static let jsonNames = JSONKeyNames(Field.self)
    }

    public var kind: String? { fields.str(.kind) }
    /// A macro's name.
    public var name: String? { fields.str(.name) }
    public var flows: [ConfigFlow] { fields.flows(.flows) }
    /// The local and peer gateways as written (a list joined by `,`).
    public var local: String? { fields.str(.local) }
    public var peer: String? { fields.str(.peer) }
}

/// A record of OpenBSD's iked.conf (IkedConfParser), by `kind`: `ikev2`, `set`, `user`,
/// `macro`, `include` (the parser's comment lists each kind's fields).
public struct IkedConfRecord: OrderedFieldRecord {
    public var line: Int
    public var fields: OrderedFields<Field>
    public init(line: Int, fields: OrderedFields<Field> = OrderedFields()) { self.line = line; self.fields = fields }

    public enum Field: String, OrderedFieldKey {
        case kind, name, option, path, ipcomp, proto, rdomain, eval, mode, tmode, satype, af, flows, local, peer
        case srcid, dstid, tag, tap, iface, ikelifetimeSeconds = "ikelifetime_seconds", lifetimeSeconds = "lifetime_seconds"
        case lifetimeBytes = "lifetime_bytes", ikesa, childsa, auth, config
        public static let jsonNames = JSONKeyNames(Field.self)
    }

    public var kind: String? { fields.str(.kind) }
    /// A policy's name (optional), a user's or a macro's.
    public var name: String? { fields.str(.name) }
    /// A `set` rule's option as written (`mobike`, `dpd_check_interval 60`).
    public var option: String? { fields.str(.option) }
    public var flows: [ConfigFlow] { fields.flows(.flows) }
    public var local: String? { fields.str(.local) }
    public var peer: String? { fields.str(.peer) }
}

/// A record of illumos' /etc/inet/ike/config (IllumosIkeConfigParser), by `kind`: `global`
/// (name, value), `p1_xform` (a default transform's keys), `rule` (label, addresses, ids,
/// lifetimes, p1_xforms, settings).
public struct IllumosIkeConfigRecord: OrderedFieldRecord {
    public var line: Int
    public var fields: OrderedFields<Field>
    public init(line: Int, fields: OrderedFields<Field> = OrderedFields()) { self.line = line; self.fields = fields }

    public enum Field: String, OrderedFieldKey {
        case kind, name, value
        // a transform's keys (IllumosIkeConfigParser.xformKeys)
        case authMethod = "auth_method", oakleyGroup = "oakley_group", authAlg = "auth_alg", encrAlg = "encr_alg"
        case p1LifetimeSecs = "p1_lifetime_secs", p1NonceLen = "p1_nonce_len"
        // a rule's (IllumosIkeConfigParser.ruleFields, listKeys)
        case label, localIdType = "local_id_type", localId = "local_id", remoteId = "remote_id", p2Pfs = "p2_pfs"
        case p2LifetimeSecs = "p2_lifetime_secs", p2SoftlifeSecs = "p2_softlife_secs", p2IdletimeSecs = "p2_idletime_secs"
        case p2LifetimeKb = "p2_lifetime_kb", localAddr = "local_addr", remoteAddr = "remote_addr", p1Xforms = "p1_xforms", settings
        public static let jsonNames = JSONKeyNames(Field.self)
    }

    public var kind: String? { fields.str(.kind) }
    public var label: String? { fields.str(.label) }
    /// A rule's `local_addr` / `remote_addr` lines as written (one item per line).
    public var localAddr: [String] { fields.strings(.localAddr) }
    public var remoteAddr: [String] { fields.strings(.remoteAddr) }
}

/// One entry of illumos' ipsecinit.conf / `ipsecconf` (IpsecinitConfParser): `kind` policy, the
/// pattern's keywords as written, `action` (the first) and `actions` (each alternative).
public struct IpsecinitConfRecord: OrderedFieldRecord {
    public var line: Int
    public var fields: OrderedFields<Field>
    public init(line: Int, fields: OrderedFields<Field> = OrderedFields()) { self.line = line; self.fields = fields }

    /// `kind`, the pattern keywords (IpsecinitConfParser.patternKeys), `action`, `actions`.
    public enum Field: String, OrderedFieldKey {
        case kind, laddr, local, raddr, remote, saddr, src, srcaddr, daddr, dst, dstaddr, smask, dmask
        case lport, rport, sport, dport, ulp, proto, type, code, dir, negotiate, tunnel, action, actions
        public static let jsonNames = JSONKeyNames(Field.self)
    }

    /// A pattern keyword's value (`laddr`, `tunnel`, ...).
    public subscript(_ key: Field) -> String? { fields.str(key) }
    /// The first alternative's action (`ipsec`, `bypass`, ...).
    public var action: String? { fields.str(.action) }
    /// An IP-in-IP tunnel interface the policy is of.
    public var tunnel: String? { fields.str(.tunnel) }
    /// Each alternative: its action and properties, as written.
    public var actions: [[ConfigSetting]] {
        (fields[.actions]?.arrayItems ?? []).map { alt in
            guard case let .object(pairs) = alt else { return [] }
            return pairs.map { ConfigSetting(key: $0.0, value: $0.1.stringValue ?? "") }
        }
    }
}

/// One statement of setkey.conf (SetkeyConfParser): `kind` is its command (`spdadd`, `add`,
/// `flush`...); a policy has setkey -DP's fields (src, dst, ports, upperspec, dir, priority,
/// action, templates), a manual SA its addresses, protocol and SPI (never a key).
public struct SetkeyConfRecord: OrderedFieldRecord {
    public var line: Int
    public var fields: OrderedFields<Field>
    public init(line: Int, fields: OrderedFields<Field> = OrderedFields()) { self.line = line; self.fields = fields }

    public enum Field: String, OrderedFieldKey {
        case kind, src, dst, srcPort = "src_port", dstPort = "dst_port", upperspec, dir, priority, action, templates
        case proto = "protocol", spi
        public static let jsonNames = JSONKeyNames(Field.self)
    }

    /// The statement's command: `spdadd`, `spddelete`, `add`, `flush`...
    public var kind: String? { fields.str(.kind) }
    /// A policy's selectors (addresses, `[port]` apart) or an SA's addresses.
    public var src: String? { fields.str(.src) }
    public var dst: String? { fields.str(.dst) }
    /// A policy's `in`/`out`/`fwd` and `ipsec`/`none`/`discard`.
    public var dir: String? { fields.str(.dir) }
    public var action: String? { fields.str(.action) }
    /// A policy's `PROTO/MODE/SRC-DST/LEVEL` words.
    public var templates: [String] { fields.strings(.templates) }
}
