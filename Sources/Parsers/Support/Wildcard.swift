/// Values that name no particular peer or address. The daemons spell "anyone" several ways:
/// ipsec.conf and ipsec.secrets `%any`/`%any6` and the obsolete all-zero addresses, illumos'
/// `0.0.0.0/0` and `any`, pf's `any` and `default`. Whoever filters them out (a fact lists only
/// addresses a remedy can ping; a secret for anyone matches every peer; two gateways' tunnels
/// pair on concrete addresses) asks here, so that every reader treats the same spellings alike.
public enum Wildcard {
    /// A peer address or ID that stands for any peer.
    public static func isAnyPeer(_ value: String) -> Bool {
        ["%any", "%any6", "0.0.0.0", "::", "0::0"].contains(value.lowercased())
    }

    /// An entry of an address list that names no address: any peer, or every address.
    public static func isAnyAddress(_ value: String) -> Bool {
        isAnyPeer(value) || ["0.0.0.0/0", "::/0", "any", "default"].contains(value.lowercased())
    }
}
