/// Whether a packet's address (a host or a selector subnet) is inside a rule's address list:
/// yes if one of them holds all of it (a /0 of its family holds everything), maybe if one
/// holds part of it or the address is not known, no otherwise. The one test the packet
/// filters' rules share (PacketFilter for pf and IP Filter; FwRule's iptables/nft address
/// test is the same but for the /0's family).
extension FwMatch {
    static func address(in cidrs: [CIDR], _ addr: CIDR?) -> FwMatch {
        guard let addr else { return .maybe }
        if cidrs.contains(where: { $0.prefix == 0 && $0.isIPv6 == addr.isIPv6 }) { return .yes }
        if cidrs.contains(where: { $0.contains(addr) }) { return .yes }
        return cidrs.contains { $0.overlaps(addr) } ? .maybe : .no
    }
}
