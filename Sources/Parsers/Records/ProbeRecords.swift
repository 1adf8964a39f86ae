import Facts

// Typed records of the probe outputs that were the last untyped sources (issue 10): counters
// (xfrm_stat, `ipsec whack --globalstatus`, `swanctl --stats`), host tables (`ip neigh`,
// `ip rule`, `ip link`), packet-filter and install checks (`pfctl -si`, `ipf -V`, the
// installed-ipsec and kernel-esp probes), the BSD and illumos key-engine dumps (`setkey -DP`,
// `racoonctl show-sa`, `ipseckey dump`, isakmpd's result file, the dtrace drop script) and the
// packet captures (tcpdump, snoop: one `CaptureRecord` for both).
//
// WHY `OrderedFields` for each: their `parse` JSON has always shown the fields in the order the
// parser set them, which for most of them follows the words of the line (`ip neigh`'s `dev`,
// `lladdr`, `proto`; `ip rule`'s selectors; tcpdump's ICMP and ESP fields), so a struct's fixed
// property order would change it. Every key set is closed: the keys are the parsers' own words.

/// One counter of `ipsec whack --globalstatus` (LibreswanGlobalStatusParser): `name`, `value` (a
/// number when it is one, else the text).
public struct LibreswanGlobalStatusRecord: OrderedFieldRecord {
    public var line: Int
    public var fields: OrderedFields<Field>
    public init(line: Int, fields: OrderedFields<Field> = OrderedFields()) { self.line = line; self.fields = fields }
    public enum Field: String, OrderedFieldKey {
        case name, value
        public static let jsonNames = JSONKeyNames(Field.self)
    }
    /// `current.states.iketype.halfopen`, `total.ikev2.recv.notifies.error.NO_PROPOSAL_CHOSEN`.
    public var name: String? { fields.str(.name) }
    /// The value when it is a number.
    public var value: Int? { fields.int(.value) }
}

/// One counter of /proc/net/xfrm_stat (XfrmStatParser): `name` (`XfrmInTmplMismatch`), `value`.
public struct XfrmStatRecord: OrderedFieldRecord {
    public var line: Int
    public var fields: OrderedFields<Field>
    public init(line: Int, fields: OrderedFields<Field> = OrderedFields()) { self.line = line; self.fields = fields }
    public enum Field: String, OrderedFieldKey {
        case name, value
        public static let jsonNames = JSONKeyNames(Field.self)
    }
    public var name: String? { fields.str(.name) }
    /// The counter (0 ... 2^64-1, held as the JSON's number).
    public var value: Double? { fields.num(.value) }
}

/// One line of the kernel-esp probe (KernelEspParser): `check`, `result`, `detail`.
public struct KernelEspRecord: OrderedFieldRecord {
    public var line: Int
    public var fields: OrderedFields<Field>
    public init(line: Int, fields: OrderedFields<Field> = OrderedFields()) { self.line = line; self.fields = fields }
    public enum Field: String, OrderedFieldKey {
        case check, result, detail
        public static let jsonNames = JSONKeyNames(Field.self)
    }
    public var check: String? { fields.str(.check) }
    public var result: String? { fields.str(.result) }
    public var detail: String? { fields.str(.detail) }
}

/// One entry of `racoonctl show-sa` (RacoonctlShowSaParser): an ISAKMP SA line (`kind: isakmp`,
/// destination, port, cookies, created, established) or an IPsec SA of its PF_KEY dump (`kind:
/// ipsec` after PFKeySARecord's fields, which `typed(PFKeySARecord.self)` reads by name).
public struct RacoonctlShowSaRecord: OrderedFieldRecord {
    public var line: Int
    public var fields: OrderedFields<Field>
    public init(line: Int, fields: OrderedFields<Field> = OrderedFields()) { self.line = line; self.fields = fields }
    public enum Field: String, OrderedFieldKey {
        case kind, port, destination, cookies, created, established
        // PFKeySARecord.Field's, for the `ipsec` entries
        case src, dst, srcPort = "src_port", dstPort = "dst_port", proto, mode, spi, reqid
        case enc, auth, comp, seq, replay, state, bytes, allocated, sadbSeq = "sadb_seq"
        public static let jsonNames = JSONKeyNames(Field.self)
    }
    /// `isakmp` or `ipsec`.
    public var kind: String? { fields.str(.kind) }
    public var destination: String? { fields.str(.destination) }
    public var cookies: String? { fields.str(.cookies) }
    /// Whether the responder cookie is set (phase 1 done).
    public var established: Bool? { fields.bool(.established) }
}

