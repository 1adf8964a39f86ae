/// One address of `ip -o addr show` / `ip addr show` (IpAddrParser), with its interface. Fields
/// as iproute2 prints them (ip/ipaddress.c), declared in the order the JSON has always shown
/// them; nil ones are left out.
public struct IpAddrRecord: SourceRecord, Equatable {
    public var line: Int
    /// The interface's index and name (`2: eth0` → 2, `eth0`; `eth0@if5` → `eth0`).
    public var index: Int
    public var ifname: String
    /// inet, inet6.
    public var family: String
    /// The address with its prefix length as printed (`192.0.2.1/24`, `fe80::1/64`).
    public var address: String
    /// `peer` of a point-to-point address, `brd` the broadcast address, as printed.
    public var peer: String?
    public var brd: String?
    /// global, link, host, site.
    public var scope: String?
    /// The address's label (`eth0:1`) when it is one.
    public var label: String?

    public init(line: Int, index: Int, ifname: String, family: String, address: String, peer: String? = nil,
                brd: String? = nil, scope: String? = nil, label: String? = nil) {
        self.line = line; self.index = index; self.ifname = ifname; self.family = family; self.address = address
        self.peer = peer; self.brd = brd; self.scope = scope; self.label = label
    }
}
