/// `/etc/ipsec.conf` is Libreswan's configuration and also strongSwan's (starter/stroke), which
/// Debian installs with strongSwan: a derivation across sources decides who reads it. It is read
/// as Libreswan's only where Libreswan runs (its status probes answered, or pluto runs); it is
/// saved by `collect` either way.
public enum IpsecConfOwner {
    /// Sources that read ipsec.conf as Libreswan's.
    public static let libreswanSources: Set<String> = ["libreswan-conf"]

    /// `ipsec --version` said Libreswan (a `libreswan-*` probe ran fine), or pluto is in `ps`.
    public static func libreswanRuns(okProbes: [String], processes: String?) -> Bool {
        if okProbes.contains(where: { $0.hasPrefix("libreswan-") }) { return true }
        guard let ps = processes else { return false }
        return ps.split(separator: "\n").contains { line in
            line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first.map { $0 == "pluto" || $0.hasSuffix("/pluto") } ?? false
        }
    }
}