/// One SPD entry of `setkey -DP` (SetkeyDPParser): src, dst, src_port, dst_port, upperspec, dir,
/// priority (as printed), action, spid, templates (`esp/tunnel/A-B/require`).
public struct SetkeyDPRecord: OrderedFieldRecord {
    public var line: Int
    public var fields: OrderedFields<Field>
    public init(line: Int, fields: OrderedFields<Field> = OrderedFields()) { self.line = line; self.fields = fields }
    public enum Field: String, OrderedFieldKey {
        case src, dst, srcPort = "src_port", dstPort = "dst_port", upperspec, dir, priority, action, spid, templates
        public static let jsonNames = JSONKeyNames(Field.self)
    }
    public var src: String? { fields.str(.src) }
    public var dst: String? { fields.str(.dst) }
    public var dir: String? { fields.str(.dir) }
    public var action: String? { fields.str(.action) }
    public var templates: [String] { fields.strings(.templates) }
}

/// One packet the illumos dtrace drop script reported (DtraceIpsecDropsParser): direction,
/// family, ipproto, src, dst, sport, dport, length, dropped_by, reason (esp, spd, sadb, ...).
public struct DtraceIpsecDropRecord: OrderedFieldRecord {
    public var line: Int
    public var fields: OrderedFields<Field>
    public init(line: Int, fields: OrderedFields<Field> = OrderedFields()) { self.line = line; self.fields = fields }
    public enum Field: String, OrderedFieldKey {
        case direction, family, ipproto, src, dst, sport, dport, length, droppedBy = "dropped_by", reason
        public static let jsonNames = JSONKeyNames(Field.self)
    }
    public var direction: String? { fields.str(.direction) }
    public var src: String? { fields.str(.src) }
    public var dst: String? { fields.str(.dst) }
    public var droppedBy: String? { fields.str(.droppedBy) }
    public var reason: String? { fields.str(.reason) }
}

/// One neighbour of `ip neigh` (IpNeighParser): deleted, address, dev, lladdr, proto, vrf, the
/// flags router, proxy, extern_learn, managed, probes, states (NUD names).
public struct IpNeighRecord: OrderedFieldRecord {
    public var line: Int
    public var fields: OrderedFields<Field>
    public init(line: Int, fields: OrderedFields<Field> = OrderedFields()) { self.line = line; self.fields = fields }
    public enum Field: String, OrderedFieldKey {
        case deleted, address, dev, lladdr, proto, vrf, router, proxy, externLearn = "extern_learn", managed, probes, states
        public static let jsonNames = JSONKeyNames(Field.self)
    }
    public var address: String? { fields.str(.address) }
    public var dev: String? { fields.str(.dev) }
    public var lladdr: String? { fields.str(.lladdr) }
    public var states: [String] { fields.strings(.states) }
    public var isDeleted: Bool { fields.bool(.deleted) == true }
}

/// The one record of `ipf -V` (IpfVersionParser), at its first line read: version, kernel,
/// running (+ running_line), log_flags, default, logging (+ default_line), active_list,
/// feature_mask.
public struct IpfVersionRecord: OrderedFieldRecord {
    public var line: Int
    public var fields: OrderedFields<Field>
    public init(line: Int, fields: OrderedFields<Field> = OrderedFields()) { self.line = line; self.fields = fields }
    public enum Field: String, OrderedFieldKey {
        case version, kernel, running, runningLine = "running_line", logFlags = "log_flags", `default`, logging
        case defaultLine = "default_line", activeList = "active_list", featureMask = "feature_mask"
        public static let jsonNames = JSONKeyNames(Field.self)
    }
    public var running: Bool? { fields.bool(.running) }
    public var runningLine: Int? { fields.int(.runningLine) }
    /// `block` or `pass` (`Default: block all, Logging: ...`).
    public var defaultAction: String? { fields.str(.default) }
    public var defaultLine: Int? { fields.int(.defaultLine) }
}

/// One line of the installed-ipsec probe (InstalledIpsecParser): kind (uname, package, binary
/// ...), os, detail, package, version, path, result.
public struct InstalledIpsecRecord: OrderedFieldRecord {
    public var line: Int
    public var fields: OrderedFields<Field>
    public init(line: Int, fields: OrderedFields<Field> = OrderedFields()) { self.line = line; self.fields = fields }
    public enum Field: String, OrderedFieldKey {
        case kind, os, detail, package, version, result, path
        public static let jsonNames = JSONKeyNames(Field.self)
    }
    public var kind: String? { fields.str(.kind) }
    public var os: String? { fields.str(.os) }
    public var detail: String? { fields.str(.detail) }
    public var package: String? { fields.str(.package) }
    public var version: String? { fields.str(.version) }
    public var path: String? { fields.str(.path) }
    public var result: String? { fields.str(.result) }
}

/// One SA of isakmpd's result file (IsakmpdResultParser): phase, role, name, src, dst, flags, spis.
public struct IsakmpdResultRecord: OrderedFieldRecord {
    public var line: Int
    public var fields: OrderedFields<Field>
    public init(line: Int, fields: OrderedFields<Field> = OrderedFields()) { self.line = line; self.fields = fields }
    public enum Field: String, OrderedFieldKey {
        case phase, role, name, src, dst, flags, spis
        public static let jsonNames = JSONKeyNames(Field.self)
    }
    public var phase: Int? { fields.int(.phase) }
    public var role: String? { fields.str(.role) }
    public var name: String? { fields.str(.name) }
    public var src: String? { fields.str(.src) }
    public var dst: String? { fields.str(.dst) }
    public var spis: [String] { fields.strings(.spis) }
}

/// One line (or wrapped plugin list) of `swanctl --stats` (SwanctlStatsParser): kind (plugins,
/// uptime, ike_sas, or the line's own label), plugins, text, total, half_open.
public struct SwanctlStatsRecord: OrderedFieldRecord {
    public var line: Int
    public var fields: OrderedFields<Field>
    public init(line: Int, fields: OrderedFields<Field> = OrderedFields()) { self.line = line; self.fields = fields }
    public enum Field: String, OrderedFieldKey {
        case kind, plugins, text, total, halfOpen = "half_open"
        public static let jsonNames = JSONKeyNames(Field.self)
    }
    public var kind: String? { fields.str(.kind) }
    public var plugins: [String] { fields.strings(.plugins) }
    public var total: Int? { fields.int(.total) }
    public var halfOpen: Int? { fields.int(.halfOpen) }
}

/// One rule of `ip rule` (IpRuleParser): priority, not, action, table, goto, detached, l3mdev,
/// the selectors as iproute2 names them (from, to, iif, oif, fwmark, ...), rule_proto, unknown.
public struct IpRuleRecord: OrderedFieldRecord {
    public var line: Int
    public var fields: OrderedFields<Field>
    public init(line: Int, fields: OrderedFields<Field> = OrderedFields()) { self.line = line; self.fields = fields }
    public enum Field: String, OrderedFieldKey {
        case priority, not, action, table, goto, detached, l3mdev
        // IpRuleParser.valued (`protocol`/`proto` as rule_proto)
        case from, to, iif, oif, fwmark, ipproto, sport, dport, uidrange, tos, dsfield, realms
        case suppressPrefixlength = "suppress_prefixlength", suppressIfgroup = "suppress_ifgroup", pref, flowlabel
        case ruleProto = "rule_proto", unknown
        public static let jsonNames = JSONKeyNames(Field.self)
    }
}

/// One link of `ip link` / `ip -d link` (IpLinkParser): link, index, ifname, flags, mtu, state,
/// link_type, kind (vti, xfrm, tun ...), ikey, okey, tunnel_remote, tunnel_local, if_id.
public struct IpLinkRecord: OrderedFieldRecord {
    public var line: Int
    public var fields: OrderedFields<Field>
    public init(line: Int, fields: OrderedFields<Field> = OrderedFields()) { self.line = line; self.fields = fields }
    public enum Field: String, OrderedFieldKey {
        case link, index, ifname, flags, mtu, state, linkType = "link_type", kind, ikey, okey
        case tunnelRemote = "tunnel_remote", tunnelLocal = "tunnel_local", ifId = "if_id"
        public static let jsonNames = JSONKeyNames(Field.self)
    }
    public var ifname: String? { fields.str(.ifname) }
    public var mtu: Int? { fields.int(.mtu) }
    public var kind: String? { fields.str(.kind) }
}

/// The status record of `pfctl -si` (PfctlInfoParser): status, enabled, since, debug, states
/// (current entries), altq_absent.
public struct PfctlInfoRecord: OrderedFieldRecord {
    public var line: Int
    public var fields: OrderedFields<Field>
    public init(line: Int, fields: OrderedFields<Field> = OrderedFields()) { self.line = line; self.fields = fields }
    public enum Field: String, OrderedFieldKey {
        case status, enabled, since, debug, states, altqAbsent = "altq_absent"
        public static let jsonNames = JSONKeyNames(Field.self)
    }
    /// `Enabled` or `Disabled`.
    public var status: String? { fields.str(.status) }
    public var enabled: Bool? { fields.bool(.enabled) }
}

/// One SA of illumos `ipseckey dump` (IpseckeyDumpParser): satype, type, spi, replay, state,
/// auth, enc, src, dst, bytes.
public struct IpseckeyDumpRecord: OrderedFieldRecord {
    public var line: Int
    public var fields: OrderedFields<Field>
    public init(line: Int, fields: OrderedFields<Field> = OrderedFields()) { self.line = line; self.fields = fields }
    public enum Field: String, OrderedFieldKey {
        case satype, type, spi, replay, state, auth, enc, src, dst, bytes
        public static let jsonNames = JSONKeyNames(Field.self)
    }
    /// ESP, AH.
    public var satype: String? { fields.str(.satype) }
    public var spi: String? { fields.str(.spi) }
    /// mature, larval, dying, dead (lower case).
    public var state: String? { fields.str(.state) }
    public var src: String? { fields.str(.src) }
    public var dst: String? { fields.str(.dst) }
}

/// One packet of tcpdump or snoop, or a `local ADDR` hint line (CaptureLine): the shape
/// CaptureSupport.swift describes.
public struct CaptureRecord: OrderedFieldRecord {
    public var line: Int
    public var fields: OrderedFields<Field>
    public init(line: Int, fields: OrderedFields<Field> = OrderedFields()) { self.line = line; self.fields = fields }
    public enum Field: String, OrderedFieldKey {
        case time, direction, src, dst, sport, dport, kind, proto, length, local
        case spi, seq, encap, fragId = "frag_id", fragOffset = "frag_offset", moreFragments = "more_fragments"
        // tcpdump's ARP and ICMP unreachable
        case op, target, sender, lladdr, unreachable, about, aboutProto = "about_proto", aboutPort = "about_port", mtu
        public static let jsonNames = JSONKeyNames(Field.self)
    }
    /// ike, nat-t, esp, esp-fragment, keepalive, icmp-unreachable, arp, hint, other.
    public var kind: String? { fields.str(.kind) }
    public var src: String? { fields.str(.src) }
    public var dst: String? { fields.str(.dst) }
    public var sport: Int? { fields.int(.sport) }
    public var dport: Int? { fields.int(.dport) }
    public var spi: String? { fields.str(.spi) }
}

extension OrderedFields {
    /// The field when it holds text (`JSONValue.stringValue`: a number is not read as text).
    public func string(_ key: Key) -> String? {
        if case let .string(s)? = self[key] { return s }
        return nil
    }
}
